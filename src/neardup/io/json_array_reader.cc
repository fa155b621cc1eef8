// JsonArrayReader: a .json array of objects served one object at a time.

#include "neardup/io/json_array_reader.h"

#include <algorithm>
#include <utility>

namespace neardup::internal {

namespace od = simdjson::ondemand;

JsonArrayReader::JsonArrayReader(std::unique_ptr<ByteStream> stream, std::string name,
                                 const ReaderOptions* options, od::parser* parser)
    : stream_(std::move(stream)), name_(std::move(name)), options_(options), parser_(parser) {}

bool JsonArrayReader::Load(std::string* message) {
  if (Status s = ReadAll(stream_.get(), &data_); !s.ok()) {
    *message = name_ + ": " + s.message();
    return false;
  }
  stream_.reset();
  size_t start = data_.starts_with("\xEF\xBB\xBF") ? 3 : 0;
  const size_t size = data_.size();
  data_.append(LineReader::kPadding, ' ');
  const std::string_view text(data_.data() + start, size - start);
  od::parser outer;  // the elements are parsed with parser_, one after another
  od::document doc;
  if (auto e =
          outer.iterate(text.data(), text.size(), text.size() + LineReader::kPadding).get(doc)) {
    *message = name_ + ": " + DescribeJsonError(e);
    return false;
  }
  od::array array;
  if (auto e = doc.get_array().get(array)) {
    *message = name_ + ": " +
               (e == simdjson::INCORRECT_TYPE ? std::string("not a JSON array of objects")
                                              : DescribeJsonError(e));
    return false;
  }
  uint64_t line = 1;
  const char* counted = text.data();
  for (auto element : array) {
    od::value value;
    std::string_view raw;
    if (auto e = element.get(value)) {
      *message = name_ + ": " + DescribeJsonError(e);
      return false;
    }
    const char* at = nullptr;
    if (auto e = value.current_location().get(at)) {
      *message = name_ + ": " + DescribeJsonError(e);
      return false;
    }
    line += static_cast<uint64_t>(std::count(counted, at, '\n'));
    counted = at;
    od::object object;
    if (value.get_object().get(object) == simdjson::SUCCESS) {
      if (auto e = object.raw_json().get(raw)) {
        *message = name_ + ": " + DescribeJsonError(e);
        return false;
      }
    }
    items_.push_back(raw);  // empty: not an object
    lines_.push_back(line);
  }
  if (doc.current_location().error() != simdjson::OUT_OF_BOUNDS) {
    *message = name_ + ": trailing content after the JSON array";
    items_.clear();
    return false;
  }
  return true;
}

JsonArrayReader::Result JsonArrayReader::Next(Document* doc, std::string* message) {
  if (!loaded_) {
    loaded_ = true;
    if (!Load(message)) return Result::kMalformed;
  }
  while (next_ < items_.size()) {
    std::string_view raw = items_[next_];
    const std::string where = name_ + ":" + std::to_string(lines_[next_]);
    ++next_;
    if (raw.empty()) {
      *message = where + ": not a JSON object";
      return Result::kMalformed;
    }
    while (!raw.empty() &&
           (raw.back() == ' ' || raw.back() == '\n' || raw.back() == '\r' || raw.back() == '\t')) {
      raw.remove_suffix(1);
    }
    element_.resize(raw.size() + LineReader::kPadding);
    size_t length = raw.size();
    if (raw.find_first_of("\r\n") != std::string_view::npos) {
      // Spans lines: minified (whitespace outside strings removed), so a record stays one line.
      if (simdjson::minify(raw.data(), raw.size(), element_.data(), length) != simdjson::SUCCESS) {
        *message = where + ": invalid JSON";
        return Result::kMalformed;
      }
    } else {
      std::copy(raw.begin(), raw.end(), element_.begin());
    }
    std::fill(element_.begin() + static_cast<std::ptrdiff_t>(length), element_.end(), ' ');
    const std::string_view line(element_.data(), length);
    RecordSpans spans;
    Status s = ParseJsonlRecord(parser_, line, *options_, &doc->id, &doc->text, &spans);
    if (!s.ok()) {
      *message = where + ": " + s.message();
      return Result::kMalformed;
    }
    if (!spans.has_id) doc->id = where;
    if (options_->keep_records) {
      doc->record.assign(line);
      doc->text_value = spans.text_value;
    }
    doc->source = where;
    message->clear();
    return Result::kDocument;
  }
  return Result::kEnd;
}

}  // namespace neardup::internal
