// Tests for CorpusReader and its internal pieces (LineReader, JSONL decoding, folder walk).

#include "neardup/corpus_reader.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "neardup/io/jsonl_reader.h"
#include "neardup/io/line_reader.h"
#include "testutil.h"

namespace neardup {
namespace {

namespace fs = std::filesystem;
using namespace std::string_literals;

using test::TempDir;

struct ReadResult {
  std::vector<Document> docs;
  std::vector<std::string> warnings;
  Status status;
};

ReadResult ReadAllDocs(const std::vector<std::string>& paths, const ReaderOptions& options = {}) {
  ReadResult r;
  auto reader = CorpusReader::Open(paths, options);
  EXPECT_TRUE(reader.ok()) << reader.status().ToString();
  if (!reader.ok()) return r;
  Document doc;
  while ((*reader)->Next(&doc)) r.docs.push_back(doc);
  r.status = (*reader)->status();
  for (ReadWarning& w : (*reader)->TakeWarnings()) r.warnings.push_back(std::move(w.message));
  return r;
}

// ---------------------------------------------------------------------------------------------
// JSONL records

TEST(CorpusReaderJsonlTest, OneLineTable) {
  struct Case {
    std::string line;
    std::string want_id;  // when want_warning is empty
    std::string want_text;
    std::string want_warning;  // the message after "docs.jsonl:1: "
  };
  const std::string deep = std::string(2000, '[') + std::string(2000, ']');
  const Case cases[] = {
      {R"({"id":"a","text":"hello"})", "a", "hello", ""},
      {R"({"text":"t","id":"b"})", "b", "t", ""},
      {R"({"id":7,"text":"x"})", "7", "x", ""},
      {R"({"id":-12,"text":"x"})", "-12", "x", ""},
      {R"({"id":0,"text":"x"})", "0", "x", ""},
      {R"({"id":123456789012345678901234567890,"text":"x"})", "123456789012345678901234567890", "x",
       ""},
      {R"({"id":"","text":""})", "", "", ""},
      {"  {\"id\" : \"w\",\t\"text\":\"x\" }  \r", "w", "x", ""},
      {R"({"id":"e","text":"a\nb\t\"\\\/\u00e9\ud83d\ude00"})", "e",
       "a\nb\t\"\\/\xc3\xa9\xf0\x9f\x98\x80", ""},
      {R"({"id":"z","text":"a\u0000b"})", "z", "a\0b"s, ""},
      {"{\"id\":\"u\",\"text\":\"caf\xc3\xa9\"}", "u", "caf\xc3\xa9", ""},
      {R"({"id":"n","meta":{"a":[1,-2.5e3,0.5,true,false,null,"s",{}],"b":[]},"text":"t","z":1e999})",
       "n", "t", ""},
      {R"({"id":"k","te\u0078t":"escaped key"})", "k", "escaped key", ""},
      // Malformed lines.
      {"not json", "", "", "invalid JSON"},
      {R"([1,2])", "", "", "not a JSON object"},
      {R"("text")", "", "", "not a JSON object"},
      {R"(42)", "", "", "not a JSON object"},
      {R"({"id":"a"})", "", "", "missing field 'text'"},
      {R"({})", "", "", "missing field 'text'"},
      {R"({"id":"a","text":5})", "", "", "field 'text' is not a string"},
      {R"({"id":"a","text":null})", "", "", "field 'text' is not a string"},
      {R"({"id":"a","text":["x"]})", "", "", "field 'text' is not a string"},
      {R"({"id":1.5,"text":"x"})", "", "", "field 'id' is not a string or integer"},
      {R"({"id":1e3,"text":"x"})", "", "", "field 'id' is not a string or integer"},
      {R"({"id":true,"text":"x"})", "", "", "field 'id' is not a string or integer"},
      {R"({"id":{},"text":"x"})", "", "", "field 'id' is not a string or integer"},
      {R"({"id":01,"text":"x"})", "", "", "invalid number"},
      {R"({"id":"a","text":"\x"})", "", "",
       "field 'text': invalid string (bad escape or lone surrogate)"},
      {R"({"id":"a","text":"\u12"})", "", "",
       "field 'text': invalid string (bad escape or lone surrogate)"},
      {R"({"id":"a","text":"\ud800"})", "", "",
       "field 'text': invalid string (bad escape or lone surrogate)"},
      {R"({"id":"a","text":"\udc00"})", "", "",
       "field 'text': invalid string (bad escape or lone surrogate)"},
      {R"({"id":"a","text":"\ud800\u0041"})", "", "",
       "field 'text': invalid string (bad escape or lone surrogate)"},
      {R"({"id":"\ud800","text":"x"})", "", "",
       "field 'id': invalid string (bad escape or lone surrogate)"},
      {R"({"id":"a","text":"x","o":"\ud800"})", "", "",
       "invalid string (bad escape or lone surrogate)"},
      {"{\"id\":\"a\",\"text\":\"a\tb\"}", "", "", "unescaped control character in a string"},
      // Ill-formed UTF-8 with InvalidUtf8::kSkip (kReplace: hostile_input_test.cc).
      {"{\"id\":\"a\",\"text\":\"\xff\"}", "", "", "invalid UTF-8 at byte offset 18 of the line"},
      {"{\"id\":\"a\",\"text\":\"\xed\xa0\x80\"}", "", "",
       "invalid UTF-8 at byte offset 18 of the line"},
      {R"({"id":"a","text":"x"} {})", "", "", "trailing content after the JSON object"},
      {R"({"id":"a","text":"x"} x)", "", "", "invalid JSON structure"},
      {R"({"id":"a","text":"x",})", "", "", "invalid JSON structure"},
      {R"({"id":"a","text":"x" "y":1})", "", "", "invalid JSON structure"},
      {R"({"id":"a","text":"x","y"})", "", "", "invalid JSON structure"},
      {R"({"id":"a","text":"x")", "", "", "invalid JSON structure"},
      {R"({"id":"a","text":"x)", "", "", "unclosed string"},
      {R"({"id":"a","text":"x","n":[1,]})", "", "", "invalid JSON structure"},
      {R"({"id":"a","text":"x","n":{"a":1,}})", "", "", "invalid JSON structure"},
      {R"({"id":"a","text":"x","n":01})", "", "", "invalid number"},
      {R"({"id":"a","text":"x","n":1.})", "", "", "invalid number"},
      {R"({"id":"a","text":"x","n":-})", "", "", "invalid number"},
      {R"({"id":"a","text":"x","n":tru})", "", "", "invalid literal"},
      {R"({"id":"a","text":"x","n":nul})", "", "", "invalid literal"},
      {R"({"id":"a","text":"x","text":"y"})", "", "", "duplicate field 'text'"},
      {R"({"id":"a","id":"b","text":"y"})", "", "", "duplicate field 'id'"},
      {R"({"id":"a","text":"x","n":)" + deep + "}", "", "", "nesting too deep"},
  };
  TempDir dir;
  for (const Case& c : cases) {
    SCOPED_TRACE(testing::PrintToString(c.line.substr(0, 120)));
    const std::string path = dir.Write("docs.jsonl", c.line + "\n");
    ReadResult r = ReadAllDocs({path}, ReaderOptions{.invalid_utf8 = InvalidUtf8::kSkip});
    ASSERT_TRUE(r.status.ok()) << r.status.ToString();
    if (c.want_warning.empty()) {
      ASSERT_EQ(r.docs.size(), 1u) << (r.warnings.empty() ? "" : r.warnings[0]);
      EXPECT_EQ(r.docs[0].id, c.want_id);
      EXPECT_EQ(r.docs[0].text, c.want_text);
      EXPECT_EQ(r.docs[0].source, path + ":1");
      EXPECT_TRUE(r.warnings.empty());
    } else {
      EXPECT_TRUE(r.docs.empty());
      ASSERT_EQ(r.warnings.size(), 1u);
      EXPECT_EQ(r.warnings[0], path + ":1: " + c.want_warning);
    }
  }
}

// A record without the id field is named by its place; dotted paths reach into objects; with
// keep_records the record and the text value's bytes in it come along.
TEST(CorpusReaderJsonlTest, MissingIdDottedPathsAndRecords) {
  TempDir dir;
  const std::string path = dir.Write(
      "docs.jsonl",
      "{\"text\":\"a\"}\n"
      "{\"meta\":{\"n\":1,\"id\":\"m1\"},\"content\":{\"body\":\"deep text\"},\"x\":[1]}\n"
      "{\"meta.id\":\"flat\", \"content\":{\"body\":  \"b\\n\"  } }\n"
      "{\"meta\":5,\"content\":{\"body\":\"c\"}}\n");
  ReadResult plain = ReadAllDocs({path}, ReaderOptions{});
  ASSERT_EQ(plain.docs.size(), 1u);
  EXPECT_EQ(plain.docs[0].id, path + ":1");
  EXPECT_EQ(plain.warnings.size(), 3u);  // no "text" in the others

  ReaderOptions nested;
  nested.id_field = "meta.id";
  nested.text_field = "content.body";
  nested.keep_records = true;
  ReadResult r = ReadAllDocs({path}, nested);
  ASSERT_EQ(r.docs.size(), 3u);
  EXPECT_EQ(r.docs[0].id, "m1");
  EXPECT_EQ(r.docs[0].text, "deep text");
  EXPECT_EQ(r.docs[1].id, "flat");  // a key holding the dots matches too
  EXPECT_EQ(r.docs[1].text, "b\n");
  EXPECT_EQ(r.docs[2].id, path + ":4");  // "meta" is no object: no id
  for (const Document& d : r.docs) {
    SCOPED_TRACE(d.record);
    ASSERT_LE(d.text_value.end, d.record.size());
    const std::string value =
        d.record.substr(d.text_value.begin, d.text_value.end - d.text_value.begin);
    EXPECT_EQ(value.front(), '"');
    EXPECT_EQ(value.back(), '"');
  }
  EXPECT_EQ(r.docs[1].record, "{\"meta.id\":\"flat\", \"content\":{\"body\":  \"b\\n\"  } }");
  EXPECT_EQ(r.docs[1].record.substr(r.docs[1].text_value.begin, 5), "\"b\\n\"");
}

TEST(CorpusReaderJsonlTest, LinesBlankLinesAndLineNumbers) {
  TempDir dir;
  const std::string path =
      dir.Write("docs.jsonl",
                "\xEF\xBB\xBF{\"id\":\"1\",\"text\":\"one\"}\n"  // byte order mark ignored
                "\n"
                "   \t\r\n"
                "{\"id\":\"a\"}\r\n"
                "{\"id\":\"4\",\"text\":\"four\"}\r\n"
                "{\"id\":\"5\",\"text\":\"five\"}");  // no final newline: still a record
  ReadResult r = ReadAllDocs({path});
  ASSERT_EQ(r.docs.size(), 3u);
  EXPECT_EQ(r.docs[0].id, "1");
  EXPECT_EQ(r.docs[0].source, path + ":1");
  EXPECT_EQ(r.docs[1].text, "four");
  EXPECT_EQ(r.docs[1].source, path + ":5");
  EXPECT_EQ(r.docs[2].text, "five");
  EXPECT_EQ(r.docs[2].source, path + ":6");
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_EQ(r.warnings[0], path + ":4: missing field 'text'");
}

TEST(CorpusReaderJsonlTest, TruncatedLastLine) {
  TempDir dir;
  const std::string path =
      dir.Write("docs.jsonl", "{\"id\":\"1\",\"text\":\"one\"}\n{\"id\":\"2\",\"text\":\"tw");
  ReadResult r = ReadAllDocs({path});
  ASSERT_EQ(r.docs.size(), 1u);
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_EQ(r.warnings[0], path + ":2: unclosed string (last line has no newline: truncated?)");
}

TEST(CorpusReaderJsonlTest, StrictStopsAtFirstBadLine) {
  TempDir dir;
  const std::string path = dir.Write("docs.jsonl",
                                     "{\"id\":\"1\",\"text\":\"one\"}\n"
                                     "{\"id\":\"2\"}\n"
                                     "{\"id\":\"3\",\"text\":\"three\"}\n");
  ReaderOptions options;
  options.strict = true;
  auto reader = CorpusReader::Open({path}, options);
  ASSERT_TRUE(reader.ok());
  Document doc;
  ASSERT_TRUE((*reader)->Next(&doc));
  EXPECT_EQ(doc.id, "1");
  EXPECT_FALSE((*reader)->Next(&doc));
  EXPECT_EQ((*reader)->status().code(), Status::Code::kInvalidArgument);
  EXPECT_EQ((*reader)->status().message(), path + ":2: missing field 'text'");
  EXPECT_FALSE((*reader)->Next(&doc));  // stays failed
  EXPECT_TRUE((*reader)->TakeWarnings().empty());
}

TEST(CorpusReaderJsonlTest, CustomFieldNames) {
  TempDir dir;
  const std::string path = dir.Write("docs.jsonl",
                                     "{\"url\":\"u1\",\"body\":\"b1\",\"text\":5}\n"
                                     "{\"url\":\"u2\",\"text\":\"t\"}\n"
                                     "{\"same\":\"both\"}\n");
  ReaderOptions options;
  options.id_field = "url";
  options.text_field = "body";
  ReadResult r = ReadAllDocs({path}, options);
  ASSERT_EQ(r.docs.size(), 1u);
  EXPECT_EQ(r.docs[0].id, "u1");
  EXPECT_EQ(r.docs[0].text, "b1");
  ASSERT_EQ(r.warnings.size(), 2u);
  EXPECT_EQ(r.warnings[0], path + ":2: missing field 'body'");

  options.id_field = options.text_field = "same";
  r = ReadAllDocs({path}, options);
  ASSERT_EQ(r.docs.size(), 1u);
  EXPECT_EQ(r.docs[0].id, "both");
  EXPECT_EQ(r.docs[0].text, "both");
}

TEST(CorpusReaderJsonlTest, LargeLinesAndManyLines) {
  TempDir dir;
  std::string content;
  std::vector<std::string> texts;
  for (int i = 0; i < 300; ++i) {
    // Sizes straddle the reader's 64 KiB initial buffer; one line is 3 MiB.
    const size_t size = i == 150 ? (size_t{3} << 20) : static_cast<size_t>(i * 977 % 70000);
    texts.push_back(std::string(size, static_cast<char>('a' + i % 26)));
    content += "{\"id\":" + std::to_string(i) + ",\"text\":\"" + texts.back() + "\"}\n";
  }
  const std::string path = dir.Write("big.jsonl", content);
  ReadResult r = ReadAllDocs({path});
  EXPECT_TRUE(r.warnings.empty());
  ASSERT_EQ(r.docs.size(), texts.size());
  for (size_t i = 0; i < texts.size(); ++i) {
    EXPECT_EQ(r.docs[i].id, std::to_string(i));
    EXPECT_EQ(r.docs[i].text, texts[i]) << i;
  }
}

TEST(CorpusReaderJsonlTest, Stdin) {
  TempDir dir;
  const std::string path = dir.Write("in.jsonl",
                                     "{\"id\":\"s\",\"text\":\"from stdin\"}\n"
                                     "oops\n");
  const int saved = ::dup(0);
  ASSERT_GE(saved, 0);
  const int fd = ::open(path.c_str(), O_RDONLY);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(::dup2(fd, 0), 0);
  ::close(fd);
  ReadResult r = ReadAllDocs({"-"});
  ::dup2(saved, 0);
  ::close(saved);
  ASSERT_EQ(r.docs.size(), 1u);
  EXPECT_EQ(r.docs[0].id, "s");
  EXPECT_EQ(r.docs[0].source, "<stdin>:1");
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_EQ(r.warnings[0], "<stdin>:2: invalid JSON");
}

// ---------------------------------------------------------------------------------------------
// JsonlReader on a failing stream

class FailingStream final : public internal::ByteStream {
 public:
  StatusOr<size_t> Read(char* buf, size_t n) override {
    if (calls_++ == 0 && n > 0) {
      buf[0] = '{';
      return size_t{1};
    }
    return Status::IOError("Input/output error");
  }

 private:
  int calls_ = 0;
};

TEST(JsonlReaderTest, ReadErrorEndsTheStream) {
  ReaderOptions options;
  simdjson::ondemand::parser parser;
  internal::JsonlReader reader(std::make_unique<FailingStream>(), "x.jsonl", &options, &parser);
  Document doc;
  std::string message;
  EXPECT_EQ(reader.Next(&doc, &message), internal::JsonlReader::Result::kReadError);
  EXPECT_EQ(message, "x.jsonl: read error: Input/output error");
}

// ---------------------------------------------------------------------------------------------
// Folders and text files

TEST(CorpusReaderFolderTest, WalksSortedAndSkipsOthers) {
  TempDir dir;
  const std::string root = dir.path() + "/corpus";
  dir.Write("corpus/b.txt", "bee");
  dir.Write("corpus/A.txt", "capital");
  dir.Write("corpus/a/z.txt", "zed");
  dir.Write("corpus/a/m.jsonl",
            "{\"id\":\"j1\",\"text\":\"json one\"}\n{\"id\":\"j2\",\"text\":\"two\"}\n");
  dir.Write("corpus/a.txt", "a dot");
  dir.Write("corpus/notes.md", "ignored");
  dir.Write("corpus/data.json", "[{\"id\":\"j3\",\n \"text\":\"array\"}]");
  dir.Write("corpus/UP.NDJSON", "{\"id\":\"j4\",\"text\":\"upper\"}\n");
  dir.Write("corpus/empty.txt", "");
  dir.Write("corpus/deep/er/est.txt", "deep");
  dir.Write("outside/o.txt", "outside");
  fs::create_directory_symlink(root, root + "/loop");                    // not followed
  fs::create_directory_symlink(dir.path() + "/outside", root + "/out");  // not followed
  fs::create_symlink(root + "/b.txt", root + "/link.txt");               // followed
  fs::create_symlink(root + "/missing.txt", root + "/dangling.txt");

  ReadResult r = ReadAllDocs({root});
  ASSERT_TRUE(r.status.ok());
  std::vector<std::string> ids, sources;
  for (const Document& d : r.docs) {
    ids.push_back(d.id);
    sources.push_back(d.source);
  }
  EXPECT_EQ(ids, (std::vector<std::string>{"A.txt", "j4", "a.txt", "j1", "j2", "a/z.txt", "b.txt",
                                           "j3", "deep/er/est.txt", "empty.txt", "link.txt"}));
  EXPECT_EQ(sources[0], root + "/A.txt");
  EXPECT_EQ(sources[3], root + "/a/m.jsonl:1");
  EXPECT_EQ(sources[4], root + "/a/m.jsonl:2");
  EXPECT_EQ(sources[7], root + "/data.json:1");
  EXPECT_EQ(r.docs[0].text, "capital");
  EXPECT_EQ(r.docs[7].text, "array");
  EXPECT_EQ(r.docs[9].text, "");
  EXPECT_EQ(r.docs[10].text, "bee");
  ASSERT_EQ(r.warnings.size(), 2u);
  EXPECT_EQ(r.warnings[1].rfind(root + "/dangling.txt: cannot follow symbolic link: ", 0), 0u)
      << r.warnings[1];
  // Files the walk does not read are counted and named (folder links are not followed).
  EXPECT_EQ(r.warnings[0],
            root + ": 3 files skipped (not .txt, .jsonl, .ndjson or .json): loop, notes.md, out");

  // A trailing '/' on the folder does not double in sources.
  r = ReadAllDocs({root + "/"});
  ASSERT_FALSE(r.docs.empty());
  EXPECT_EQ(r.docs[0].source, root + "/A.txt");
}

TEST(CorpusReaderFolderTest, BinaryFileSkipped) {
  TempDir dir;
  dir.Write("c/bin.txt", "abc\0def"s);
  dir.Write("c/late.txt", std::string(9000, 'x') + "\0"s);  // NUL after 8 KiB: kept
  dir.Write("c/ok.txt", "fine");
  ReadResult r = ReadAllDocs({dir.path() + "/c"});
  ASSERT_EQ(r.docs.size(), 2u);
  EXPECT_EQ(r.docs[0].id, "late.txt");
  EXPECT_EQ(r.docs[0].text.size(), 9001u);
  EXPECT_EQ(r.docs[1].id, "ok.txt");
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_EQ(r.warnings[0], dir.path() + "/c/bin.txt: binary file skipped");
}

TEST(CorpusReaderFolderTest, FileVanishingMidRun) {
  TempDir dir;
  dir.Write("c/1.txt", "one");
  const std::string gone = dir.Write("c/2.txt", "two");
  dir.Write("c/3.txt", "three");
  auto reader = CorpusReader::Open({dir.path() + "/c"}, {});
  ASSERT_TRUE(reader.ok());
  Document doc;
  ASSERT_TRUE((*reader)->Next(&doc));
  EXPECT_EQ(doc.id, "1.txt");
  fs::remove(gone);
  ASSERT_TRUE((*reader)->Next(&doc));
  EXPECT_EQ(doc.id, "3.txt");
  EXPECT_FALSE((*reader)->Next(&doc));
  EXPECT_TRUE((*reader)->status().ok());
  std::vector<ReadWarning> w = (*reader)->TakeWarnings();
  ASSERT_EQ(w.size(), 1u);
  EXPECT_EQ(w[0].message, gone + ": cannot open: No such file or directory");
}

TEST(CorpusReaderFolderTest, UnreadableFolderAndFileWarnOrFailWhenStrict) {
  if (::geteuid() == 0) GTEST_SKIP() << "root ignores permissions";
  TempDir dir;
  dir.Write("c/a.txt", "a");
  dir.Write("c/locked/b.txt", "b");
  const std::string secret = dir.Write("c/secret.txt", "s");
  dir.Write("c/z.txt", "z");
  fs::permissions(dir.path() + "/c/locked", fs::perms::none);
  fs::permissions(secret, fs::perms::none);
  ReadResult r = ReadAllDocs({dir.path() + "/c"});
  ASSERT_EQ(r.docs.size(), 2u);
  ASSERT_EQ(r.warnings.size(), 2u);
  EXPECT_EQ(r.warnings[0], dir.path() + "/c/locked: cannot open folder: Permission denied");
  EXPECT_EQ(r.warnings[1], secret + ": cannot open: Permission denied");

  ReaderOptions options;
  options.strict = true;
  r = ReadAllDocs({dir.path() + "/c"}, options);
  EXPECT_TRUE(r.docs.empty());
  EXPECT_EQ(r.status.code(), Status::Code::kIOError);
  EXPECT_EQ(r.status.message(), dir.path() + "/c/locked: cannot open folder: Permission denied");
  fs::permissions(dir.path() + "/c/locked", fs::perms::owner_all);
}

TEST(CorpusReaderFolderTest, StrictFailsOnBinaryFile) {
  TempDir dir;
  dir.Write("c/a.txt", "a");
  dir.Write("c/b.txt", "\0"s);
  ReaderOptions options;
  options.strict = true;
  auto reader = CorpusReader::Open({dir.path() + "/c"}, options);
  ASSERT_TRUE(reader.ok());
  Document doc;
  ASSERT_TRUE((*reader)->Next(&doc));
  EXPECT_FALSE((*reader)->Next(&doc));
  EXPECT_EQ((*reader)->status().message(), dir.path() + "/c/b.txt: binary file skipped");
}

TEST(CorpusReaderTest, SingleFilesAndSeveralPathsInOrder) {
  TempDir dir;
  const std::string txt = dir.Write("sub/one.txt", "single\nfile\n");
  const std::string jsonl = dir.Write("d.jsonl", "{\"id\":9,\"text\":\"nine\"}\n");
  ReadResult r = ReadAllDocs({txt, jsonl, txt});
  ASSERT_EQ(r.docs.size(), 3u);
  EXPECT_EQ(r.docs[0].id, "one.txt");
  EXPECT_EQ(r.docs[0].source, txt);
  EXPECT_EQ(r.docs[0].text, "single\nfile\n");
  EXPECT_EQ(r.docs[1].id, "9");
  EXPECT_EQ(r.docs[2].id, "one.txt");
}

TEST(CorpusReaderTest, OpenRejectsMissingAndUnsupportedPaths) {
  TempDir dir;
  const std::string md = dir.Write("notes.md", "x");
  const std::string ok = dir.Write("ok.txt", "x");
  struct Case {
    std::string path;
    std::string want;
  };
  const Case cases[] = {
      {dir.path() + "/nope.txt", dir.path() + "/nope.txt: no such file or folder"},
      {dir.path() + "/ok.txt/below", dir.path() + "/ok.txt/below: no such file or folder"},
      {md, md + ": unsupported file type (want a folder, .txt, .jsonl, .ndjson or .json)"},
      {"", "'': no such file or folder"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.path);
    auto reader = CorpusReader::Open({ok, c.path}, {});
    ASSERT_FALSE(reader.ok());
    EXPECT_EQ(reader.status().code(), Status::Code::kInvalidArgument);
    EXPECT_EQ(reader.status().message(), c.want);
  }
}

TEST(CorpusReaderTest, ReadsSeedSamples) {
  ReadResult r = ReadAllDocs({std::string(NEARDUP_SOURCE_DIR) + "/data/seeds"});
  EXPECT_TRUE(r.warnings.empty());
  EXPECT_EQ(r.docs.size(), 5u);
  for (size_t i = 1; i < r.docs.size(); ++i) EXPECT_LT(r.docs[i - 1].id, r.docs[i].id);
}

}  // namespace
}  // namespace neardup
