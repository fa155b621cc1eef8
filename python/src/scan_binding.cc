// _neardup._Scan: one batch scan through neardup::Corpus. Records arrive from Python in chunks
// (converted with the GIL held) and are fingerprinted on every core with the GIL released, or
// are read from paths; the result leaves as the JSONL report `neardup scan --format jsonl`
// writes, or as the JSONL `neardup dedup` writes (both read the corpus again from its paths).

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "neardup/io/doc_texts.h"
#include "neardup/neardup.h"
#include "neardup/report.h"
#include "neardup/scan/scanner.h"
#include "python/src/bindings.h"
#include "python/src/status_error.h"

namespace py = pybind11;

namespace neardup::python {
namespace {

// Hands out documents held in memory, in order.
class VectorReader final : public CorpusReader {
 public:
  explicit VectorReader(std::vector<Document>* docs) : docs_(docs) {}
  bool Next(Document* doc) override {
    if (next_ == docs_->size()) return false;
    *doc = std::move((*docs_)[next_++]);
    return true;
  }
  const Status& status() const override { return status_; }
  std::vector<ReadWarning> TakeWarnings() override { return {}; }

 private:
  std::vector<Document>* docs_;
  size_t next_ = 0;
  Status status_;
};

// The bytes `write` puts into an OutputFile, through a temporary file (OutputFile writes files).
std::string CaptureOutput(const std::function<Status(OutputFile*)>& write) {
  std::error_code ec;
  std::string dir = (std::filesystem::temp_directory_path(ec) / "neardup-py-XXXXXX").string();
  if (ec || mkdtemp(dir.data()) == nullptr) {
    throw StatusError(Status::IOError("cannot create a temporary folder for the report"));
  }
  const std::string path = dir + "/report.jsonl";
  std::string bytes;
  Status s;
  {
    StatusOr<std::unique_ptr<OutputFile>> out = OutputFile::Open(path);
    s = out.ok() ? write(out->get()) : out.status();
    if (s.ok()) s = (*out)->Commit();
  }
  if (s.ok()) {
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (f == nullptr) {
      s = Status::IOError(path + ": cannot read the report back");
    } else {
      char buf[1 << 16];
      size_t n;
      while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) bytes.append(buf, n);
      std::fclose(f);
    }
  }
  std::filesystem::remove_all(dir, ec);
  ThrowIfError(s);
  return bytes;
}

class ScanSession {
 public:
  // mode "lexical"/"reworded", level "paragraph"/"document"; threshold: lexical Jaccard, or the
  // reworded scorer's decision probability (as `scan --threshold`); nullopt keeps the defaults.
  ScanSession(const std::string& mode, const std::string& level, std::optional<double> threshold,
              int ngram, int num_perm, int threads) {
    if (mode != "lexical" && mode != "reworded") {
      throw StatusError(
          Status::InvalidArgument("mode must be 'reworded' or 'lexical', got '" + mode + "'"));
    }
    if (level != "paragraph" && level != "document") {
      throw StatusError(
          Status::InvalidArgument("level must be 'paragraph' or 'document', got '" + level + "'"));
    }
    options_.mode = mode == "reworded" ? Mode::kReworded : Mode::kLexical;
    options_.unit = level == "document" ? Unit::kDocument : Unit::kParagraph;
    options_.ngram = ngram;
    options_.num_perm = num_perm;
    options_.threads = threads;
    if (threshold) {
      if (options_.mode == Mode::kReworded) {
        // The scorer's decision threshold (0 would mean the fitted default): as `scan
        // --threshold`. (score_threshold, set here before, no longer decides paragraph pairs.)
        if (!(*threshold > 0 && *threshold <= 1)) {
          throw StatusError(Status::InvalidArgument("threshold must be in (0, 1], got " +
                                                    std::to_string(*threshold)));
        }
        options_.decision_threshold = *threshold;
      } else {
        options_.threshold = *threshold;
      }
    }
    StatusOr<std::unique_ptr<Corpus>> c = Corpus::Create(options_);
    ThrowIfError(c.status());
    corpus_ = std::move(*c);
  }

  // `records`: a list of (id, text) pairs of str. Adds them in order.
  void AddRecords(const py::list& records) {
    Busy();
    std::vector<Document> docs;
    docs.reserve(records.size());
    for (py::handle item : records) {
      auto t = item.cast<py::tuple>();
      Document d;
      d.id = std::string(Utf8(t[0], "a record's id"));
      d.text = std::string(Utf8(t[1], "a record's text"));
      d.source = d.id;
      docs.push_back(std::move(d));
    }
    Status s;
    {
      py::gil_scoped_release release;
      std::lock_guard<std::mutex> lock(mu_);
      VectorReader reader(&docs);
      s = corpus_->AddFrom(&reader);
    }
    ThrowIfError(s);
  }

  void AddPaths(const std::vector<std::string>& paths, const std::string& id_field,
                const std::string& text_field, bool strict) {
    Busy();
    paths_ = paths;
    reader_options_.id_field = id_field;
    reader_options_.text_field = text_field;
    reader_options_.strict = strict;
    Status s;
    {
      py::gil_scoped_release release;
      std::lock_guard<std::mutex> lock(mu_);
      s = corpus_->AddPaths(paths_, reader_options_);
    }
    ThrowIfError(s);
  }

  void Find() {
    Busy();
    std::optional<StatusOr<ScanResult>> r;
    {
      py::gil_scoped_release release;
      std::lock_guard<std::mutex> lock(mu_);
      r.emplace(corpus_->Find());
    }
    ThrowIfError(r->status());
    result_ = std::move(**r);
  }

  // The JSONL report, byte for byte what `neardup scan --format jsonl` writes for these documents.
  // Reworded mode reads the texts a second time, so the documents must have come from paths.
  py::bytes ReportJsonl() {
    ScanResult& r = Result();
    std::string bytes;
    {
      py::gil_scoped_release release;
      std::lock_guard<std::mutex> lock(mu_);
      if (options_.mode == Mode::kReworded && paths_.empty() && !r.doc_ids.empty()) {
        throw StatusError(
            Status::InvalidArgument("a reworded report reads the corpus again: "
                                    "scan it from paths"));
      }
      ReportInfo info;
      info.mode = options_.mode == Mode::kReworded ? "reworded" : "lexical";
      info.options = options_;
      bytes = CaptureOutput([&](OutputFile* out) {
        return WriteScanReport(&r, info, ReportFormat::kJsonl, paths_, reader_options_, out,
                               nullptr);
      });
    }
    return py::bytes(bytes);
  }

  // The corpus as `neardup dedup` writes it (JSONL, {"id":..,"text":..} per kept document),
  // read again from the paths it was scanned from.
  py::bytes DedupJsonl() {
    const ScanResult& r = Result();
    std::string bytes;
    {
      py::gil_scoped_release release;
      std::lock_guard<std::mutex> lock(mu_);
      if (paths_.empty() && !r.doc_ids.empty()) {
        throw StatusError(
            Status::InvalidArgument("dedup reads the corpus again: scan it from paths"));
      }
      DedupStats stats;
      bytes = CaptureOutput([&](OutputFile* out) {
        return WriteDeduplicated(r, options_.unit, paths_, reader_options_, out, &stats);
      });
    }
    return py::bytes(bytes);
  }

  py::list Warnings() {
    py::list list;
    for (const ReadWarning& w : Result().warnings) list.append(Str(w.message));
    return list;
  }

 private:
  void Busy() const {
    if (result_) throw StatusError(Status::InvalidArgument("this scan already finished"));
  }
  ScanResult& Result() {
    if (!result_) throw StatusError(Status::InvalidArgument("the scan has not run yet"));
    return *result_;
  }

  Options options_;
  std::unique_ptr<Corpus> corpus_;
  std::vector<std::string> paths_;
  ReaderOptions reader_options_;
  std::optional<ScanResult> result_;
  std::mutex mu_;  // one library call at a time (Corpus is used from one thread)
};

}  // namespace

void RegisterScan(py::module_& m) {
  py::class_<ScanSession>(m, "_Scan", "One batch scan; neardup.scan and neardup.dedup drive it.")
      .def(py::init<const std::string&, const std::string&, std::optional<double>, int, int, int>(),
           py::arg("mode"), py::arg("level"), py::arg("threshold"), py::arg("ngram"),
           py::arg("num_perm"), py::arg("threads"))
      .def("add_records", &ScanSession::AddRecords, py::arg("records"))
      .def("add_paths", &ScanSession::AddPaths, py::arg("paths"), py::arg("id_field"),
           py::arg("text_field"), py::arg("strict"))
      .def("find", &ScanSession::Find)
      .def("report_jsonl", &ScanSession::ReportJsonl)
      .def("dedup_jsonl", &ScanSession::DedupJsonl)
      .def("warnings", &ScanSession::Warnings);
}

}  // namespace neardup::python
