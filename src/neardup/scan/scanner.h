// Scanner: the batch engine. Streams documents in, cuts them into units (paragraphs or whole
// documents), fingerprints each unit (normalize → shingle → MinHash → LSH band keys) on every core,
// then finds, verifies and clusters near-duplicate pairs.
// Thread-safety: a Scanner is used from one thread; it runs its own worker threads inside.
#ifndef NEARDUP_SCANNER_H_
#define NEARDUP_SCANNER_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "neardup/base/stage_timer.h"
#include "neardup/corpus_reader.h"
#include "neardup/document.h"
#include "neardup/options.h"
#include "neardup/scan_result.h"
#include "neardup/status.h"

namespace neardup {

class Scanner {
 public:
  // Options are validated by Validate(); constructing with invalid options is a programming error.
  explicit Scanner(const Options& options);
  ~Scanner();
  Scanner(const Scanner&) = delete;
  Scanner& operator=(const Scanner&) = delete;

  // InvalidArgument naming the bad option, or OK.
  static Status Validate(const Options& options);

  // Reads every document of `reader` and fingerprints it on Options::threads threads. Memory grows
  // with the units kept (shingle ids + band keys), not with document sizes. `progress` (else
  // Options::progress), if set, is called from this thread about twice a second with stage
  // "reading". Fails only when the reader fails.
  Status AddCorpus(CorpusReader* reader, const ProgressCallback& progress = {});
  // Adds one document on the calling thread.
  void AddDocument(const Document& doc);

  // Finds candidates, verifies them and clusters the verified pairs. Call once, after all Add
  // calls. Reports each stage to Options::progress (from a thread of its own).
  ScanResult Finish();

  // The sorted shingle ids of unit `u` (valid until Finish, which hands the units to its result
  // and frees the rest).
  std::span<const uint32_t> Shingles(uint32_t u) const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace neardup

#endif  // NEARDUP_SCANNER_H_
