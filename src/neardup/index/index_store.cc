// IndexStore: table operations of the streaming index (see index.cc for the table layout).

#include "neardup/index/index_store.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <unordered_map>
#include <utility>
#include <vector>

#include "neardup/verify/jaccard.h"

namespace neardup::internal {
namespace {

constexpr uint64_t kMaxUid = (uint64_t{1} << 63) - 1;  // a BandMap slot holds 63 bits

struct UnitKey {
  explicit UnitKey(uint64_t uid) : value(uid) {}
  MDB_val val() const { return Val(&value, sizeof value); }
  uint64_t value;
};

MDB_val HashVal(const Hash128& h) { return Val(&h, sizeof h); }

Hash128 ReadHash(const MDB_val& v) {
  Hash128 h;
  if (v.mv_size == sizeof h) std::memcpy(&h, v.mv_data, sizeof h);
  return h;
}

}  // namespace

StatusOr<std::unique_ptr<IndexStore>> IndexStore::Open(Txn* txn, const IndexSettings& settings,
                                                       const IndexOptions& options,
                                                       BandMap* bands) {
  std::unique_ptr<IndexStore> s(new IndexStore(txn, settings, options, bands));
  MDB_val v;
  Status st;
  if (!txn->Get(Env::kMeta, Val("counters"), &v, &st)) {
    return st.ok() ? Status::Corruption(txn->env().dir() + ": counters record missing") : st;
  }
  if (Status d = DecodeCounters(View(v), &s->counters_); !d.ok()) return s->Damaged("counters", d);
  // The snapshot this transaction reads: the commit that wrote the counters, unless a meta page
  // was changed (LMDB then opens an older tree, or a tree under a newer id).
  const uint64_t snapshot = txn->read_only() ? txn->id() : txn->id() - 1;
  if (s->counters_.commit != 0 && s->counters_.commit != snapshot) {
    return Status::Corruption(
        txn->env().dir() +
        ": the index was rolled back or its meta pages changed (LMDB opens commit " +
        std::to_string(snapshot) + ", whose records were written by commit " +
        std::to_string(s->counters_.commit) + "); the index is damaged, rebuild it from the input");
  }
  StatusOr<std::unique_ptr<Cursor>> c = Cursor::Open(*txn, Env::kTexts);
  if (!c.ok()) return c.status();
  s->texts_ = std::move(*c);
  const size_t nbands = static_cast<size_t>(settings.lsh.bands);
  if (!bands->built() || bands->bands() != nbands) {
    if (Status r = s->RebuildBands(); !r.ok()) return r;
  } else if (!(bands->snapshot() == s->counters_)) {
    // Changed by another process since (this is a reader) — or by nothing this process knows of.
    const IndexCounters& was = bands->snapshot();
    const IndexCounters& now = s->counters_;
    const bool only_added = !bands->journaled() && now.next_unit >= was.next_unit &&
                            now.next_seq >= was.next_seq && now.units >= was.units &&
                            now.units - was.units == now.next_unit - was.next_unit;
    Status r = only_added ? s->ExtendBands(was.next_unit) : s->RebuildBands();
    if (!r.ok()) return r;
  }
  return s;
}

Status IndexStore::RebuildBands() {
  const size_t nbands = static_cast<size_t>(settings_.lsh.bands);
  // The representatives: the first (smallest) unit id of every text.
  std::vector<std::pair<uint64_t, Hash128>> reps;  // (unit, its text)
  reps.reserve(static_cast<size_t>(std::min<uint64_t>(counters_.units, uint64_t{1} << 26)));
  MDB_val k, v;
  Status st;
  for (bool more = texts_->Get(&k, &v, MDB_FIRST, &st); more;
       more = texts_->Get(&k, &v, MDB_NEXT_NODUP, &st)) {
    if (v.mv_size != 8 || k.mv_size != sizeof(Hash128)) {
      return Damaged("text table", Status::Corruption("bad entry"));
    }
    const Hash128 text = ReadHash(k);
    const uint64_t uid = GetU64(v.mv_data);
    // A walk reads every leaf even where a damaged branch page (its flags, a separator key)
    // sends searches astray, so each text must also be found by a search: a search that misses
    // would make a verdict ("no identical paragraph") wrong, with no record to checksum.
    MDB_val found;
    if (!txn_->Get(Env::kTexts, HashVal(text), &found, &st) || found.mv_size != 8 ||
        GetU64(found.mv_data) != uid) {
      if (!st.ok()) return st;
      return Damaged("text table", Status::Corruption("a search does not find its entries"));
    }
    reps.emplace_back(uid, text);
  }
  if (!st.ok()) return st;
  if (Status d = CheckDocSearches(); !d.ok()) return d;
  std::sort(reps.begin(), reps.end(),
            [](const auto& x, const auto& y) { return x.first < y.first; });
  // Sized for the representatives, but no more than data.mdb can hold the band keys of (a damaged
  // texts table may name units that do not exist).
  const uint64_t fit = txn_->env().FileBytes() / (4 * nbands);
  bands_->Reset(nbands, static_cast<size_t>(std::min<uint64_t>(reps.size(), fit)));
  // Their band keys, in one pass over the units table.
  StatusOr<std::unique_ptr<Cursor>> c = Cursor::Open(*txn_, Env::kUnits);
  if (!c.ok()) return c.status();
  size_t next = 0;
  for (bool more = reps.empty() ? false : (*c)->Get(&k, &v, MDB_FIRST, &st);
       more && next < reps.size(); more = (*c)->Get(&k, &v, MDB_NEXT, &st)) {
    if (k.mv_size != 8) return Damaged("paragraph table", Status::Corruption("bad key"));
    const uint64_t uid = GetU64(k.mv_data);
    if (uid < reps[next].first) continue;
    if (uid > reps[next].first) break;  // reps[next] is missing
    if (uid > kMaxUid) return Damaged("paragraph table", Status::Corruption("id out of range"));
    const std::string what = "paragraph " + std::to_string(uid);
    if (Status d = DecodeUnit(View(v), &unit_); !d.ok()) return Damaged(what, d);
    if (unit_.band_keys.size() != nbands) {
      return Damaged(what, Status::Corruption("wrong number of band keys"));
    }
    if (!(unit_.text_hash == reps[next].second)) {
      return Damaged(what, Status::Corruption("the text table files it under another text"));
    }
    for (size_t b = 0; b < nbands; ++b) bands_->Load(b, unit_.band_keys[b], uid);
    ++next;
  }
  if (!st.ok()) return st;
  if (next < reps.size()) {
    return Damaged("paragraph " + std::to_string(reps[next].first),
                   Status::Corruption("missing (the text table names it)"));
  }
  bands_->Commit();
  bands_->set_snapshot(counters_);
  return Status::OK();
}

Status IndexStore::CheckDocSearches() {
  StatusOr<std::unique_ptr<Cursor>> c = Cursor::Open(*txn_, Env::kDocs);
  if (!c.ok()) return c.status();
  MDB_val k, v, found;
  Status st;
  for (bool more = (*c)->Get(&k, &v, MDB_FIRST, &st); more;
       more = (*c)->Get(&k, &v, MDB_NEXT, &st)) {
    if (!txn_->Get(Env::kDocs, k, &found, &st) || found.mv_size != v.mv_size ||
        std::memcmp(found.mv_data, v.mv_data, v.mv_size) != 0) {
      if (!st.ok()) return st;
      return Damaged("document table", Status::Corruption("a search does not find its entries"));
    }
  }
  return st;
}

Status IndexStore::ExtendBands(uint64_t first_uid) {
  const size_t nbands = static_cast<size_t>(settings_.lsh.bands);
  StatusOr<std::unique_ptr<Cursor>> c = Cursor::Open(*txn_, Env::kUnits);
  if (!c.ok()) return c.status();
  const UnitKey first(first_uid);
  MDB_val k = first.val(), v;
  Status st;
  for (bool more = (*c)->Get(&k, &v, MDB_SET_RANGE, &st); more;
       more = (*c)->Get(&k, &v, MDB_NEXT, &st)) {
    if (k.mv_size != 8) return Damaged("paragraph table", Status::Corruption("bad key"));
    const uint64_t uid = GetU64(k.mv_data);
    const std::string what = "paragraph " + std::to_string(uid);
    if (uid > kMaxUid) return Damaged(what, Status::Corruption("id out of range"));
    if (Status d = DecodeUnit(View(v), &unit_); !d.ok()) return Damaged(what, d);
    if (unit_.band_keys.size() != nbands) {
      return Damaged(what, Status::Corruption("wrong number of band keys"));
    }
    StatusOr<uint64_t> rep = Representative(unit_.text_hash);
    if (!rep.ok()) return rep.status();
    if (*rep != uid) continue;
    for (size_t b = 0; b < nbands; ++b) bands_->Load(b, unit_.band_keys[b], uid);
  }
  if (!st.ok()) return st;
  bands_->Commit();
  bands_->set_snapshot(counters_);
  return Status::OK();
}

Status IndexStore::Damaged(const std::string& what, const Status& s) const {
  return Status::Corruption(txn_->env().dir() + ": " + what + ": " + s.message() +
                            "; the index is damaged, rebuild it from the input");
}

StatusOr<bool> IndexStore::GetDoc(const Hash128& key, DocRecord* out) {
  MDB_val v;
  Status st;
  if (!txn_->Get(Env::kDocs, HashVal(key), &v, &st)) {
    if (!st.ok()) return st;
    return false;
  }
  if (Status d = DecodeDoc(View(v), out); !d.ok()) return Damaged("document record", d);
  if (!(DocKey(out->id) == key)) {  // a damaged key or page led the search to another record
    return Damaged("document record", Status::Corruption("filed under another id's key"));
  }
  return true;
}

Status IndexStore::LoadUnit(uint64_t uid, UnitRecord* u) {
  MDB_val v;
  Status st;
  if (!txn_->Get(Env::kUnits, UnitKey(uid).val(), &v, &st)) {
    return st.ok() ? Damaged("paragraph " + std::to_string(uid), Status::Corruption("missing"))
                   : st;
  }
  if (Status d = DecodeUnit(View(v), u); !d.ok()) {
    return Damaged("paragraph " + std::to_string(uid), d);
  }
  if (u->band_keys.size() != static_cast<size_t>(settings_.lsh.bands)) {
    return Damaged("paragraph " + std::to_string(uid),
                   Status::Corruption("wrong number of band keys"));
  }
  return Status::OK();
}

StatusOr<uint64_t> IndexStore::Representative(const Hash128& h) {
  MDB_val k = HashVal(h), v;
  Status st;
  if (!texts_->Get(&k, &v, MDB_SET_KEY, &st)) {
    if (!st.ok()) return st;
    return uint64_t{0};
  }
  if (v.mv_size != 8) return Damaged("text table", Status::Corruption("bad entry"));
  return GetU64(v.mv_data);
}

Status IndexStore::Match(const DocumentPrint& print, const Hash128& self, IndexVerdict* v) {
  *v = IndexVerdict();
  const double threshold = options_.matching.threshold;
  const size_t bands = static_cast<size_t>(settings_.lsh.bands);
  uint64_t words = 0, covered = 0;
  std::unordered_map<uint64_t, std::string> ids;  // doc key lo → id, per document checked
  for (size_t i = 0; i < print.paragraphs.size(); ++i) {
    const ParagraphPrint& p = print.paragraphs[i];
    words += p.words;
    uint64_t best = 0;
    double best_sim = 0;
    uint32_t best_para = 0;
    Hash128 best_doc;
    // Identical text: the oldest paragraph holding it (of another document).
    MDB_val k = HashVal(p.text_hash), d;
    Status st;
    for (bool more = texts_->Get(&k, &d, MDB_SET_KEY, &st); more;
         more = texts_->Get(&k, &d, MDB_NEXT_DUP, &st)) {
      const uint64_t uid = GetU64(d.mv_data);
      if (Status s = LoadUnit(uid, &unit_); !s.ok()) return s;
      if (!(unit_.text_hash == p.text_hash)) {
        return Damaged("paragraph " + std::to_string(uid),
                       Status::Corruption("the text table files it under another text"));
      }
      if (unit_.doc_key == self) continue;
      best = uid;
      best_sim = 1.0;
      best_para = unit_.para;
      best_doc = unit_.doc_key;
      break;
    }
    if (!st.ok()) return st;
    if (best == 0) {
      // LSH candidates: representatives sharing a band key, verified with the exact Jaccard.
      candidates_.clear();
      const uint32_t* keys = print.band_keys.data() + i * bands;
      // A bucket holding more than max_bucket units (boilerplate) is passed over.
      for (size_t b = 0; b < bands; ++b) {
        bands_->Get(b, keys[b], options_.matching.max_bucket, &candidates_);
      }
      std::sort(candidates_.begin(), candidates_.end());
      candidates_.erase(std::unique(candidates_.begin(), candidates_.end()), candidates_.end());
      const std::span<const uint32_t> mine = print.Shingles(i);
      const bool reworded = options_.matching.mode == Mode::kReworded;
      if (reworded && mine.size() < options_.matching.min_content_words) candidates_.clear();
      for (uint64_t uid : candidates_) {
        if (Status s = LoadUnit(uid, &unit_); !s.ok()) return s;
        if (unit_.doc_key == self) continue;
        const size_t a = mine.size(), b = unit_.shingles.size();
        // Jaccard >= t needs min/max >= t; Ochiai >= t needs min/max >= t^2.
        const double size_bound = reworded ? threshold * threshold : threshold;
        if (static_cast<double>(std::min(a, b)) <
            size_bound * static_cast<double>(std::max(a, b))) {
          continue;
        }
        if (reworded && b < options_.matching.min_content_words) continue;
        const size_t inter = IntersectionSize(mine, unit_.shingles);
        if (reworded && inter < options_.matching.min_shared_words) continue;
        const double uni = static_cast<double>(a + b - inter);
        const double sim = reworded ? static_cast<double>(inter) /
                                          std::sqrt(static_cast<double>(a) * static_cast<double>(b))
                           : uni == 0 ? 1.0
                                      : static_cast<double>(inter) / uni;
        if (sim >= threshold && sim > best_sim) {  // ascending uid: ties keep the oldest
          best = uid;
          best_sim = sim;
          best_para = unit_.para;
          best_doc = unit_.doc_key;
        }
      }
    }
    if (best == 0) {
      ++v->new_paragraphs;
      continue;
    }
    covered += p.words;
    auto [it, inserted] = ids.try_emplace(best_doc.lo);
    if (inserted) {
      DocRecord rec;
      StatusOr<bool> found = GetDoc(best_doc, &rec);
      if (!found.ok()) return found.status();
      if (!*found) {
        return Damaged("paragraph " + std::to_string(best),
                       Status::Corruption("its document is missing"));
      }
      it->second = std::move(rec.id);
    }
    v->matches.push_back({p.para, it->second, best_para, best_sim});
  }
  v->paragraphs = static_cast<uint32_t>(print.paragraphs.size());
  v->coverage = words == 0 ? 0.0 : static_cast<double>(covered) / static_cast<double>(words);
  v->duplicate = words > 0 && static_cast<double>(covered) >=
                                  options_.duplicate_coverage * static_cast<double>(words);
  return Status::OK();
}

void IndexStore::PutBands(uint64_t uid, const uint32_t* keys) {
  for (size_t b = 0; b < static_cast<size_t>(settings_.lsh.bands); ++b) {
    bands_->Insert(b, keys[b], uid);
  }
}

void IndexStore::DelBands(uint64_t uid, const uint32_t* keys) {
  for (size_t b = 0; b < static_cast<size_t>(settings_.lsh.bands); ++b) {
    bands_->Erase(b, keys[b], uid);
  }
}

Status IndexStore::Add(std::string_view id, const Hash128& key, const DocumentPrint& print,
                       const IndexVerdict& v, int64_t now_unix) {
  DocRecord d;
  d.seq = counters_.next_seq++;
  d.content_hash = print.content_hash;
  d.added_unix = now_unix;
  d.first_unit = counters_.next_unit;
  d.num_units = static_cast<uint32_t>(print.paragraphs.size());
  d.id = std::string(id);
  d.verdict = v;
  d.verdict.already_indexed = false;
  const size_t bands = static_cast<size_t>(settings_.lsh.bands);
  for (size_t i = 0; i < print.paragraphs.size(); ++i) {
    const ParagraphPrint& p = print.paragraphs[i];
    const uint64_t uid = counters_.next_unit++;
    const uint32_t* keys = print.band_keys.data() + i * bands;
    EncodeUnit(key, p, print.Shingles(i), std::span<const uint32_t>(keys, bands), &buf_);
    const UnitKey uk(uid);
    if (Status s = txn_->Put(Env::kUnits, uk.val(), Val(buf_), MDB_APPEND); !s.ok()) return s;
    StatusOr<uint64_t> rep = Representative(p.text_hash);
    if (!rep.ok()) return rep.status();
    if (*rep == 0) {
      if (uid > kMaxUid) return Status::IOError(txn_->env().dir() + ": paragraph ids exhausted");
      PutBands(uid, keys);
    }
    if (Status s = txn_->Put(Env::kTexts, HashVal(p.text_hash), uk.val()); !s.ok()) return s;
  }
  if (Status s = txn_->Put(Env::kDocs, HashVal(key), Val(EncodeDoc(d))); !s.ok()) return s;
  const UnitKey sk(d.seq);
  if (Status s = txn_->Put(Env::kSeqs, sk.val(), HashVal(key), MDB_APPEND); !s.ok()) return s;
  ++counters_.docs;
  counters_.units += print.paragraphs.size();
  dirty_ = true;
  return Status::OK();
}

StatusOr<bool> IndexStore::Remove(const Hash128& key) {
  DocRecord d;
  StatusOr<bool> found = GetDoc(key, &d);
  if (!found.ok() || !*found) return found;
  for (uint64_t uid = d.first_unit; uid < d.first_unit + d.num_units; ++uid) {
    if (Status s = LoadUnit(uid, &unit_); !s.ok()) return s;
    StatusOr<uint64_t> rep = Representative(unit_.text_hash);
    if (!rep.ok()) return rep.status();
    const UnitKey uk(uid);
    const MDB_val data = uk.val();
    if (Status s = txn_->Del(Env::kTexts, HashVal(unit_.text_hash), &data); !s.ok()) return s;
    if (*rep == uid) {
      DelBands(uid, unit_.band_keys.data());
      // The next oldest paragraph with the same text takes over its bands.
      StatusOr<uint64_t> next = Representative(unit_.text_hash);
      if (!next.ok()) return next.status();
      if (*next != 0) {
        UnitRecord other;
        if (Status s = LoadUnit(*next, &other); !s.ok()) return s;
        PutBands(*next, other.band_keys.data());
      }
    }
    if (Status s = txn_->Del(Env::kUnits, uk.val()); !s.ok()) return s;
  }
  const UnitKey sk(d.seq);
  if (Status s = txn_->Del(Env::kSeqs, sk.val()); !s.ok()) return s;
  if (Status s = txn_->Del(Env::kDocs, HashVal(key)); !s.ok()) return s;
  --counters_.docs;
  counters_.units -= d.num_units;
  dirty_ = true;
  return true;
}

StatusOr<uint64_t> IndexStore::Prune(int64_t max_age_seconds, uint64_t max_docs, int64_t now_unix) {
  std::vector<Hash128> victims;
  {
    StatusOr<std::unique_ptr<Cursor>> c = Cursor::Open(*txn_, Env::kSeqs);
    if (!c.ok()) return c.status();
    MDB_val k, v;
    Status st;
    DocRecord d;
    for (bool more = (*c)->Get(&k, &v, MDB_FIRST, &st); more;
         more = (*c)->Get(&k, &v, MDB_NEXT, &st)) {
      const Hash128 key = ReadHash(v);
      const bool over_count = max_docs > 0 && counters_.docs - victims.size() > max_docs;
      bool too_old = false;
      if (max_age_seconds > 0 && !over_count) {
        StatusOr<bool> found = GetDoc(key, &d);
        if (!found.ok()) return found.status();
        if (!*found) {
          return Damaged("sequence table", Status::Corruption("points to a missing document"));
        }
        too_old = d.added_unix < now_unix - max_age_seconds;
      }
      if (!over_count && !too_old) break;
      victims.push_back(key);
    }
    if (!st.ok()) return st;
  }
  for (const Hash128& key : victims) {
    StatusOr<bool> removed = Remove(key);
    if (!removed.ok()) return removed.status();
  }
  return static_cast<uint64_t>(victims.size());
}

Status IndexStore::Flush() {
  if (!dirty_) return Status::OK();
  dirty_ = false;
  counters_.commit = txn_->id();
  return txn_->Put(Env::kMeta, Val("counters"), Val(EncodeCounters(counters_)));
}

Status IndexStore::Verify() {
  StatusOr<std::unique_ptr<Cursor>> c = Cursor::Open(*txn_, Env::kDocs);
  if (!c.ok()) return c.status();
  MDB_val k, v;
  Status st;
  uint64_t docs = 0, units = 0, reps = 0;
  const size_t nbands = static_cast<size_t>(settings_.lsh.bands);
  DocRecord d;
  for (bool more = (*c)->Get(&k, &v, MDB_FIRST, &st); more;
       more = (*c)->Get(&k, &v, MDB_NEXT, &st)) {
    if (Status s = DecodeDoc(View(v), &d); !s.ok()) {
      return Damaged("document record " + std::to_string(docs), s);
    }
    if (!(DocKey(d.id) == ReadHash(k))) {
      return Damaged("document '" + d.id + "'", Status::Corruption("key mismatch"));
    }
    for (uint64_t uid = d.first_unit; uid < d.first_unit + d.num_units; ++uid) {
      if (Status s = LoadUnit(uid, &unit_); !s.ok()) return s;
      if (!(unit_.doc_key == ReadHash(k))) {
        return Damaged("paragraph " + std::to_string(uid), Status::Corruption("wrong document"));
      }
      // A representative is in every one of its LSH buckets.
      StatusOr<uint64_t> rep = Representative(unit_.text_hash);
      if (!rep.ok()) return rep.status();
      if (*rep != uid) continue;
      ++reps;
      for (size_t b = 0; b < nbands; ++b) {
        if (!bands_->Contains(b, unit_.band_keys[b], uid)) {
          return Damaged("paragraph " + std::to_string(uid),
                         Status::Corruption("missing from its LSH buckets"));
        }
      }
    }
    ++docs;
    units += d.num_units;
  }
  if (!st.ok()) return st;
  MDB_stat ms;
  if (int rc = txn_->Call([&] { return mdb_stat(txn_->get(), txn_->env().dbi(Env::kUnits), &ms); });
      rc != 0) {
    return LmdbError(rc, txn_->env().dir(), "cannot read the paragraph table");
  }
  if (docs != counters_.docs || units != counters_.units || ms.ms_entries != units) {
    return Damaged("counters",
                   Status::Corruption("counts disagree with the tables (" + std::to_string(docs) +
                                      " documents, " + std::to_string(units) + " paragraphs)"));
  }
  if (bands_->entries() != reps * nbands) {
    return Damaged("LSH buckets",
                   Status::Corruption(std::to_string(bands_->entries()) + " entries for " +
                                      std::to_string(reps) + " distinct paragraphs"));
  }
  return Status::OK();
}

Status IndexStore::Counts(IndexStats* out) {
  out->documents = counters_.docs;
  out->paragraphs = counters_.units;
  out->band_entries = bands_->entries();
  StatusOr<std::unique_ptr<Cursor>> c = Cursor::Open(*txn_, Env::kSeqs);
  if (!c.ok()) return c.status();
  MDB_val k, v;
  Status st;
  DocRecord d;
  for (MDB_cursor_op op : {MDB_FIRST, MDB_LAST}) {
    if (!(*c)->Get(&k, &v, op, &st)) return st;
    StatusOr<bool> found = GetDoc(ReadHash(v), &d);
    if (!found.ok()) return found.status();
    (op == MDB_FIRST ? out->oldest_added_unix : out->newest_added_unix) = *found ? d.added_unix : 0;
  }
  return Status::OK();
}

}  // namespace neardup::internal
