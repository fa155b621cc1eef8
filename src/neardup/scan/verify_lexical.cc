// Lexical verification stage (verify_lexical.h).

#include "neardup/scan/verify_lexical.h"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include "neardup/base/format.h"
#include "neardup/verify/jaccard.h"

namespace neardup {

Status LexicalVerifySettings::Validate(const Options& o) {
  if (!(o.threshold > 0.0 && o.threshold <= 1.0)) {
    return Status::InvalidArgument("threshold must be in (0, 1], got " + FormatNumber(o.threshold));
  }
  return Status::OK();
}

VerifiedPairs VerifyLexical(const FingerprintedCorpus& corpus,
                            const std::vector<std::pair<uint32_t, uint32_t>>& candidates,
                            const LexicalVerifySettings& settings, int threads) {
  std::vector<uint32_t> shared(candidates.size());
  tbb::task_arena arena(threads);
  arena.execute([&] {
    tbb::parallel_for(tbb::blocked_range<size_t>(0, candidates.size(), 1024),
                      [&](const tbb::blocked_range<size_t>& r) {
                        for (size_t i = r.begin(); i < r.end(); ++i) {
                          shared[i] = static_cast<uint32_t>(
                              IntersectionSize(corpus.GroupShingles(candidates[i].first),
                                               corpus.GroupShingles(candidates[i].second)));
                        }
                      });
  });
  VerifiedPairs out;
  for (size_t i = 0; i < candidates.size(); ++i) {
    // Compare in double from the exact counts so the threshold test is not blurred by float
    // rounding.
    const auto a = corpus.GroupShingles(candidates[i].first);
    const auto b = corpus.GroupShingles(candidates[i].second);
    const double uni = static_cast<double>(a.size() + b.size() - shared[i]);
    const double sim = uni == 0 ? 1.0 : shared[i] / uni;
    if (sim >= settings.threshold) {
      out.candidate.push_back(static_cast<uint32_t>(i));
      out.shared.push_back(shared[i]);
      out.similarity.push_back(sim);
    }
  }
  return out;
}

}  // namespace neardup
