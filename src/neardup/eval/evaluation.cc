// Scoring a run against a gold file and against the exact reference (evaluation.h).

#include "neardup/evaluation.h"

#include <cmath>
#include <limits>
#include <map>
#include <unordered_map>
#include <unordered_set>

namespace neardup {
namespace {

bool Overlaps(ByteRange a, ByteRange b) { return a.begin < b.end && b.begin < a.end; }

bool SideMatches(const GoldSide& g, const UnitSpan& u) {
  return g.resolved && g.doc == u.doc && Overlaps(g.range, u.range);
}

bool PairMatches(const GoldPair& g, const RunPair& r) {
  return (SideMatches(g.a, r.a) && SideMatches(g.b, r.b)) ||
         (SideMatches(g.a, r.b) && SideMatches(g.b, r.a));
}

// Unordered key of two document ids.
std::string DocKey(const std::string& x, const std::string& y) {
  const std::string& lo = x < y ? x : y;
  const std::string& hi = x < y ? y : x;
  std::string key = lo;
  key.push_back('\0');
  key.append(hi);
  return key;
}

// Unordered key of a pair of paragraphs (document + byte range).
std::string PairKey(const RunPair& p) {
  auto side = [](const UnitSpan& u) {
    return u.doc + '\0' + std::to_string(u.range.begin) + ':' + std::to_string(u.range.end);
  };
  std::string x = side(p.a), y = side(p.b);
  if (y < x) std::swap(x, y);
  return x + '\x01' + y;
}

double Ratio(size_t num, size_t den) {
  return den == 0 ? std::numeric_limits<double>::quiet_NaN()
                  : static_cast<double>(num) / static_cast<double>(den);
}

}  // namespace

GoldScore ScoreAgainstGold(const RunOutput& run, const std::vector<GoldPair>& gold,
                           const EvalOptions& options) {
  GoldScore s;
  s.run_pairs = run.pairs.size();
  s.match.assign(run.pairs.size(), kNoMatch);
  s.scored.assign(run.pairs.size(), false);
  s.gold_found.assign(gold.size(), false);
  s.gold_scored.assign(gold.size(), false);

  std::unordered_map<std::string, size_t> label_index;
  std::vector<size_t> label_of(gold.size());
  std::unordered_map<std::string, std::vector<size_t>> by_docs;  // doc pair -> gold pairs
  for (size_t i = 0; i < gold.size(); ++i) {
    const GoldPair& g = gold[i];
    auto [it, added] = label_index.emplace(g.label, s.labels.size());
    if (added) s.labels.push_back(LabelScore{g.label});
    label_of[i] = it->second;
    if (options.cross_doc_only && g.a.doc == g.b.doc) {
      ++s.gold_set_aside;
      continue;
    }
    s.gold_scored[i] = true;
    (g.optional ? s.labels[label_of[i]].optional : s.labels[label_of[i]].required)++;
    (g.optional ? s.optional : s.required)++;
    by_docs[DocKey(g.a.doc, g.b.doc)].push_back(i);
  }

  for (size_t r = 0; r < run.pairs.size(); ++r) {
    const RunPair& p = run.pairs[r];
    if (options.cross_doc_only && p.a.doc == p.b.doc) {
      ++s.set_aside;
      continue;
    }
    s.scored[r] = true;
    size_t best = kNoMatch;
    if (auto it = by_docs.find(DocKey(p.a.doc, p.b.doc)); it != by_docs.end()) {
      for (size_t g : it->second) {
        if (!PairMatches(gold[g], p)) continue;
        s.gold_found[g] = true;
        if (best == kNoMatch || (gold[best].optional && !gold[g].optional)) best = g;
      }
    }
    s.match[r] = best;
    if (best == kNoMatch) {
      ++s.wrong;
    } else {
      ++s.labels[label_of[best]].run_pairs;
      (gold[best].optional ? s.neutral : s.correct)++;
    }
  }
  for (size_t g = 0; g < gold.size(); ++g) {
    if (!s.gold_found[g]) continue;
    (gold[g].optional ? s.labels[label_of[g]].optional_found : s.labels[label_of[g]].found)++;
    (gold[g].optional ? s.optional_found : s.found)++;
  }
  s.precision = Ratio(s.correct, s.correct + s.wrong);
  s.recall = Ratio(s.found, s.required);
  if (std::isnan(s.precision) || std::isnan(s.recall)) {
    s.f1 = std::numeric_limits<double>::quiet_NaN();
  } else {
    s.f1 = s.precision + s.recall == 0 ? 0 : 2 * s.precision * s.recall / (s.precision + s.recall);
  }
  return s;
}

ReferenceScore ScoreAgainstReference(const RunOutput& run, const RunOutput& reference,
                                     const EvalOptions& options) {
  ReferenceScore s;
  auto skip = [&](const RunPair& p) { return options.cross_doc_only && p.a.doc == p.b.doc; };
  std::unordered_set<std::string> in_run, in_ref;
  for (const RunPair& p : run.pairs) {
    if (!skip(p)) in_run.insert(PairKey(p));
  }
  for (size_t i = 0; i < reference.pairs.size(); ++i) {
    const RunPair& p = reference.pairs[i];
    if (skip(p)) continue;
    std::string key = PairKey(p);
    if (!in_ref.insert(key).second) continue;  // listed twice: count once
    ++s.reference_pairs;
    if (in_run.contains(key)) {
      ++s.found;
    } else {
      ++s.missing;
      s.missing_pairs.push_back(i);
    }
  }
  std::unordered_set<std::string> counted;
  for (size_t i = 0; i < run.pairs.size(); ++i) {
    const RunPair& p = run.pairs[i];
    if (skip(p)) continue;
    std::string key = PairKey(p);
    if (!counted.insert(key).second) continue;
    ++s.run_pairs;
    if (!in_ref.contains(key)) {
      ++s.extra;
      s.extra_pairs.push_back(i);
    }
  }
  s.recall = Ratio(s.found, s.reference_pairs);
  s.loss = std::isnan(s.recall) ? s.recall : 1 - s.recall;
  return s;
}

}  // namespace neardup
