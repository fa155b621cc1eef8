// Tests for what the HTML report reads beside the pairs: publication dates (ParsePublicationDate),
// record fields by dotted path (RecordFields), and script-safe JSON strings.

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "neardup/io/record_fields.h"
#include "neardup/report/html_data.h"
#include "neardup/report/pub_date.h"

namespace neardup {
namespace {

TEST(ParsePublicationDateTest, Table) {
  struct Case {
    const char* text;
    std::optional<int64_t> want;
  };
  const Case cases[] = {
      {"1970-01-01", 0},
      {"2024-03-05", 1709596800},
      {"2024-03-05T09:00:00Z", 1709629200},
      {"2024-03-05T10:00:00+01:00", 1709629200},
      {"2024-03-05T10:00+0100", 1709629200},
      {"2024-03-05 04:00:00-05", 1709629200},
      {"2024-03-05T09:00:00.750Z", 1709629200},
      {"  2024-03-05T09:00Z  ", 1709629200},
      {"Tue, 05 Mar 2024 09:00:00 GMT", 1709629200},
      {"Tue, 05 Mar 2024 10:00:00 +0100", 1709629200},
      {"5 Mar 2024 09:00 UT", 1709629200},
      {"5 Mar 2024", 1709596800},
      {"1709629200", 1709629200},
      {"1709629200999", 1709629200},
      {"2024-02-29", 1709164800},  // leap day
      {"2023-02-29", std::nullopt},
      {"2024-13-01", std::nullopt},
      {"2024-03-05T25:00Z", std::nullopt},
      {"2024-03-05T09:00:00 EST", std::nullopt},
      {"05 Mrz 2024", std::nullopt},
      {"yesterday", std::nullopt},
      {"12345", std::nullopt},
      {"", std::nullopt},
      {"2024-03-05T09:00:00Zjunk", std::nullopt},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    EXPECT_EQ(ParsePublicationDate(c.text), c.want);
  }
}

TEST(RecordFieldsTest, DottedPathsAndValueKinds) {
  RecordFields fields({"title", "meta.outlet", "meta.date", "a.b", "missing", "", "n", "f", "yes",
                       "meta", "list", "nil"});
  const std::string record =
      R"({"title":"Caf\u00e9 \"quoted\"","meta":{"outlet":"Wire","date":1709629200},)"
      R"("a.b":"dotted key","n":-42,"f":0.5,"yes":true,"list":[1],"nil":null})";
  const std::vector<std::string> want = {"Café \"quoted\"",
                                         "Wire",
                                         "1709629200",
                                         "dotted key",
                                         "",
                                         "",
                                         "-42",
                                         "0.5",
                                         "true",
                                         "",
                                         "",
                                         ""};
  EXPECT_EQ(fields.Read(record), want);
  EXPECT_TRUE(fields.any());
  // Not an object, not JSON, empty: every value "".
  for (const char* bad : {"[1,2]", "{\"title\":", "", "\"s\""}) {
    SCOPED_TRACE(bad);
    EXPECT_EQ(fields.Read(bad), std::vector<std::string>(12));
  }
  RecordFields none({"", ""});
  EXPECT_FALSE(none.any());
  EXPECT_EQ(none.Read(R"({"":"x"})"), std::vector<std::string>(2));
}

TEST(AppendScriptJsonStringTest, NothingClosesTheScriptElement) {
  std::string out;
  AppendScriptJsonString(&out, "a</script><!--<b>&\"\n");
  EXPECT_EQ(out, R"("a\u003c/script\u003e\u003c!--\u003cb\u003e\u0026\"\n")");
  // Still JSON that decodes to the same text, as RecordFields reads it back.
  RecordFields fields({"k"});
  EXPECT_EQ(fields.Read("{\"k\":" + out + "}"), std::vector<std::string>{"a</script><!--<b>&\"\n"});
  out.clear();
  AppendScriptJsonString(&out, "plain");
  EXPECT_EQ(out, "\"plain\"");
}

}  // namespace
}  // namespace neardup
