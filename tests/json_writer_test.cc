// Tests for AppendJsonString / AppendJsonDouble: escaping, UTF-8 repair, deterministic numbers.

#include "neardup/base/json_writer.h"

#include <gtest/gtest.h>
#include <simdjson.h>

#include <cmath>
#include <limits>
#include <string>

namespace neardup {
namespace {

using namespace std::string_literals;

std::string Str(std::string_view s) {
  std::string out;
  AppendJsonString(&out, s);
  return out;
}

std::string Dbl(double v, int digits) {
  std::string out;
  AppendJsonDouble(&out, v, digits);
  return out;
}

TEST(AppendJsonStringTest, Table) {
  struct Case {
    std::string in;
    std::string want;
  };
  const Case cases[] = {
      {"", R"("")"},
      {"plain text", R"("plain text")"},
      {"a\"b", R"("a\"b")"},
      {"a\\b", R"("a\\b")"},
      {"/", R"("/")"},
      {"\b\f\n\r\t", R"("\b\f\n\r\t")"},
      {"\x00"s, R"("\u0000")"},
      {"\x01\x1f", R"("\u0001\u001f")"},
      {"\x7f", "\"\x7f\""},
      // Valid UTF-8 passes through: 2-, 3- and 4-byte sequences, boundary code points.
      {"caf\xc3\xa9", "\"caf\xc3\xa9\""},
      {"\xe2\x82\xac", "\"\xe2\x82\xac\""},
      {"\xf0\x9f\x98\x80", "\"\xf0\x9f\x98\x80\""},
      {"\xc2\x80", "\"\xc2\x80\""},
      {"\xef\xbf\xbf", "\"\xef\xbf\xbf\""},
      {"\xf4\x8f\xbf\xbf", "\"\xf4\x8f\xbf\xbf\""},
      {"\xee\x80\x80", "\"\xee\x80\x80\""},  // U+E000, just past the surrogates
      // Invalid UTF-8: one U+FFFD per maximal ill-formed subpart.
      {"\x80", R"("\ufffd")"},
      {"a\xbf"
       "b",
       R"("a\ufffdb")"},
      {"\xc0\xaf", R"("\ufffd\ufffd")"},  // overlong '/'
      {"\xc1\xbf", R"("\ufffd\ufffd")"},
      {"\xe0\x80\xaf", R"("\ufffd\ufffd\ufffd")"},  // overlong 3-byte
      {"\xed\xa0\x80", R"("\ufffd\ufffd\ufffd")"},  // encoded surrogate U+D800
      {"\xf0\x80\x80\x80", R"("\ufffd\ufffd\ufffd\ufffd")"},
      {"\xf4\x90\x80\x80", R"("\ufffd\ufffd\ufffd\ufffd")"},  // above U+10FFFF
      {"\xf5\x80", R"("\ufffd\ufffd")"},
      {"\xff", R"("\ufffd")"},
      {"\xc3", R"("\ufffd")"},  // truncated at end
      {"\xe2\x82", R"("\ufffd")"},
      {"\xf0\x9f\x98", R"("\ufffd")"},
      {"\xe2\x82x", R"("\ufffdx")"},  // truncated mid-string
      {"\xe2\x82\"", R"("\ufffd\"")"},
      {"\xc3\xa9\xc3", "\"\xc3\xa9\\ufffd\""},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(testing::PrintToString(c.in));
    EXPECT_EQ(Str(c.in), c.want);
  }
}

TEST(AppendJsonStringTest, AppendsToExistingContent) {
  std::string out = "x=";
  AppendJsonString(&out, "y");
  EXPECT_EQ(out, R"(x="y")");
}

// Every byte string, including random garbage, becomes a JSON string that parses back; valid UTF-8
// round-trips exactly.
TEST(AppendJsonStringTest, OutputAlwaysParses) {
  uint64_t state = 12345;
  auto next = [&] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<char>(state >> 56);
  };
  simdjson::dom::parser parser;
  for (int iter = 0; iter < 2000; ++iter) {
    std::string in(static_cast<size_t>(iter % 40), '\0');
    for (char& ch : in) ch = next();
    const std::string json = Str(in);
    SCOPED_TRACE(testing::PrintToString(in));
    std::string_view decoded;
    ASSERT_EQ(parser.parse(json).get(decoded), simdjson::SUCCESS) << json;
    if (simdjson::validate_utf8(in)) {
      EXPECT_EQ(decoded, in);
    }
  }
}

TEST(AppendJsonDoubleTest, Table) {
  struct Case {
    double in;
    int digits;
    std::string want;
  };
  const Case cases[] = {
      {0.0, 4, "0"},
      {-0.0, 4, "0"},
      {-0.00001, 4, "0"},
      {0.5, 4, "0.5"},
      {1.0, 4, "1"},
      {1.0, 0, "1"},
      {2.0 / 3.0, 4, "0.6667"},
      {1.0 / 3.0, 3, "0.333"},
      {0.99996, 4, "1"},
      {0.12345, 2, "0.12"},
      {-1.25, 4, "-1.25"},
      {123456.789, 1, "123456.8"},
      {12.5, 0, "12"},                   // round-half-even on the exact value
      {0.125, 2, "0.12"},                // 0.125 is exact: ties to even
      {0.1, 25, "0.10000000000000001"},  // digits clamped to 17
      {1e20, 2, "100000000000000000000"},
      {-2.5, -3, "-2"},  // digits clamped to 0
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(testing::Message() << c.in << " digits=" << c.digits);
    EXPECT_EQ(Dbl(c.in, c.digits), c.want);
  }
}

TEST(AppendJsonDoubleTest, NonFiniteIsNull) {
  EXPECT_EQ(Dbl(std::numeric_limits<double>::quiet_NaN(), 4), "null");
  EXPECT_EQ(Dbl(std::numeric_limits<double>::infinity(), 4), "null");
  EXPECT_EQ(Dbl(-std::numeric_limits<double>::infinity(), 4), "null");
}

TEST(AppendJsonDoubleTest, ExtremesFit) {
  const std::string big = Dbl(std::numeric_limits<double>::max(), 17);
  EXPECT_EQ(big.size(), 309u);
  EXPECT_EQ(Dbl(-std::numeric_limits<double>::max(), 17).size(), 310u);
  EXPECT_EQ(Dbl(std::numeric_limits<double>::denorm_min(), 17), "0");
}

}  // namespace
}  // namespace neardup
