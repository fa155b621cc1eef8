// libFuzzer target: arbitrary bytes as an index's data.mdb, opened read-only (Index::Open), then
// read in full (Stats with verify) and queried once. Damage must come back as a Status — never a
// crash, a hang or a sanitizer report. Seeds are small real indexes and damaged copies of them.
// Built by tests/fuzz/CMakeLists.txt (scripts/fuzz); ctest replays tests/fuzz/corpus/index_open/.

#include <stdlib.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>

#include "neardup/index.h"
#include "neardup/index/lmdb_env.h"

namespace {

// A scratch folder for this process, reused by every input.
const std::string& Scratch() {
  static const std::string dir = [] {
    std::string tmpl = "/tmp/neardup-index-fuzz-XXXXXX";
    if (::mkdtemp(tmpl.data()) == nullptr) ::abort();
    return tmpl;
  }();
  return dir;
}

bool WriteFile(const std::string& path, const uint8_t* data, size_t size) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) return false;
  const bool ok =
      size == 0 || std::fwrite(data, 1, size, f) == size;  // data may be null when empty
  return std::fclose(f) == 0 && ok;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // A damaged page can make LMDB loop; its watchdog ends the call after this much CPU time.
  static const bool limited = (neardup::internal::SetLmdbCallCpuLimit(0.5), true);
  (void)limited;
  const std::string& dir = Scratch();
  const std::string file = dir + "/data.mdb";
  ::unlink((dir + "/lock.mdb").c_str());
  if (!WriteFile(file, data, size)) ::abort();
  neardup::IndexOptions options;
  options.read_only = true;
  options.adopt_settings = true;  // whatever settings the bytes hold, if they hold any
  neardup::StatusOr<std::unique_ptr<neardup::Index>> index = neardup::Index::Open(dir, options);
  if (index.ok()) {
    neardup::StatusOr<neardup::IndexStats> stats = (*index)->Stats(/*verify=*/true);
    if (stats.ok()) {
      neardup::Document doc;
      doc.id = "fuzz";
      doc.text = "The minister announced on Tuesday that the new rail line would open next spring.";
      (void)(*index)->Query(doc);
    }
  } else if (index.status().message().empty()) {
    ::abort();  // every failure names what is wrong
  }
  ::unlink(file.c_str());
  return 0;
}
