// Index: open/lock/settings check, Check (match + stage), Commit, Query, Remove, Prune, Stats.
//
// Tables (LMDB sub-databases, see internal/lmdb_env.h):
//   meta   "settings" → IndexSettings, "counters" → IndexCounters
//   docs   XXH3-128(id) → DocRecord (sequence number, content hash, time added, units, verdict)
//   seqs   big-endian sequence number → docs key (insertion order, for prune)
//   units  big-endian unit id → UnitRecord (shingles, band keys, paragraph position)
//   texts  normalized-text hash → unit ids (DUPSORT; the smallest live id represents the text)
//   bands  unused since format 2 (kept empty so the layout of the sub-databases stays the same)
// The LSH buckets — (band, key) → ids of the representative units, the smallest live id of each
// text — are kept in memory (internal::BandMap), rebuilt from `texts` and `units` when the index is
// opened: stored, every commit rewrote pages all over a table of random keys. A write
// transaction's changes to them are journaled and undone when it does not commit.
// Paragraphs with identical normalized text are banded once, so boilerplate repeated on every page
// does not grow an LSH bucket without bound; an identical paragraph is found through `texts`.

#include "neardup/index.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <system_error>

#include "neardup/base/json_writer.h"
#include "neardup/base/out_of_memory.h"
#include "neardup/index/index_folder.h"
#include "neardup/index/index_records.h"
#include "neardup/index/index_store.h"
#include "neardup/index/lmdb_env.h"
#include "neardup/scan/candidates.h"
#include "neardup/scan/verify_lexical.h"
#include "neardup/sketch/fingerprint.h"
#include "neardup/verify/jaccard.h"

namespace neardup {

using internal::Env;
using internal::IndexStore;
using internal::Txn;

namespace {

using internal::kMarkerFile;

std::string Errno() { return std::generic_category().message(errno); }

bool FileExists(const std::string& path, off_t* size = nullptr) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) return false;
  if (size != nullptr) *size = st.st_size;
  return true;
}

std::string Describe(const internal::IndexSettings& s) {
  return "mode " + s.mode + ", --ngram " + std::to_string(s.ngram) + ", --num-perm " +
         std::to_string(s.num_perm) + ", --seed " + std::to_string(s.seed) + ", scheme " +
         std::to_string(s.scheme) + ", max unit words " + std::to_string(s.max_unit_words) +
         ", format " + std::to_string(s.format_version);
}

// The index honours of IndexOptions::matching what its fingerprints, its banding and its
// verification read (index.h); only those are checked.
Status ValidateMatching(const Options& m) {
  if (Status s = LexicalVerifySettings::Validate(m); !s.ok()) return s;  // threshold
  if (Status s = FingerprintSettings::Validate(m); !s.ok()) return s;
  return CandidateSettings::Validate(m);  // reworded LSH threshold
}

internal::IndexSettings SettingsOf(const IndexOptions& o) {
  internal::IndexSettings s;
  s.mode = o.matching.mode == Mode::kReworded ? "reworded" : "lexical";
  s.ngram = static_cast<uint32_t>(o.matching.ngram);
  s.num_perm = static_cast<uint32_t>(o.matching.num_perm);
  s.seed = o.matching.seed;
  s.scheme = static_cast<uint32_t>(o.matching.scheme);
  // Reworded: the Ochiai similarity c of two equal-sized sets is their Jaccard c / (2 - c), so
  // the banding is tuned for the lower of that and the scan's reworded LSH threshold.
  const double t = o.matching.threshold;
  const double lsh_threshold = o.matching.mode == Mode::kReworded
                                   ? std::min(o.matching.reworded_lsh_threshold, t / (2 - t))
                                   : t;
  s.lsh = OptimalLshParams(lsh_threshold, o.matching.num_perm, o.matching.lsh_fp_weight,
                           o.matching.lsh_fn_weight);
  s.max_unit_words = static_cast<uint32_t>(std::min<size_t>(o.matching.max_unit_words, UINT32_MAX));
  s.created_threshold = o.matching.threshold;
  return s;
}

// Stored settings a checksum vouches for may still be out of range (a damaged or forged file): they
// size the fingerprinter's buffers, so they are checked before use.
Status CheckStored(const internal::IndexSettings& s) {
  const uint64_t bands = static_cast<uint32_t>(s.lsh.bands),
                 rows = static_cast<uint32_t>(s.lsh.rows);
  if (s.ngram < 1 || s.ngram > 32 || s.num_perm < 2 || s.num_perm > 4096 || bands < 1 || rows < 1 ||
      bands * rows > s.num_perm || s.scheme > static_cast<uint32_t>(SketchScheme::kIndependent) ||
      s.max_unit_words < 1 || !(s.created_threshold > 0 && s.created_threshold <= 1)) {
    return Status::Corruption("settings record holds impossible values (" + Describe(s) +
                              ", bands " + std::to_string(s.lsh.bands) + " x rows " +
                              std::to_string(s.lsh.rows) + "); the index is damaged");
  }
  return Status::OK();
}

// True when no document or paragraph table holds a record (a read error sets *status).
bool NothingIndexed(const Txn& txn, Status* status) {
  for (Env::Db db : {Env::kDocs, Env::kUnits, Env::kSeqs, Env::kTexts}) {
    StatusOr<std::unique_ptr<internal::Cursor>> c = internal::Cursor::Open(txn, db);
    if (!c.ok()) {
      *status = c.status();
      return false;
    }
    MDB_val k, v;
    if ((*c)->Get(&k, &v, MDB_FIRST, status) || !status->ok()) return false;
  }
  return true;
}

bool Compatible(const internal::IndexSettings& a, const internal::IndexSettings& b) {
  return a.format_version == b.format_version && a.mode == b.mode && a.ngram == b.ngram &&
         a.num_perm == b.num_perm && a.seed == b.seed && a.scheme == b.scheme &&
         a.max_unit_words == b.max_unit_words;
}

}  // namespace

std::string IndexVerdict::ToJson() const {
  std::string out = "{\"duplicate\":";
  out += duplicate ? "true" : "false";
  out += ",\"coverage\":";
  AppendJsonDouble(&out, coverage, 4);
  out += ",\"paragraphs\":" + std::to_string(paragraphs);
  out += ",\"new_paragraphs\":" + std::to_string(new_paragraphs);
  out += ",\"matches\":[";
  for (size_t i = 0; i < matches.size(); ++i) {
    const ParagraphMatch& m = matches[i];
    if (i > 0) out += ',';
    out += "{\"para\":" + std::to_string(m.para) + ",\"doc\":";
    AppendJsonString(&out, m.doc);
    out += ",\"doc_para\":" + std::to_string(m.doc_para) + ",\"similarity\":";
    AppendJsonDouble(&out, m.similarity, 4);
    out += '}';
  }
  out += "]}";
  return out;
}

struct Index::State {
  IndexOptions options;
  internal::IndexSettings settings;
  int lock_fd = -1;
  std::unique_ptr<Env> env;
  std::unique_ptr<Fingerprinter> fingerprinter;
  std::unique_ptr<IndexStore> store;  // lives as long as the write transaction
  std::unique_ptr<Txn> txn;           // the open write transaction (writers), or null
  internal::BandMap bands;            // LSH buckets: committed, plus the open transaction's changes
  DocumentPrint print;

  State() = default;
  State(const State&) = delete;
  State& operator=(const State&) = delete;
  ~State() {
    store.reset();
    txn.reset();
    env.reset();
    if (lock_fd >= 0) ::close(lock_fd);
  }

  // The write transaction, begun when needed.
  Status WriteStore(IndexStore** out) {
    if (!txn) {
      StatusOr<std::unique_ptr<Txn>> t = Txn::Begin(env.get(), false);
      if (!t.ok()) return t.status();
      txn = std::move(*t);
      StatusOr<std::unique_ptr<IndexStore>> s =
          IndexStore::Open(txn.get(), settings, options, &bands);
      if (!s.ok()) {
        txn.reset();
        return s.status();
      }
      store = std::move(*s);
    }
    *out = store.get();
    return Status::OK();
  }

  // True when the open write transaction failed for want of map (MDB_MAP_FULL).
  bool MapFull() const { return txn && txn->map_full(); }
  // Ends the open write transaction without committing it (its buckets undone).
  void Discard() {
    store.reset();
    txn.reset();
    bands.Rollback();
  }
  // After MDB_MAP_FULL: discards the transaction, maps more, and checks the staged documents again
  // into a new one (the same verdicts: the same documents against the same committed index).
  Status GrowAndReplay() {
    Discard();
    for (;;) {
      if (Status g = env->Grow(env->map_size() * 2, options.map_size); !g.ok()) return g;
      Status st;
      for (const Document& d : staged) {
        StatusOr<IndexVerdict> v = CheckOnce(d);
        if (!v.ok()) {
          st = v.status();
          break;
        }
      }
      if (st.ok()) return st;
      if (!MapFull()) return st;
      Discard();
    }
  }
  // Check() without the growth: see Index::Check.
  StatusOr<IndexVerdict> CheckOnce(const Document& doc) {
    IndexStore* store_ptr = nullptr;
    if (Status st = WriteStore(&store_ptr); !st.ok()) return st;
    const Hash128 key = internal::DocKey(doc.id);
    internal::DocRecord existing;
    StatusOr<bool> found = store_ptr->GetDoc(key, &existing);
    if (!found.ok()) return found.status();
    fingerprinter->Fingerprint(doc.text, &print);
    if (*found) {
      if (existing.id == doc.id && existing.content_hash == print.content_hash) {
        existing.verdict.already_indexed = true;
        return std::move(existing.verdict);
      }
      if (existing.id == doc.id) {
        return Status::InvalidArgument(
            "id '" + doc.id +
            "' is already indexed with other text; remove it first (neardup index remove)");
      }
      return Status::Corruption(env->dir() + ": two ids share a key ('" + doc.id + "' and '" +
                                existing.id + "')");
    }
    IndexVerdict v;
    if (Status st = store_ptr->Match(print, key, &v); !st.ok()) return st;
    if (Status st = store_ptr->Add(doc.id, key, print, v, time(nullptr)); !st.ok()) return st;
    return v;
  }
  // Runs `op` (on the write transaction), growing the map and redoing the staged documents while
  // it fails with MDB_MAP_FULL.
  template <typename Op>
  auto WithGrowth(Op&& op) -> decltype(op()) {
    for (;;) {
      auto r = op();
      if (r.ok() || !MapFull()) return r;
      if (Status g = GrowAndReplay(); !g.ok()) return g;
    }
  }

  std::vector<Document> staged;  // documents added in the open write transaction
};

Index::Index(std::string dir, std::unique_ptr<State> state)
    : dir_(std::move(dir)), state_(std::move(state)) {}
Index::~Index() = default;

StatusOr<std::unique_ptr<Index>> Index::Open(const std::string& dir, const IndexOptions& options) {
  return CatchOutOfMemory("opening the index", [&] { return OpenUnguarded(dir, options); });
}

StatusOr<std::unique_ptr<Index>> Index::OpenUnguarded(const std::string& dir,
                                                      const IndexOptions& options) {
  if (Status s = ValidateMatching(options.matching); !s.ok()) return s;
  if (!(options.duplicate_coverage > 0 && options.duplicate_coverage <= 1)) {
    return Status::InvalidArgument("duplicate coverage must be in (0, 1]");
  }
  auto state = std::make_unique<State>();
  state->options = options;
  const bool writer = !options.read_only;
  struct stat st;
  if (::stat(dir.c_str(), &st) != 0) {
    if (!writer || !options.create_if_missing) return Status::NotFound(dir + ": no index here");
    if (::mkdir(dir.c_str(), 0755) != 0 && errno != EEXIST) {
      return Status::IOError(dir + ": cannot create index folder: " + Errno());
    }
  } else if (!S_ISDIR(st.st_mode)) {
    return Status::InvalidArgument(dir + ": not a folder (an index is a folder)");
  }
  // Another program's folder is refused before anything is written in it (the writer's lock file
  // included).
  if (Status f = internal::CheckIndexFolder(dir); !f.ok()) return f;
  if (writer) {
    StatusOr<int> fd = internal::LockIndexWriter(dir);
    if (!fd.ok()) return fd.status();
    state->lock_fd = *fd;
  }
  // A data.mdb shorter than its two meta pages would be silently re-initialized by LMDB.
  const std::string data = dir + "/data.mdb";
  off_t data_size = 0;
  bool have_data = FileExists(data, &data_size);
  const bool have_marker = FileExists(dir + "/" + kMarkerFile);
  if (have_marker && !have_data) {
    return Status::Corruption(data + ": missing; the index is damaged");
  }
  if (have_data && !have_marker && writer && options.create_if_missing && data_size == 0) {
    // An empty data.mdb (an older neardup killed while creating an index in place) holds nothing
    // of anyone's.
    if (::unlink(data.c_str()) != 0) return Status::IOError(data + ": cannot remove: " + Errno());
    have_data = false;
  }
  if (have_data && data_size < off_t{2} * 4096) {
    return Status::Corruption(data + ": file is truncated (" + std::to_string(data_size) +
                              " bytes); the index is damaged, rebuild it from the input");
  }
  if (!have_data && !writer) return Status::NotFound(dir + ": no index here");
  internal::IndexSettings wanted = SettingsOf(options);
  if (!have_data) {
    if (!options.create_if_missing) return Status::NotFound(dir + ": no index here");
    if (Status c = internal::CreateIndexFiles(dir, wanted, options.sync, options.map_size);
        !c.ok()) {
      return c;
    }
    have_data = true;
  }
  StatusOr<std::unique_ptr<Env>> env =
      Env::Open(dir, !writer, options.create_if_missing, options.sync, options.map_size);
  if (!env.ok()) return env.status();
  state->env = std::move(*env);

  // Settings: read them (or, in an index an older neardup began creating in place and was killed
  // before it held anything, write them).
  {
    StatusOr<std::unique_ptr<Txn>> txn = Txn::Begin(state->env.get(), !writer);
    if (!txn.ok()) return txn.status();
    MDB_val value;
    Status s;
    if ((*txn)->Get(Env::kMeta, internal::Val("settings"), &value, &s)) {
      if (Status d = internal::DecodeSettings(internal::View(value), &state->settings); !d.ok()) {
        return Status::Corruption(dir + ": " + d.message());
      }
    } else if (!s.ok()) {
      return s;
    } else if (have_marker || !writer || (have_data && !NothingIndexed(**txn, &s))) {
      // The marker is written after the settings commit: data.mdb without it, holding no record,
      // is a creation that was interrupted (the process killed in between), not damage.
      if (!s.ok()) return s;
      if (have_marker) {
        return Status::Corruption(
            dir +
            ": the settings record is missing; the index is damaged, rebuild it from the input");
      }
      return Status::Corruption(dir + ": not a neardup index (no settings record)");
    } else {
      state->settings = wanted;
      if (s = (*txn)->Put(Env::kMeta, internal::Val("settings"),
                          internal::Val(internal::EncodeSettings(wanted)));
          !s.ok()) {
        return s;
      }
      internal::IndexCounters counters;
      counters.commit = (*txn)->id();
      if (s = (*txn)->Put(Env::kMeta, internal::Val("counters"),
                          internal::Val(internal::EncodeCounters(counters)));
          !s.ok()) {
        return s;
      }
      if (s = (*txn)->Commit(); !s.ok()) return s;
    }
  }
  if (writer && !have_marker) {
    if (Status m = internal::WriteMarker(dir); !m.ok()) return m;
  }
  if (state->settings.format_version != internal::kIndexFormatVersion) {
    return Status::InvalidArgument(dir + ": index format " +
                                   std::to_string(state->settings.format_version) +
                                   " is not supported by this neardup (format " +
                                   std::to_string(internal::kIndexFormatVersion) + ")");
  }
  if (Status c = CheckStored(state->settings); !c.ok()) {
    return Status::Corruption(dir + ": " + c.message());
  }
  if (options.adopt_settings) {
    if (state->settings.mode != "lexical" && state->settings.mode != "reworded") {
      return Status::InvalidArgument(dir + ": index mode '" + state->settings.mode +
                                     "' is not supported by this neardup (lexical or reworded)");
    }
    Options& m = state->options.matching;
    m.ngram = static_cast<int>(state->settings.ngram);
    m.num_perm = static_cast<int>(state->settings.num_perm);
    m.seed = state->settings.seed;
    m.scheme = static_cast<SketchScheme>(state->settings.scheme);
    m.max_unit_words = state->settings.max_unit_words;
    m.mode = state->settings.mode == "reworded" ? Mode::kReworded : Mode::kLexical;
  } else if (!Compatible(state->settings, wanted)) {
    return Status::InvalidArgument(dir + ": index was built with " + Describe(state->settings) +
                                   "; this run asks for " + Describe(wanted) +
                                   ": use the same settings, or a new index folder");
  }
  state->fingerprinter =
      std::make_unique<Fingerprinter>(FingerprintSettings::From(state->options.matching),
                                      state->settings.lsh, /*batch_detail=*/false);
  {  // The LSH buckets, from the committed units.
    StatusOr<std::unique_ptr<Txn>> txn = Txn::Begin(state->env.get(), true);
    if (!txn.ok()) return txn.status();
    StatusOr<std::unique_ptr<IndexStore>> store =
        IndexStore::Open(txn->get(), state->settings, state->options, &state->bands);
    if (!store.ok()) return store.status();
  }
  return std::unique_ptr<Index>(new Index(dir, std::move(state)));
}

StatusOr<IndexVerdict> Index::Check(const Document& doc) {
  State& s = *state_;
  if (s.options.read_only) return Status::InvalidArgument(dir_ + ": index is open read-only");
  StatusOr<IndexVerdict> v = CatchOutOfMemory(
      "checking a document", [&] { return s.WithGrowth([&] { return s.CheckOnce(doc); }); });
  if (v.ok() && !v->already_indexed) {
    s.staged.push_back(doc);
    ++pending_;
  }
  return v;
}

Status Index::Commit() {
  State& s = *state_;
  if (!s.txn) return Status::OK();
  Status st;
  internal::IndexCounters counters;
  for (;;) {
    st = s.store->Flush();
    counters = s.store->counters();
    if (st.ok()) {
      s.store.reset();
      st = s.txn->Commit();  // the transaction ends either way; map_full() stays readable
    }
    if (st.ok() || !s.MapFull()) break;
    if (st = s.GrowAndReplay(); !st.ok()) break;
  }
  s.store.reset();
  s.txn.reset();
  s.staged.clear();
  pending_ = 0;
  if (st.ok()) {
    s.bands.Commit();
    s.bands.set_snapshot(counters);
  } else {
    s.bands.Rollback();  // the staged documents are gone: so are their buckets
  }
  return st;
}

StatusOr<IndexVerdict> Index::Query(const Document& doc) {
  State& s = *state_;
  std::unique_ptr<Txn> read_txn;
  std::unique_ptr<IndexStore> read_store;
  IndexStore* store = nullptr;
  if (s.options.read_only) {
    StatusOr<std::unique_ptr<Txn>> t = Txn::Begin(s.env.get(), true);
    if (!t.ok()) return t.status();
    read_txn = std::move(*t);
    StatusOr<std::unique_ptr<IndexStore>> st =
        IndexStore::Open(read_txn.get(), s.settings, s.options, &s.bands);
    if (!st.ok()) return st.status();
    read_store = std::move(*st);
    store = read_store.get();
  } else if (Status st = s.WriteStore(&store); !st.ok()) {
    return st;
  }
  s.fingerprinter->Fingerprint(doc.text, &s.print);
  IndexVerdict v;
  if (Status st = store->Match(s.print, internal::DocKey(doc.id), &v); !st.ok()) return st;
  return v;
}

Status Index::Remove(std::string_view id) {
  State& s = *state_;
  if (s.options.read_only) return Status::InvalidArgument(dir_ + ": index is open read-only");
  StatusOr<bool> removed = s.WithGrowth([&]() -> StatusOr<bool> {
    IndexStore* store = nullptr;
    if (Status st = s.WriteStore(&store); !st.ok()) return st;
    return store->Remove(internal::DocKey(id));
  });
  if (!removed.ok()) return removed.status();
  if (Status st = Commit(); !st.ok()) return st;
  if (!*removed) return Status::NotFound("id '" + std::string(id) + "' is not in the index");
  return Status::OK();
}

StatusOr<uint64_t> Index::Prune(int64_t max_age_seconds, uint64_t max_docs, int64_t now_unix) {
  State& s = *state_;
  if (s.options.read_only) return Status::InvalidArgument(dir_ + ": index is open read-only");
  StatusOr<uint64_t> n = s.WithGrowth([&]() -> StatusOr<uint64_t> {
    IndexStore* store = nullptr;
    if (Status st = s.WriteStore(&store); !st.ok()) return st;
    return store->Prune(max_age_seconds, max_docs, now_unix);
  });
  if (!n.ok()) return n;
  if (Status st = Commit(); !st.ok()) return st;
  return n;
}

StatusOr<IndexStats> Index::Stats(bool verify) {
  State& s = *state_;
  if (Status st = Commit(); !st.ok()) return st;
  StatusOr<std::unique_ptr<Txn>> t = Txn::Begin(s.env.get(), true);
  if (!t.ok()) return t.status();
  StatusOr<std::unique_ptr<IndexStore>> store =
      IndexStore::Open(t->get(), s.settings, s.options, &s.bands);
  if (!store.ok()) return store.status();
  if (verify) {
    if (Status st = (*store)->Verify(); !st.ok()) return st;
  }
  IndexStats out;
  if (Status st = (*store)->Counts(&out); !st.ok()) return st;
  out.file_bytes = s.env->FileBytes();
  out.mode = s.settings.mode;
  out.ngram = static_cast<int>(s.settings.ngram);
  out.num_perm = static_cast<int>(s.settings.num_perm);
  out.seed = s.settings.seed;
  out.bands = s.settings.lsh.bands;
  out.rows = s.settings.lsh.rows;
  out.created_threshold = s.settings.created_threshold;
  out.format_version = s.settings.format_version;
  return out;
}

}  // namespace neardup
