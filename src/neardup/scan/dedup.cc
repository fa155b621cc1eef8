// UnitsToKeep and WriteDeduplicated (dedup.h, corpus.h).

#include "neardup/scan/dedup.h"

#include <algorithm>
#include <string>

#include "neardup/base/json_writer.h"
#include "neardup/io/second_pass.h"
#include "neardup/scan/dedup_writer.h"

namespace neardup {

std::vector<uint32_t> DuplicateOf(const ScanResult& result) {
  size_t num_groups = 0;
  for (const UnitRef& u : result.units) num_groups = std::max<size_t>(num_groups, u.group + 1);
  std::vector<std::vector<uint32_t>> neighbors(num_groups);
  for (const GroupPair& gp : result.group_pairs) {
    neighbors[gp.g].push_back(gp.h);
    neighbors[gp.h].push_back(gp.g);
  }
  std::vector<uint32_t> first_kept(num_groups, kKept);
  std::vector<uint32_t> duplicate_of(result.units.size(), kKept);
  for (uint32_t u = 0; u < result.units.size(); ++u) {
    const uint32_t g = result.units[u].group;
    uint32_t by = first_kept[g];
    for (size_t i = 0; by == kKept && i < neighbors[g].size(); ++i) {
      by = first_kept[neighbors[g][i]];
    }
    if (by == kKept) {
      first_kept[g] = u;
    } else {
      duplicate_of[u] = by;
    }
  }
  return duplicate_of;
}

std::vector<bool> UnitsToKeep(const ScanResult& result) {
  const std::vector<uint32_t> by = DuplicateOf(result);
  std::vector<bool> keep(by.size());
  for (size_t u = 0; u < by.size(); ++u) keep[u] = by[u] == kKept;
  return keep;
}

Status WriteDeduplicated(const ScanResult& result, const DedupOptions& options,
                         const std::vector<std::string>& paths, const ReaderOptions& reader,
                         OutputFile* out, OutputFile* removed, DedupStats* stats) {
  ReaderOptions with_records = reader;
  with_records.keep_records = true;
  auto second = SecondPassReader::Open(paths, with_records, result.doc_digests);
  if (!second.ok()) return second.status();
  DedupOptions o = options;
  if (o.text_field.empty()) o.text_field = reader.text_field;
  DedupWriter writer(result, o, out, removed);
  Document doc;
  Status s;
  while (s.ok() && (*second)->Next(&doc)) s = writer.Add(doc);
  if (s.ok()) s = (*second)->status();
  if (s.ok()) s = writer.Finish();
  *stats = writer.stats();
  return s;
}

Status WriteDeduplicated(const ScanResult& result, Unit unit, const std::vector<std::string>& paths,
                         const ReaderOptions& reader, OutputFile* out, DedupStats* stats) {
  DedupOptions options;
  options.unit = unit;
  return WriteDeduplicated(result, options, paths, reader, out, nullptr, stats);
}

}  // namespace neardup
