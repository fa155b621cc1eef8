// Record encoding for the streaming index: fixed fields, length-prefixed strings and arrays, and a
// trailing 64-bit XXH3 checksum of everything before it.

#include "neardup/index/index_records.h"

#include <xxhash.h>

#include <cstring>

namespace neardup::internal {
namespace {

constexpr char kMagic[8] = {'N', 'E', 'A', 'R', 'D', 'U', 'P', 'X'};
constexpr uint32_t kByteOrderMark = 0x01020304;

class Writer {
 public:
  explicit Writer(std::string* out) : out_(out) { out_->clear(); }
  template <typename T>
  void Put(T v) {
    out_->append(reinterpret_cast<const char*>(&v), sizeof v);
  }
  void Bytes(std::string_view s) {
    Put(static_cast<uint32_t>(s.size()));
    out_->append(s);
  }
  void Array(std::span<const uint32_t> a) {
    Put(static_cast<uint32_t>(a.size()));
    out_->append(reinterpret_cast<const char*>(a.data()), a.size() * sizeof(uint32_t));
  }
  void Finish() { Put(static_cast<uint64_t>(XXH3_64bits(out_->data(), out_->size()))); }

 private:
  std::string* out_;
};

class Reader {
 public:
  // Checks the trailing checksum; ok() is false when it does not match.
  explicit Reader(std::string_view bytes) {
    if (bytes.size() < sizeof(uint64_t)) return;
    uint64_t want;
    std::memcpy(&want, bytes.data() + bytes.size() - sizeof want, sizeof want);
    data_ = bytes.substr(0, bytes.size() - sizeof want);
    ok_ = XXH3_64bits(data_.data(), data_.size()) == want;
  }
  template <typename T>
  T Get() {
    T v{};
    if (!Need(sizeof v)) return v;
    std::memcpy(&v, data_.data(), sizeof v);
    data_.remove_prefix(sizeof v);
    return v;
  }
  std::string Bytes() {
    const uint32_t n = Get<uint32_t>();
    if (!Need(n)) return {};
    std::string s(data_.substr(0, n));
    data_.remove_prefix(n);
    return s;
  }
  void Array(std::vector<uint32_t>* a) {
    const uint32_t n = Get<uint32_t>();
    if (!Need(size_t{n} * sizeof(uint32_t))) return;
    a->resize(n);
    std::memcpy(a->data(), data_.data(), size_t{n} * sizeof(uint32_t));
    data_.remove_prefix(size_t{n} * sizeof(uint32_t));
  }
  bool checksum_ok() const { return ok_; }
  // OK when the checksum matched and every field was read exactly.
  Status Done(const char* what) const {
    if (!ok_ || !data_.empty()) {
      return Status::Corruption(std::string("damaged ") + what +
                                " record (checksum or length mismatch)");
    }
    return Status::OK();
  }

 private:
  bool Need(size_t n) {
    if (data_.size() < n) ok_ = false;
    return ok_;
  }
  std::string_view data_;
  bool ok_ = false;
};

}  // namespace

std::string EncodeSettings(const IndexSettings& s) {
  std::string out;
  Writer w(&out);
  out.append(kMagic, sizeof kMagic);
  w.Put(kByteOrderMark);
  w.Put(s.format_version);
  w.Bytes(s.mode);
  w.Put(s.ngram);
  w.Put(s.num_perm);
  w.Put(s.seed);
  w.Put(s.scheme);
  w.Put(static_cast<uint32_t>(s.lsh.bands));
  w.Put(static_cast<uint32_t>(s.lsh.rows));
  w.Put(s.max_unit_words);
  w.Put(s.created_threshold);
  w.Finish();
  return out;
}

Status DecodeSettings(std::string_view bytes, IndexSettings* s) {
  if (bytes.size() < sizeof kMagic || std::memcmp(bytes.data(), kMagic, sizeof kMagic) != 0) {
    return Status::Corruption("not a neardup index (bad magic in the settings record)");
  }
  Reader r(bytes);
  if (!r.checksum_ok()) return r.Done("settings");
  r.Get<uint64_t>();  // magic
  if (r.Get<uint32_t>() != kByteOrderMark) {
    return Status::Corruption("index was written on a machine of the other byte order");
  }
  s->format_version = r.Get<uint32_t>();
  s->mode = r.Bytes();
  s->ngram = r.Get<uint32_t>();
  s->num_perm = r.Get<uint32_t>();
  s->seed = r.Get<uint64_t>();
  s->scheme = r.Get<uint32_t>();
  s->lsh.bands = static_cast<int>(r.Get<uint32_t>());
  s->lsh.rows = static_cast<int>(r.Get<uint32_t>());
  s->max_unit_words = r.Get<uint32_t>();
  s->created_threshold = r.Get<double>();
  return r.Done("settings");
}

std::string EncodeCounters(const IndexCounters& c) {
  std::string out;
  Writer w(&out);
  w.Put(c.next_seq);
  w.Put(c.next_unit);
  w.Put(c.docs);
  w.Put(c.units);
  w.Finish();
  return out;
}

Status DecodeCounters(std::string_view bytes, IndexCounters* c) {
  Reader r(bytes);
  c->next_seq = r.Get<uint64_t>();
  c->next_unit = r.Get<uint64_t>();
  c->docs = r.Get<uint64_t>();
  c->units = r.Get<uint64_t>();
  return r.Done("counters");
}

std::string EncodeDoc(const DocRecord& d) {
  std::string out;
  Writer w(&out);
  w.Put(d.seq);
  w.Put(d.content_hash.lo);
  w.Put(d.content_hash.hi);
  w.Put(d.added_unix);
  w.Put(d.first_unit);
  w.Put(d.num_units);
  w.Bytes(d.id);
  const IndexVerdict& v = d.verdict;
  w.Put(static_cast<uint8_t>(v.duplicate));
  w.Put(v.coverage);
  w.Put(v.paragraphs);
  w.Put(v.new_paragraphs);
  w.Put(static_cast<uint32_t>(v.matches.size()));
  for (const ParagraphMatch& m : v.matches) {
    w.Put(m.para);
    w.Bytes(m.doc);
    w.Put(m.doc_para);
    w.Put(m.similarity);
  }
  w.Finish();
  return out;
}

Status DecodeDoc(std::string_view bytes, DocRecord* d) {
  Reader r(bytes);
  d->seq = r.Get<uint64_t>();
  d->content_hash.lo = r.Get<uint64_t>();
  d->content_hash.hi = r.Get<uint64_t>();
  d->added_unix = r.Get<int64_t>();
  d->first_unit = r.Get<uint64_t>();
  d->num_units = r.Get<uint32_t>();
  d->id = r.Bytes();
  IndexVerdict& v = d->verdict;
  v = IndexVerdict();
  v.duplicate = r.Get<uint8_t>() != 0;
  v.coverage = r.Get<double>();
  v.paragraphs = r.Get<uint32_t>();
  v.new_paragraphs = r.Get<uint32_t>();
  const uint32_t n = r.Get<uint32_t>();
  if (n > bytes.size()) {
    return Status::Corruption("damaged document record (checksum or length mismatch)");
  }
  v.matches.resize(n);
  for (ParagraphMatch& m : v.matches) {
    m.para = r.Get<uint32_t>();
    m.doc = r.Bytes();
    m.doc_para = r.Get<uint32_t>();
    m.similarity = r.Get<double>();
  }
  return r.Done("document");
}

void EncodeUnit(const Hash128& doc_key, const ParagraphPrint& p, std::span<const uint32_t> shingles,
                std::span<const uint32_t> band_keys, std::string* out) {
  Writer w(out);
  w.Put(doc_key.lo);
  w.Put(doc_key.hi);
  w.Put(p.para);
  w.Put(p.range.begin);
  w.Put(p.range.end);
  w.Put(p.words);
  w.Put(p.text_hash.lo);
  w.Put(p.text_hash.hi);
  w.Array(shingles);
  w.Array(band_keys);
  w.Finish();
}

Status DecodeUnit(std::string_view bytes, UnitRecord* u) {
  Reader r(bytes);
  u->doc_key.lo = r.Get<uint64_t>();
  u->doc_key.hi = r.Get<uint64_t>();
  u->para = r.Get<uint32_t>();
  u->range.begin = r.Get<uint32_t>();
  u->range.end = r.Get<uint32_t>();
  u->words = r.Get<uint32_t>();
  u->text_hash.lo = r.Get<uint64_t>();
  u->text_hash.hi = r.Get<uint64_t>();
  r.Array(&u->shingles);
  r.Array(&u->band_keys);
  return r.Done("paragraph");
}

Hash128 DocKey(std::string_view id) {
  const XXH128_hash_t h = XXH3_128bits_withSeed(id.data(), id.size(), 0x6e64646f636964ULL);
  return {h.low64, h.high64};
}

}  // namespace neardup::internal
