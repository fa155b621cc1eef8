// Streaming API: a crash-safe index that answers "have I seen this copy before?" per document.
// Usage: filter_example INDEX_DIR   (created when absent; run it twice: the second run replays)

#include <cstdio>
#include <string>
#include <vector>

#include "neardup/neardup.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: filter_example INDEX_DIR\n");
    return 2;
  }
  neardup::IndexOptions options;  // reworded matching; duplicate when >= half its words are copies
  neardup::StatusOr<std::unique_ptr<neardup::Index>> index = neardup::Index::Open(argv[1], options);
  if (!index.ok()) {  // e.g. Unavailable: another process is writing this index
    std::fprintf(stderr, "error: %s\n", index.status().message().c_str());
    return 1;
  }
  const std::string story =
      "Rescue teams reached the flooded valley on Sunday after two days of rain cut the only road, "
      "officials said, and began moving families to a school on higher ground.";
  const std::vector<neardup::Document> arriving = {
      {"site-a/1", story, ""},
      {"site-b/7", "Breaking.\n\n" + story, ""},
      {"site-c/3", "A new bakery opened on the main square, selling bread baked in a wood oven.",
       ""},
  };
  std::vector<neardup::IndexVerdict> verdicts;
  for (const neardup::Document& doc : arriving) {
    neardup::StatusOr<neardup::IndexVerdict> v = (*index)->Check(doc);
    if (!v.ok()) {
      std::fprintf(stderr, "error: %s: %s\n", doc.id.c_str(), v.status().message().c_str());
      return 1;
    }
    verdicts.push_back(std::move(*v));
  }
  // Nothing above is durable, and no verdict may be acted upon, before Commit returns OK.
  if (neardup::Status s = (*index)->Commit(); !s.ok()) {
    std::fprintf(stderr, "error: %s\n", s.message().c_str());
    return 1;
  }
  for (size_t i = 0; i < arriving.size(); ++i) {
    std::printf("%s %s %s\n", arriving[i].id.c_str(), verdicts[i].duplicate ? "duplicate" : "new",
                verdicts[i].ToJson().c_str());
  }
  return 0;
}
