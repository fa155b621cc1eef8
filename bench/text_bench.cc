// Benchmarks of the stages around the MinHash kernel, per paragraph of generated text:
// split (ParagraphSplitter), normalize + tokenize (Tokenizer), word hashing and shingling
// (HashWords + ShingleIds), and the whole per-paragraph fingerprint (tokenize -> shingle ->
// sketch -> band keys) that the scanner runs on every core. Items are paragraphs; bytes are the
// paragraph text's UTF-8 bytes.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <string>
#include <vector>

#include "bench/bench_data.h"
#include "neardup/sketch/lsh.h"
#include "neardup/sketch/minhash.h"
#include "neardup/text/paragraph_splitter.h"
#include "neardup/text/shingler.h"
#include "neardup/text/tokenizer.h"

namespace neardup {
namespace {

constexpr size_t kParagraphs = 256;  // cycled, so inputs are not all hot in L1
constexpr uint64_t kSeed = 42;

// `kParagraphs` paragraphs of `words` words, `non_ascii` percent of the words accented.
std::vector<std::string> Paragraphs(size_t words, int non_ascii) {
  bench::TextGenerator gen(20000, non_ascii,
                           /*seed=*/words * 131 + static_cast<uint64_t>(non_ascii));
  std::vector<std::string> out;
  for (size_t i = 0; i < kParagraphs; ++i) out.push_back(gen.Paragraph(words));
  return out;
}

size_t TotalBytes(const std::vector<std::string>& v) {
  size_t n = 0;
  for (const std::string& s : v) n += s.size();
  return n;
}

void SetPerParagraph(benchmark::State& state, const std::vector<std::string>& paragraphs) {
  const auto iters = static_cast<int64_t>(state.iterations());
  state.SetItemsProcessed(iters);
  state.SetBytesProcessed(iters * static_cast<int64_t>(TotalBytes(paragraphs) / paragraphs.size()));
}

// Normalize + tokenize one paragraph. Args: words, percent of non-ASCII words.
void BM_Tokenize(benchmark::State& state) {
  const auto paragraphs =
      Paragraphs(static_cast<size_t>(state.range(0)), static_cast<int>(state.range(1)));
  Tokenizer tokenizer;
  TokenList words;
  size_t i = 0;
  for (auto _ : state) {
    words.Clear();
    tokenizer.Tokenize(paragraphs[i++ % kParagraphs], 0, &words);
    benchmark::DoNotOptimize(words.tokens.data());
  }
  SetPerParagraph(state, paragraphs);
}
BENCHMARK(BM_Tokenize)
    ->ArgNames({"words", "non_ascii_pct"})
    ->Args({10, 0})
    ->Args({100, 0})
    ->Args({1000, 0})
    ->Args({100, 10})
    ->Args({100, 100});

// Word hashing + k-gram shingle ids (sorted, unique) from an already tokenized paragraph.
void BM_Shingle(benchmark::State& state) {
  const auto paragraphs = Paragraphs(static_cast<size_t>(state.range(0)), 0);
  Tokenizer tokenizer;
  std::vector<TokenList> lists(kParagraphs);
  for (size_t i = 0; i < kParagraphs; ++i) tokenizer.Tokenize(paragraphs[i], 0, &lists[i]);
  std::vector<uint64_t> hashes;
  std::vector<uint32_t> ids;
  size_t i = 0;
  for (auto _ : state) {
    const TokenList& words = lists[i++ % kParagraphs];
    HashWords(words, kSeed, &hashes);
    ShingleIds(hashes, 3, kSeed, &ids);
    benchmark::DoNotOptimize(ids.data());
  }
  SetPerParagraph(state, paragraphs);
}
BENCHMARK(BM_Shingle)->ArgName("words")->Arg(10)->Arg(100)->Arg(1000);

// Everything the scanner does per paragraph on a worker thread, at the default settings
// (3-grams, 128 permutations, threshold 0.5 -> OptimalLshParams with the Options weights).
void BM_FingerprintParagraph(benchmark::State& state) {
  const auto paragraphs = Paragraphs(static_cast<size_t>(state.range(0)), 0);
  const MinHasher hasher(128, kSeed);
  const LshParams lsh = OptimalLshParams(0.5, 128, 0.05, 0.95);
  Tokenizer tokenizer;
  TokenList words;
  std::vector<uint64_t> hashes;
  std::vector<uint32_t> ids, sig(128), keys(static_cast<size_t>(lsh.bands));
  size_t i = 0;
  for (auto _ : state) {
    words.Clear();
    tokenizer.Tokenize(paragraphs[i++ % kParagraphs], 0, &words);
    HashWords(words, kSeed, &hashes);
    ShingleIds(hashes, 3, kSeed, &ids);
    hasher.Sketch(ids, sig.data());
    BandKeys(sig.data(), lsh, keys.data());
    benchmark::DoNotOptimize(keys.data());
  }
  SetPerParagraph(state, paragraphs);
}
BENCHMARK(BM_FingerprintParagraph)->ArgName("words")->Arg(10)->Arg(100)->Arg(1000);

// Paragraph splitting of a document of `paras` paragraphs of ~50 words. layout 0: paragraphs
// separated by blank lines (the generator's and most files' layout); 1: one paragraph per line
// (the sentence-end rule splits them). Items are paragraphs.
void BM_SplitParagraphs(benchmark::State& state) {
  const auto paras = static_cast<size_t>(state.range(0));
  const bool one_per_line = state.range(1) == 1;
  bench::TextGenerator gen(20000, 0, paras);
  std::string doc;
  for (size_t p = 0; p < paras; ++p) {
    if (p > 0) doc += one_per_line ? "\n" : "\n\n";
    gen.Paragraph(30 + gen.rng()() % 41, &doc);
  }
  const ParagraphSplitter splitter;
  size_t got = 0;
  for (auto _ : state) {
    const std::vector<ByteRange> ranges = splitter.Split(doc);
    got = ranges.size();
    benchmark::DoNotOptimize(ranges.data());
  }
  if (got != paras) state.SkipWithError("splitter found a different number of paragraphs");
  const auto iters = static_cast<int64_t>(state.iterations());
  state.SetItemsProcessed(iters * static_cast<int64_t>(paras));
  state.SetBytesProcessed(iters * static_cast<int64_t>(doc.size()));
}
BENCHMARK(BM_SplitParagraphs)
    ->ArgNames({"paras", "one_per_line"})
    ->Args({1, 0})
    ->Args({14, 0})
    ->Args({200, 0})
    ->Args({14, 1});

}  // namespace
}  // namespace neardup
