// WordAligner: LCS over content stems (LcsSolver), stopwords next to the matches, then runs.

#include "neardup/report/alignment.h"

#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>

#include "neardup/options.h"
#include "neardup/text/shingler.h"
#include "neardup/verify/lcs.h"

namespace neardup {
namespace {

// Runs of consecutive words with the same `in` flag, as byte ranges (the lists sized first: one
// allocation each).
void Runs(const TokenList& words, const std::vector<uint8_t>& in, AlignedSide* side) {
  const size_t n = words.size();
  if (n == 0) return;
  const uint8_t* flag = in.data();
  size_t changes = 0;
  for (size_t i = 1; i < n; ++i) changes += flag[i] != flag[i - 1] ? 1 : 0;
  // changes + 1 runs, alternating, starting with flag[0]'s kind.
  const size_t first_kind = (changes + 2) / 2, other_kind = (changes + 1) / 2;
  side->shared.reserve(flag[0] ? first_kind : other_kind);
  side->only.reserve(flag[0] ? other_kind : first_kind);
  const Token* t = words.tokens.data();
  uint32_t begin = t[0].begin;
  for (size_t i = 1; i <= n; ++i) {
    if (i == n || flag[i] != flag[i - 1]) {
      (flag[i - 1] ? side->shared : side->only).push_back(ByteRange{begin, t[i - 1].end});
      if (i < n) begin = t[i].begin;
    }
  }
}

// The maximal runs of set flags in `in`, into *runs (exactly sized). O(in).
void FlagRuns(const std::vector<uint8_t>& in, std::vector<WordRun>* runs) {
  const size_t n = in.size();
  size_t count = 0;
  for (size_t i = 0; i < n; ++i) count += in[i] && (i == 0 || !in[i - 1]) ? 1u : 0u;
  runs->reserve(count);
  for (size_t i = 0; i < n;) {
    if (!in[i]) {
      ++i;
      continue;
    }
    size_t e = i + 1;
    while (e < n && in[e]) ++e;
    runs->push_back({static_cast<uint32_t>(i), static_cast<uint32_t>(e)});
    i = e;
  }
}

}  // namespace

std::vector<WordRun> RunsOfIndices(const std::vector<uint32_t>& indices) {
  std::vector<WordRun> runs;
  for (const uint32_t i : indices) {
    if (!runs.empty() && runs.back().end == i) {
      ++runs.back().end;
    } else {
      runs.push_back({i, i + 1});
    }
  }
  return runs;
}

void WordAligner::Prepare(std::string_view text, ByteRange r, uint64_t seed, TokenList* words,
                          StemmedWords* stems) {
  words->Clear();
  if (r.end > text.size() || r.begin > r.end) return;
  tokenizer_.Tokenize(text.substr(r.begin, r.end - r.begin), r.begin, words);
  HashWords(*words, seed, &word_hashes_);
  features_.Stem(*words, word_hashes_, seed, stems);
}

Alignment WordAligner::Align(std::string_view text_a, ByteRange ra, std::string_view text_b,
                             ByteRange rb, uint64_t seed) {
  Alignment out;
  // Pairs come sorted by their first unit, so side a is often the paragraph of the previous call.
  if (text_a.data() != last_a_text_ || ra.begin != last_a_range_.begin ||
      ra.end != last_a_range_.end || seed != last_a_seed_) {
    Prepare(text_a, ra, seed, &words_a_, &stems_a_);
    last_a_text_ = text_a.data();
    last_a_range_ = ra;
    last_a_seed_ = seed;
  }
  // Side b from a small cache: a paragraph copied by several outlets is side b of several pairs.
  const size_t slot = (reinterpret_cast<uintptr_t>(text_b.data()) * 0x9E3779B97F4A7C15ULL +
                       rb.begin * 0xBF58476D1CE4E5B9ULL) >>
                      57;
  PreparedSide& c = cache_[slot];
  if (c.text != text_b.data() || c.range.begin != rb.begin || c.range.end != rb.end ||
      c.seed != seed) {
    Prepare(text_b, rb, seed, &c.words, &c.stems);
    c.text = text_b.data();
    c.range = rb;
    c.seed = seed;
  }
  const TokenList& words_b = c.words;
  const StemmedWords& stems_b = c.stems;
  const size_t n = words_a_.size(), m = words_b.size();
  out.a.words = static_cast<uint32_t>(n);
  out.b.words = static_cast<uint32_t>(m);
  std::vector<uint8_t>& in_a = in_a_;
  std::vector<uint8_t>& in_b = in_b_;
  in_a.assign(n, 0);
  in_b.assign(m, 0);
  if (stems_a_.stems == stems_b.stems) {
    // The same stems in the same order (identical paragraphs): one run of matches, kept when it
    // holds a content word — what the alignment below finds, without its O(n m) table.
    if (std::find(stems_a_.content.begin(), stems_a_.content.end(), true) !=
        stems_a_.content.end()) {
      in_a.assign(n, 1);
      in_b.assign(m, 1);
      out.a.matched.push_back({0, static_cast<uint32_t>(n)});
      out.b.matched.push_back({0, static_cast<uint32_t>(m)});
      out.aligned_words = static_cast<uint32_t>(n);
    }
  } else if (n > 0 && m > 0) {
    // A longest common subsequence of the content stems. When it holds at least half of the
    // smaller side's content words it is all but unique, and the stopwords next to its matches
    // follow. When it holds fewer (a sentence or a clause inside other text), several equally
    // long ones may exist, and the weighted table picks the one whose matches sit in runs with
    // their stopwords ("has termed ... slander", not three scattered names).
    content_a_.clear();
    content_b_.clear();
    stems_ca_.clear();
    stems_cb_.clear();
    for (uint32_t i = 0; i < n; ++i) {
      if (stems_a_.content[i]) {
        content_a_.push_back(i);
        stems_ca_.push_back(stems_a_.stems[i]);
      }
    }
    for (uint32_t j = 0; j < m; ++j) {
      if (stems_b.content[j]) {
        content_b_.push_back(j);
        stems_cb_.push_back(stems_b.stems[j]);
      }
    }
    const uint64_t content_cells = static_cast<uint64_t>(content_a_.size()) * content_b_.size();
    const bool table_fits = static_cast<uint64_t>(n + 1) * (m + 1) <= kMaxTableCells;
    if (content_cells > kMaxCells) {
      out.truncated = true;
    } else {
      const LcsMatches& lcs = lcs_.Solve(stems_ca_, stems_cb_);
      if (2 * lcs.size() < std::min(content_a_.size(), content_b_.size()) && table_fits) {
        AlignByTable(stems_a_, stems_b, &in_a, &in_b);
      } else {
        for (const auto& [ci, cj] : lcs) {
          in_a[content_a_[ci]] = 1;
          in_b[content_b_[cj]] = 1;
        }
        auto stopword_pair = [&](size_t i, size_t j) {
          return !in_a[i] && !in_b[j] && !stems_a_.content[i] && !stems_b.content[j] &&
                 stems_a_.stems[i] == stems_b.stems[j];
        };
        for (const auto& [ci, cj] : lcs) {
          const size_t i = content_a_[ci], j = content_b_[cj];
          for (size_t k = 1; k <= i && k <= j && stopword_pair(i - k, j - k); ++k) {
            in_a[i - k] = in_b[j - k] = 1;
          }
          for (size_t k = 1; i + k < n && j + k < m && stopword_pair(i + k, j + k); ++k) {
            in_a[i + k] = in_b[j + k] = 1;
          }
        }
      }
      out.aligned_words = static_cast<uint32_t>(std::count(in_a.begin(), in_a.end(), uint8_t{1}));
      FlagRuns(in_a, &out.a.matched);
      FlagRuns(in_b, &out.b.matched);
    }
  }
  Runs(words_a_, in_a, &out.a);
  Runs(words_b, in_b, &out.b);
  return out;
}

void WordAligner::AlignByTable(const StemmedWords& a, const StemmedWords& b,
                               std::vector<uint8_t>* in_a, std::vector<uint8_t>* in_b) {
  constexpr uint32_t kContentWeight = 4;  // a stopword weighs 1: 0.25 of a content word
  const size_t n = a.stems.size(), m = b.stems.size(), w = m + 1;
  // dp[i][j]: best weight aligning a[i..) with b[j..).
  dp_.assign((n + 1) * w, 0);
  for (size_t i = n; i-- > 0;) {
    for (size_t j = m; j-- > 0;) {
      uint32_t best = std::max(dp_[(i + 1) * w + j], dp_[i * w + j + 1]);
      if (a.stems[i] == b.stems[j]) {
        best = std::max(best, dp_[(i + 1) * w + j + 1] + (a.content[i] ? kContentWeight : 1));
      }
      dp_[i * w + j] = best;
    }
  }
  std::vector<std::pair<uint32_t, uint32_t>> matches;
  for (size_t i = 0, j = 0; i < n && j < m;) {
    if (a.stems[i] == b.stems[j] &&
        dp_[i * w + j] == dp_[(i + 1) * w + j + 1] + (a.content[i] ? kContentWeight : 1)) {
      matches.emplace_back(static_cast<uint32_t>(i), static_cast<uint32_t>(j));
      ++i;
      ++j;
    } else if (dp_[(i + 1) * w + j] >= dp_[i * w + j + 1]) {
      ++i;
    } else {
      ++j;
    }
  }
  // Keep a matched stopword only inside a run of matches (consecutive on both sides) that holds
  // a content word.
  for (size_t k = 0; k < matches.size();) {
    size_t e = k + 1;
    while (e < matches.size() && matches[e].first == matches[e - 1].first + 1 &&
           matches[e].second == matches[e - 1].second + 1) {
      ++e;
    }
    bool content = false;
    for (size_t x = k; x < e; ++x) content = content || a.content[matches[x].first];
    if (content) {
      for (size_t x = k; x < e; ++x) {
        (*in_a)[matches[x].first] = 1;
        (*in_b)[matches[x].second] = 1;
      }
    }
    k = e;
  }
}

void WordAligner::ShiftToParagraph(std::string_view text, ByteRange before, AlignedSide* side) {
  prefix_.Clear();
  tokenizer_.Tokenize(text.substr(before.begin, before.end - before.begin), before.begin, &prefix_);
  const uint32_t shift = static_cast<uint32_t>(prefix_.size());
  for (WordRun& run : side->matched) {
    run.begin += shift;
    run.end += shift;
  }
}

Alignment AlignPair(const ScanResult& result, size_t i, const DocTexts& texts, uint64_t seed,
                    WordAligner* aligner) {
  const Pair& p = result.pairs[i];
  const UnitRef& a = result.units[p.a];
  const UnitRef& b = result.units[p.b];
  const std::string* ta = texts.Text(a.doc);
  const std::string* tb = texts.Text(b.doc);
  if (ta == nullptr || tb == nullptr) return Alignment();
  Alignment out = aligner->Align(*ta, p.span_a, *tb, p.span_b, seed);
  // A sentence pair: word indices count from the paragraph's first word.
  if (p.span_a.begin > a.range.begin) {
    aligner->ShiftToParagraph(*ta, ByteRange{a.range.begin, p.span_a.begin}, &out.a);
  }
  if (p.span_b.begin > b.range.begin) {
    aligner->ShiftToParagraph(*tb, ByteRange{b.range.begin, p.span_b.begin}, &out.b);
  }
  return out;
}

std::vector<Alignment> AlignPairs(const ScanResult& result, const DocTexts& texts, uint64_t seed,
                                  int threads) {
  std::vector<Alignment> out(result.pairs.size());
  tbb::enumerable_thread_specific<WordAligner> aligners;
  tbb::task_arena arena(ThreadsToUse(threads));
  arena.execute([&] {
    tbb::parallel_for(tbb::blocked_range<size_t>(0, result.pairs.size(), 16),
                      [&](const tbb::blocked_range<size_t>& r) {
                        WordAligner& aligner = aligners.local();
                        for (size_t i = r.begin(); i < r.end(); ++i) {
                          out[i] = AlignPair(result, i, texts, seed, &aligner);
                        }
                      });
  });
  return out;
}

}  // namespace neardup
