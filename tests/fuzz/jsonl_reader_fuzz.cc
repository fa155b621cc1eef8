// libFuzzer target: arbitrary bytes as a JSONL stream through LineReader + JsonlReader.
// The first byte picks how the stream is chunked, which field names to use and what to do with
// ill-formed UTF-8; the rest is the file. Built by tests/fuzz/CMakeLists.txt (scripts/fuzz).

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "neardup/corpus_reader.h"
#include "neardup/io/jsonl_reader.h"
#include "neardup/io/line_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  static constexpr size_t kChunks[] = {SIZE_MAX, 1, 2, 7, 63, 64, 65, 4096};
  const uint8_t control = data[0];
  const std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);

  neardup::ReaderOptions options;
  if (control & 0x08) options.id_field = "a";
  if (control & 0x10) options.text_field = "b";
  if (control & 0x20) options.id_field = options.text_field;
  if (control & 0x40) options.invalid_utf8 = neardup::InvalidUtf8::kSkip;
  simdjson::ondemand::parser parser;
  neardup::internal::JsonlReader reader(
      std::make_unique<neardup::internal::MemoryStream>(input, kChunks[control & 7]), "fuzz.jsonl",
      &options, &parser);
  neardup::Document doc;
  std::string message;
  size_t records = 0;
  while (true) {
    const auto result = reader.Next(&doc, &message);
    if (result == neardup::internal::JsonlReader::Result::kEnd) break;
    if (result == neardup::internal::JsonlReader::Result::kReadError) __builtin_trap();
    if (++records > input.size() + 1) __builtin_trap();  // at most one record per line
    if (result == neardup::internal::JsonlReader::Result::kDocument) {
      // Decoded strings come from validated JSON, so they must be valid UTF-8.
      if (!simdjson::validate_utf8(doc.text) || !simdjson::validate_utf8(doc.id)) __builtin_trap();
      if (doc.source.rfind("fuzz.jsonl:", 0) != 0) __builtin_trap();
      // A warning comes only with a repaired line, and names it.
      if (!message.empty() && (options.invalid_utf8 == neardup::InvalidUtf8::kSkip ||
                               message.rfind(doc.source + ": invalid UTF-8", 0) != 0)) {
        __builtin_trap();
      }
    } else if (message.rfind("fuzz.jsonl:", 0) != 0) {
      __builtin_trap();
    }
  }
  return 0;
}
