// SecondPassReader: reads a corpus again, in the order the first pass read it, checking each
// document against what the first pass saw (its DocDigest), so a corpus changed between the two
// passes fails with a clear error instead of byte ranges pointing into other text.
// Thread-safety: one reader is used from one thread.
#ifndef NEARDUP_SECOND_PASS_H_
#define NEARDUP_SECOND_PASS_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "neardup/corpus_reader.h"
#include "neardup/document.h"
#include "neardup/status.h"

namespace neardup {

// The digest of a document's text (document.h). Cost: one XXH3-64 pass over the text.
DocDigest DigestOf(std::string_view text);

// The checks SecondPassReader::Next makes, for callers that decode the corpus's chunks
// themselves (DocTexts::Load): document number `n` (from 0), `doc` as read now, `now` its digest,
// against `expected` (empty = no check). OK or the InvalidArgument error Next would return. O(1).
Status CheckSecondPassDocument(const std::vector<DocDigest>& expected, uint32_t n,
                               const Document& doc, DocDigest now);
// The end of the corpus after `read` documents: OK, or the error Next returns when the corpus now
// ends before the first pass's last document. O(1).
Status CheckSecondPassEnd(const std::vector<DocDigest>& expected, uint32_t read);

class SecondPassReader {
 public:
  // Opens `paths` with `options` (both as the first pass had them). `expected`: one digest per
  // document of the first pass; empty = no check. Errors as CorpusReader::Open.
  static StatusOr<std::unique_ptr<SecondPassReader>> Open(const std::vector<std::string>& paths,
                                                          const ReaderOptions& options,
                                                          std::vector<DocDigest> expected = {});

  // The next document (numbered from 0 in reading order: index()); false at the end or on an
  // error, status() tells which. A document whose size or hash differs from the first pass's, or
  // one more than the first pass read, is an InvalidArgument error naming it.
  bool Next(Document* doc);
  uint32_t index() const { return next_ - 1; }
  // After Next returned false: OK at the end of a corpus that held every expected document.
  Status status() const { return status_; }

 private:
  SecondPassReader(std::unique_ptr<CorpusReader> reader, std::vector<DocDigest> expected)
      : reader_(std::move(reader)), expected_(std::move(expected)) {}
  std::unique_ptr<CorpusReader> reader_;
  std::vector<DocDigest> expected_;
  uint32_t next_ = 0;
  Status status_;
};

}  // namespace neardup

#endif  // NEARDUP_SECOND_PASS_H_
