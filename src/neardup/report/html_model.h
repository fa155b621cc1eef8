// HtmlModel: what one HTML report page holds — the article pairs in page order (derived ones
// first, grouped by story), the stories, the paragraph pairs within the page's limit, and each
// article's headline, outlet, date and URL. Thread-safety: a plain value built by one call.
#ifndef NEARDUP_HTML_MODEL_H_
#define NEARDUP_HTML_MODEL_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "neardup/io/doc_texts.h"
#include "neardup/report.h"
#include "neardup/report/doc_verdict.h"
#include "neardup/scan_result.h"

namespace neardup {

// One article as the page names it; fields the input lacks are "".
struct HtmlArticle {
  uint32_t doc = 0;  // index into ScanResult::doc_ids
  std::string title, outlet, date, url;
  std::optional<int64_t> time;  // `date` in seconds (ParsePublicationDate), when it parses
};

// Which article of a pair was published first, by date.
enum class FirstPublished { kUnknown, kA, kB, kSameTime };

struct HtmlDocPair {
  size_t docpair = 0;  // index into HtmlModel::docpairs
  int story = -1;      // index into HtmlModel::stories; -1 for a non-derived pair
  FirstPublished first = FirstPublished::kUnknown;
  // Its paragraph pairs on the page, in pair order, each as its records' indices into
  // ScanResult::pairs (several in reworded mode when the two paragraphs carry several statements).
  std::vector<std::vector<size_t>> pairs;
  size_t all_pairs = 0;  // its paragraph pairs in all (pairs.size() when none was cut)
};

struct HtmlModel {
  // Every article pair sharing copy, in (a, b) order (not those sharing only site furniture).
  std::vector<DocPair> docpairs;
  // Stories: connected components of the derived article pairs only (a non-derived pair joins
  // nothing), largest first, then by first article; each lists its documents ascending.
  std::vector<std::vector<uint32_t>> stories;
  std::vector<HtmlDocPair> shown;      // the article pairs on the page, in page order
  std::vector<HtmlArticle> articles;   // every article `shown` and the listed stories name
  std::vector<size_t> listed_stories;  // stories with an article pair on the page, in order
  size_t paragraph_pairs = 0;          // paragraph (unit) pairs between articles, not furniture
  size_t shown_paragraph_pairs = 0;    // of those, on the page
  size_t derived = 0;                  // article pairs judged derived
  bool cut = false;                    // the pair limit left something out
  // The non-empty field paths of info.html no article had a value for ("" counts as none), in
  // the order title, outlet, date, url; empty when there are no articles.
  std::vector<HtmlMissingField> missing_fields;
};

// Builds the page's content. Article pairs come from info.docpairs, else are judged here from
// info.alignments (when set). Page order: the derived article pairs story by story (within a
// story wholly-derived before partially-derived, then by articles), then the non-derived ones;
// their paragraph pairs are taken in that order until info.html.max_pairs (0 = all) — the last
// article pair may be cut short, and an article pair without paragraph pairs counts as one.
// Articles' fields come from texts.Fields in the order title, outlet, date, url.
// Cost: O(pairs log pairs + documents).
HtmlModel BuildHtmlModel(const ScanResult& result, const ReportInfo& info, const DocTexts& texts);

// The JSONL field paths DocTexts::ReadFields needs for the model: title, outlet, date, url.
std::vector<std::string> HtmlFieldPaths(const HtmlOptions& options);

}  // namespace neardup

#endif  // NEARDUP_HTML_MODEL_H_
