// BuildHtmlModel (html_model.h): stories from derived copy, page order, the pair limit.

#include "neardup/report/html_model.h"

#include <algorithm>
#include <tuple>
#include <unordered_map>

#include "neardup/base/union_find.h"
#include "neardup/report/pub_date.h"

namespace neardup {
namespace {

bool Derived(const DocPair& d) { return d.verdict != Verdict::kNonDerived; }

// Stories over the derived pairs, ordered; *story_of gets each document's story or -1.
std::vector<std::vector<uint32_t>> Stories(size_t num_docs, const std::vector<DocPair>& docpairs,
                                           std::vector<int>* story_of) {
  UnionFind uf(num_docs);
  std::vector<uint32_t> members;
  for (const DocPair& d : docpairs) {
    if (!Derived(d)) continue;
    uf.Union(d.a, d.b);
    members.push_back(d.a);
    members.push_back(d.b);
  }
  std::sort(members.begin(), members.end());
  members.erase(std::unique(members.begin(), members.end()), members.end());
  std::unordered_map<uint32_t, size_t> of_root;
  std::vector<std::vector<uint32_t>> stories;
  for (uint32_t doc : members) {  // ascending, so each story's documents are too
    auto [it, added] = of_root.try_emplace(uf.Find(doc), stories.size());
    if (added) stories.emplace_back();
    stories[it->second].push_back(doc);
  }
  std::stable_sort(stories.begin(), stories.end(),
                   [](const auto& x, const auto& y) { return x.size() > y.size(); });
  story_of->assign(num_docs, -1);
  for (size_t s = 0; s < stories.size(); ++s) {
    for (uint32_t doc : stories[s]) (*story_of)[doc] = static_cast<int>(s);
  }
  return stories;
}

FirstPublished First(const HtmlArticle& a, const HtmlArticle& b) {
  if (!a.time || !b.time) return FirstPublished::kUnknown;
  if (*a.time == *b.time) return FirstPublished::kSameTime;
  return *a.time < *b.time ? FirstPublished::kA : FirstPublished::kB;
}

HtmlArticle Article(const DocTexts& texts, uint32_t doc) {
  HtmlArticle a;
  a.doc = doc;
  if (const std::vector<std::string>* f = texts.Fields(doc); f != nullptr && f->size() == 4) {
    a.title = (*f)[0];
    a.outlet = (*f)[1];
    a.date = (*f)[2];
    a.url = (*f)[3];
    a.time = ParsePublicationDate(a.date);
  }
  return a;
}

// The non-empty field paths no article had a value for.
std::vector<HtmlMissingField> MissingFields(const HtmlOptions& o,
                                            const std::vector<HtmlArticle>& articles) {
  std::vector<HtmlMissingField> missing;
  if (articles.empty()) return missing;
  auto check = [&](const char* option, const std::string& path, std::string HtmlArticle::*value) {
    if (path.empty()) return;
    for (const HtmlArticle& a : articles) {
      if (!(a.*value).empty()) return;
    }
    missing.push_back({option, path, articles.size()});
  };
  check("title-field", o.title_field, &HtmlArticle::title);
  check("source-field", o.source_field, &HtmlArticle::outlet);
  check("date-field", o.date_field, &HtmlArticle::date);
  check("url-field", o.url_field, &HtmlArticle::url);
  return missing;
}

}  // namespace

std::vector<std::string> HtmlFieldPaths(const HtmlOptions& o) {
  return {o.title_field, o.source_field, o.date_field, o.url_field};
}

HtmlModel BuildHtmlModel(const ScanResult& r, const ReportInfo& info, const DocTexts& texts) {
  HtmlModel m;
  if (info.docpairs != nullptr) {
    m.docpairs = *info.docpairs;
  } else {
    static const std::vector<Alignment> kNone;
    m.docpairs = DocPairs(r, info.alignments != nullptr ? *info.alignments : kNone, info.verdict,
                          info.options.threads);
  }
  // Paragraph pairs between articles, grouped by article pair: (doc a, doc b, pair index).
  std::vector<std::tuple<uint32_t, uint32_t, size_t>> between;
  for (size_t i = 0; i < r.pairs.size(); ++i) {
    const uint32_t da = r.units[r.pairs[i].a].doc, db = r.units[r.pairs[i].b].doc;
    if (da != db && !r.pairs[i].furniture) between.emplace_back(da, db, i);
  }
  std::sort(between.begin(), between.end());
  // A paragraph pair's records (one per statement) are adjacent in r.pairs, so in `between`.
  auto same_units = [&](size_t x, size_t y) {
    return r.pairs[x].a == r.pairs[y].a && r.pairs[x].b == r.pairs[y].b;
  };
  for (size_t k = 0; k < between.size(); ++k) {
    if (k == 0 || !same_units(std::get<2>(between[k - 1]), std::get<2>(between[k]))) {
      ++m.paragraph_pairs;
    }
  }
  auto first_between = [&](const DocPair& d) {
    return std::lower_bound(between.begin(), between.end(), std::make_tuple(d.a, d.b, size_t{0}));
  };
  // An article pair that shares only site furniture shares no copy: it is not on the page.
  std::erase_if(m.docpairs, [&](const DocPair& d) {
    auto it = first_between(d);
    const bool has_pairs =
        it != between.end() && std::get<0>(*it) == d.a && std::get<1>(*it) == d.b;
    return !has_pairs && d.doc_similarity == 0;
  });
  std::vector<int> story_of;
  m.stories = Stories(r.doc_ids.size(), m.docpairs, &story_of);

  // Page order.
  std::vector<size_t> order(m.docpairs.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  auto key = [&](size_t i) {
    const DocPair& d = m.docpairs[i];
    const int story = Derived(d) ? story_of[d.a] : static_cast<int>(m.stories.size());
    return std::make_tuple(story, static_cast<int>(d.verdict), d.a, d.b);
  };
  std::sort(order.begin(), order.end(), [&](size_t x, size_t y) { return key(x) < key(y); });
  for (const DocPair& d : m.docpairs) m.derived += Derived(d) ? size_t{1} : 0;

  const size_t limit = info.html.max_pairs;
  size_t budget_used = 0;
  std::vector<bool> story_listed(m.stories.size(), false);
  std::unordered_map<uint32_t, size_t> article_of;  // doc -> index into m.articles
  auto add_article = [&](uint32_t doc) {
    if (article_of.try_emplace(doc, m.articles.size()).second) {
      m.articles.push_back(Article(texts, doc));
    }
    return article_of[doc];
  };
  for (const size_t index : order) {
    if (limit != 0 && budget_used >= limit) {
      m.cut = true;
      break;
    }
    const DocPair& d = m.docpairs[index];
    HtmlDocPair h;
    h.docpair = index;
    h.story = Derived(d) ? story_of[d.a] : -1;
    bool open = false;  // the last paragraph pair is on the page: its next records join it
    for (auto it = first_between(d);
         it != between.end() && std::get<0>(*it) == d.a && std::get<1>(*it) == d.b; ++it) {
      const size_t i = std::get<2>(*it);
      if (it != first_between(d) && same_units(std::get<2>(*(it - 1)), i)) {
        if (open) h.pairs.back().push_back(i);
        continue;
      }
      ++h.all_pairs;
      open = limit == 0 || budget_used < limit;
      if (open) {
        h.pairs.push_back({i});
        ++budget_used;
      } else {
        m.cut = true;
      }
    }
    if (h.all_pairs == 0) ++budget_used;
    m.shown_paragraph_pairs += h.pairs.size();
    const size_t ia = add_article(d.a), ib = add_article(d.b);
    h.first = First(m.articles[ia], m.articles[ib]);
    if (h.story >= 0 && !story_listed[static_cast<size_t>(h.story)]) {
      story_listed[static_cast<size_t>(h.story)] = true;
      m.listed_stories.push_back(static_cast<size_t>(h.story));
    }
    m.shown.push_back(std::move(h));
  }
  for (size_t s : m.listed_stories) {
    for (uint32_t doc : m.stories[s]) add_article(doc);
  }
  m.missing_fields = MissingFields(info.html, m.articles);
  return m;
}

}  // namespace neardup
