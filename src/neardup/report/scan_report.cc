// The steps after a scan that library callers (the CLI, the Python module) share: the whole JSONL
// report of `neardup scan` (alignment and document verdicts in reworded mode, then the writer)
// and the deduplicated corpus of `neardup dedup`.

#include <memory>
#include <string>
#include <vector>

#include "neardup/io/doc_texts.h"
#include "neardup/report.h"
#include "neardup/report/alignment.h"
#include "neardup/report/doc_verdict.h"
#include "neardup/report/dedup_kept.h"
#include "neardup/scan/scanner.h"

namespace neardup {

Status WriteScanReport(const ScanResult& result, const Options& options, const ScanTexts& texts,
                       OutputFile* out) {
  ReportInfo info;
  info.mode = options.mode == Mode::kReworded ? "reworded" : "lexical";
  info.options = options;
  std::vector<Alignment> alignments;
  std::vector<DocPair> docpairs;
  if (options.mode == Mode::kReworded) {
    DocTexts loaded;
    const std::vector<uint32_t> wanted = DocsInReport(result);
    if (texts.text_of) {
      for (uint32_t d : wanted) loaded.Put(d, std::string(texts.text_of(d)));
    } else if (Status s = loaded.Load(texts.paths, texts.reader, wanted); !s.ok()) {
      return s;
    }
    alignments = AlignPairs(result, loaded, options.seed, options.threads);
    docpairs = DocPairs(result, alignments, info.verdict, options.threads);
    info.alignments = &alignments;
    info.docpairs = &docpairs;
  }
  return WriteJsonlReport(result, info, out);
}

StatusOr<DedupCounts> DedupDocuments(
    const ScanResult& result, Unit unit, const ScanTexts& texts,
    const std::function<Status(uint32_t doc, std::string_view text)>& emit) {
  return DedupKeptUnits(result.units, result.doc_ids.size(), UnitsToKeep(result), unit, texts, emit);
}

StatusOr<DedupCounts> DedupKeptUnits(
    const std::vector<UnitRef>& units, size_t docs, const std::vector<bool>& keep, Unit unit,
    const ScanTexts& texts, const std::function<Status(uint32_t doc, std::string_view text)>& emit) {
  DedupCounts counts;
  // Units of each document, in order.
  std::vector<uint32_t> first_unit(docs + 1, 0);
  for (const UnitRef& u : units) ++first_unit[u.doc + 1];
  for (size_t d = 0; d < docs; ++d) first_unit[d + 1] += first_unit[d];

  std::unique_ptr<CorpusReader> reader;
  if (!texts.text_of) {
    StatusOr<std::unique_ptr<CorpusReader>> opened = CorpusReader::Open(texts.paths, texts.reader);
    if (!opened.ok()) return opened.status();
    reader = std::move(*opened);
  }
  Document doc;
  std::string text;
  for (uint32_t d = 0; d < docs; ++d) {
    std::string_view whole;
    if (reader) {
      if (!reader->Next(&doc)) break;  // the input shrank since the scan: write what there is
      whole = doc.text;
    } else {
      whole = texts.text_of(d);
    }
    const uint32_t begin = first_unit[d], end = first_unit[d + 1];
    bool any = begin == end;  // nothing comparable in it: kept as it is
    if (any) {
      text.assign(whole);
    } else {
      text.clear();
    }
    for (uint32_t u = begin; u < end; ++u) {
      if (!keep[u]) continue;
      ++counts.units_kept;
      if (unit == Unit::kDocument) {
        text.assign(whole);
      } else {
        const ByteRange r = units[u].range;
        if (any) text.append("\n\n");
        text.append(whole.substr(r.begin, r.end - r.begin));
      }
      any = true;
    }
    if (!any) continue;
    if (Status s = emit(d, text); !s.ok()) return s;
    ++counts.documents;
  }
  if (reader && !reader->status().ok()) return reader->status();
  return counts;
}

}  // namespace neardup
