// Test helpers shared by the test programs: a temporary folder removed with everything in it.
// Thread-compatible; one TempDir per test.
#ifndef NEARDUP_TESTS_TESTUTIL_H_
#define NEARDUP_TESTS_TESTUTIL_H_

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <system_error>

namespace neardup::test {

// A fresh folder under the system's temporary folder (mkdtemp), removed on destruction — its
// permissions restored first, so a test may make parts of it unreadable.
class TempDir {
 public:
  explicit TempDir(const std::string& prefix = "neardup_test") {
    std::string tmpl = (std::filesystem::temp_directory_path() / (prefix + "_XXXXXX")).string();
    EXPECT_NE(::mkdtemp(tmpl.data()), nullptr);
    path_ = tmpl;
    fs_path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::permissions(fs_path_, std::filesystem::perms::owner_all,
                                 std::filesystem::perm_options::add, ec);
    std::filesystem::remove_all(fs_path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  const std::filesystem::path& fs_path() const { return fs_path_; }
  // path()/name, not created.
  std::string Sub(const std::string& name) const { return (fs_path_ / name).string(); }
  // Writes `content` to path()/rel (folders made as needed); returns the file's path.
  std::string Write(const std::string& rel, const std::string& content) const {
    const std::filesystem::path p = fs_path_ / rel;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << content;
    return p.string();
  }

 private:
  std::string path_;
  std::filesystem::path fs_path_;
};

}  // namespace neardup::test

#endif  // NEARDUP_TESTS_TESTUTIL_H_
