// ParsePublicationDate (pub_date.h): a small hand-written scanner for the three date forms.

#include "neardup/report/pub_date.h"

#include <array>
#include <cctype>

namespace neardup {
namespace {

// Days from 1970-01-01 to y-m-d (proleptic Gregorian; H. Hinnant's days_from_civil).
int64_t DaysFromCivil(int64_t y, int64_t m, int64_t d) {
  y -= m <= 2 ? 1 : 0;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

bool IsLeap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int64_t DaysInMonth(int64_t y, int64_t m) {
  constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[static_cast<size_t>(m - 1)];
}

// A cursor over the text.
class Scanner {
 public:
  explicit Scanner(std::string_view s) : s_(s) {}
  bool done() const { return at_ == s_.size(); }
  char peek() const { return done() ? '\0' : s_[at_]; }
  bool Eat(char c) {
    if (peek() != c) return false;
    ++at_;
    return true;
  }
  void SkipSpaces() {
    while (!done() && (s_[at_] == ' ' || s_[at_] == '\t')) ++at_;
  }
  // Exactly `min`..`max` digits; false (nothing eaten) otherwise.
  bool Digits(size_t min, size_t max, int64_t* v) {
    size_t n = 0;
    int64_t x = 0;
    while (at_ + n < s_.size() && n < max &&
           std::isdigit(static_cast<unsigned char>(s_[at_ + n]))) {
      x = x * 10 + (s_[at_ + n] - '0');
      ++n;
    }
    if (n < min) return false;
    at_ += n;
    *v = x;
    return true;
  }
  // Letters, as many as follow.
  std::string_view Word() {
    const size_t from = at_;
    while (!done() && std::isalpha(static_cast<unsigned char>(s_[at_]))) ++at_;
    return s_.substr(from, at_ - from);
  }

 private:
  std::string_view s_;
  size_t at_ = 0;
};

std::optional<int64_t> Combine(int64_t y, int64_t mo, int64_t d, int64_t h, int64_t mi, int64_t s,
                               int64_t offset_seconds) {
  if (mo < 1 || mo > 12 || d < 1 || d > DaysInMonth(y, mo) || h > 23 || mi > 59 || s > 60) {
    return std::nullopt;
  }
  return DaysFromCivil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s - offset_seconds;
}

// "Z", "+01:00", "+0100", "-05", "GMT", "UT", "UTC" or nothing; false on anything else.
bool Zone(Scanner* sc, int64_t* offset) {
  *offset = 0;
  sc->SkipSpaces();
  if (sc->done()) return true;
  const char c = sc->peek();
  if (c == '+' || c == '-') {
    sc->Eat(c);
    int64_t h = 0, m = 0;
    if (!sc->Digits(2, 2, &h)) return false;
    sc->Eat(':');
    if (!sc->done() && !sc->Digits(2, 2, &m)) return false;
    if (h > 23 || m > 59) return false;
    *offset = (c == '-' ? -1 : 1) * (h * 3600 + m * 60);
    return sc->done();
  }
  const std::string_view w = sc->Word();
  return (w == "Z" || w == "GMT" || w == "UT" || w == "UTC") && sc->done();
}

std::optional<int64_t> Iso(Scanner sc) {
  int64_t y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0, frac = 0, offset = 0;
  if (!sc.Digits(4, 4, &y) || !sc.Eat('-') || !sc.Digits(2, 2, &mo) || !sc.Eat('-') ||
      !sc.Digits(2, 2, &d)) {
    return std::nullopt;
  }
  if (sc.Eat('T') || sc.Eat(' ')) {
    if (!sc.Digits(2, 2, &h) || !sc.Eat(':') || !sc.Digits(2, 2, &mi)) return std::nullopt;
    if (sc.Eat(':')) {
      if (!sc.Digits(2, 2, &s)) return std::nullopt;
      if ((sc.Eat('.') || sc.Eat(',')) && !sc.Digits(1, 9, &frac)) return std::nullopt;
    }
  }
  if (!Zone(&sc, &offset)) return std::nullopt;
  return Combine(y, mo, d, h, mi, s, offset);
}

std::optional<int64_t> Rfc2822(Scanner sc) {
  constexpr std::array<std::string_view, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  int64_t d = 0, mo = 0, y = 0, h = 0, mi = 0, s = 0, offset = 0;
  if (std::isalpha(static_cast<unsigned char>(sc.peek()))) {  // the weekday
    sc.Word();
    if (!sc.Eat(',')) return std::nullopt;
    sc.SkipSpaces();
  }
  if (!sc.Digits(1, 2, &d)) return std::nullopt;
  sc.SkipSpaces();
  const std::string_view month = sc.Word();
  for (size_t i = 0; i < kMonths.size(); ++i) {
    if (month == kMonths[i]) mo = static_cast<int64_t>(i) + 1;
  }
  if (mo == 0) return std::nullopt;
  sc.SkipSpaces();
  if (!sc.Digits(4, 4, &y)) return std::nullopt;
  sc.SkipSpaces();
  if (!sc.done()) {
    if (!sc.Digits(2, 2, &h) || !sc.Eat(':') || !sc.Digits(2, 2, &mi)) return std::nullopt;
    if (sc.Eat(':') && !sc.Digits(2, 2, &s)) return std::nullopt;
  }
  if (!Zone(&sc, &offset)) return std::nullopt;
  return Combine(y, mo, d, h, mi, s, offset);
}

std::optional<int64_t> UnixTime(Scanner sc) {
  int64_t v = 0;
  if (Scanner ms = sc; ms.Digits(12, 14, &v) && ms.done()) return v / 1000;
  if (Scanner s = sc; s.Digits(9, 11, &v) && s.done()) return v;
  return std::nullopt;
}

}  // namespace

std::optional<int64_t> ParsePublicationDate(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  if (text.empty()) return std::nullopt;
  if (auto v = Iso(Scanner(text))) return v;
  if (auto v = Rfc2822(Scanner(text))) return v;
  return UnixTime(Scanner(text));
}

}  // namespace neardup
