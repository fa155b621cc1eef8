// UnitsToKeep and WriteDeduplicated (dedup.h, corpus.h).

#include "neardup/scan/dedup.h"

#include <algorithm>
#include <limits>
#include <string>

#include "neardup/base/json_writer.h"
#include "neardup/io/second_pass.h"

namespace neardup {

std::vector<bool> UnitsToKeep(const ScanResult& result) {
  size_t num_groups = 0;
  for (const UnitRef& u : result.units) num_groups = std::max<size_t>(num_groups, u.group + 1);
  std::vector<std::vector<uint32_t>> neighbors(num_groups);
  for (const GroupPair& gp : result.group_pairs) {
    neighbors[gp.g].push_back(gp.h);
    neighbors[gp.h].push_back(gp.g);
  }
  constexpr uint32_t kNone = std::numeric_limits<uint32_t>::max();
  std::vector<uint32_t> first_kept(num_groups, kNone);
  std::vector<bool> keep(result.units.size(), false);
  for (uint32_t u = 0; u < result.units.size(); ++u) {
    const uint32_t g = result.units[u].group;
    bool drop = first_kept[g] != kNone;
    for (size_t i = 0; !drop && i < neighbors[g].size(); ++i) {
      drop = first_kept[neighbors[g][i]] != kNone;
    }
    if (!drop) {
      keep[u] = true;
      first_kept[g] = u;
    }
  }
  return keep;
}

bool AppendDedupRecord(const Document& doc, const std::vector<UnitRef>& units,
                       const std::vector<bool>& keep, uint32_t begin, uint32_t end, Unit unit,
                       std::string* line, uint64_t* units_kept) {
  std::string text;
  if (begin == end) {
    text = doc.text;  // nothing comparable in it: kept as it is
  } else {
    bool any = false;
    for (uint32_t u = begin; u < end; ++u) {
      if (!keep[u]) continue;
      ++*units_kept;
      if (unit == Unit::kDocument) {
        text = doc.text;
      } else {
        const ByteRange r = units[u].range;
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

Status WriteDeduplicated(const ScanResult& result, Unit unit, const std::vector<std::string>& paths,
                         const ReaderOptions& reader, OutputFile* out, DedupStats* stats) {
  *stats = DedupStats();
  const std::vector<bool> keep = UnitsToKeep(result);
  // Units of each document, in order.
  std::vector<uint32_t> first_unit(result.doc_ids.size() + 1, 0);
  for (const UnitRef& u : result.units) ++first_unit[u.doc + 1];
  for (size_t d = 0; d < result.doc_ids.size(); ++d) first_unit[d + 1] += first_unit[d];

  auto second = SecondPassReader::Open(paths, reader, result.doc_digests);
  if (!second.ok()) return second.status();
  Document doc;
  uint32_t d = 0;
  std::string line;
  Status s;
  while (s.ok() && d < result.doc_ids.size() && (*second)->Next(&doc)) {
    const uint32_t begin = first_unit[d], end = first_unit[d + 1];
    ++d;
    line.clear();
    if (!AppendDedupRecord(doc, result.units, keep, begin, end, unit, &line, &stats->units_kept)) {
      continue;
    }
    s = out->Write(line);
    ++stats->documents_written;
  }
  if (!s.ok()) return s;
  // Every document of the scan was read: one more read finds the end, or a document the scan
  // did not see (the corpus changed).
  if (d == result.doc_ids.size() && (*second)->Next(&doc)) {
    return Status::InvalidArgument("the corpus changed since it was scanned");
  }
  return (*second)->status();
}

}  // namespace neardup
