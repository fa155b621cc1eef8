// DedupWriter: which units go, and the records written back around them.

#include "neardup/scan/dedup_writer.h"

#include <algorithm>
#include <string_view>
#include <utility>

#include "neardup/base/json_writer.h"
#include "neardup/io/record_stream.h"

namespace neardup {

namespace {

// The last part of a dotted field path: records built from scratch are flat.
std::string_view LeafName(std::string_view field) {
  const size_t dot = field.rfind('.');
  return dot == std::string_view::npos ? field : field.substr(dot + 1);
}

// `name` as the inside of a JSON string (AppendWithField adds the quotes).
std::string EscapedName(std::string_view name) {
  std::string quoted;
  AppendJsonString(&quoted, name);
  return quoted.substr(1, quoted.size() - 2);
}

}  // namespace

bool AppendDedupRecord(const Document& doc, const std::vector<UnitRef>& units,
                       const std::vector<bool>& keep, uint32_t begin, uint32_t end,
                       std::string_view text_field, std::string* line, std::string* text_buf) {
  bool all_kept = true, any_kept = begin == end;  // nothing comparable in it: kept as it is
  for (uint32_t u = begin; u < end; ++u) {
    if (keep[u]) {
      any_kept = true;
    } else {
      all_kept = false;
    }
  }
  if (!any_kept) return false;
  // The text as it will be written: the original when nothing went, else the kept units.
  const std::string* text = &doc.text;
  if (!all_kept) {
    text_buf->clear();
    for (uint32_t u = begin; u < end; ++u) {
      if (!keep[u]) continue;
      const ByteRange r = units[u].range;
      if (!text_buf->empty()) text_buf->append("\n\n");
      text_buf->append(doc.text, r.begin, r.end - r.begin);
    }
    text = text_buf;
  }
  const ByteRange tv = doc.text_value;
  if (!doc.record.empty() && tv.begin < tv.end && tv.end <= doc.record.size()) {
    if (all_kept) {
      line->append(doc.record);
    } else {
      line->append(doc.record, 0, tv.begin);
      AppendJsonString(line, *text);
      line->append(doc.record, tv.end, std::string::npos);
    }
  } else {
    line->append("{\"id\":");
    AppendJsonString(line, doc.id);
    *line += ",\"" + EscapedName(LeafName(text_field)) + "\":";
    AppendJsonString(line, *text);
    *line += '}';
  }
  return true;
}

DedupWriter::DedupWriter(const ScanResult& result, DedupOptions options, OutputFile* out,
                         OutputFile* removed)
    : result_(result),
      options_(std::move(options)),
      out_(out),
      removed_(removed),
      duplicate_of_(DuplicateOf(result)),
      first_unit_(result.doc_ids.size() + 1, 0) {
  for (const UnitRef& u : result.units) ++first_unit_[u.doc + 1];
  for (size_t d = 0; d < result.doc_ids.size(); ++d) first_unit_[d + 1] += first_unit_[d];
  keep_.resize(duplicate_of_.size());
  for (size_t u = 0; u < duplicate_of_.size(); ++u) keep_[u] = duplicate_of_[u] == kKept;
  if (!options_.cluster_field.empty()) {
    options_.cluster_field = EscapedName(options_.cluster_field);
    cluster_of_.assign(result.units.size(), kKept);
    for (const Cluster& c : result.clusters) {
      for (const ClusterMember& m : c.members) cluster_of_[m.unit] = c.id;
    }
  }
}

void DedupWriter::AppendClusterField(uint32_t begin, uint32_t end, std::string* record) const {
  std::vector<uint32_t> ids;
  for (uint32_t u = begin; u < end; ++u) {
    if (cluster_of_[u] != kKept) ids.push_back(cluster_of_[u]);
  }
  if (ids.empty()) return;
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  std::string value;
  if (options_.unit == Unit::kDocument) {
    value = std::to_string(ids[0]);
  } else {
    value = "[";
    for (size_t i = 0; i < ids.size(); ++i) {
      if (i > 0) value += ',';
      value += std::to_string(ids[i]);
    }
    value += ']';
  }
  std::string with;
  AppendWithField(*record, options_.cluster_field, value, &with);
  *record = std::move(with);
}

Status DedupWriter::WriteRemoved(const Document& doc, uint32_t unit) {
  const UnitRef& u = result_.units[unit];
  const UnitRef& by = result_.units[duplicate_of_[unit]];
  std::string& line = scratch_;
  line.assign("{\"id\":");
  AppendJsonString(&line, doc.id);
  if (options_.unit == Unit::kParagraph) line += ",\"para\":" + std::to_string(u.para);
  line += ",\"text\":";
  if (u.range.end <= doc.text.size() && u.range.begin <= u.range.end) {
    AppendJsonString(&line,
                     std::string_view{doc.text}.substr(u.range.begin, u.range.end - u.range.begin));
  } else {
    line += "null";
  }
  line += ",\"duplicate_of\":{\"id\":";
  AppendJsonString(&line, result_.doc_ids[by.doc]);
  if (options_.unit == Unit::kParagraph) line += ",\"para\":" + std::to_string(by.para);
  line += "}}\n";
  return removed_->Write(line);
}

Status DedupWriter::Add(const Document& doc) {
  const size_t d = stats_.documents;
  if (d >= result_.doc_ids.size()) {
    return Status::InvalidArgument(doc.source +
                                   ": more documents than the scan read (the input changed)");
  }
  ++stats_.documents;
  const uint32_t begin = first_unit_[d], end = first_unit_[d + 1];
  for (uint32_t u = begin; u < end; ++u) {
    ++stats_.units;
    if (keep_[u]) {
      ++stats_.units_kept;
    } else if (removed_ != nullptr) {
      if (Status s = WriteRemoved(doc, u); !s.ok()) return s;
    }
  }
  line_.clear();
  if (!AppendDedupRecord(doc, result_.units, keep_, begin, end, options_.text_field, &line_,
                         &text_)) {
    return Status::OK();
  }
  if (!cluster_of_.empty()) AppendClusterField(begin, end, &line_);
  line_ += '\n';
  ++stats_.documents_written;
  return out_->Write(line_);
}

Status DedupWriter::Finish() const {
  if (stats_.documents < result_.doc_ids.size()) {
    return Status::InvalidArgument("the input yielded " + std::to_string(stats_.documents) +
                                   " documents on the second read, " +
                                   std::to_string(result_.doc_ids.size()) +
                                   " on the first (the input changed)");
  }
  return Status::OK();
}

}  // namespace neardup
