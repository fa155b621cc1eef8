// Candidates stage (candidates.h).

#include "neardup/scan/candidates.h"

#include <tbb/task_arena.h>

#include <algorithm>
#include <span>

#include "neardup/base/format.h"
#include "neardup/scan/near_identical.h"
#include "neardup/sketch/byte_sketch.h"
#include "neardup/sketch/candidate_budget.h"
#include "neardup/verify/jaccard.h"

namespace neardup {

CandidateSettings CandidateSettings::From(const Options& o) {
  CandidateSettings c;
  c.exact = o.exact;
  c.screen_bytes = o.mode == Mode::kReworded;
  c.max_bucket = o.max_bucket;
  c.lsh_threshold = o.mode == Mode::kReworded ? o.reworded_lsh_threshold : o.threshold;
  c.lsh_fp_weight = o.lsh_fp_weight;
  c.lsh_fn_weight = o.lsh_fn_weight;
  c.num_perm = o.num_perm;
  return c;
}

Status CandidateSettings::Validate(const Options& o) {
  if (!(o.reworded_lsh_threshold > 0.0 && o.reworded_lsh_threshold <= 1.0)) {
    return Status::InvalidArgument("reworded LSH threshold must be in (0, 1], got " +
                                   FormatNumber(o.reworded_lsh_threshold));
  }
  return Status::OK();
}

LshParams CandidateSettings::Banding() const {
  return OptimalLshParams(lsh_threshold, num_perm, lsh_fp_weight, lsh_fn_weight);
}

Candidates FindCandidates(const FingerprintedCorpus& corpus, const LshBatchIndex& index,
                          const CandidateSettings& settings, int threads) {
  Candidates out;
  if (settings.exact) {
    std::vector<std::span<const uint32_t>> sets(corpus.num_groups());
    for (uint32_t g = 0; g < sets.size(); ++g) sets[g] = corpus.GroupShingles(g);
    out.pairs = PairsSharingFeature(sets);
    return out;
  }
  tbb::task_arena arena(threads);
  arena.execute([&] {
    if (settings.screen_bytes && !corpus.byte_sketches.empty()) {
      // Screened by their byte sketches (kMinByteAgreement): same-topic paragraphs collide in
      // some band by the million, and nearly all of them are far apart.
      // Each paragraph keeps its best weak candidates only (candidate_budget.h).
      // A short text's strong candidates go to the cap instead, which keeps them all unless the
      // input is dense (near_identical.h).
      std::vector<char> short_group(corpus.num_groups(), 0);
      for (uint32_t g = 0; g < corpus.num_groups(); ++g) {
        short_group[g] = corpus.GroupShingles(g).size() <= kNearIdenticalMaxStems ? 1 : 0;
      }
      CandidateCap cap(short_group, kShortTextCandidates,
                       kShortOffersPerGroup * corpus.num_groups());
      const uint8_t* sketches = corpus.byte_sketches.data();
      auto keep = [&](uint32_t a, uint32_t b) {
        if (!cap.IsShort(a) && !cap.IsShort(b)) return true;
        const uint32_t agreement = ByteSketchAgreement(sketches + size_t{a} * kByteSketchSize,
                                                       sketches + size_t{b} * kByteSketchSize);
        if (agreement < kParagraphBudget.strong) return true;  // the weak budget judges it
        cap.Offer(a, b, agreement);
        return false;
      };
      // keep is asked only about pairs holding a short text (it keeps the others unasked).
      out.pairs = index.CandidatePairs(
          {corpus.byte_sketches, kMinByteAgreement, kParagraphBudget, short_group}, keep,
          settings.max_bucket, &out.skipped_buckets);
      std::vector<uint64_t> kept;
      cap.AppendPairs(&kept);
      if (!kept.empty()) {
        kept.reserve(kept.size() + out.pairs.size());
        for (const auto& [g, h] : out.pairs) kept.push_back(uint64_t{g} << 32 | h);
        std::sort(kept.begin(), kept.end());
        kept.erase(std::unique(kept.begin(), kept.end()), kept.end());
        out.pairs.clear();
        out.pairs.reserve(kept.size());
        for (const uint64_t p : kept) {
          out.pairs.emplace_back(static_cast<uint32_t>(p >> 32), static_cast<uint32_t>(p));
        }
      }
      out.capped = cap.Capped();
    } else {
      out.pairs = index.CandidatePairs(settings.max_bucket, &out.skipped_buckets);
    }
  });
  return out;
}

}  // namespace neardup
