// Shared steps of the corpus-reading commands.

#include "cli/corpus_run.h"

#include <stdlib.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <system_error>

#include "neardup/corpus_reader.h"

namespace neardup::cli {
namespace fs = std::filesystem;

int Fail(const Status& s) {
  if (s.code() == Status::Code::kIOError && s.message().find("Broken pipe") != std::string::npos)
    return kExitFailure;  // the reader of our stdout went away on purpose (`... | head`)
  std::fprintf(stderr, "error: %s\n", s.message().c_str());
  return kExitFailure;
}

StdinSpool::~StdinSpool() { Remove(); }

void StdinSpool::Remove() {
  if (!path_.empty()) unlink(path_.c_str());
  path_.clear();
}

Status StdinSpool::Substitute(std::vector<std::string>* paths) {
  for (std::string& p : *paths) {
    if (p != "-") continue;
    if (path_.empty()) {
      std::string tmpl = (fs::temp_directory_path() / "neardup-stdin-XXXXXX.jsonl").string();
      int fd = mkstemps(tmpl.data(), 6);
      if (fd < 0) return Status::IOError("cannot create a temporary file to hold standard input");
      path_ = tmpl;
      std::FILE* f = fdopen(fd, "wb");
      char buf[1 << 16];
      size_t n;
      while ((n = std::fread(buf, 1, sizeof buf, stdin)) > 0) {
        if (std::fwrite(buf, 1, n, f) != n) {
          std::fclose(f);
          return Status::IOError(path_ + ": cannot hold a copy of standard input (disk full?)");
        }
      }
      if (std::fclose(f) != 0)
        return Status::IOError(path_ + ": cannot hold a copy of standard input");
    }
    p = path_;
  }
  return Status::OK();
}

uint64_t TotalInputBytes(const std::vector<std::string>& paths) {
  uint64_t total = 0;
  std::error_code ec;
  for (const std::string& p : paths) {
    if (p == "-") return 0;
    if (fs::is_directory(p, ec)) {
      for (auto it = fs::recursive_directory_iterator(
               p, fs::directory_options::skip_permission_denied, ec);
           !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (it->is_regular_file(ec)) total += it->file_size(ec);
      }
      ec.clear();
    } else {
      auto size = fs::file_size(p, ec);
      if (!ec) total += size;
      ec.clear();
    }
  }
  return total;
}

ProgressCallback MakeProgress(bool quiet, uint64_t total_bytes) {
  if (quiet || !isatty(STDERR_FILENO)) return {};
  return [total_bytes](const Progress& p) {
    const double rate = p.seconds > 0 ? static_cast<double>(p.units) / p.seconds : 0;
    std::fprintf(stderr, "\r\033[Kneardup: %llu documents, %llu paragraphs, %.0f paragraphs/s",
                 static_cast<unsigned long long>(p.documents),
                 static_cast<unsigned long long>(p.units), rate);
    if (total_bytes > 0 && p.bytes > 0 && p.bytes < total_bytes) {
      const double eta =
          p.seconds * static_cast<double>(total_bytes - p.bytes) / static_cast<double>(p.bytes);
      std::fprintf(stderr, ", ETA %.0f s", eta);
    }
    std::fflush(stderr);
  };
}

int ScanCorpus(const CommonOptions& c, const std::vector<std::string>& paths, ScanResult* result) {
  auto reader = CorpusReader::Open(paths, c.reader);
  if (!reader.ok()) return Fail(reader.status());
  Scanner scanner(c.options);
  ProgressCallback progress = MakeProgress(c.quiet, TotalInputBytes(paths));
  Status s = scanner.AddCorpus(reader->get(), progress);
  if (progress) std::fprintf(stderr, "\r\033[K");
  if (!s.ok()) return Fail(s);
  *result = scanner.Finish();
  for (const ReadWarning& w : result->warnings)
    std::fprintf(stderr, "warning: %s\n", w.message.c_str());
  return kExitOk;
}

}  // namespace neardup::cli
