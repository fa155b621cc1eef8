// Shared steps of the corpus-reading commands.

#include "cli/corpus_run.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <system_error>

#include "neardup/corpus_reader.h"

namespace neardup::cli {
namespace fs = std::filesystem;

std::string ForTerminal(std::string_view message) {
  std::string out;
  out.reserve(message.size());
  for (const char ch : message) {
    const auto b = static_cast<unsigned char>(ch);
    if (b < 0x20 || b == 0x7f) {
      static const char kHex[] = "0123456789abcdef";
      out += "\\x";
      out += kHex[b >> 4];
      out += kHex[b & 15];
    } else {
      out += ch;
    }
  }
  return out;
}

int Fail(const Status& s) {
  if (s.code() == Status::Code::kIOError && s.message().find("Broken pipe") != std::string::npos) {
    return kExitFailure;  // the reader of our stdout went away on purpose (`... | head`)
  }
  std::fprintf(stderr, "error: %s\n", ForTerminal(s.message()).c_str());
  return kExitFailure;
}

namespace {

// The kind of a warning: its text after "FILE:LINE: " (or after "FILE: "), so that one problem
// repeated on many lines counts as one kind.
std::string_view WarningKind(std::string_view message) {
  for (size_t i = 0; i + 1 < message.size(); ++i) {
    if (message[i] != ':' || message[i + 1] < '0' || message[i + 1] > '9') continue;
    size_t j = i + 1;
    while (j < message.size() && message[j] >= '0' && message[j] <= '9') ++j;
    if (message.substr(j).starts_with(": ")) return message.substr(j + 2);
  }
  return message;
}

}  // namespace

void PrintWarnings(const std::vector<ReadWarning>& warnings) {
  constexpr int kShownPerKind = 5;
  std::vector<std::pair<std::string_view, uint64_t>> kinds;  // kind, count (few kinds in practice)
  for (const ReadWarning& w : warnings) {
    const std::string_view kind = WarningKind(w.message);
    auto it =
        std::find_if(kinds.begin(), kinds.end(), [&](const auto& k) { return k.first == kind; });
    if (it == kinds.end()) {
      kinds.emplace_back(kind, 0);
      it = kinds.end() - 1;
    }
    if (++it->second <= kShownPerKind) {
      std::fprintf(stderr, "warning: %s\n", ForTerminal(w.message).c_str());
    }
  }
  for (const auto& [kind, count] : kinds) {
    if (count > kShownPerKind) {
      std::fprintf(stderr, "warning: ... and %llu more like it (%s)\n",
                   static_cast<unsigned long long>(count - kShownPerKind),
                   ForTerminal(kind).c_str());
    }
  }
}

StdinSpool::~StdinSpool() { Remove(); }

void StdinSpool::Remove() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

Status StdinSpool::Substitute(const std::vector<std::string>& paths, ReaderOptions* reader) {
  bool wanted = false;
  for (const std::string& p : paths) wanted = wanted || p == "-";
  if (!wanted) return Status::OK();
  if (fd_ < 0) {
    std::string tmpl = (fs::temp_directory_path() / "neardup-stdin-XXXXXX").string();
    fd_ = mkstemp(tmpl.data());
    if (fd_ < 0) return Status::IOError("cannot create a temporary file to hold standard input");
    unlink(tmpl.c_str());
    char buf[1 << 16];
    for (;;) {
      const ssize_t n = ::read(STDIN_FILENO, buf, sizeof buf);
      if (n == 0) break;
      if (n < 0) {
        if (errno == EINTR) continue;
        return Status::IOError(std::string("<stdin>: read error: ") + ErrnoText(errno));
      }
      for (ssize_t done = 0; done < n;) {
        const ssize_t w = ::write(fd_, buf + done, static_cast<size_t>(n - done));
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) {
          return Status::IOError(std::string("cannot hold a copy of standard input: ") +
                                 ErrnoText(errno));
        }
        done += w;
      }
    }
  }
  reader->stdin_path = "/proc/self/fd/" + std::to_string(fd_);
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

int ScanCorpus(const CommonOptions& c, const std::vector<std::string>& paths, ScanResult* result,
               const ProgressDisplay* display) {
  auto reader = CorpusReader::Open(paths, c.reader);
  if (!reader.ok()) return Fail(reader.status());
  Options options = c.options;
  if (display != nullptr) options.progress = display->Callback();
  Scanner scanner(options);
  Status s = scanner.AddCorpus(reader->get());
  if (!s.ok()) {
    if (display != nullptr) display->Clear();
    return Fail(s);
  }
  *result = scanner.Finish();
  if (display != nullptr) display->Clear();
  PrintWarnings(result->warnings);
  if (result->doc_ids.empty() && !c.allow_empty) {
    std::string names;
    for (const std::string& p : paths) {
      names += (names.empty() ? "" : " ") + (p == "-" ? std::string("<stdin>") : p);
    }
    std::fprintf(stderr, "error: no documents in %s (--allow-empty accepts that)\n",
                 ForTerminal(names).c_str());
    return kExitFailure;
  }
  return kExitOk;
}

}  // namespace neardup::cli
