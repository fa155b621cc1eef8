// RecordFields (record_fields.h) with simdjson's DOM parser.

#include "neardup/io/record_fields.h"

#include <simdjson.h>

#include <charconv>
#include <cstdint>
#include <utility>

namespace neardup {
namespace {

namespace dom = simdjson::dom;

// The value at dotted `path` inside `object`, whose own path is `prefix` ("" at the top).
bool Find(dom::object object, std::string_view prefix, std::string_view path, dom::element* out) {
  std::string member_path;
  for (auto [key, value] : object) {
    member_path.assign(prefix);
    if (!prefix.empty()) member_path.push_back('.');
    member_path.append(key);
    if (member_path == path) {
      *out = value;
      return true;
    }
    const bool descends = path.size() > member_path.size() && path[member_path.size()] == '.' &&
                          path.starts_with(member_path);
    if (descends && value.is_object() &&
        Find(value.get_object().value_unsafe(), member_path, path, out)) {
      return true;
    }
  }
  return false;
}

std::string AsText(dom::element e) {
  char b[32];
  switch (e.type()) {
    case dom::element_type::STRING:
      return std::string(e.get_string().value_unsafe());
    case dom::element_type::INT64: {
      auto r = std::to_chars(b, b + sizeof b, e.get_int64().value_unsafe());
      return std::string(b, r.ptr);
    }
    case dom::element_type::UINT64: {
      auto r = std::to_chars(b, b + sizeof b, e.get_uint64().value_unsafe());
      return std::string(b, r.ptr);
    }
    case dom::element_type::DOUBLE: {
      auto r = std::to_chars(b, b + sizeof b, e.get_double().value_unsafe());
      return std::string(b, r.ptr);
    }
    case dom::element_type::BOOL:
      return e.get_bool().value_unsafe() ? "true" : "false";
    default:
      return {};
  }
}

}  // namespace

struct RecordFields::Parser {
  dom::parser parser;
};

RecordFields::RecordFields(std::vector<std::string> fields)
    : fields_(std::move(fields)), parser_(std::make_unique<Parser>()) {}

RecordFields::~RecordFields() = default;

bool RecordFields::any() const {
  for (const std::string& f : fields_) {
    if (!f.empty()) return true;
  }
  return false;
}

std::vector<std::string> RecordFields::Read(std::string_view record) {
  const std::vector<std::string>& fields = fields_;
  std::vector<std::string> values(fields.size());
  if (!any() || record.empty()) return values;
  dom::element root;
  if (parser_->parser.parse(record.data(), record.size()).get(root) != simdjson::SUCCESS) {
    return values;
  }
  dom::object object;
  if (root.get_object().get(object) != simdjson::SUCCESS) return values;
  for (size_t i = 0; i < fields.size(); ++i) {
    dom::element e;
    if (!fields[i].empty() && Find(object, "", fields[i], &e)) values[i] = AsText(e);
  }
  return values;
}

}  // namespace neardup
