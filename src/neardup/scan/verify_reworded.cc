// Reworded verification stage (verify_reworded.h).

#include "neardup/scan/verify_reworded.h"

#include <tbb/task_arena.h>

#include <algorithm>
#include <cmath>
#include <iterator>
#include <span>

#include "neardup/base/format.h"
#include "neardup/verify/kept_in_order.h"

namespace neardup {
namespace {

// Lower bounds (content words of a pair's smaller side) of the size classes the adaptive
// threshold is measured for.
constexpr uint32_t kSizeClasses[] = {0, 10, 20, 40};
// A paragraph pair is scored on a local alignment (a rewritten sentence inside a longer
// paragraph) only if the two share a stem held by at most this many distinct paragraphs: the
// rule of the sentence level (sentence_matcher.cc). Measured on generated wire copy, default
// settings: 294,482 paragraphs, local-alignment pairs 56 right and 314 wrong before, 11 and 9
// with 50; precision 0.9939 -> 0.9950, recall 0.9991 -> 0.9989; 98,613 paragraphs: precision
// 0.9953 -> 0.9965, recall 0.9990 -> 0.9989; the 2,000-paragraph corpora, the derived corpora and
// the sample unchanged. (The null sample keeps every rescue: its threshold errs high.)
constexpr double kRareParagraphs = 50;

}  // namespace

RewordedVerifySettings RewordedVerifySettings::From(const Options& o) {
  RewordedVerifySettings r;
  r.score_threshold = o.score_threshold;
  r.null = NullSettingsFor(o, ThreadsToUse(o.threads));
  r.null.min_words = o.min_content_words;
  r.null.min_local_words = o.min_local_words;
  r.min_content_words = o.min_content_words;
  r.min_shared_words = o.min_shared_words;
  r.min_local_words = o.min_local_words;
  r.doc_leads = o.unit == Unit::kParagraph && o.doc_min_score > 0;
  r.doc_lead_score = o.doc_lead_score;
  r.context = o.unit == Unit::kParagraph && o.context_min_score > 0;
  r.context_min_score = o.context_min_score;
  return r;
}

Status RewordedVerifySettings::Validate(const Options& o) {
  if (!(o.score_threshold >= 0.0 && o.score_threshold <= 1.0)) {
    return Status::InvalidArgument("score threshold must be in [0, 1] (0 = adaptive), got " +
                                   FormatNumber(o.score_threshold));
  }
  if (!(o.min_score >= 0.0 && o.min_score <= 1.0)) {
    return Status::InvalidArgument("min score must be in [0, 1], got " + FormatNumber(o.min_score));
  }
  if (!(o.context_min_score >= 0.0 && o.context_min_score <= 1.0)) {
    return Status::InvalidArgument("context min score must be in [0, 1] (0 = off), got " +
                                   FormatNumber(o.context_min_score));
  }
  if (!(o.null_quantile >= 0.0 && o.null_quantile <= 1.0)) {
    return Status::InvalidArgument("null quantile must be in [0, 1], got " +
                                   FormatNumber(o.null_quantile));
  }
  return Status::OK();
}

void BuildWeightedSets(const FingerprintedCorpus& corpus, int threads, WeightedSets* out) {
  std::vector<std::span<const uint32_t>> sets(corpus.num_groups());
  for (uint32_t g = 0; g < sets.size(); ++g) sets[g] = corpus.GroupShingles(g);
  tbb::task_arena arena(threads);
  arena.execute([&] {
    out->Build(sets);
    out->SetSequences(corpus.seq_offsets, corpus.sequences);
  });
}

RewordedVerdicts VerifyReworded(const FingerprintedCorpus& corpus, const WeightedSets& weighted,
                                const std::vector<std::pair<uint32_t, uint32_t>>& candidates,
                                const RewordedVerifySettings& settings, StageTimer* timer) {
  RewordedVerdicts out;
  // Size classes by the smaller side's content words: short units share a few words by chance
  // far more often than paragraphs do, so each class is judged against unrelated pairs of its
  // own size (docs/design/verify.md).
  std::vector<double> class_threshold(std::size(kSizeClasses), settings.score_threshold);
  if (settings.score_threshold <= 0) {
    out.classes = AdaptiveThresholds(weighted, corpus.first_doc, kSizeClasses, settings.null);
    for (size_t k = 0; k < class_threshold.size(); ++k) {
      class_threshold[k] = out.classes[k].threshold;
    }
  }
  out.threshold = class_threshold.back();
  if (timer != nullptr) timer->Lap("null_sample");
  if (settings.doc_leads) out.doc_lead.assign(candidates.size(), 0);
  const double min_rarest_local = std::log(static_cast<double>(corpus.num_groups()) /
                                           kRareParagraphs);  // < 0: every stem qualifies
  // Candidates under their threshold but at least context_min_score: a second look in context.
  std::vector<char> weak_flag(settings.context ? candidates.size() : 0, 0);
  out.kept =
      KeptInOrder(candidates.size(), settings.null.threads, [&](size_t i, WeightedOverlap* o) {
        // Candidates come sorted by g; h is anywhere: its features are fetched ahead (verify
        // stage 0.96 -> 0.81 s at 1M paragraphs).
        if (i + 16 < candidates.size()) weighted.PrefetchIndex(candidates[i + 16].second);
        if (i + 8 < candidates.size()) weighted.PrefetchFeatures(candidates[i + 8].second);
        const auto [g, h] = candidates[i];
        const uint32_t smaller = std::min(weighted.Features(g), weighted.Features(h));
        const double threshold = class_threshold[SizeClassOf(kSizeClasses, smaller)];
        *o = weighted.Overlap(g, h, settings.min_local_words, threshold, min_rarest_local);
        // A few common words: no lead either.
        if (o->shared < settings.min_shared_words) return false;
        if (settings.doc_leads && o->similarity >= settings.doc_lead_score) out.doc_lead[i] = 1;
        o->threshold = threshold;
        if (smaller < settings.min_content_words) return false;
        if (o->similarity >= threshold) return true;
        if (settings.context && o->global >= settings.context_min_score) weak_flag[i] = 1;
        return false;
      });
  for (size_t i = 0; i < weak_flag.size(); ++i) {
    if (weak_flag[i]) out.weak.push_back(static_cast<uint32_t>(i));
  }
  return out;
}

}  // namespace neardup
