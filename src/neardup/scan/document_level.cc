// Document level stage (document_level.h).

#include "neardup/scan/document_level.h"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>

namespace neardup {

std::vector<DocMatch> MatchDocumentLevel(
    const FingerprintedCorpus& corpus, const std::vector<std::pair<uint32_t, uint32_t>>& candidates,
    const std::vector<char>& doc_lead, const DocumentLevelSettings& settings,
    DocMatchStats* stats) {
  // Whole documents: each one's set is the union of its paragraphs'; the pairs worth comparing
  // are those with a paragraph candidate sharing min_shared_words content words and scoring
  // doc_lead_score between them, or an identical paragraph (groups of at most kMaxGroupForDocs
  // members: site furniture on every page says nothing).
  constexpr size_t kMaxGroupForDocs = 64;
  const size_t num_docs = corpus.doc_ids.size();
  std::vector<std::vector<uint32_t>> doc_sets(num_docs);
  std::vector<uint32_t> doc_units(num_docs + 1, 0);  // units are in document order
  for (const UnitRef& unit : corpus.units) ++doc_units[unit.doc + 1];
  for (size_t d = 0; d < num_docs; ++d) doc_units[d + 1] += doc_units[d];
  tbb::task_arena arena(settings.match.null.threads);
  arena.execute([&] {
    tbb::parallel_for(tbb::blocked_range<size_t>(0, doc_sets.size(), 64),
                      [&](const tbb::blocked_range<size_t>& r) {
                        std::vector<uint32_t> scratch;
                        for (size_t d = r.begin(); d < r.end(); ++d) {
                          scratch.clear();
                          for (uint32_t u = doc_units[d]; u < doc_units[d + 1]; ++u) {
                            const auto part = corpus.ShinglesOf(u);
                            scratch.insert(scratch.end(), part.begin(), part.end());
                          }
                          std::sort(scratch.begin(), scratch.end());
                          scratch.erase(std::unique(scratch.begin(), scratch.end()), scratch.end());
                          doc_sets[d].assign(scratch.begin(), scratch.end());  // no slack
                        }
                      });
  });
  std::vector<uint32_t>().swap(doc_units);
  std::vector<std::pair<uint32_t, uint32_t>> doc_candidates;
  auto add = [&](uint32_t x, uint32_t y) {
    if (x != y) doc_candidates.emplace_back(std::min(x, y), std::max(x, y));
  };
  for (size_t i = 0; i < candidates.size(); ++i) {
    if (!doc_lead[i]) continue;
    add(corpus.first_doc[candidates[i].first], corpus.first_doc[candidates[i].second]);
  }
  {
    // Each group's members in unit order, so its documents come ascending.
    const GroupMembers members(corpus.units, corpus.num_groups());
    std::vector<uint32_t> docs;
    for (uint32_t g = 0; g < corpus.num_groups(); ++g) {
      docs.clear();
      for (const uint32_t u : members.Of(g)) {
        const uint32_t doc = corpus.units[u].doc;
        if (docs.empty() || docs.back() != doc) docs.push_back(doc);
        if (docs.size() > kMaxGroupForDocs) break;
      }
      if (docs.size() > kMaxGroupForDocs) continue;
      for (size_t i = 0; i < docs.size(); ++i) {
        for (size_t j = i + 1; j < docs.size(); ++j) add(docs[i], docs[j]);
      }
    }
  }
  DocLevelStats doc_stats;
  const std::vector<DocLevelMatch> matches =
      MatchDocuments(std::move(doc_sets), std::move(doc_candidates), settings.match, &doc_stats);
  std::vector<DocMatch> out;
  out.reserve(matches.size());
  for (const DocLevelMatch& m : matches) {
    out.push_back({m.a, m.b, m.similarity, m.containment_a, m.containment_b});
  }
  *stats = {doc_stats.candidates, doc_stats.null_pairs, doc_stats.null_outliers,
            doc_stats.null_score, doc_stats.threshold};
  return out;
}

}  // namespace neardup
