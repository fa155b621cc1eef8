// Reworded verification stage (verify_reworded.h).

#include "neardup/scan/verify_reworded.h"

#include <tbb/task_arena.h>

#include <algorithm>
#include <cmath>
#include <iterator>
#include <span>

#include "neardup/base/format.h"
#include "neardup/verify/kept_in_order.h"
#include "neardup/verify/scorer.h"
#include "neardup/verify/synonyms.h"
#include "neardup/verify/unit_profile.h"

namespace neardup {
namespace {

// The scorer judges candidates sharing at least this many content stems (one shared word is no
// statement; the model gives such pairs probabilities near 0 anyway).
constexpr uint32_t kMinScoredShared = 2;

}  // namespace

double NearVerbatimJaccard(std::span<const uint32_t> a, std::span<const uint32_t> b) {
  if (a.empty() || b.empty()) return 0;
  // J = s / (|a| + |b| - s) >= t  <=>  s >= t (|a| + |b|) / (1 + t): the shared count needed.
  const double total = static_cast<double>(a.size() + b.size());
  // Less a margin (counts are whole): rounding never makes a bound stop a pair that reaches it.
  const double needed = kNearVerbatimJaccard * total / (1 + kNearVerbatimJaccard) - 1e-9;
  if (static_cast<double>(std::min(a.size(), b.size())) < needed) return 0;
  // The merge stops once even sharing every element left could not reach `needed` (most
  // candidates share few shingles): the same answer as the whole merge.
  size_t i = 0, j = 0, shared = 0;
  while (i < a.size() && j < b.size()) {
    if (static_cast<double>(shared + std::min(a.size() - i, b.size() - j)) < needed) return 0;
    if (a[i] < b[j]) {
      ++i;
    } else if (b[j] < a[i]) {
      ++j;
    } else {
      ++shared, ++i, ++j;
    }
  }
  // As lexical mode's verification: the exact counts, compared in double.
  const double s = static_cast<double>(shared);
  const double jaccard = s / (total - s);
  return jaccard >= kNearVerbatimJaccard ? jaccard : 0;
}

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
  r.decision_threshold = o.decision_threshold;
  r.synonyms = o.synonyms;
  r.record_scored = o.record_scored;
  r.seed = o.seed;
  r.threads = ThreadsToUse(o.threads);
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
  if (!(o.decision_threshold >= 0.0 && o.decision_threshold <= 1.0)) {
    return Status::InvalidArgument("decision threshold must be in [0, 1] (0 = the scorer's), got " +
                                   FormatNumber(o.decision_threshold));
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
  const Scorer& scorer = Scorer::Default();
  const double decision =
      settings.decision_threshold > 0 ? settings.decision_threshold : scorer.threshold();
  const SynonymTable* synonyms =
      settings.synonyms ? &SynonymTable::ForSeed(settings.seed) : nullptr;
  out.threshold = decision;
  const double min_logit = decision >= 1 ? INFINITY : Scorer::LogOdds(decision);
  if (timer != nullptr) timer->Lap("null_sample");
  if (settings.doc_leads) out.doc_lead.assign(candidates.size(), 0);
  std::vector<uint32_t> degree(corpus.num_groups(), 0);  // candidate pairs per group
  for (const auto& [g, h] : candidates) ++degree[g], ++degree[h];
  auto words_of = [&](uint32_t g) {
    const uint64_t b = corpus.seq_offsets[g], e = corpus.seq_offsets[g + 1];
    return UnitWords{std::span<const uint32_t>(corpus.sequences.data() + b, e - b),
                     std::span<const uint8_t>(corpus.seq_lower.data() + b, e - b), 1.0, false,
                     degree[g]};
  };
  // Each group's kinds, counts and synsets once, not once per candidate (the features are the
  // same, bit for bit: unit_profile.h).
  UnitProfiles profiles;
  {
    std::vector<char> wanted(corpus.num_groups(), 0);
    for (uint32_t g = 0; g < wanted.size(); ++g) wanted[g] = degree[g] > 0 ? 1 : 0;
    tbb::task_arena arena(settings.threads);
    arena.execute(
        [&] { profiles.Build(&weighted, synonyms, corpus.num_groups(), words_of, wanted); });
  }
  // Candidates under the decision but scoring at least context_min_score: a second look in
  // context.
  std::vector<char> weak_flag(settings.context ? candidates.size() : 0, 0);
  if (settings.record_scored) out.recorded.assign(candidates.size(), PairFeatureVector{});
  out.kept = KeptInOrder(
      candidates.size(), settings.threads,
      [&](size_t i, WeightedOverlap* o) {
        // Candidates come sorted by g; h is anywhere: its features are fetched ahead (verify
        // stage 0.96 -> 0.81 s at 1M paragraphs).
        if (i + 16 < candidates.size()) {
          const uint32_t ahead = candidates[i + 16].second;
          weighted.PrefetchIndex(ahead);
          __builtin_prefetch(corpus.seq_offsets.data() + ahead);
          __builtin_prefetch(degree.data() + ahead);
          __builtin_prefetch(corpus.verbatim_offsets.data() + ahead);
        }
        if (i + 8 < candidates.size()) {
          const uint32_t ahead = candidates[i + 8].second;
          weighted.PrefetchFeatures(ahead);
          profiles.Prefetch(ahead);
          if (ahead + 1 < corpus.verbatim_offsets.size()) {
            __builtin_prefetch(corpus.verbatim.data() + corpus.verbatim_offsets[ahead]);
          }
          __builtin_prefetch(corpus.sequences.data() + corpus.seq_offsets[ahead]);
          __builtin_prefetch(corpus.seq_lower.data() + corpus.seq_offsets[ahead]);
        }
        const auto [g, h] = candidates[i];
        const UnitWords wg = words_of(g), wh = words_of(h);
        PairFeatureVector f;
        PairTotals totals;
        // The overlap comes from the set features' merge when both units are profiled (the
        // same values, bit for bit: WeightedSets::OverlapFrom); a pair sharing under
        // kMinScoredShared stems is then scored for nothing (about 0.3% of the candidates).
        const bool hopeless = !ScoreFeatures(profiles, scorer, min_logit, settings.record_scored, g,
                                             h, wg, wh, &f, &totals);
        *o = profiles.Profiled(g) && profiles.Profiled(h)
                 ? weighted.OverlapFrom(g, h, totals.shared, totals.shared_stems, totals.rarest)
                 : weighted.Overlap(g, h);
        if (settings.doc_leads && o->shared >= settings.min_shared_words &&
            o->similarity >= settings.doc_lead_score) {
          out.doc_lead[i] = 1;
        }
        o->threshold = decision;
        const bool scored = o->shared >= kMinScoredShared;
        if (scored && settings.record_scored) out.recorded[i] = f;
        if (scored && !hopeless && scorer.Judge(f, o) >= decision) return true;
        if (const double verbatim =
                NearVerbatimJaccard(corpus.VerbatimShingles(g), corpus.VerbatimShingles(h));
            verbatim > 0) {
          // Kept as near-verbatim text, with the scorer's probability and reasons on every
          // feature (a hopeless or unscored pair's were partial or not computed).
          if (!scored || hopeless) {
            f = PairFeatureVector{};
            ScoreFeatures(profiles, scorer, min_logit, /*all=*/true, g, h, wg, wh, &f, nullptr);
            scorer.Judge(f, o);
          }
          o->verbatim = verbatim;
          o->threshold = kNearVerbatimJaccard;
          return true;
        }
        if (!scored) return false;
        if (settings.context && o->shared >= settings.min_shared_words &&
            o->global >= settings.context_min_score) {
          weak_flag[i] = 1;
        }
        return false;
      },
      settings.meter);
  for (size_t i = 0; i < weak_flag.size(); ++i) {
    if (weak_flag[i]) out.weak.push_back(static_cast<uint32_t>(i));
  }
  return out;
}

}  // namespace neardup
