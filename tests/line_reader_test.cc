// Tests for the internal LineReader: line splitting at every chunking, padding, unterminated lines.

#include "neardup/io/line_reader.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

namespace neardup::internal {
namespace {

using namespace std::string_literals;

TEST(LineReaderTest, SplitsAtEveryChunkSize) {
  struct Case {
    std::string input;
    std::vector<std::string> want;
    bool last_terminated;
  };
  const Case cases[] = {
      {"", {}, true},
      {"\n", {""}, true},
      {"a", {"a"}, false},
      {"a\n", {"a"}, true},
      {"a\n\nb", {"a", "", "b"}, false},
      {"x\0y\n"s, {"x\0y"s}, true},
      {std::string(200000, 'q') + "\nshort\n", {std::string(200000, 'q'), "short"}, true},
  };
  for (const Case& c : cases) {
    for (size_t chunk : {size_t{1}, size_t{3}, size_t{4096}, size_t{100000}, SIZE_MAX}) {
      SCOPED_TRACE(testing::Message()
                   << testing::PrintToString(c.input.substr(0, 20)) << " chunk=" << chunk);
      LineReader reader(std::make_unique<MemoryStream>(c.input, chunk));
      std::vector<std::string> got;
      std::string_view line;
      bool terminated = true;
      bool last_terminated = true;
      while (reader.Next(&line, &terminated)) {
        // The padding after the line is readable and all spaces.
        EXPECT_EQ(std::string_view(line.data() + line.size(), LineReader::kPadding),
                  std::string(LineReader::kPadding, ' '));
        got.emplace_back(line);
        last_terminated = terminated;
      }
      EXPECT_TRUE(reader.status().ok());
      EXPECT_EQ(got, c.want);
      EXPECT_EQ(last_terminated, c.last_terminated);
    }
  }
}

class ErrorStream final : public ByteStream {
 public:
  StatusOr<size_t> Read(char* buf, size_t n) override {
    if (calls_++ == 0 && n >= 3) {
      buf[0] = 'a';
      buf[1] = '\n';
      buf[2] = 'b';
      return size_t{3};
    }
    return Status::IOError("Input/output error");
  }

 private:
  int calls_ = 0;
};

TEST(LineReaderTest, ReadErrorDropsPartialLine) {
  LineReader reader(std::make_unique<ErrorStream>());
  std::string_view line;
  bool terminated = false;
  ASSERT_TRUE(reader.Next(&line, &terminated));
  EXPECT_EQ(line, "a");
  EXPECT_FALSE(reader.Next(&line, &terminated));
  EXPECT_EQ(reader.status().message(), "Input/output error");
  EXPECT_FALSE(reader.Next(&line, &terminated));
}

TEST(ReadAllTest, ReadsEverythingInPieces) {
  const std::string data(300000, 'z');
  for (size_t chunk : {size_t{1} << 10, SIZE_MAX}) {
    MemoryStream stream(data, chunk);
    std::string out = "old";
    ASSERT_TRUE(ReadAll(&stream, &out).ok());
    EXPECT_EQ(out, data);
  }
}

}  // namespace
}  // namespace neardup::internal
