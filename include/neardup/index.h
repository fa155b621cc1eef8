// Index: the persistent, crash-safe streaming index behind `neardup filter`. Each document is
// checked against every document indexed before it and then added, in one LMDB transaction per
// small batch (group commit). Thread-safety: one Index object is used by one thread at a time. One
// process may hold an index open for writing; any number may hold it open read-only beside it.
// Process-wide effect: the first index operation installs SIGBUS, SIGSEGV and SIGFPE handlers
// (chaining to the ones they replace) and a SIGVTALRM CPU-time watchdog per calling thread, so
// that a damaged index file is reported as Corruption instead of crashing or hanging the process.
#ifndef NEARDUP_INDEX_H_
#define NEARDUP_INDEX_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "neardup/document.h"
#include "neardup/options.h"
#include "neardup/status.h"

namespace neardup {

struct IndexOptions {
  // Matching settings. ngram, num_perm, seed, scheme and max_unit_words are fixed when the index
  // is created; opening it with other values fails (InvalidArgument) unless adopt_settings.
  // threshold may change from run to run: it is the verification threshold, while the LSH banding
  // stays the one chosen for the threshold the index was created with. max_bucket caps the LSH
  // buckets that are searched (larger ones are boilerplate). matching.mode is fixed too:
  //  - kLexical: word k-gram shingle sets, exact Jaccard >= matching.threshold;
  //  - kReworded (default): Snowball-stemmed content-word sets (as `scan --mode reworded`), Ochiai
  //    similarity |A∩B| / sqrt(|A| |B|) >= matching.threshold, both paragraphs holding at least
  //    matching.min_content_words content words and sharing at least matching.min_shared_words.
  //    Unweighted: the IDF weights and adaptive threshold of `scan` are statistics of a whole
  //    corpus, which a stream does not have, and a verdict must not change as the index grows.
  Options matching;
  // The duplicate rule. A paragraph of the checked document is covered when it matches a
  // paragraph of an earlier document (identical normalized text, or a similarity of the two sets
  // >= matching.threshold as above). The document is a duplicate when its covered
  // paragraphs hold at least this fraction of its words: "most of its words are covered by
  // earlier documents". In (0, 1]; default 0.5. Not stored: it may change from run to run.
  double duplicate_coverage = 0.5;
  // Open for reading only (Query, Stats): takes no writer lock, never changes the files.
  bool read_only = false;
  // Create the folder and an empty index when there is none (writers only).
  bool create_if_missing = true;
  // Use the settings stored in the index instead of `matching`'s (threshold excepted).
  bool adopt_settings = false;
  // fsync on every commit. Off only for tests and throwaway indexes: a crash of the machine (not
  // of the process) may then lose or damage recent commits.
  bool sync = true;
  // Largest size the index may grow to. The map (address space, not disk) starts at what the file
  // holds plus a quarter, at least min(64 MiB, map_size / 4), and doubles whenever a transaction
  // runs out of it (the transaction is redone); past map_size, Check and Commit fail with IOError
  // "the index reached its size limit". Readers map only what the file holds. Default 1 TiB.
  uint64_t map_size = uint64_t{1} << 40;
};

// The best earlier paragraph one paragraph of the checked document matched.
struct ParagraphMatch {
  uint32_t para = 0;      // paragraph index in the checked document (as in `scan`: from 0)
  std::string doc;        // id of the earlier document
  uint32_t doc_para = 0;  // paragraph index in that document
  double similarity = 0;  // of the two sets, as the mode measures it (1 for identical text)
};

struct IndexVerdict {
  bool duplicate = false;       // coverage >= IndexOptions::duplicate_coverage (and it has words)
  double coverage = 0;          // words in matched paragraphs / words in all paragraphs
  uint32_t paragraphs = 0;      // paragraphs with at least one word
  uint32_t new_paragraphs = 0;  // of those, paragraphs that matched no earlier paragraph
  std::vector<ParagraphMatch> matches;  // one per matched paragraph, in paragraph order
  // Check(): the same id with the same content was already indexed; this is the verdict it got
  // then, and nothing was added.
  bool already_indexed = false;

  // The verdict as one JSON object, byte-for-byte the same for the same verdict:
  // {"duplicate":true,"coverage":0.8,"paragraphs":5,"new_paragraphs":1,
  //  "matches":[{"para":0,"doc":"a","doc_para":2,"similarity":0.9231},...]}
  std::string ToJson() const;
};

struct IndexStats {
  uint64_t documents = 0;
  uint64_t paragraphs = 0;
  uint64_t band_entries = 0;
  uint64_t file_bytes = 0;        // size of data.mdb
  int64_t oldest_added_unix = 0;  // 0 when empty
  int64_t newest_added_unix = 0;
  std::string mode;
  int ngram = 0;
  int num_perm = 0;
  uint64_t seed = 0;
  int bands = 0;
  int rows = 0;
  double created_threshold = 0;
  uint32_t format_version = 0;
};

// What Index::Compact did.
struct IndexCompaction {
  uint64_t bytes_before = 0;  // size of data.mdb before
  uint64_t bytes_after = 0;   // and after
  uint64_t documents = 0;     // documents in the index (the same before and after)
};

class Index {
 public:
  // Opens the index in folder `dir`, creating it when absent and options.create_if_missing (and not
  // read_only). Fails with:
  //  - Unavailable when another process holds the index open for writing;
  //  - InvalidArgument when the index was built with other settings (the message names them);
  //  - Corruption when the files are damaged or truncated, or `dir` holds something else;
  //  - NotFound when there is no index and none may be created; IOError otherwise.
  static StatusOr<std::unique_ptr<Index>> Open(const std::string& dir, const IndexOptions& options);
  ~Index();  // discards anything staged and not committed
  Index(const Index&) = delete;
  Index& operator=(const Index&) = delete;

  // Checks `doc` against every document added before it (committed or staged) and stages it for
  // adding. The verdict is durable — and may be acted upon — only once the next Commit() returns
  // OK; if Commit fails, the Index is destroyed or the process dies first, the document is not in
  // the index, nor is any document staged with it: replaying the input from the first document
  // not committed gives the same verdicts. Commit every few documents or milliseconds (group
  // commit): one commit costs an fsync.
  // Idempotent: a document whose id is indexed with the same text gets the verdict stored for it
  // and adds nothing (already_indexed). Errors: InvalidArgument for a problem with this document
  // alone (its id is indexed with other content; the index is read-only) — the caller may go on;
  // any other code is a failure of the index, after which only destruction is safe.
  StatusOr<IndexVerdict> Check(const Document& doc);
  // Commits every staged document in one transaction (fsync'ed unless options.sync is off).
  Status Commit();
  // Documents staged since the last Commit.
  size_t pending() const { return pending_; }

  // The verdict `doc` would get, without adding it. A document with the same id already in the
  // index is left out of the comparison. Sees staged documents when called on a writer.
  StatusOr<IndexVerdict> Query(const Document& doc);

  // Removes the document with this id (committing anything staged). NotFound when absent.
  Status Remove(std::string_view id);
  // Removes the oldest documents while there are more than max_docs (0: no limit) or while the
  // oldest was added more than max_age_seconds before now_unix (0: no limit). Returns how many
  // were removed; commits anything staged first.
  StatusOr<uint64_t> Prune(int64_t max_age_seconds, uint64_t max_docs, int64_t now_unix);
  // Counts and settings. With `verify`, first reads every record and checks its checksum and the
  // cross-references, returning Corruption naming the first damaged record.
  StatusOr<IndexStats> Stats(bool verify);

  const std::string& dir() const { return dir_; }

  // Rewrites the index in folder `dir` without the free pages deletions and pruning left (LMDB's
  // compacting copy, MDB_CP_COMPACT): the copy is made in `dir`/.compacting, checked (every record
  // read, the counts compared), synced (when `sync`) and renamed over data.mdb, so a crash leaves
  // the old index or the new one. Holds the writer lock throughout: Unavailable when another
  // process writes the index. Refuses a damaged index (Corruption) before copying anything;
  // NotFound when `dir` holds no index. Readers that opened the index before keep reading the old
  // file. Cost: two reads of every record and one write of the live pages.
  static StatusOr<IndexCompaction> Compact(const std::string& dir, bool sync = true);

 private:
  struct State;
  Index(std::string dir, std::unique_ptr<State> state);
  static StatusOr<std::unique_ptr<Index>> OpenUnguarded(const std::string& dir,
                                                        const IndexOptions& options);
  std::string dir_;
  std::unique_ptr<State> state_;
  size_t pending_ = 0;
};

}  // namespace neardup

#endif  // NEARDUP_INDEX_H_
