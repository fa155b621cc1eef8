// FormatNumber: a double as printf's %g writes it, for messages. Thread-safe (pure function).
#ifndef NEARDUP_FORMAT_H_
#define NEARDUP_FORMAT_H_

#include <cstdio>
#include <string>

namespace neardup {

// "0.5", "1e-05", "nan". Cost: one snprintf.
inline std::string FormatNumber(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

}  // namespace neardup

#endif  // NEARDUP_FORMAT_H_
