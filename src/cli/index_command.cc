// `neardup index stats|remove|prune|compact --index DIR`: inspect and maintain a streaming index.

#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <ctime>
#include <iterator>
#include <limits>
#include <string>
#include <vector>

#include "cli/cli_options.h"
#include "cli/corpus_run.h"
#include "cli/index_cli.h"
#include "neardup/base/json_writer.h"
#include "neardup/index.h"

namespace neardup::cli {
namespace {
namespace po = boost::program_options;

constexpr const char* kUsage =
    "usage: neardup index stats  --index DIR [--verify]\n"
    "       neardup index remove --index DIR --id ID [--id ID ...]\n"
    "       neardup index prune  --index DIR [--max-age AGE] [--max-docs N]\n"
    "       neardup index compact --index DIR\n"
    "DIR may also be given as the argument (neardup index stats DIR). stats prints text on a\n"
    "terminal and one JSON object otherwise (--format text|json).\n"
    "AGE is seconds, or a number with s, m, h or d (e.g. 30d).\n";

// "90", "90s", "15m", "12h", "30d" → seconds; -1 when malformed.
int64_t ParseAge(const std::string& s) {
  if (s.empty()) return -1;
  size_t used = 0;
  int64_t n = 0;
  try {
    n = std::stoll(s, &used);
  } catch (...) {
    return -1;
  }
  if (n <= 0) return -1;
  const std::string unit = s.substr(used);
  int64_t scale = 0;
  if (unit.empty() || unit == "s") scale = 1;
  if (unit == "m") scale = 60;
  if (unit == "h") scale = 3600;
  if (unit == "d") scale = 86400;
  // Unknown unit, or an age past int64 seconds (no overflow).
  if (scale == 0 || n > std::numeric_limits<int64_t>::max() / scale) return -1;
  return n * scale;
}

// `seconds` since 1970 as a quoted ISO 8601 UTC date ("2026-12-04T14:03:00Z"), or null for 0
// (none).
std::string UtcDate(int64_t seconds) {
  if (seconds == 0) {
    return "null";
  }
  const time_t t = static_cast<time_t>(seconds);
  struct tm tm;
  char buf[32];
  if (gmtime_r(&t, &tm) == nullptr ||
      std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0) {
    return "null";
  }
  return std::string("\"") + buf + "\"";
}

// "1.5 MB" (decimal units, as `ls -h --si`).
std::string Bytes(uint64_t n) {
  const char* const units[] = {"bytes", "kB", "MB", "GB", "TB"};
  double v = static_cast<double>(n);
  size_t u = 0;
  while (v >= 1000 && u + 1 < std::size(units)) {
    v /= 1000;
    ++u;
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, u == 0 ? "%.0f %s" : "%.1f %s", v, units[u]);
  return buf;
}

// `seconds` since 1970 as "2026-12-04 14:03:00 UTC", or "-" for 0 (none).
std::string ReadableDate(int64_t seconds) {
  std::string iso = UtcDate(seconds);
  if (iso == "null") return "-";
  iso = iso.substr(1, iso.size() - 3);  // drop the quotes and the Z
  iso[10] = ' ';
  return iso + " UTC";
}

std::string StatsJson(const std::string& dir, const IndexStats& s, bool verified) {
  std::string out = "{\"index\":";
  AppendJsonString(&out, dir);
  out += ",\"documents\":" + std::to_string(s.documents) +
         ",\"paragraphs\":" + std::to_string(s.paragraphs) +
         ",\"band_entries\":" + std::to_string(s.band_entries) +
         ",\"file_bytes\":" + std::to_string(s.file_bytes) +
         ",\"oldest_added\":" + std::to_string(s.oldest_added_unix) +
         ",\"newest_added\":" + std::to_string(s.newest_added_unix) +
         ",\"oldest_added_utc\":" + UtcDate(s.oldest_added_unix) +
         ",\"newest_added_utc\":" + UtcDate(s.newest_added_unix) + ",\"settings\":{\"mode\":";
  AppendJsonString(&out, s.mode);
  out += ",\"ngram\":" + std::to_string(s.ngram) + ",\"num_perm\":" + std::to_string(s.num_perm) +
         ",\"seed\":" + std::to_string(s.seed) + ",\"bands\":" + std::to_string(s.bands) +
         ",\"rows\":" + std::to_string(s.rows) + ",\"created_threshold\":";
  AppendJsonDouble(&out, s.created_threshold, 4);
  out += ",\"format_version\":" + std::to_string(s.format_version) + "}";
  if (verified) out += ",\"verified\":true";
  out += "}\n";
  return out;
}

std::string StatsText(const std::string& dir, const IndexStats& s, bool verified) {
  std::string threshold;
  AppendJsonDouble(&threshold, s.created_threshold, 4);
  std::string out;
  auto line = [&out](const char* name, const std::string& value) {
    char buf[24];
    std::snprintf(buf, sizeof buf, "%-14s", name);
    out += buf + value + "\n";
  };
  line("index", ForTerminal(dir));
  line("documents", std::to_string(s.documents));
  line("paragraphs", std::to_string(s.paragraphs));
  line("band entries", std::to_string(s.band_entries));
  line("file size",
       Bytes(s.file_bytes) + " (data.mdb; `neardup index compact` returns free pages)");
  line("oldest added", ReadableDate(s.oldest_added_unix));
  line("newest added", ReadableDate(s.newest_added_unix));
  line("mode",
       s.mode + (s.mode == "lexical" ? ", " + std::to_string(s.ngram) + "-word shingles" : ""));
  line("sketch", std::to_string(s.num_perm) + " MinHash values, LSH " + std::to_string(s.bands) +
                     " bands x " + std::to_string(s.rows) + " rows (tuned for similarity " +
                     threshold + " at creation), seed " + std::to_string(s.seed));
  line("format", "version " + std::to_string(s.format_version));
  if (verified) line("verified", "every record read and its checksum checked");
  return out;
}

int PrintStats(Index* index, const std::string& dir, bool verify, const std::string& format) {
  StatusOr<IndexStats> s = index->Stats(verify);
  if (!s.ok()) return Fail(s.status());
  const bool text = format == "text" || (format.empty() && isatty(STDOUT_FILENO));
  const std::string out = text ? StatsText(dir, *s, verify) : StatsJson(dir, *s, verify);
  std::fputs(out.c_str(), stdout);
  return kExitOk;
}

int Compact(const std::string& dir, bool quiet) {
  StatusOr<IndexCompaction> r = Index::Compact(dir);
  if (!r.ok()) return Fail(r.status());
  if (!quiet) {
    std::fprintf(stderr, "neardup index compact: %s -> %s (%llu documents)\n",
                 Bytes(r->bytes_before).c_str(), Bytes(r->bytes_after).c_str(),
                 static_cast<unsigned long long>(r->documents));
  }
  return kExitOk;
}

int Remove(Index* index, const std::vector<std::string>& ids, bool quiet) {
  size_t removed = 0, missing = 0;
  for (const std::string& id : ids) {
    Status s = index->Remove(id);
    if (s.code() == Status::Code::kNotFound) {
      std::fprintf(stderr, "warning: %s\n", s.message().c_str());
      ++missing;
    } else if (!s.ok()) {
      return Fail(s);
    } else {
      ++removed;
    }
  }
  if (!quiet) {
    std::fprintf(stderr, "neardup index remove: removed %zu of %zu documents\n", removed,
                 ids.size());
  }
  return missing == 0 ? kExitOk : kExitFailure;
}

int RunIndex(int argc, const char* const* argv) {
  if (argc < 2 || std::string(argv[1]) == "--help" || std::string(argv[1]) == "-h") {
    std::fputs(kUsage, argc < 2 ? stderr : stdout);
    return argc < 2 ? kExitUsage : kExitOk;
  }
  const std::string sub = argv[1];
  if (sub != "stats" && sub != "remove" && sub != "prune" && sub != "compact") {
    return UsageError("index",
                      "unknown index command '" + sub + "' (stats, remove, prune or compact)");
  }
  CommonOptions c;
  IndexCliOptions o;
  bool verify = false;
  std::vector<std::string> ids;
  std::string max_age, format;
  uint64_t max_docs = 0;
  po::options_description d(std::string("neardup index ") + sub + " [--index] DIR");
  d.add_options()("index", po::value(&o.dir), "index folder (or give it as the argument)");
  if (sub == "stats") {
    d.add_options()("verify", po::bool_switch(&verify), "read every record and check its checksum")(
        "format", po::value(&format),
        "text or json (default: text on a terminal, one JSON object otherwise)");
  }
  if (sub == "remove") {
    d.add_options()("id", po::value(&ids)->composing(), "id of a document to remove (repeatable)");
  }
  if (sub == "prune") {
    d.add_options()("max-age", po::value(&max_age),
                    "remove documents added longer ago than this (30d, 12h, ...)")(
        "max-docs", po::value(&max_docs), "remove the oldest documents beyond this many");
  }
  if (sub != "stats") d.add_options()("quiet,q", po::bool_switch(&c.quiet), "no summary on stderr");
  const std::string command = "index " + sub;
  if (int code = ParseCommand(argc - 1, argv + 1, command.c_str(), d, &c, false); code >= 0) {
    return code;
  }
  if (o.dir.empty() && c.paths.size() == 1) {
    o.dir = c.paths[0];
  } else if (!c.paths.empty()) {
    return UsageError(command.c_str(), "unexpected argument '" + c.paths.back() + "'");
  }
  if (o.dir.empty()) return UsageError(command.c_str(), "give the index folder (--index DIR)");
  if (!format.empty() && format != "text" && format != "json") {
    return UsageError(command.c_str(), "--format must be text or json, got '" + format + "'");
  }
  int64_t age = 0;
  if (sub == "remove" && ids.empty()) return UsageError(command.c_str(), "give at least one --id");
  if (sub == "prune") {
    if (max_age.empty() && max_docs == 0) {
      return UsageError(command.c_str(), "give --max-age or --max-docs");
    }
    if (!max_age.empty() && (age = ParseAge(max_age)) < 0) {
      return UsageError(
          command.c_str(),
          "--max-age must be a positive number of seconds or like 30d, got '" + max_age + "'");
    }
  }
  if (sub == "compact") return Compact(o.dir, c.quiet);
  IndexOptions io;
  io.adopt_settings = true;
  io.read_only = sub == "stats";
  io.create_if_missing = false;
  StatusOr<std::unique_ptr<Index>> index = Index::Open(o.dir, io);
  if (!index.ok()) return Fail(index.status());
  if (sub == "stats") return PrintStats(index->get(), o.dir, verify, format);
  if (sub == "remove") return Remove(index->get(), ids, c.quiet);
  StatusOr<uint64_t> n = (*index)->Prune(age, max_docs, static_cast<int64_t>(std::time(nullptr)));
  if (!n.ok()) return Fail(n.status());
  if (!c.quiet) {
    std::fprintf(stderr, "neardup index prune: removed %llu documents\n",
                 static_cast<unsigned long long>(*n));
  }
  return kExitOk;
}

}  // namespace

NEARDUP_REGISTER_COMMAND(
    kIndexCommand, "index",
    "index stats|remove|prune|compact DIR  inspect, trim or compact a filter index", 32, RunIndex);

}  // namespace neardup::cli
