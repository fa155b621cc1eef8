// Batch API: find the paragraphs two articles share, then the clusters of copies.
// Usage: batch_example [PATH...]   (folders, .txt or .jsonl files; built-in articles without)

#include <cstdio>
#include <string>
#include <vector>

#include "neardup/neardup.h"

int main(int argc, char** argv) {
  neardup::Options options;  // reworded (the default); mode = kLexical for exact Jaccard
  options.threads = 1;
  neardup::StatusOr<std::unique_ptr<neardup::Corpus>> corpus = neardup::Corpus::Create(options);
  if (!corpus.ok()) {
    std::fprintf(stderr, "error: %s\n", corpus.status().message().c_str());
    return 1;
  }
  if (argc > 1) {
    std::vector<std::string> paths(argv + 1, argv + argc);
    if (neardup::Status s = (*corpus)->AddPaths(paths); !s.ok()) {
      std::fprintf(stderr, "error: %s\n", s.message().c_str());
      return 1;
    }
  } else {
    const std::string wire =
        "The central bank raised its main interest rate by a quarter point on Thursday, the third "
        "increase this year, citing stubborn inflation in services.\n\n"
        "Economists had expected the move after figures last week showed prices rising faster "
        "than forecast.";
    const std::string copy =
        "Local news in brief.\n\n"
        "The central bank raised its main interest rate by a quarter point on Thursday, the third "
        "increase this year, citing stubborn inflation in services and wages.";
    (*corpus)->Add("wire", wire);
    (*corpus)->Add("paper", copy);
  }
  neardup::StatusOr<neardup::ScanResult> result = (*corpus)->Find();
  if (!result.ok()) {
    std::fprintf(stderr, "error: %s\n", result.status().message().c_str());
    return 1;
  }
  const neardup::ScanResult& r = *result;
  for (const neardup::ReadWarning& w : r.warnings)
    std::fprintf(stderr, "warning: %s\n", w.message.c_str());
  for (const neardup::Pair& p : r.pairs) {
    const neardup::UnitRef& a = r.units[p.a];
    const neardup::UnitRef& b = r.units[p.b];
    std::printf("pair %s#%u ~ %s#%u similarity %.3f\n", r.doc_ids[a.doc].c_str(), a.para,
                r.doc_ids[b.doc].c_str(), b.para, p.similarity);
  }
  for (const neardup::Cluster& c : r.clusters) {
    std::printf("cluster %u: %zu paragraphs\n", c.id, c.members.size());
  }
  std::printf("%llu documents, %llu paragraphs, %zu pairs\n",
              static_cast<unsigned long long>(r.stats.documents),
              static_cast<unsigned long long>(r.stats.units), r.pairs.size());
  return 0;
}
