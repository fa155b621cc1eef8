// Folder walk with an explicit stack (no recursion), never following folder symlinks.

#include "neardup/io/folder_walk.h"

#include <algorithm>
#include <filesystem>
#include <string_view>
#include <system_error>

#include "neardup/io/compressed_stream.h"

namespace neardup::internal {
namespace {

namespace fs = std::filesystem;

void Skip(const std::string& rel, SkippedFiles* skipped) {
  if (skipped == nullptr) return;
  ++skipped->count;
  skipped->first.push_back(rel);  // sorted and cut to 10 at the end
}

}  // namespace

std::string JoinDisplayPath(const std::string& root, const std::string& rel) {
  if (rel.empty()) return root;
  if (root.empty()) return rel;
  if (root.back() == '/') return root + rel;
  return root + "/" + rel;
}

std::vector<CorpusFile> ListCorpusFiles(const std::string& root, const std::string& display_root,
                                        std::vector<std::string>* problems, SkippedFiles* skipped) {
  std::vector<CorpusFile> files;
  std::vector<std::string> pending = {""};  // folders still to list, relative to root
  while (!pending.empty()) {
    const std::string rel_dir = std::move(pending.back());
    pending.pop_back();
    const fs::path dir = rel_dir.empty() ? fs::path(root) : fs::path(root) / rel_dir;
    std::error_code ec;
    fs::directory_iterator it(dir, ec);
    const fs::directory_iterator end;
    if (ec) {
      problems->push_back(JoinDisplayPath(display_root, rel_dir) +
                          ": cannot open folder: " + ec.message());
      continue;
    }
    for (; it != end; it.increment(ec)) {
      const std::string name = it->path().filename().string();
      std::string rel = rel_dir;
      if (!rel.empty()) rel += '/';
      rel += name;
      std::error_code entry_ec;
      const fs::file_status link_status = it->symlink_status(entry_ec);
      if (entry_ec) continue;  // vanished since the folder was listed
      if (fs::is_directory(link_status)) {
        pending.push_back(rel);
        continue;
      }
      const FileKind kind = KindOfName(name);
      if (kind == FileKind::kOther) {
        Skip(rel, skipped);
        continue;
      }
      if (fs::is_symlink(link_status)) {
        const fs::file_status target = it->status(entry_ec);
        if (entry_ec) {
          problems->push_back(JoinDisplayPath(display_root, rel) +
                              ": cannot follow symbolic link: " + entry_ec.message());
          continue;
        }
        if (!fs::is_regular_file(target)) {  // folder links are not followed
          Skip(rel, skipped);
          continue;
        }
      } else if (!fs::is_regular_file(link_status)) {
        Skip(rel, skipped);  // fifos, sockets, devices
        continue;
      }
      files.push_back({rel, kind});
    }
    if (ec) {
      problems->push_back(JoinDisplayPath(display_root, rel_dir) +
                          ": error while listing folder: " + ec.message());
    }
  }
  if (skipped != nullptr) {
    std::sort(skipped->first.begin(), skipped->first.end());
    if (skipped->first.size() > 10) skipped->first.resize(10);
  }
  std::sort(files.begin(), files.end(),
            [](const CorpusFile& a, const CorpusFile& b) { return a.relative < b.relative; });
  return files;
}

}  // namespace neardup::internal
