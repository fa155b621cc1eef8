// ProgressDisplay (corpus_run.h): what the stages report, drawn on stderr with an estimate of the
// time left. The estimate: reading extrapolates from the bytes read of the input's size; a stage
// that counts its work (verification in reworded mode) extrapolates from its own rate; every other
// stage, and every stage not begun, is expected to take its measured share of the reading time
// (kShare, docs/measurements.md "Progress"), replaced by what it took once it is over.

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cinttypes>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <iterator>
#include <mutex>
#include <string>

#include "cli/corpus_run.h"

namespace neardup::cli {
namespace {

constexpr const char* kStages[] = {"reading",   "candidates", "verification",
                                   "sentences", "clustering", "writing"};
constexpr size_t kNumStages = std::size(kStages);

// Seconds each stage after reading takes per second of reading, measured with --timings on a
// generated corpus of 2,400 articles (29,674 paragraphs; scripts/gen_corpus.py --seed 5 --stories
// 400 --outlets 6): lexical read 0.49 s, candidates 0.03, verification 0.05, clustering 0.04;
// reworded read 0.61 s, candidates 0.43, verification 5.15 (null sample, scorer, estimates,
// documents), clustering 0.10, writing the report ~0.9 (texts, alignment). Writing is the
// report or the deduplicated corpus: about a second read.
constexpr double kShare[2][kNumStages] = {
    {1, 0.06, 0.1, 0, 0.1, 0.5},  // lexical
    {1, 0.7, 8.4, 0, 0.2, 1.5},   // reworded
};

size_t StageIndex(const char* stage) {
  for (size_t i = 0; i < kNumStages; ++i) {
    if (std::strcmp(stage, kStages[i]) == 0) return i;
  }
  return 0;
}

std::string Duration(double seconds) {
  const int64_t s = std::llround(seconds);
  char buf[48];
  if (s < 60) {
    std::snprintf(buf, sizeof buf, "%" PRId64 " s", s);
  } else if (s < 3600) {
    std::snprintf(buf, sizeof buf, "%" PRId64 " min %02" PRId64 " s", s / 60, s % 60);
  } else {
    std::snprintf(buf, sizeof buf, "%" PRId64 " h %02" PRId64 " min", s / 3600, (s % 3600) / 60);
  }
  return buf;
}

}  // namespace

struct ProgressDisplay::State {
  std::mutex mu;
  bool terminal = false;
  bool reworded = false;
  uint64_t total_bytes = 0;
  ProgressTicker::Clock::time_point start = ProgressTicker::Clock::now();
  Progress last;                 // the last report (its counts carry into the writing stage)
  double took[kNumStages] = {};  // seconds of each stage over
  size_t stage = 0;
  double stage_began = 0;  // when the stage reported last began (seconds into the run)
  bool drawn = false;      // a line is on the terminal
  double last_line = -10;  // non-terminal: when the last line was written

  // Seconds left for the whole run after report `p`; negative when unknown.
  double Remaining(const Progress& p, size_t k) const {
    const double* share = kShare[reworded ? 1 : 0];
    double read_total = took[0];
    if (k == 0) {
      if (total_bytes == 0 || p.bytes == 0) return -1;
      read_total = p.seconds * static_cast<double>(total_bytes) / static_cast<double>(p.bytes);
    }
    double left = 0;
    for (size_t j = k; j < kNumStages; ++j) {
      double expected = share[j] * read_total;
      double spent = 0;
      if (j == k) {
        spent = k == 0 ? p.seconds : p.stage_seconds;
        if (p.stage_total > 0 && p.stage_done > 0) {
          expected = p.stage_seconds * static_cast<double>(p.stage_total) /
                     static_cast<double>(p.stage_done);
        }
      }
      left += std::max(0.0, expected - spent);
    }
    return left;
  }

  void Draw(const Progress& p) {
    const std::lock_guard<std::mutex> lock(mu);
    const size_t k = StageIndex(p.stage);
    const bool changed = k != stage || !drawn;
    const double began = p.seconds - p.stage_seconds;
    if (k != stage && k > 0) {
      // The stage reported last is over, and any between it and this one took no time.
      took[stage] = std::max(0.0, began - stage_began);
      for (size_t j = stage + 1; j < k; ++j) took[j] = 0;
    }
    if (k == 0) took[0] = p.seconds;
    stage = k;
    stage_began = began;
    last = p;
    if (!terminal && !changed && p.seconds - last_line < 5) return;
    last_line = p.seconds;
    char head[160];
    std::snprintf(head, sizeof head, "neardup: %s (%zu/%zu), %llu documents, %llu paragraphs, %s",
                  p.stage, k + 1, kNumStages, static_cast<unsigned long long>(p.documents),
                  static_cast<unsigned long long>(p.units), Duration(p.seconds).c_str());
    std::string line = head;
    if (p.stage_total > 0) {
      line += ", " + std::to_string(100 * p.stage_done / p.stage_total) + "% of " +
              std::to_string(p.stage_total) + " candidates";
    }
    const double left = Remaining(p, k);
    line += left >= 0 ? ", ETA " + Duration(left) : ", ETA unknown";
    if (terminal) {
      std::fprintf(stderr, "\r\033[K%s", line.c_str());
    } else {
      std::fprintf(stderr, "%s\n", line.c_str());
    }
    drawn = true;
    std::fflush(stderr);
  }
};

ProgressDisplay::ProgressDisplay(const CommonOptions& c, const std::vector<std::string>& paths) {
  const bool tty = isatty(STDERR_FILENO) != 0;
  if (c.progress == "never" || (c.progress != "always" && (c.quiet || !tty))) return;
  state_ = std::make_shared<State>();
  state_->terminal = tty;
  state_->reworded = c.options.mode == Mode::kReworded;
  state_->total_bytes = TotalInputBytes(paths);
}

ProgressDisplay::~ProgressDisplay() { Clear(); }

ProgressCallback ProgressDisplay::Callback() const {
  if (!state_) return {};
  std::shared_ptr<State> s = state_;
  return [s](const Progress& p) { s->Draw(p); };
}

std::unique_ptr<ProgressTicker> ProgressDisplay::Writing() const {
  if (!state_) return nullptr;
  Progress base;
  {
    const std::lock_guard<std::mutex> lock(state_->mu);
    base = state_->last;
  }
  auto ticker = std::make_unique<ProgressTicker>(Callback(), base, state_->start);
  ticker->Stage("writing");
  return ticker;
}

void ProgressDisplay::Clear() const {
  if (!state_) return;
  const std::lock_guard<std::mutex> lock(state_->mu);
  if (state_->terminal && state_->drawn) {
    std::fprintf(stderr, "\r\033[K");
    std::fflush(stderr);
  }
  state_->drawn = false;
}

}  // namespace neardup::cli
