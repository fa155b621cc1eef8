// ParsePublicationDate: a publication date as written in a corpus record (ISO 8601, RFC 2822 as
// in RSS, or a Unix time) turned into seconds, so two articles can be put in order. Stateless.
#ifndef NEARDUP_PUB_DATE_H_
#define NEARDUP_PUB_DATE_H_

#include <cstdint>
#include <optional>
#include <string_view>

namespace neardup {

// Seconds since 1970-01-01T00:00:00Z of `text`, or nullopt when it is none of:
//  - ISO 8601: "2024-03-05", "2024-03-05T14:30", "2024-03-05 14:30:15.250", each with an optional
//    zone "Z", "+01:00", "+0100" or "-05" (no zone = UTC);
//  - RFC 2822: "Tue, 05 Mar 2024 14:30:15 +0100" (weekday optional, seconds optional, zone
//    "+hhmm", "GMT", "UT" or "Z"; English month abbreviations);
//  - a Unix time: 9 to 11 digits (seconds) or 12 to 14 digits (milliseconds, rounded down).
// Surrounding spaces are ignored; fields out of range (month 13, hour 25) give nullopt. The date
// alone ("2024-03-05") is midnight UTC: it sorts before every time that day. Cost: O(length).
std::optional<int64_t> ParsePublicationDate(std::string_view text);

}  // namespace neardup

#endif  // NEARDUP_PUB_DATE_H_
