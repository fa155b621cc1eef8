// Compressed input (.gz, .zst) and chunked reading: a compressed corpus reads exactly as the plain
// one, and decoding CorpusReader::NextChunk chunks of any size gives what Next gives.

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <zlib.h>
#include <zstd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "neardup/base/json_writer.h"
#include "neardup/corpus_reader.h"
#include "neardup/io/compressed_stream.h"
#include "neardup/io/line_reader.h"
#include "testutil.h"

namespace neardup {
namespace {

namespace fs = std::filesystem;
using internal::Compression;

// One gzip member holding `data`.
std::string Gzip(const std::string& data) {
  z_stream z{};
  EXPECT_EQ(deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
  std::string out(deflateBound(&z, data.size()) + 64, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&z, Z_FINISH), Z_STREAM_END);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

// One Zstandard frame holding `data`.
std::string Zstd(const std::string& data) {
  std::string out(ZSTD_compressBound(data.size()), '\0');
  const size_t n = ZSTD_compress(out.data(), out.size(), data.data(), data.size(), 3);
  EXPECT_FALSE(ZSTD_isError(n));
  out.resize(n);
  return out;
}

// `data` compressed as two members / frames (its halves), which readers must join.
std::string Compress(const std::string& data, Compression c) {
  const std::string a = data.substr(0, data.size() / 2), b = data.substr(data.size() / 2);
  if (c == Compression::kGzip) return Gzip(a) + Gzip(b);
  if (c == Compression::kZstd) return Zstd(a) + Zstd(b);
  return data;
}

StatusOr<std::string> Decompress(const std::string& compressed, Compression c, size_t piece) {
  auto stream =
      internal::Decompressing(std::make_unique<internal::MemoryStream>(compressed, piece), c);
  std::string out;
  if (Status s = internal::ReadAll(stream.get(), &out); !s.ok()) return s;
  return out;
}

std::string SomeText(size_t lines) {
  std::string text;
  for (size_t i = 0; i < lines; ++i) {
    text += "line " + std::to_string(i * 7919 % 1000) + " of a text that compresses well\n";
  }
  return text;
}

TEST(CompressedStreamTest, RoundTripsAnyPieceSize) {
  struct Case {
    Compression c;
    size_t lines;
    size_t piece;  // bytes the underlying stream hands out per read
  };
  const Case cases[] = {
      {Compression::kGzip, 0, 1},    {Compression::kGzip, 1, 1},
      {Compression::kGzip, 3000, 7}, {Compression::kGzip, 3000, SIZE_MAX},
      {Compression::kZstd, 0, 1},    {Compression::kZstd, 1, 1},
      {Compression::kZstd, 3000, 7}, {Compression::kZstd, 3000, SIZE_MAX},
  };
  for (const Case& k : cases) {
    SCOPED_TRACE(std::to_string(static_cast<int>(k.c)) + " lines " + std::to_string(k.lines) +
                 " piece " + std::to_string(k.piece));
    const std::string text = SomeText(k.lines);
    StatusOr<std::string> got = Decompress(Compress(text, k.c), k.c, k.piece);
    ASSERT_TRUE(got.ok()) << got.status().ToString();
    EXPECT_EQ(*got, text);
  }
}

TEST(CompressedStreamTest, CorruptAndTruncatedDataFail) {
  const std::string text = SomeText(500);
  for (Compression c : {Compression::kGzip, Compression::kZstd}) {
    SCOPED_TRACE(static_cast<int>(c));
    const std::string whole = Compress(text, c);
    StatusOr<std::string> truncated = Decompress(whole.substr(0, whole.size() - 9), c, 64);
    ASSERT_FALSE(truncated.ok());
    EXPECT_NE(truncated.status().message().find("data"), std::string::npos)
        << truncated.status().message();
    std::string corrupt = whole;
    for (size_t i = 20; i < 60; ++i) corrupt[i] = static_cast<char>(corrupt[i] ^ 0x5A);
    EXPECT_FALSE(Decompress(corrupt, c, 64).ok());
  }
}

TEST(CompressedStreamTest, SuffixRules) {
  EXPECT_EQ(internal::CompressionOf("a.jsonl.gz"), Compression::kGzip);
  EXPECT_EQ(internal::CompressionOf("a.txt.zst"), Compression::kZstd);
  EXPECT_EQ(internal::CompressionOf("a.txt"), Compression::kNone);
  EXPECT_EQ(internal::StripCompressionSuffix("dir/a.jsonl.gz"), "dir/a.jsonl");
  EXPECT_EQ(internal::StripCompressionSuffix("a.txt.zst"), "a.txt");
  EXPECT_EQ(internal::StripCompressionSuffix("a.txt"), "a.txt");
}

using test::TempDir;

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// A JSONL file with the cases chunking must keep: a byte order mark, blank lines, a malformed
// line, ill-formed UTF-8, a long line and a last line without '\n'.
std::string TrickyJsonl() {
  std::string j = "\xEF\xBB\xBF{\"id\":\"a\",\"text\":\"first record\"}\n\n";
  j += "not json\n";
  j += "{\"id\":\"b\",\"text\":\"bad \xC3 byte\"}\n";
  j += "{\"id\":\"c\",\"text\":\"" + std::string(5000, 'x') + "\"}\n   \n";
  for (int i = 0; i < 40; ++i) {
    j +=
        "{\"id\":" + std::to_string(i) + ",\"text\":\"record number " + std::to_string(i) + "\"}\n";
  }
  j += "{\"id\":\"last\",\"text\":\"no newline\"}";
  return j;
}

struct Read {
  std::vector<std::string> docs;  // id | text
  std::vector<std::string> sources;
  std::vector<std::string> warnings;
  std::string status;
};

// Reads with Next (chunk_bytes == 0) or by decoding every NextChunk chunk in turn.
Read ReadCorpus(const std::vector<std::string>& paths, size_t chunk_bytes, bool strict = false) {
  ReaderOptions options;
  options.strict = strict;
  if (chunk_bytes > 0) options.chunk_bytes = chunk_bytes;
  auto reader = CorpusReader::Open(paths, options);
  EXPECT_TRUE(reader.ok());
  Read r;
  if (!reader.ok()) return r;
  std::vector<Document> docs;
  std::vector<ReadWarning> warnings;
  if (chunk_bytes == 0) {
    Document d;
    while ((*reader)->Next(&d)) docs.push_back(d);
    r.status = (*reader)->status().ToString();
    warnings = (*reader)->TakeWarnings();
  } else {
    Status status;
    while (status.ok()) {
      std::unique_ptr<ReadChunk> chunk = (*reader)->NextChunk();
      if (chunk == nullptr) break;
      status = chunk->Decode(&docs, &warnings);
    }
    r.status = (status.ok() ? (*reader)->status() : status).ToString();
  }
  for (const Document& d : docs) {
    r.docs.push_back(d.id + "|" + d.text);
    r.sources.push_back(d.source);
  }
  for (const ReadWarning& w : warnings) r.warnings.push_back(w.message);
  return r;
}

TEST(ChunkedReadingTest, AnyChunkSizeGivesWhatNextGives) {
  TempDir dir;
  dir.Write("corpus/x.jsonl", TrickyJsonl());
  dir.Write("corpus/b.txt", "a text file\n\nsecond paragraph");
  dir.Write("corpus/sub/c.jsonl", "{\"id\":\"s\",\"text\":\"t\"}\n");
  const std::vector<std::string> paths = {(dir.fs_path() / "corpus").string()};
  for (bool strict : {false, true}) {
    const Read want = ReadCorpus(paths, 0, strict);
    if (!strict) {
      ASSERT_EQ(want.docs.size(), 46u);
      ASSERT_EQ(want.warnings.size(), 2u);
      EXPECT_EQ(want.docs[45], "last|no newline");
    } else {
      EXPECT_NE(want.status, "OK");
    }
    for (size_t chunk :
         {size_t{1}, size_t{2}, size_t{17}, size_t{100}, size_t{4096}, size_t{1} << 20}) {
      SCOPED_TRACE(std::to_string(chunk) + (strict ? " strict" : ""));
      const Read got = ReadCorpus(paths, chunk, strict);
      EXPECT_EQ(got.docs, want.docs);
      EXPECT_EQ(got.sources, want.sources);
      EXPECT_EQ(got.warnings, want.warnings);
      EXPECT_EQ(got.status, want.status);
    }
  }
}

TEST(ChunkedReadingTest, CompressedFilesReadAsThePlainOnes) {
  TempDir dir;
  const std::string jsonl = TrickyJsonl();
  const std::string text =
      "A text file.\n\nIts second paragraph, \xE2\x80\x9Cquoted\xE2\x80\x9D.\n";
  dir.Write("plain/x.jsonl", jsonl);
  dir.Write("plain/y.txt", text);
  dir.Write("gz/x.jsonl.gz", Compress(jsonl, Compression::kGzip));
  dir.Write("gz/y.txt.gz", Compress(text, Compression::kGzip));
  dir.Write("zst/x.jsonl.zst", Compress(jsonl, Compression::kZstd));
  dir.Write("zst/y.txt.zst", Compress(text, Compression::kZstd));
  const Read want = ReadCorpus({(dir.fs_path() / "plain").string()}, 0);
  ASSERT_EQ(want.docs.size(), 45u);
  for (const char* kind : {"gz", "zst"}) {
    SCOPED_TRACE(kind);
    for (size_t chunk : {size_t{0}, size_t{5}, size_t{1} << 20}) {
      const Read got = ReadCorpus({(dir.fs_path() / kind).string()}, chunk);
      EXPECT_EQ(got.docs, want.docs);
      ASSERT_EQ(got.sources.size(), want.sources.size());
      for (size_t i = 0; i < got.sources.size(); ++i) {
        // The source names the real file: "DIR/gz/x.jsonl.gz:7" for "DIR/plain/x.jsonl:7".
        std::string expected = want.sources[i];
        expected.replace(expected.find("/plain/"), 7, std::string("/") + kind + "/");
        const size_t colon = expected.rfind(':');
        expected.insert(
            colon == std::string::npos || expected.ends_with(".txt") ? expected.size() : colon,
            std::string(".") + kind);
        EXPECT_EQ(got.sources[i], expected);
      }
      EXPECT_EQ(got.warnings.size(), want.warnings.size());
    }
  }
  // A single compressed file given by name reads too; a .txt keeps the plain id.
  const Read single = ReadCorpus({(dir.fs_path() / "zst" / "y.txt.zst").string()}, 0);
  ASSERT_EQ(single.docs.size(), 1u);
  EXPECT_EQ(single.docs[0].substr(0, 6), "y.txt|");
  // A corrupt compressed file is a warning naming it, not a crash.
  dir.Write("bad/z.jsonl.gz", Compress(jsonl, Compression::kGzip).substr(0, 30));
  const Read bad = ReadCorpus({(dir.fs_path() / "bad").string()}, 0);
  ASSERT_EQ(bad.warnings.size(), 1u);
  EXPECT_NE(bad.warnings[0].find("z.jsonl.gz: read error:"), std::string::npos) << bad.warnings[0];
}

// A compressed JSONL file cut in the middle of a later line: whatever the chunk size, the documents
// read are the complete records before the cut, exactly (no stray bytes from a chunk buffer that
// was not filled), and the file is named in a warning.
TEST(ChunkedReadingTest, TruncatedCompressedFileGivesTheRecordsBeforeTheCut) {
  TempDir dir;
  std::string jsonl;
  for (int i = 0; i < 3000; ++i) {
    jsonl += "{\"id\":" + std::to_string(i) + ",\"text\":\"record " + std::to_string(i * 7919) +
             " of a corpus cut short\"}\n";
  }
  dir.Write("plain/t.jsonl", jsonl);
  const Read whole = ReadCorpus({(dir.fs_path() / "plain").string()}, 0);
  ASSERT_EQ(whole.docs.size(), 3000u);
  for (Compression c : {Compression::kGzip, Compression::kZstd}) {
    const std::string packed = Compress(jsonl, c);
    dir.Write("cut/t.jsonl.x", packed.substr(0, packed.size() * 3 / 4));
    fs::rename(dir.fs_path() / "cut" / "t.jsonl.x",
               dir.fs_path() / "cut" / (c == Compression::kGzip ? "t.jsonl.gz" : "t.jsonl.zst"));
    size_t first_count = 0;
    for (size_t chunk : {size_t{0}, size_t{1}, size_t{5}, size_t{4096}, size_t{1} << 20}) {
      SCOPED_TRACE(chunk);
      const Read got = ReadCorpus({(dir.fs_path() / "cut").string()}, chunk);
      ASSERT_GT(got.docs.size(), 100u);
      ASSERT_LT(got.docs.size(), whole.docs.size());
      for (size_t i = 0; i < got.docs.size(); ++i) ASSERT_EQ(got.docs[i], whole.docs[i]) << i;
      if (chunk == 0) first_count = got.docs.size();
      EXPECT_EQ(got.docs.size(), first_count);
      ASSERT_FALSE(got.warnings.empty());
      EXPECT_NE(got.warnings.back().find("t.jsonl."), std::string::npos) << got.warnings.back();
    }
    fs::remove_all(dir.fs_path() / "cut");
  }
}

// Runs `neardup ARGS` and returns its standard output; fails the test on a non-zero exit.
std::string RunCli(const std::string& args, const fs::path& out) {
  const std::string cmd = std::string(NEARDUP_CLI) + " " + args + " --quiet >" + out.string();
  const int status = std::system(cmd.c_str());
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << cmd;
  return ReadFile(out);
}

// The whole tool: a scan of the compressed corpus writes the bytes the plain corpus gives (the
// report names documents by id; .txt ids drop the compression suffix).
TEST(ChunkedReadingTest, ScanOfCompressedCorpusIsByteIdentical) {
  TempDir dir;
  std::vector<std::string> seeds;
  for (const auto& e : fs::directory_iterator(fs::path(NEARDUP_SOURCE_DIR) / "data" / "seeds")) {
    seeds.push_back(e.path().string());
  }
  std::sort(seeds.begin(), seeds.end());
  ASSERT_FALSE(seeds.empty());
  std::string jsonl;
  for (size_t i = 0; i < seeds.size(); ++i) {
    const std::string text = ReadFile(seeds[i]);
    const std::string name = fs::path(seeds[i]).filename().string();
    dir.Write("plain/" + name, text);
    dir.Write("gz/" + name + ".gz", Compress(text, Compression::kGzip));
    dir.Write("zst/" + name + ".zst", Compress(text, Compression::kZstd));
    jsonl += "{\"id\":\"j" + std::to_string(i) + "\",\"text\":";
    AppendJsonString(&jsonl, text);
    jsonl += "}\n";
  }
  dir.Write("plain/wire.jsonl", jsonl);
  dir.Write("gz/wire.jsonl.gz", Compress(jsonl, Compression::kGzip));
  dir.Write("zst/wire.jsonl.zst", Compress(jsonl, Compression::kZstd));
  for (const char* mode : {"lexical", "reworded"}) {
    SCOPED_TRACE(mode);
    const std::string args = std::string("scan --format jsonl --mode ") + mode + " ";
    const std::string want =
        RunCli(args + (dir.fs_path() / "plain").string(), dir.fs_path() / "o1");
    ASSERT_NE(want.find("\"type\":\"pair\""), std::string::npos);
    for (const char* kind : {"gz", "zst"}) {
      SCOPED_TRACE(kind);
      EXPECT_EQ(RunCli(args + (dir.fs_path() / kind).string(), dir.fs_path() / "o2"), want);
      // A single compressed JSONL file scans as the plain one.
      EXPECT_EQ(
          RunCli(args + (dir.fs_path() / kind / "wire.jsonl.").string() + kind,
                 dir.fs_path() / "o3"),
          RunCli(args + (dir.fs_path() / "plain" / "wire.jsonl").string(), dir.fs_path() / "o4"));
    }
  }
}

}  // namespace
}  // namespace neardup
