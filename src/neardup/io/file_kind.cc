// KindOfName: the corpus file extensions.

#include "neardup/io/file_kind.h"

#include "neardup/io/compressed_stream.h"

namespace neardup::internal {
namespace {

bool EndsWithNoCase(std::string_view s, std::string_view suffix) {
  if (s.size() < suffix.size()) return false;
  s = s.substr(s.size() - suffix.size());
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != suffix[i]) return false;
  }
  return true;
}

}  // namespace

FileKind KindOfName(std::string_view name) {
  name = StripCompressionSuffix(name);  // "a.jsonl.gz" is read as "a.jsonl" (compressed_stream.h)
  if (EndsWithNoCase(name, ".txt")) return FileKind::kText;
  if (EndsWithNoCase(name, ".jsonl") || EndsWithNoCase(name, ".ndjson")) return FileKind::kJsonl;
  if (EndsWithNoCase(name, ".json")) return FileKind::kJsonArray;
  return FileKind::kOther;
}

}  // namespace neardup::internal
