// SecondPassReader (second_pass.h).

#include "neardup/io/second_pass.h"

#include <xxhash.h>

#include <utility>

namespace neardup {

DocDigest DigestOf(std::string_view text) {
  return {text.size(), XXH3_64bits(text.data(), text.size())};
}

StatusOr<std::unique_ptr<SecondPassReader>> SecondPassReader::Open(
    const std::vector<std::string>& paths, const ReaderOptions& options,
    std::vector<DocDigest> expected) {
  StatusOr<std::unique_ptr<CorpusReader>> reader = CorpusReader::Open(paths, options);
  if (!reader.ok()) return reader.status();
  return std::unique_ptr<SecondPassReader>(
      new SecondPassReader(std::move(*reader), std::move(expected)));
}

Status CheckSecondPassDocument(const std::vector<DocDigest>& expected, uint32_t n,
                               const Document& doc, DocDigest now) {
  if (expected.empty() || (n < expected.size() && now == expected[n])) return Status::OK();
  const std::string where = (doc.source.empty() ? std::string() : doc.source + ": ") +
                            "document '" + doc.id + "' (number " + std::to_string(n + 1) + ")";
  if (n >= expected.size()) {
    return Status::InvalidArgument("the corpus changed since it was scanned: " + where +
                                   " is new (the scan read " + std::to_string(expected.size()) +
                                   " documents)");
  }
  return Status::InvalidArgument(
      "the corpus changed since it was scanned: " + where + " is not the text the scan read (" +
      std::to_string(expected[n].bytes) + " bytes then, " + std::to_string(now.bytes) +
      (now.bytes == expected[n].bytes ? " now, other bytes)" : " now)"));
}

Status CheckSecondPassEnd(const std::vector<DocDigest>& expected, uint32_t read) {
  if (expected.empty() || read >= expected.size()) return Status::OK();
  return Status::InvalidArgument("the corpus changed since it was scanned: it now ends after " +
                                 std::to_string(read) + " documents, the scan read " +
                                 std::to_string(expected.size()));
}

bool SecondPassReader::Next(Document* doc) {
  if (!status_.ok()) return false;
  if (!reader_->Next(doc)) {
    status_ = reader_->status();
    if (status_.ok()) status_ = CheckSecondPassEnd(expected_, next_);
    return false;
  }
  const uint32_t n = next_++;
  if (expected_.empty()) return true;
  status_ = CheckSecondPassDocument(expected_, n, *doc, DigestOf(doc->text));
  return status_.ok();
}

}  // namespace neardup
