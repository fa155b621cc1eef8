// The dedup output record (dedup_record.h).

#include "neardup/report/dedup_record.h"

#include "neardup/base/json_writer.h"

namespace neardup {

bool AppendDedupRecord(const Document& doc, std::span<const ByteRange> ranges,
                       std::span<const uint8_t> keep, Unit unit, std::string* line,
                       uint64_t* units_kept) {
  std::string text;
  if (ranges.empty()) {
    text = doc.text;  // nothing comparable in it: kept as it is
  } else {
    bool any = false;
    for (size_t i = 0; i < ranges.size(); ++i) {
      if (!keep[i]) continue;
      ++*units_kept;
      if (unit == Unit::kDocument) {
        text = doc.text;
      } else {
        const ByteRange r = ranges[i];
        if (any) text.append("\n\n");
        text.append(doc.text, r.begin, r.end - r.begin);
      }
      any = true;
    }
    if (!any) return false;
  }
  line->append("{\"id\":");
  AppendJsonString(line, doc.id);
  line->append(",\"text\":");
  AppendJsonString(line, text);
  line->append("}\n");
  return true;
}

}  // namespace neardup
