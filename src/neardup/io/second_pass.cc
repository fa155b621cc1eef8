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

bool SecondPassReader::Next(Document* doc) {
  if (!status_.ok()) return false;
  if (!reader_->Next(doc)) {
    status_ = reader_->status();
    if (status_.ok() && !expected_.empty() && next_ < expected_.size()) {
      status_ = Status::InvalidArgument(
          "the corpus changed since it was scanned: it now ends after " + std::to_string(next_) +
          " documents, the scan read " + std::to_string(expected_.size()));
    }
    return false;
  }
  const uint32_t n = next_++;
  if (expected_.empty()) return true;
  const std::string where = (doc->source.empty() ? std::string() : doc->source + ": ") +
                            "document '" + doc->id + "' (number " + std::to_string(n + 1) + ")";
  if (n >= expected_.size()) {
    status_ = Status::InvalidArgument("the corpus changed since it was scanned: " + where +
                                      " is new (the scan read " + std::to_string(expected_.size()) +
                                      " documents)");
    return false;
  }
  const DocDigest now = DigestOf(doc->text);
  if (now != expected_[n]) {
    status_ = Status::InvalidArgument(
        "the corpus changed since it was scanned: " + where + " is not the text the scan read (" +
        std::to_string(expected_[n].bytes) + " bytes then, " + std::to_string(now.bytes) +
        (now.bytes == expected_[n].bytes ? " now, other bytes)" : " now)"));
    return false;
  }
  return true;
}

}  // namespace neardup
