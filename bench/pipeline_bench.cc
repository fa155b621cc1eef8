// Whole-pipeline benchmark: Scanner::AddCorpus + Finish over a generated in-memory corpus, at the
// default lexical settings, with 1 thread and with every core. Items are paragraphs; bytes are
// document text bytes. Counters give the scanner's own stage split (per run, seconds).
#include <benchmark/benchmark.h>

#include <cstdint>
#include <map>
#include <memory>
#include <thread>
#include <utility>
#include <vector>

#include "bench/bench_data.h"
#include "neardup/corpus_reader.h"
#include "neardup/options.h"
#include "neardup/scan/scanner.h"

namespace neardup {
namespace {

constexpr size_t kParasPerDoc = 14;   // scripts/gen_corpus.py's articles average ~14 paragraphs
constexpr size_t kWordsPerPara = 50;  // and ~50 words per body paragraph
constexpr int kCopyPercent = 30;

// Serves documents from memory. Each Next copies the document, standing in for the decode a
// real reader does (a copy is cheaper than JSON decoding, so this slightly flatters the reader).
class MemoryCorpus final : public CorpusReader {
 public:
  explicit MemoryCorpus(const std::vector<Document>* docs) : docs_(docs) {}
  bool Next(Document* doc) override {
    if (next_ == docs_->size()) return false;
    *doc = (*docs_)[next_++];
    return true;
  }
  const Status& status() const override { return status_; }
  std::vector<ReadWarning> TakeWarnings() override { return {}; }

 private:
  const std::vector<Document>* docs_;
  size_t next_ = 0;
  Status status_;
};

// The corpus for `paragraphs`, generated once per size (deterministic from (size, seed)).
const std::vector<Document>& Corpus(size_t paragraphs) {
  static std::map<size_t, std::vector<Document>> cache;
  auto it = cache.find(paragraphs);
  if (it == cache.end()) {
    it = cache
             .emplace(paragraphs,
                      bench::NewsCorpus(paragraphs / kParasPerDoc, kParasPerDoc, kWordsPerPara,
                                        kCopyPercent, /*seed=*/paragraphs))
             .first;
  }
  return it->second;
}

// Args: paragraphs, threads (0 = every core).
void BM_ScanPipeline(benchmark::State& state) {
  const std::vector<Document>& docs = Corpus(static_cast<size_t>(state.range(0)));
  size_t bytes = 0;
  for (const Document& d : docs) bytes += d.text.size();
  Options options;  // library defaults: lexical, 3-grams, 128 permutations, threshold 0.5
  options.threads = static_cast<int>(state.range(1));
  double read = 0, match = 0, cluster = 0;
  uint64_t units = 0, pairs = 0;
  for (auto _ : state) {
    Scanner scanner(options);
    MemoryCorpus reader(&docs);
    const Status s = scanner.AddCorpus(&reader);
    if (!s.ok()) {
      state.SkipWithError("AddCorpus failed");
      break;
    }
    ScanResult result = scanner.Finish();
    benchmark::DoNotOptimize(result.pairs.data());
    read += result.stats.read_seconds;
    match += result.stats.match_seconds;
    cluster += result.stats.cluster_seconds;
    units = result.stats.units;
    pairs = result.stats.pairs;
  }
  const auto iters = static_cast<int64_t>(state.iterations());
  state.SetItemsProcessed(iters * static_cast<int64_t>(units));
  state.SetBytesProcessed(iters * static_cast<int64_t>(bytes));
  using benchmark::Counter;
  state.counters["pairs"] = static_cast<double>(pairs);
  state.counters["read_fp_s"] = Counter(read, Counter::kAvgIterations);
  state.counters["match_s"] = Counter(match, Counter::kAvgIterations);
  state.counters["cluster_s"] = Counter(cluster, Counter::kAvgIterations);
}
BENCHMARK(BM_ScanPipeline)
    ->ArgNames({"paragraphs", "threads"})
    ->Args({10000, 1})
    ->Args({10000, 0})
    ->Args({100000, 1})
    ->Args({100000, 0})
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace neardup
