// _neardup._Index: neardup::Index for Python. Every call releases the GIL while the library works
// and holds the object's mutex, so Python threads may share one index. Verdicts leave as the JSON
// text IndexVerdict::ToJson writes (the object `neardup filter` adds), and only once durable.

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <ctime>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "neardup/neardup.h"
#include "python/src/bindings.h"
#include "python/src/status_error.h"

namespace py = pybind11;

namespace neardup::python {
namespace {

class PyIndex {
 public:
  PyIndex(const std::string& path, const std::string& mode, std::optional<double> threshold,
          bool create, double duplicate_coverage, bool read_only, bool sync, int ngram,
          int num_perm) {
    if (mode != "lexical" && mode != "reworded") {
      throw StatusError(
          Status::InvalidArgument("mode must be 'reworded' or 'lexical', got '" + mode + "'"));
    }
    if (!(duplicate_coverage > 0 && duplicate_coverage <= 1)) {
      throw StatusError(Status::InvalidArgument("duplicate_coverage must be in (0, 1], got " +
                                                std::to_string(duplicate_coverage)));
    }
    IndexOptions o;
    o.matching.mode = mode == "reworded" ? Mode::kReworded : Mode::kLexical;
    if (threshold) o.matching.threshold = *threshold;
    o.matching.ngram = ngram;
    o.matching.num_perm = num_perm;
    o.duplicate_coverage = duplicate_coverage;
    o.read_only = read_only;
    o.adopt_settings = read_only;  // as `neardup query`: a reader takes the index as it is
    o.create_if_missing = create;
    o.sync = sync;
    std::optional<StatusOr<std::unique_ptr<Index>>> opened;
    {
      py::gil_scoped_release release;
      opened.emplace(Index::Open(path, o));
    }
    ThrowIfError(opened->status());
    index_ = std::move(**opened);
  }

  // Checks and adds one document, commits, and returns its verdict (durable).
  std::string Check(py::handle id, py::handle text) {
    Document doc = ToDocument(id, text);
    py::gil_scoped_release release;
    std::lock_guard<std::mutex> lock(mu_);
    Index& index = Open();
    StatusOr<IndexVerdict> v = index.Check(doc);
    if (!v.ok()) {
      // InvalidArgument: this document alone (nothing staged by it). Anything else breaks the
      // index.
      if (v.status().code() != Status::Code::kInvalidArgument) Break();
      throw StatusError(v.status());
    }
    Commit(index);
    return v->ToJson();
  }

  // Checks and adds every (id, text) of `records` in order, committing every `batch` documents
  // and at the end. Returns one (true, verdict JSON) or (false, message) per record; a record of
  // its own problem (InvalidArgument) gets the message and the others go on.
  std::vector<std::pair<bool, std::string>> CheckMany(const py::list& records, size_t batch) {
    if (batch < 1) throw StatusError(Status::InvalidArgument("batch must be at least 1"));
    std::vector<Document> docs;
    docs.reserve(records.size());
    for (py::handle r : records) {
      auto t = r.cast<py::tuple>();
      docs.push_back(ToDocument(t[0], t[1]));
    }
    std::vector<std::pair<bool, std::string>> out;
    out.reserve(docs.size());
    py::gil_scoped_release release;
    std::lock_guard<std::mutex> lock(mu_);
    Index& index = Open();
    for (const Document& doc : docs) {
      StatusOr<IndexVerdict> v = index.Check(doc);
      if (v.ok()) {
        out.emplace_back(true, v->ToJson());
      } else if (v.status().code() == Status::Code::kInvalidArgument) {
        out.emplace_back(false, v.status().message());
      } else {
        Break();
        throw StatusError(v.status());
      }
      if (index.pending() >= batch) Commit(index);
    }
    Commit(index);
    return out;
  }

  std::string Query(py::handle id, py::handle text) {
    Document doc = ToDocument(id, text);
    py::gil_scoped_release release;
    std::lock_guard<std::mutex> lock(mu_);
    StatusOr<IndexVerdict> v = Open().Query(doc);
    ThrowIfError(v.status());
    return v->ToJson();
  }

  void Remove(const std::string& id) {
    py::gil_scoped_release release;
    std::lock_guard<std::mutex> lock(mu_);
    ThrowIfError(Open().Remove(id));
  }

  uint64_t Prune(int64_t max_age_seconds, uint64_t max_documents) {
    py::gil_scoped_release release;
    std::lock_guard<std::mutex> lock(mu_);
    StatusOr<uint64_t> n = Open().Prune(max_age_seconds, max_documents, std::time(nullptr));
    ThrowIfError(n.status());
    return *n;
  }

  py::dict Stats(bool verify) {
    std::optional<StatusOr<IndexStats>> st;
    {
      py::gil_scoped_release release;
      std::lock_guard<std::mutex> lock(mu_);
      st.emplace(Open().Stats(verify));
    }
    ThrowIfError(st->status());
    const IndexStats& s = **st;
    py::dict d;
    d["documents"] = s.documents;
    d["paragraphs"] = s.paragraphs;
    d["band_entries"] = s.band_entries;
    d["file_bytes"] = s.file_bytes;
    d["oldest_added_unix"] = s.oldest_added_unix;
    d["newest_added_unix"] = s.newest_added_unix;
    d["mode"] = s.mode;
    d["ngram"] = s.ngram;
    d["num_perm"] = s.num_perm;
    d["seed"] = s.seed;
    d["bands"] = s.bands;
    d["rows"] = s.rows;
    d["created_threshold"] = s.created_threshold;
    d["format_version"] = s.format_version;
    return d;
  }

  // Closes the index (nothing is staged between calls: every call commits what it checks).
  void Close() {
    py::gil_scoped_release release;
    std::lock_guard<std::mutex> lock(mu_);
    index_.reset();
  }
  bool closed() const { return index_ == nullptr; }
  std::string path() const { return index_ ? index_->dir() : std::string(); }

 private:
  static Document ToDocument(py::handle id, py::handle text) {
    Document doc;
    doc.id = std::string(Utf8(id, "an id"));
    doc.text = std::string(Utf8(text, "a text"));
    doc.source = doc.id;
    return doc;
  }
  Index& Open() {
    if (!index_) throw StatusError(Status::InvalidArgument("the index is closed"));
    return *index_;
  }
  // After a failure of the index only destruction is safe (Index::Check's contract).
  void Break() { index_.reset(); }
  void Commit(Index& index) {
    if (Status s = index.Commit(); !s.ok()) {
      Break();
      throw StatusError(s);
    }
  }

  std::unique_ptr<Index> index_;
  std::mutex mu_;
};

}  // namespace

void RegisterIndex(py::module_& m) {
  py::class_<PyIndex>(m, "_Index", "The streaming index; neardup.Index wraps it.")
      .def(py::init<const std::string&, const std::string&, std::optional<double>, bool, double,
                    bool, bool, int, int>(),
           py::arg("path"), py::arg("mode"), py::arg("threshold"), py::arg("create"),
           py::arg("duplicate_coverage"), py::arg("read_only"), py::arg("sync"), py::arg("ngram"),
           py::arg("num_perm"))
      .def("check", &PyIndex::Check, py::arg("id"), py::arg("text"))
      .def("check_many", &PyIndex::CheckMany, py::arg("records"), py::arg("batch"))
      .def("query", &PyIndex::Query, py::arg("id"), py::arg("text"))
      .def("remove", &PyIndex::Remove, py::arg("id"))
      .def("prune", &PyIndex::Prune, py::arg("max_age_seconds"), py::arg("max_documents"))
      .def("stats", &PyIndex::Stats, py::arg("verify"))
      .def("close", &PyIndex::Close)
      .def_property_readonly("closed", &PyIndex::closed);
}

}  // namespace neardup::python
