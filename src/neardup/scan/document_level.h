// Document level stage (reworded mode, paragraph units): whole documents' content-stem sets are
// compared, for the document verdicts. The pairs worth comparing are those with a paragraph
// candidate that leads there (RewordedVerdicts::doc_lead) or an identical paragraph. In: the
// corpus, the candidates and their leads. Out: the matching document pairs (DocMatch) and their
// stats. Thread-safety: a pure function; runs on settings.match.null.threads cores.
#ifndef NEARDUP_DOCUMENT_LEVEL_H_
#define NEARDUP_DOCUMENT_LEVEL_H_

#include <cstdint>
#include <utility>
#include <vector>

#include "neardup/options.h"
#include "neardup/scan/fingerprinted_corpus.h"
#include "neardup/scan_result.h"
#include "neardup/verify/document_matcher.h"

namespace neardup {

struct DocumentLevelSettings {
  bool enabled = false;  // reworded mode, paragraph units, Options::doc_min_score > 0
  DocMatchSettings match;

  static DocumentLevelSettings From(const Options& options) {
    return {options.mode == Mode::kReworded && options.unit == Unit::kParagraph &&
                options.doc_min_score > 0,
            DocMatchSettings::From(options)};
  }
};

// doc_lead: one flag per candidate. Cost: O(features) to build the document sets plus
// MatchDocuments.
std::vector<DocMatch> MatchDocumentLevel(
    const FingerprintedCorpus& corpus, const std::vector<std::pair<uint32_t, uint32_t>>& candidates,
    const std::vector<char>& doc_lead, const DocumentLevelSettings& settings, DocMatchStats* stats);

}  // namespace neardup

#endif  // NEARDUP_DOCUMENT_LEVEL_H_
