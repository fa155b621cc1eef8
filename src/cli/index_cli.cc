// The index commands' shared option groups and record loop.

#include "cli/index_cli.h"

#include <fcntl.h>
#include <unistd.h>
#include <xxhash.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string_view>
#include <vector>

#include "cli/corpus_run.h"
#include "neardup/base/json_writer.h"
#include "neardup/io/record_stream.h"

namespace neardup::cli {
namespace po = boost::program_options;

po::options_description IndexOptionsGroup(IndexCliOptions* o) {
  po::options_description d("index");
  d.add_options()("index", po::value(&o->dir), "index folder (created by filter when absent)")(
      "duplicate-coverage",
      po::value(&o->duplicate_coverage)->default_value(o->duplicate_coverage, "0.5"),
      "a document is a duplicate when at least this fraction of its words lies in paragraphs that "
      "match earlier documents' paragraphs, in (0, 1]");
  return d;
}

po::options_description IndexMatchingOptions(CommonOptions* c) {
  Options* m = &c->options;
  po::options_description d("matching (fixed when the index is created)");
  d.add_options()(
      "mode", po::value(&c->mode)->default_value(c->mode),
      "matching mode: reworded (stemmed content words, Ochiai similarity; the default) or lexical "
      "(word shingles, Jaccard)")("ngram", po::value(&m->ngram)->default_value(m->ngram),
                                  "words per shingle (1-32)")(
      "num-perm", po::value(&m->num_perm)->default_value(m->num_perm),
      "MinHash signature length (2-4096)")(
      "threshold", po::value(&m->threshold)->default_value(m->threshold, "0.5"),
      "paragraphs match at similarity >= this (lexical: Jaccard of shingles; reworded: Ochiai of "
      "content stems), in (0, 1]; may change between runs")(
      "seed", po::value(&m->seed)->default_value(m->seed), "hash seed");
  return d;
}

int CheckIndexUsage(const char* command, const CommonOptions& c, const IndexCliOptions& o) {
  if (o.dir.empty()) return UsageError(command, "--index DIR is required");
  if (c.mode != "lexical" && c.mode != "reworded") {
    return UsageError(command, "--mode must be lexical or reworded, got '" + c.mode + "'");
  }
  if (!(o.duplicate_coverage > 0 && o.duplicate_coverage <= 1)) {
    return UsageError(command, "--duplicate-coverage must be in (0, 1]");
  }
  if (c.paths.size() > 1) {
    return UsageError(command, "at most one input (a JSONL file, or - for stdin)");
  }
  return -1;
}

IndexOptions MakeIndexOptions(const CommonOptions& c, const IndexCliOptions& o, bool read_only) {
  IndexOptions io;
  io.matching = c.options;
  io.matching.mode = c.mode == "reworded" ? Mode::kReworded : Mode::kLexical;
  if (io.matching.mode == Mode::kReworded && c.given.contains("threshold")) {
    // ParseCommand reads a reworded --threshold as scan's decision probability; for an index it
    // is the Ochiai similarity paragraphs must reach (it was silently 0.5 before).
    io.matching.threshold = c.options.decision_threshold;
  }
  io.duplicate_coverage = o.duplicate_coverage;
  io.read_only = read_only;
  // An existing index's settings are adopted unless the command line sets one of them; then
  // every setting must match the index's (a mismatch is refused, naming the settings).
  bool told = false;
  for (const char* name : {"mode", "ngram", "num-perm", "threshold", "seed"}) {
    told = told || c.given.contains(name);
  }
  io.adopt_settings = read_only || !told;
  return io;
}

namespace {

using Clock = std::chrono::steady_clock;

// The ids this run has seen, as 64-bit hashes in an open-addressing table (8 bytes a slot), so a
// repeated id is warned about. Stops growing at kMaxSlots (64 MiB): a longer stream is checked
// against its first ~6M distinct ids only.
class SeenIds {
 public:
  // True when `id` was inserted before.
  bool Insert(std::string_view id) {
    const uint64_t h = XXH3_64bits(id.data(), id.size()) | 1;  // 0 marks an empty slot
    if ((used_ + 1) * 10 > slots_.size() * 7) {
      if (slots_.size() >= kMaxSlots) return Find(h);
      Grow();
    }
    size_t i = h & (slots_.size() - 1);
    for (; slots_[i] != 0; i = (i + 1) & (slots_.size() - 1)) {
      if (slots_[i] == h) return true;
    }
    slots_[i] = h;
    ++used_;
    return false;
  }

 private:
  static constexpr size_t kMaxSlots = size_t{1} << 23;
  bool Find(uint64_t h) const {
    for (size_t i = h & (slots_.size() - 1); slots_[i] != 0; i = (i + 1) & (slots_.size() - 1)) {
      if (slots_[i] == h) return true;
    }
    return false;
  }
  void Grow() {
    std::vector<uint64_t> old(std::max<size_t>(1024, slots_.size() * 2), 0);
    old.swap(slots_);
    for (uint64_t h : old) {
      if (h == 0) continue;
      size_t i = h & (slots_.size() - 1);
      while (slots_[i] != 0) i = (i + 1) & (slots_.size() - 1);
      slots_[i] = h;
    }
  }
  std::vector<uint64_t> slots_;
  size_t used_ = 0;
};

// The id as JSON: an integer id stays the integer it was in the input.
void AppendIdJson(std::string_view line, const std::string& id_field, const std::string& id,
                  std::string* out) {
  const std::string_view raw = RawMember(line, id_field);
  if (!raw.empty() && (raw[0] == '-' || (raw[0] >= '0' && raw[0] <= '9')) && raw == id) {
    out->append(raw);
  } else {
    AppendJsonString(out, id);
  }
}

std::string ErrorJson(const std::string& message) {
  std::string out = "{\"error\":";
  AppendJsonString(&out, message);
  out += '}';
  return out;
}

}  // namespace

int RunRecordLoop(const CommonOptions& c, const IndexCliOptions& o, const RecordLoop& loop) {
  int fd = 0;
  std::string name = "<stdin>";
  if (!c.paths.empty() && c.paths[0] != "-") {
    name = c.paths[0];
    fd = ::open(name.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return Fail(Status::IOError(name + ": cannot open: " + ErrnoText(errno)));
  }
  std::string staged;  // output lines whose verdicts are not durable yet
  Status fatal;
  size_t staged_records = 0;
  Clock::time_point batch_start;
  uint64_t records = 0, duplicates = 0, replayed = 0, errors = 0;
  auto durable = [&]() -> bool {
    if (!fatal.ok()) return false;
    if (Status s = loop.make_durable(); !s.ok()) {
      fatal = s;
      return false;
    }
    if (!staged.empty()) {
      if (std::fwrite(staged.data(), 1, staged.size(), stdout) != staged.size() ||
          std::fflush(stdout) != 0) {
        fatal = Status::IOError(std::string("write error on standard output: ") + ErrnoText(errno));
        return false;
      }
      staged.clear();
    }
    staged_records = 0;
    return true;
  };
  RecordStream stream(fd, name, c.reader, [&] { durable(); });
  std::string_view line;
  Document doc;
  std::string error;
  std::string json;
  SeenIds seen;
  bool strict_stop = false;
  while (fatal.ok() && !strict_stop) {
    const RecordStream::Result r = stream.Next(&line, &doc, &error);
    if (!fatal.ok() || r == RecordStream::Result::kEnd) break;
    if (r == RecordStream::Result::kReadError) {
      durable();
      if (fatal.ok()) fatal = Status::IOError(error);
      break;
    }
    if (staged_records == 0) batch_start = Clock::now();
    ++staged_records;
    ++records;
    const std::string line_no = std::to_string(stream.line_number());
    if (r == RecordStream::Result::kRecord) {
      if (doc.id.empty()) {
        std::fprintf(stderr, "warning: %s: empty id\n", doc.source.c_str());
      } else if (seen.Insert(doc.id)) {
        std::fprintf(stderr, "warning: %s: id '%s' repeats the id of an earlier record\n",
                     doc.source.c_str(), doc.id.c_str());
      }
      StatusOr<IndexVerdict> v = loop.judge(doc);
      if (v.ok()) {
        json = v->ToJson();
        if (v->already_indexed) ++replayed;
        if (v->duplicate) ++duplicates;
        if (o.verdicts_only) {
          staged += "{\"id\":";
          AppendIdJson(line, c.reader.id_field, doc.id, &staged);
          staged += ",\"neardup\":" + json + "}\n";
        } else if (!(o.drop_duplicates && v->duplicate)) {
          AppendWithField(line, "neardup", json, &staged);
          staged += '\n';
        }
      } else if (v.status().code() == Status::Code::kInvalidArgument) {
        error = doc.source + ": " + v.status().message();
      } else {
        fatal = v.status();
        break;
      }
      if (v.ok()) error.clear();
    }
    if (r != RecordStream::Result::kRecord || !error.empty()) {
      ++errors;
      std::fprintf(stderr, "error: %s\n", error.c_str());
      if (o.verdicts_only) {
        staged += "{\"line\":" + line_no + ",\"neardup\":" + ErrorJson(error) + "}\n";
      } else if (r == RecordStream::Result::kMalformed) {
        // Not a JSON object: there is no object to add a field to, so the line travels as a string.
        staged += "{\"neardup\":{\"error\":";
        AppendJsonString(&staged, error);
        staged += ",\"input\":";
        AppendJsonString(&staged, line);
        staged += "}}\n";
      } else {
        AppendWithField(line, "neardup", ErrorJson(error), &staged);
        staged += '\n';
      }
      if (c.reader.strict) strict_stop = true;
    }
    if (staged_records >= loop.batch ||
        Clock::now() - batch_start > std::chrono::milliseconds(100)) {
      durable();
    }
  }
  durable();
  if (fd != 0) ::close(fd);
  if (!fatal.ok()) return Fail(fatal);
  if (!c.quiet) {
    std::fprintf(
        stderr, "neardup %s: %llu records, %llu duplicates (%llu already indexed), %llu errors\n",
        loop.command, static_cast<unsigned long long>(records),
        static_cast<unsigned long long>(duplicates), static_cast<unsigned long long>(replayed),
        static_cast<unsigned long long>(errors));
  }
  return strict_stop ? kExitFailure : kExitOk;
}

}  // namespace neardup::cli
