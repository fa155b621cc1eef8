// libFuzzer target: arbitrary bytes through the readers of `neardup eval`'s outside input. The
// first byte picks the reader: even = a gold file (ParseGold, then ResolvePhrases against a fixed
// text), odd = a scan report (ParseRun, then scoring against itself); the rest is the file. Built
// by tests/fuzz/CMakeLists.txt (scripts/fuzz).

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "neardup/evaluation.h"
#include "neardup/gold.h"

namespace {

void CheckSource(const neardup::Status& s, std::string_view name) {
  // Every failure names the file and line it is about.
  if (s.ok() || s.message().rfind(std::string(name) + ":", 0) != 0) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
  if ((data[0] & 1) == 0) {
    auto gold = neardup::ParseGold(input, "fuzz.gold");
    if (!gold.ok()) {
      CheckSource(gold.status(), "fuzz.gold");
      return 0;
    }
    for (const neardup::GoldPair& p : *gold) {
      if (p.source.rfind("fuzz.gold:", 0) != 0) __builtin_trap();
      for (const neardup::GoldSide* s : {&p.a, &p.b}) {
        if (s->phrase.empty() != s->resolved) __builtin_trap();  // ranges resolve at once
        if (s->resolved && s->range.begin >= s->range.end) __builtin_trap();
      }
    }
    static const std::string kText = "grave consequences, slander and a joint investigation; grave";
    const neardup::Status s = neardup::ResolvePhrases(
        &*gold, [](const std::string& doc) { return doc == "x" ? &kText : nullptr; });
    if (!s.ok()) {
      CheckSource(s, "fuzz.gold");
      return 0;
    }
    for (const neardup::GoldPair& p : *gold) {
      for (const neardup::GoldSide* side : {&p.a, &p.b}) {
        if (!side->resolved || side->range.end > kText.size()) __builtin_trap();
        if (!side->phrase.empty() &&
            kText.compare(side->range.begin, side->range.end - side->range.begin, side->phrase) !=
                0) {
          __builtin_trap();
        }
      }
    }
    return 0;
  }
  auto run = neardup::ParseRun(input, "fuzz.jsonl");
  if (!run.ok()) {
    CheckSource(run.status(), "fuzz.jsonl");
    return 0;
  }
  // A run is its own exact reference: nothing lost, nothing extra.
  const neardup::ReferenceScore r =
      neardup::ScoreAgainstReference(*run, *run, neardup::EvalOptions{});
  if (r.missing != 0 || r.extra != 0 || r.found != r.reference_pairs) __builtin_trap();
  if (!neardup::SettingsDifferences(*run, *run).empty()) __builtin_trap();
  return 0;
}
