// Apply and finish stages (apply.h).

#include "neardup/dist/apply.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <string>
#include <utility>

#include "neardup/base/json_writer.h"
#include "neardup/dist/bucket.h"
#include "neardup/dist/components.h"
#include "neardup/dist/ident.h"
#include "neardup/dist/sign.h"
#include "neardup/dist/stage_file.h"
#include "neardup/io/commit_temporary.h"
#include "neardup/output_file.h"
#include "neardup/report.h"
#include "neardup/report/jsonl_records.h"
#include "neardup/scan/candidates.h"
#include "neardup/scan/dedup_writer.h"

namespace neardup::dist {
namespace {

// A shard's part of the output (dedup-S.jsonl, pairs-S.jsonl...): written beside its name,
// fsynced and renamed into place on Commit. Unlike stage files it carries no checksum, so it is
// made durable before it appears: a machine that crashes leaves the whole part or none, never a
// renamed part with its data lost, which finish would copy unchecked.
class PartFile {
 public:
  PartFile(const PartFile&) = delete;
  PartFile& operator=(const PartFile&) = delete;
  explicit PartFile(std::string path) : path_(std::move(path)), tmp_(TempPathFor(path_)) {}
  ~PartFile() {
    if (file_ != nullptr) {
      std::fclose(file_);
      std::remove(tmp_.c_str());
    }
  }
  Status Open() {
    file_ = std::fopen(tmp_.c_str(), "wb");
    return file_ != nullptr ? Status::OK() : Status::IOError(tmp_ + ": cannot create");
  }
  Status Write(std::string_view bytes) {
    if (std::fwrite(bytes.data(), 1, bytes.size(), file_) == bytes.size()) return Status::OK();
    return Status::IOError(tmp_ + ": cannot write (disk full?)");
  }
  Status Commit() {
    std::FILE* f = file_;
    file_ = nullptr;
    return io::CommitTemporary(f, tmp_, path_, io::Durability::kFsync);
  }

 private:
  std::string path_, tmp_;
  std::FILE* file_ = nullptr;
};

struct Keyed {
  uint64_t a = 0, b = 0;
  std::string line;
};

// The shard's documents as `neardup dedup` writes them (AppendDedupRecord, dedup's own record
// writer: each record as it came, only its text spliced), its chunks read again with their
// records.
Status WriteDedup(uint32_t shard, const SignMeta& sm, const std::vector<UnitRef>& units,
                  const std::vector<bool>& keep, const std::vector<std::string>& paths,
                  const ReaderOptions& reader, const StagePlan& plan, ApplyMeta* meta) {
  ReaderOptions with_records = reader;
  with_records.keep_records = true;
  Status changed = Status::InvalidArgument(StagePath(plan.dir, "units", shard) +
                                           ": the corpus changed since it was signed");
  PartFile out(StagePath(plan.dir, "dedup", shard) + ".jsonl");
  if (Status s = out.Open(); !s.ok()) return s;
  std::string line, text;
  uint32_t u = 0;
  uint64_t d = 0;
  std::vector<ReadWarning> warnings;
  Status read = ForEachDocumentInChunks(
      paths, with_records, sm.chunk_begin, sm.chunk_end, &warnings, [&](Document& doc) {
        if (d >= sm.docs) return changed;
        const uint32_t begin = u;
        while (u < units.size() && units[u].doc == d) ++u;
        ++d;
        for (uint32_t k = begin; k < u; ++k) meta->units_kept += keep[k] ? 1u : 0u;
        line.clear();
        if (!AppendDedupRecord(doc, units, keep, begin, u, reader.text_field, &line, &text)) {
          return Status::OK();
        }
        line += '\n';
        ++meta->docs_written;
        return out.Write(line);
      });
  if (!read.ok()) return read;
  if (d != sm.docs || u != units.size()) return changed;
  return out.Commit();
}

Status WriteLines(const std::string& path, const std::vector<Keyed>& records) {
  PartFile out(path);
  if (Status s = out.Open(); !s.ok()) return s;
  std::string buf;
  for (const Keyed& k : records) {
    buf.append(k.line);
    if (buf.size() > (1u << 20)) {
      if (Status s = out.Write(buf); !s.ok()) return s;
      buf.clear();
    }
  }
  if (Status s = out.Write(buf); !s.ok()) return s;
  return out.Commit();
}

// Appends the file at `path` to *out, mapped 16 MiB at a time (no copy of it read into a buffer;
// at most one piece mapped).
Status AppendFile(const std::string& path, OutputFile* out) {
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::NotFound(path + ": cannot open shard output");
  struct stat st {};
  if (fstat(fd, &st) != 0) {
    close(fd);
    return Status::IOError(path + ": cannot stat shard output");
  }
  const auto size = static_cast<uint64_t>(st.st_size);
  constexpr uint64_t kPiece = uint64_t{16} << 20;
  Status s;
  for (uint64_t at = 0; at < size && s.ok(); at += kPiece) {
    const auto n = static_cast<size_t>(std::min(kPiece, size - at));
    void* map = mmap(nullptr, n, PROT_READ, MAP_PRIVATE, fd, static_cast<off_t>(at));
    if (map == MAP_FAILED) {
      s = Status::IOError(path + ": cannot map shard output");
      break;
    }
    madvise(map, n, MADV_SEQUENTIAL);
    s = out->Write(std::string_view(static_cast<const char*>(map), n));
    munmap(map, n);
  }
  close(fd);
  return s;
}

}  // namespace

Status ApplyShard(uint32_t shard, OutputKind kind, const std::vector<std::string>& paths,
                  const ReaderOptions& reader, const StagePlan& plan, ApplyMeta* meta) {
  if (Status s = plan.Validate(); !s.ok()) return s;
  *meta = ApplyMeta();
  std::vector<uint64_t> offsets;
  if (Status s = ReadUnitOffsets(plan, &offsets); !s.ok()) return s;
  SignMeta sm;
  if (Status s = ReadSignMeta(plan, shard, &sm); !s.ok()) return s;
  const uint64_t first = offsets[shard], count = offsets[shard + 1] - offsets[shard];
  std::vector<Keyed> pairs, clusters;
  std::vector<uint8_t> keep(count, 1);
  std::string payload;
  for (uint32_t r = 0; r < plan.partitions; ++r) {
    const std::string path = StagePath(plan.dir, "out", r, shard);
    if (Status s = ReadStageFile(path, StageKind::kShardOut, &payload); !s.ok()) return s;
    ByteReader in(payload);
    const uint64_t np = in.Get<uint64_t>();
    for (uint64_t i = 0; i < np && !in.failed(); ++i) {
      Keyed k;
      k.a = in.Get<uint64_t>();
      k.b = in.Get<uint64_t>();
      k.line = in.GetString();
      if (kind == OutputKind::kScan) pairs.push_back(std::move(k));
    }
    const uint64_t nc = in.Get<uint64_t>();
    for (uint64_t i = 0; i < nc && !in.failed(); ++i) {
      Keyed k;
      k.a = in.Get<uint64_t>();
      k.line = in.GetString();
      if (kind == OutputKind::kScan) clusters.push_back(std::move(k));
    }
    const uint64_t nd = in.Get<uint64_t>();
    for (uint64_t i = 0; i < nd && !in.failed(); ++i) {
      const uint64_t u = in.Get<uint64_t>();
      if (u < first || u - first >= count) {
        return Status::Corruption(path + ": unit outside the shard");
      }
      keep[u - first] = 0;
    }
    if (Status s = CheckFullyRead(in, path); !s.ok()) return s;
  }
  if (kind == OutputKind::kScan) {
    std::sort(pairs.begin(), pairs.end(),
              [](const Keyed& x, const Keyed& y) { return x.a != y.a ? x.a < y.a : x.b < y.b; });
    std::sort(clusters.begin(), clusters.end(),
              [](const Keyed& x, const Keyed& y) { return x.a < y.a; });
    uint64_t id = 0;
    for (uint32_t r = 0; r < plan.partitions; ++r) {
      ComponentsMeta cm;
      if (Status s = ReadComponentsMeta(plan, r, &cm); !s.ok()) return s;
      for (uint32_t s = 0; s < shard; ++s) id += cm.clusters[s];
    }
    for (Keyed& k : clusters) {
      k.line = "{\"type\":\"cluster\",\"id\":" + std::to_string(id++) + k.line;
    }
    if (Status s = WriteLines(StagePath(plan.dir, "pairs", shard) + ".jsonl", pairs); !s.ok()) {
      return s;
    }
    if (Status s = WriteLines(StagePath(plan.dir, "clusters", shard) + ".jsonl", clusters);
        !s.ok()) {
      return s;
    }
  } else {
    const std::string path = StagePath(plan.dir, "units", shard);
    if (Status s = ReadStageFile(path, StageKind::kUnits, &payload); !s.ok()) return s;
    ByteReader in(payload);
    const uint64_t docs = in.Get<uint64_t>();
    std::vector<std::string> doc_ids;
    for (uint64_t d = 0; d < docs && !in.failed(); ++d) doc_ids.push_back(in.GetString());
    const uint64_t num_units = in.Get<uint64_t>();
    if (num_units != count || docs != sm.docs) {
      return Status::Corruption(path + ": counts differ from its meta");
    }
    std::vector<UnitRef> units(num_units);
    for (UnitRef& u : units) {
      u.doc = in.Get<uint32_t>();
      u.para = in.Get<uint32_t>();
      u.range.begin = in.Get<uint32_t>();
      u.range.end = in.Get<uint32_t>();
      u.words = in.Get<uint32_t>();
      if (u.doc >= docs) return Status::Corruption(path + ": unit of a document out of range");
    }
    if (Status s = CheckFullyRead(in, path); !s.ok()) return s;
    const std::vector<bool> kept(keep.begin(), keep.end());
    if (Status s = WriteDedup(shard, sm, units, kept, paths, reader, plan, meta); !s.ok()) return s;
  }
  return WriteCounts(StagePath(plan.dir, "apply", shard, -1, true), StageKind::kApplyMeta,
                     {meta->units_kept, meta->docs_written});
}

Status FinishOutput(OutputKind kind, const std::string& output, const StagePlan& plan,
                    FinishStats* stats) {
  *stats = FinishStats();
  ScanStats st;
  for (uint32_t s = 0; s < plan.shards; ++s) {
    SignMeta m;
    if (Status x = ReadSignMeta(plan, s, &m); !x.ok()) return x;
    st.documents += m.docs;
    st.units += m.units;
    st.empty_units += m.empty_units;
    st.bytes += m.bytes;
    for (std::string& w : m.warnings) stats->warnings.push_back(std::move(w));
    if (kind == OutputKind::kDedup) {
      ApplyMeta am;
      if (Status x = ReadCounts(StagePath(plan.dir, "apply", s, -1, true), StageKind::kApplyMeta,
                                {&am.units_kept, &am.docs_written});
          !x.ok()) {
        return x;
      }
      stats->units_kept += am.units_kept;
      stats->docs_written += am.docs_written;
    }
  }
  stats->units = st.units;
  stats->docs = st.documents;
  auto out = OutputFile::Open(output);
  if (!out.ok()) return out.status();
  if (kind == OutputKind::kDedup) {
    for (uint32_t s = 0; s < plan.shards; ++s) {
      if (Status x = AppendFile(StagePath(plan.dir, "dedup", s) + ".jsonl", out->get()); !x.ok()) {
        return x;
      }
    }
    return (*out)->Commit();
  }
  uint64_t clusters = 0;
  for (uint32_t p = 0; p < plan.partitions; ++p) {
    IdentMeta im;
    if (Status x = ReadIdentMeta(plan, p, &im); !x.ok()) return x;
    st.identical_groups += im.distinct_texts;
    BucketMeta bm;
    if (Status x = ReadBucketMeta(plan, p, &bm); !x.ok()) return x;
    st.skipped_buckets += bm.skipped_buckets;
    VerifyMeta vm;
    if (Status x = ReadVerifyMeta(plan, p, &vm); !x.ok()) return x;
    st.candidates += vm.candidates;
    st.verified += vm.verified;
    ComponentsMeta cm;
    if (Status x = ReadComponentsMeta(plan, p, &cm); !x.ok()) return x;
    st.pairs += cm.pairs;
    st.elided_pairs += cm.elided_pairs;
    for (uint64_t c : cm.clusters) clusters += c;
  }
  const LshParams lsh = CandidateSettings::From(plan.options).Banding();
  st.lsh = {lsh.bands, lsh.rows};
  st.threshold = plan.options.threshold;
  for (const char* part : {"pairs", "clusters"}) {
    for (uint32_t s = 0; s < plan.shards; ++s) {
      if (Status x = AppendFile(StagePath(plan.dir, part, s) + ".jsonl", out->get()); !x.ok()) {
        return x;
      }
    }
  }
  ReportInfo info;
  info.mode = "lexical";
  info.options = plan.options;
  std::string summary;
  AppendSummaryRecord(&summary, st, clusters, stats->warnings.size(), info);
  if (Status x = (*out)->Write(summary); !x.ok()) return x;
  return (*out)->Commit();
}

}  // namespace neardup::dist
