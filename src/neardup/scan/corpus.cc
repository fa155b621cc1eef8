// Corpus: Scanner behind a Status-returning facade that checks its options and its call order.

#include "neardup/corpus.h"

#include <utility>

#include "neardup/scan/scanner.h"

namespace neardup {
namespace {

// Counts the documents another reader hands out.
class CountingReader final : public CorpusReader {
 public:
  CountingReader(CorpusReader* inner, size_t* count) : inner_(inner), count_(count) {}
  bool Next(Document* doc) override {
    if (!inner_->Next(doc)) return false;
    ++*count_;
    return true;
  }
  const Status& status() const override { return inner_->status(); }
  std::vector<ReadWarning> TakeWarnings() override { return inner_->TakeWarnings(); }

 private:
  CorpusReader* inner_;
  size_t* count_;
};

Status Finished() {
  return Status::InvalidArgument("the corpus was already searched (Corpus::Find)");
}

}  // namespace

Corpus::Corpus(const Options& options) : scanner_(std::make_unique<Scanner>(options)) {}
Corpus::~Corpus() = default;

StatusOr<std::unique_ptr<Corpus>> Corpus::Create(const Options& options) {
  if (Status s = Scanner::Validate(options); !s.ok()) return s;
  return std::unique_ptr<Corpus>(new Corpus(options));
}

Status Corpus::Add(std::string_view id, std::string_view text) {
  if (finished_) return Finished();
  Document doc;
  doc.id = std::string(id);
  doc.text = std::string(text);
  doc.source = doc.id;
  scanner_->AddDocument(doc);
  ++documents_;
  return Status::OK();
}

Status Corpus::AddPaths(const std::vector<std::string>& paths, const ReaderOptions& reader) {
  if (finished_) return Finished();
  StatusOr<std::unique_ptr<CorpusReader>> r = CorpusReader::Open(paths, reader);
  if (!r.ok()) return r.status();
  CountingReader counting(r->get(), &documents_);
  return scanner_->AddCorpus(&counting);
}

StatusOr<ScanResult> Corpus::Find() {
  if (finished_) return Finished();
  finished_ = true;
  return scanner_->Finish();
}

}  // namespace neardup
