// RecordFields: the values of a few named fields of JSON records (a headline, an outlet, a date,
// a URL), for reports that show more than a document's id. Thread-safety: one object per thread.
#ifndef NEARDUP_RECORD_FIELDS_H_
#define NEARDUP_RECORD_FIELDS_H_

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace neardup {

class RecordFields {
 public:
  // `fields`: the dotted paths to read; an empty path reads as "".
  explicit RecordFields(std::vector<std::string> fields);
  ~RecordFields();
  RecordFields(const RecordFields&) = delete;
  RecordFields& operator=(const RecordFields&) = delete;

  // True when at least one path is not empty (Read can find something).
  bool any() const;

  // For each path, the value of that field of the JSON object `record`, as text: a
  // string as decoded, a number or boolean as written in JSON (integers exactly, other numbers as
  // the shortest round-trip form), and "" when the field is missing, null, an array or an object,
  // when its path is empty, or when `record` is not a JSON object. A path may be dotted as the
  // reader's id and text fields are ("meta.date" descends into member "meta"; a key that itself
  // holds the dots matches too; the first match wins). Never fails. Cost: one parse of `record`.
  std::vector<std::string> Read(std::string_view record);

 private:
  std::vector<std::string> fields_;
  // simdjson's parser, kept out of this header: its layout depends on build settings that only
  // the library's own sources are sure to share.
  struct Parser;
  std::unique_ptr<Parser> parser_;
};

}  // namespace neardup

#endif  // NEARDUP_RECORD_FIELDS_H_
