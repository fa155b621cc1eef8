// Expansion stage (expand_pairs.h).

#include "neardup/scan/expand_pairs.h"

#include <tbb/parallel_sort.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <cstdint>
#include <span>
#include <vector>

#include "neardup/verify/matched_in_documents.h"

namespace neardup {
namespace {

// The scorer's reasons (verify evidence) into the public Pair.
template <typename Evidence>
void CopyReasons(const Evidence& e, Pair* p) {
  p->reason_count = e.reason_count;
  for (size_t k = 0; k < e.reasons.size(); ++k) {
    p->reasons[k] = {e.reasons[k].feature, e.reasons[k].value, e.reasons[k].logit};
  }
}

// Pairs inside each group of identical texts (none listed for a capped group: dense input).
void ExpandIdentical(const FingerprintedCorpus& corpus, const GroupMembers& members,
                     const ExpandSettings& settings, Expansion* out) {
  for (uint32_t g = 0; g < corpus.num_groups(); ++g) {
    auto m = members.Of(g);
    if (m.size() < 2) continue;
    const uint64_t n = m.size() * (m.size() - 1) / 2;
    if (n > settings.max_group_pairs || (!settings.capped.empty() && settings.capped[g])) {
      out->group_elided[g] = true;
      out->elided_pairs += n;
      continue;
    }
    const uint32_t sh = static_cast<uint32_t>(corpus.ShinglesOf(m[0]).size());
    for (size_t i = 0; i < m.size(); ++i) {
      for (size_t j = i + 1; j < m.size(); ++j) {
        Pair p{m[i], m[j], 1.0, 1.0, sh, true};
        if (settings.reworded) p.probability = 1.0;
        out->pairs.push_back(p);
      }
    }
  }
}

// Member pairs across verified groups.
void ExpandVerified(const GroupMembers& members, const VerifiedPairs& verified,
                    const std::vector<GroupPair>& group_pairs, const std::vector<double>& estimates,
                    const ExpandSettings& settings, Expansion* out) {
  for (size_t v = 0; v < verified.size(); ++v) {
    const uint32_t g = group_pairs[v].g;
    const uint32_t h = group_pairs[v].h;
    auto mg = members.Of(g);
    auto mh = members.Of(h);
    const double est = estimates[v];
    const double sim = group_pairs[v].similarity;
    auto make_pair = [&](uint32_t a, uint32_t b) {
      Pair p{std::min(a, b), std::max(a, b), sim, est, verified.shared[v], false};
      if (settings.reworded) {
        const WeightedOverlap& o = verified.overlap[v];
        p.containment_a = a < b ? o.containment_a : o.containment_b;
        p.containment_b = a < b ? o.containment_b : o.containment_a;
        p.local = o.local >= o.global;
        p.threshold = o.threshold;
        p.context = verified.in_context[v] != 0;
        p.probability = o.probability;
        p.verbatim_similarity = o.verbatim;
        CopyReasons(o, &p);
      }
      return p;
    };
    const bool capped = !settings.capped.empty() && (settings.capped[g] || settings.capped[h]);
    if (capped || static_cast<uint64_t>(mg.size()) * mh.size() > settings.max_group_pairs) {
      // Too many combinations: list the first occurrences only.
      out->elided_pairs += static_cast<uint64_t>(mg.size()) * mh.size() - 1;
      out->group_elided[g] = out->group_elided[h] = true;
      out->pairs.push_back(make_pair(mg[0], mh[0]));
      continue;
    }
    for (uint32_t a : mg) {
      for (uint32_t b : mh) out->pairs.push_back(make_pair(a, b));
    }
  }
}

// Whether sentence `sentence` of group g is the copy that g's paragraph pair in `document`
// already reports: at least half of its distinct content stems occur in a group g is paired with
// there (`paired`: the paragraph pairs). Cost: O(log P) when g has no such pair, else O(s log s)
// plus O(s m) per partner, s and m the sentence's and the partner's stems.
bool InsideParagraphPair(const FingerprintedCorpus& corpus, const MatchedInDocuments& paired,
                         uint32_t g, uint32_t sentence, uint32_t document) {
  const auto partners = paired.Partners(g, document);
  if (partners.empty()) return false;
  const SentenceSpan& sp = corpus.sentences[corpus.sent_offsets[g] + sentence];
  const std::span<const uint32_t> words(
      corpus.sequences.data() + corpus.seq_offsets[g] + sp.seq_begin, sp.seq_end - sp.seq_begin);
  std::vector<uint32_t> stems(words.begin(), words.end());
  std::sort(stems.begin(), stems.end());
  stems.erase(std::unique(stems.begin(), stems.end()), stems.end());
  if (stems.empty()) return true;
  for (const MatchedInDocuments::Entry& entry : partners) {
    const uint32_t h = entry.partner;
    const std::span<const uint32_t> other(corpus.sequences.data() + corpus.seq_offsets[h],
                                          corpus.seq_offsets[h + 1] - corpus.seq_offsets[h]);
    size_t shared = 0;
    for (uint32_t stem : stems) {
      if (std::find(other.begin(), other.end(), stem) != other.end()) ++shared;
    }
    if (2 * shared >= stems.size()) return true;
  }
  return false;
}

// Sentence pairs of groups not already matched as paragraphs, between different documents.
void ExpandSentences(const FingerprintedCorpus& corpus, const GroupMembers& members,
                     const std::vector<GroupPair>& group_pairs,
                     const std::vector<SentenceMatch>& sentence_matches,
                     const ExpandSettings& settings, tbb::task_arena& arena, Expansion* out) {
  auto sentence_span = [&](uint32_t unit, uint32_t g, uint32_t sentence) {
    return SentenceSpanOf(corpus, unit, g, sentence);
  };
  // A paragraph whose copy in a document was found as a paragraph pair gets no sentence pair with
  // another paragraph of that document for a sentence that pair already holds (its statement
  // there is that copy); its other sentences keep theirs (an outlet that split or merged the
  // paragraph carries them elsewhere).
  MatchedInDocuments paired(corpus.first_doc);
  for (const GroupPair& gp : group_pairs) paired.Add(gp.g, gp.h);
  arena.execute([&] { paired.Seal(); });
  const size_t limit = settings.max_group_pairs;
  std::vector<SentenceMatch> kept;  // one group pair's statements that are not a paragraph pair's
  std::vector<Pair> statements;     // one member pair's, before merging the fallbacks
  // The matches come sorted by (g, h, sentence_g, sentence_h): one run per group pair.
  for (size_t run = 0; run < sentence_matches.size();) {
    const uint32_t g = sentence_matches[run].g;
    const uint32_t h = sentence_matches[run].h;
    size_t run_end = run;
    while (run_end < sentence_matches.size() && sentence_matches[run_end].g == g &&
           sentence_matches[run_end].h == h) {
      ++run_end;
    }
    const std::span<const SentenceMatch> group(sentence_matches.data() + run, run_end - run);
    run = run_end;
    const auto it = std::lower_bound(group_pairs.begin(), group_pairs.end(), group[0],
                                     [](const GroupPair& gp, const SentenceMatch& x) {
                                       return gp.g != x.g ? gp.g < x.g : gp.h < x.h;
                                     });
    if (it != group_pairs.end() && it->g == g && it->h == h) continue;
    kept.clear();
    for (const SentenceMatch& m : group) {
      if (InsideParagraphPair(corpus, paired, g, m.sentence_g, corpus.first_doc[h]) ||
          InsideParagraphPair(corpus, paired, h, m.sentence_h, corpus.first_doc[g])) {
        continue;
      }
      kept.push_back(m);
    }
    if (kept.empty()) continue;
    // max_group_pairs bounds the member (paragraph) pairs of the group pair; a listed one
    // carries every statement.
    uint64_t listed = 0;
    for (uint32_t a : members.Of(g)) {
      for (uint32_t b : members.Of(h)) {
        if (corpus.units[a].doc == corpus.units[b].doc) continue;
        if (listed++ >= limit) continue;
        const bool swap = a > b;
        statements.clear();
        for (const SentenceMatch& m : kept) {
          Pair p{std::min(a, b), std::max(a, b), m.similarity, m.estimate, m.shared, false};
          p.containment_a = swap ? m.containment_h : m.containment_g;
          p.containment_b = swap ? m.containment_g : m.containment_h;
          p.threshold = m.threshold;
          p.sentence = true;
          p.probability = m.probability;
          CopyReasons(m, &p);
          p.span_a = swap ? sentence_span(b, h, m.sentence_h) : sentence_span(a, g, m.sentence_g);
          p.span_b = swap ? sentence_span(a, g, m.sentence_g) : sentence_span(b, h, m.sentence_h);
          // Two statements whose spans both fell back to the units' ranges (SentenceSpanOf)
          // are listed once: the likelier, then the more similar, then the first in sentence
          // order (the run's), so the survivor does not depend on any sort's schedule.
          auto same = std::find_if(statements.begin(), statements.end(), [&](const Pair& q) {
            return q.span_a.begin == p.span_a.begin && q.span_b.begin == p.span_b.begin;
          });
          if (same == statements.end()) {
            statements.push_back(p);
          } else if (p.probability > same->probability ||
                     (p.probability == same->probability && p.similarity > same->similarity)) {
            *same = p;
          }
        }
        out->pairs.insert(out->pairs.end(), statements.begin(), statements.end());
      }
    }
    if (listed > limit) out->elided_pairs += listed - limit;
    if (listed > 0) out->sentence_links.emplace_back(g, h);
  }
}

}  // namespace

ByteRange SentenceSpanOf(const FingerprintedCorpus& corpus, uint32_t unit, uint32_t g,
                         uint32_t sentence) {
  const UnitRef& u = corpus.units[unit];
  const UnitRef& first = corpus.units[corpus.group_first[g]];
  if (u.range.end - u.range.begin != first.range.end - first.range.begin) return u.range;
  const SentenceSpan& sp = corpus.sentences[corpus.sent_offsets[g] + sentence];
  return ByteRange{u.range.begin + sp.begin, u.range.begin + sp.end};
}

Expansion ExpandPairs(const FingerprintedCorpus& corpus, const GroupMembers& members,
                      const VerifiedPairs& verified, const std::vector<GroupPair>& group_pairs,
                      const std::vector<double>& estimates,
                      const std::vector<SentenceMatch>& sentence_matches,
                      const ExpandSettings& settings, int threads) {
  Expansion out;
  out.group_elided.assign(corpus.num_groups(), false);
  tbb::task_arena arena(threads);
  ExpandIdentical(corpus, members, settings, &out);
  ExpandVerified(members, verified, group_pairs, estimates, settings, &out);
  for (Pair& p : out.pairs) {
    p.span_a = corpus.units[p.a].range;
    p.span_b = corpus.units[p.b].range;
  }
  ExpandSentences(corpus, members, group_pairs, sentence_matches, settings, arena, &out);
  // (a, b, span_a, span_b) is unique: a unit belongs to one group, a group pair gives paragraph
  // pairs or sentence matches, not both, and ExpandSentences lists a member pair's statements
  // once per span pair; so any sort gives one order.
  arena.execute([&] {
    tbb::parallel_sort(out.pairs.begin(), out.pairs.end(), [](const Pair& x, const Pair& y) {
      if (x.a != y.a) return x.a < y.a;
      if (x.b != y.b) return x.b < y.b;
      if (x.span_a.begin != y.span_a.begin) return x.span_a.begin < y.span_a.begin;
      return x.span_b.begin < y.span_b.begin;
    });
  });
  return out;
}

}  // namespace neardup
