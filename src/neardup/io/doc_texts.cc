// DocTexts: second pass over the corpus for the documents a report or a dedup run needs.

#include "neardup/io/doc_texts.h"

#include <algorithm>

#include "neardup/io/record_fields.h"
#include "neardup/io/second_pass.h"

namespace neardup {

Status DocTexts::Load(const std::vector<std::string>& paths, const ReaderOptions& options,
                      const std::vector<uint32_t>& wanted, const std::vector<DocDigest>& digests) {
  if (wanted.empty()) return Status::OK();
  std::vector<uint32_t> sorted = wanted;
  std::sort(sorted.begin(), sorted.end());
  RecordFields fields(field_paths_);
  ReaderOptions with_records = options;
  with_records.keep_records = with_records.keep_records || fields.any();
  auto reader = SecondPassReader::Open(paths, with_records, digests);
  if (!reader.ok()) return reader.status();
  Document doc;
  size_t next = 0;
  while (next < sorted.size() && (*reader)->Next(&doc)) {
    const uint32_t index = (*reader)->index();
    if (index == sorted[next]) {
      texts_[index] = std::move(doc.text);
      if (fields.any()) fields_[index] = fields.Read(doc.record);
      while (next < sorted.size() && sorted[next] == index) ++next;
    }
  }
  return next < sorted.size() ? (*reader)->status() : Status::OK();
}

const std::string* DocTexts::Text(uint32_t doc) const {
  auto it = texts_.find(doc);
  return it == texts_.end() ? nullptr : &it->second;
}

const std::vector<std::string>* DocTexts::Fields(uint32_t doc) const {
  auto it = fields_.find(doc);
  return it == fields_.end() ? nullptr : &it->second;
}

std::string_view DocTexts::Slice(uint32_t doc, ByteRange range) const {
  const std::string* t = Text(doc);
  if (t == nullptr || range.begin > range.end || range.end > t->size()) return {};
  return std::string_view{*t}.substr(range.begin, range.end - range.begin);
}

}  // namespace neardup
