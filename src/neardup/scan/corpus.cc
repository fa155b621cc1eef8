// Corpus: Scanner behind a Status-returning facade that checks its options and its call order.

#include "neardup/corpus.h"

#include <functional>
#include <utility>

#include "neardup/base/out_of_memory.h"
#include "neardup/scan/scanner.h"

namespace neardup {
namespace {

Status Finished() {
  return Status::InvalidArgument("the corpus was already searched (Corpus::Find)");
}

}  // namespace

Corpus::Corpus(const Options& options)
    : scanner_(std::make_unique<Scanner>(options)), progress_(options.progress) {}
Corpus::~Corpus() = default;

Status Corpus::Guarded(const char* during, const std::function<Status()>& add) {
  bool escaped = true;  // cleared when `add` returns
  Status s = CatchOutOfMemory(during, [&] {
    Status r = add();
    escaped = false;
    return r;
  });
  if (escaped) {
    broken_ =
        Status::ResourceExhausted(s.message() + "; the corpus is incomplete: start a new one");
  }
  return s;
}

StatusOr<std::unique_ptr<Corpus>> Corpus::Create(const Options& options) {
  if (Status s = Scanner::Validate(options); !s.ok()) return s;
  return std::unique_ptr<Corpus>(new Corpus(options));
}

Status Corpus::Add(std::string_view id, std::string_view text) {
  if (finished_) return Finished();
  if (!broken_.ok()) return broken_;
  Document doc;
  doc.id = std::string(id);
  doc.text = std::string(text);
  doc.source = doc.id;
  return Guarded("adding a document", [&] {
    scanner_->AddDocument(doc);
    ++documents_;
    return Status::OK();
  });
}

Status Corpus::AddPaths(const std::vector<std::string>& paths, const ReaderOptions& reader) {
  if (finished_) return Finished();
  if (!broken_.ok()) return broken_;
  StatusOr<std::unique_ptr<CorpusReader>> r = CorpusReader::Open(paths, reader);
  if (!r.ok()) return r.status();
  // The scanner's document count, which Add counts too, is documents_ after the call.
  return Guarded("reading the corpus", [&] {
    return scanner_->AddCorpus(r->get(), [this](const Progress& p) {
      documents_ = p.documents;
      if (progress_) progress_(p);
    });
  });
}

Status Corpus::AddFrom(CorpusReader* reader) {
  if (finished_) return Finished();
  if (!broken_.ok()) return broken_;
  return Guarded("reading the corpus", [&] {
    return scanner_->AddCorpus(reader, [this](const Progress& p) {
      documents_ = p.documents;
      if (progress_) progress_(p);
    });
  });
}

StatusOr<ScanResult> Corpus::Find() {
  if (finished_) return Finished();
  if (!broken_.ok()) return broken_;
  finished_ = true;
  return CatchOutOfMemory("searching the corpus",
                          [&]() -> StatusOr<ScanResult> { return scanner_->Finish(); });
}

}  // namespace neardup
