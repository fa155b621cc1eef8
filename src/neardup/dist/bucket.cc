// Bucket and verify stages (bucket.h).

#include "neardup/dist/bucket.h"

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "neardup/dist/sign.h"
#include "neardup/dist/stage_file.h"
#include "neardup/dist/stage_records.h"
#include "neardup/scan/candidates.h"
#include "neardup/scan/estimates.h"
#include "neardup/scan/fingerprinted_corpus.h"
#include "neardup/scan/verify_lexical.h"
#include "neardup/sketch/minhash.h"

namespace neardup::dist {
namespace {

// A text by shard and index: shard << 32 | text index. Texts are numbered in first-unit order in
// their shard and shards in input order, so these ids order groups as their group numbers (first
// units) do; verify turns them into group numbers (ShingleSource::First).
uint64_t TextId(uint32_t shard, uint32_t text) { return uint64_t{shard} << 32 | text; }

struct BandEntry {
  uint32_t key = 0;
  uint64_t id = 0;  // TextId
};

// A candidate pair g < h of TextIds.
struct Candidate {
  uint64_t g = 0, h = 0;
};

bool PairLess(const Candidate& a, const Candidate& b) { return a.g != b.g ? a.g < b.g : a.h < b.h; }
bool PairEqual(const Candidate& a, const Candidate& b) { return a.g == b.g && a.h == b.h; }

uint32_t VerifyPartitionOf(uint64_t g, uint64_t h, uint32_t parts) {
  return PartitionOf(g ^ (h * 0x9e3779b97f4a7c15ULL), parts);
}

// Sorts `v` (key << 32 | index, indices ascending) by key, keeping index order within a key:
// the order std::sort gives those values, by a stable LSD radix sort on the key's 32 bits (three
// 11-bit digits; a digit every value shares is skipped). Cost: O(n), `tmp` grows to v's size.
void SortByKey(std::vector<uint64_t>* v, std::vector<uint64_t>* tmp) {
  constexpr int kDigit = 11;
  constexpr size_t kBuckets = size_t{1} << kDigit;
  tmp->resize(v->size());
  std::vector<size_t> count(kBuckets);
  for (int shift = 32; shift < 64; shift += kDigit) {
    std::fill(count.begin(), count.end(), 0);
    for (const uint64_t x : *v) ++count[(x >> shift) & (kBuckets - 1)];
    if (!v->empty() && count[((*v)[0] >> shift) & (kBuckets - 1)] == v->size()) continue;
    size_t sum = 0;
    for (size_t& c : count) {
      const size_t n = c;
      c = sum;
      sum += n;
    }
    for (const uint64_t x : *v) (*tmp)[count[(x >> shift) & (kBuckets - 1)]++] = x;
    v->swap(*tmp);
  }
}

}  // namespace

Status BucketPartition(uint32_t p, const StagePlan& plan, BucketMeta* meta) {
  if (Status s = plan.Validate(); !s.ok()) return s;
  *meta = BucketMeta();
  std::vector<uint64_t> offsets;
  if (Status s = ReadUnitOffsets(plan, &offsets); !s.ok()) return s;
  const size_t bands = static_cast<size_t>(CandidateSettings::From(plan.options).Banding().bands);
  const uint32_t parts = plan.partitions;
  // Every shard's keys-S, read a band's column at a time (each block read checked once).
  std::vector<StageFilePieces> keys(plan.shards);
  std::vector<uint64_t> texts(plan.shards);
  for (uint32_t s = 0; s < plan.shards; ++s) {
    const std::string path = StagePath(plan.dir, "keys", s);
    if (Status st = keys[s].Open(path, StageKind::kKeys); !st.ok()) return st;
    uint64_t head[2] = {0, 0};
    if (Status st = keys[s].Read(0, sizeof head, head); !st.ok()) return st;
    if (head[1] != bands || head[0] > (uint64_t{1} << 32) ||
        keys[s].payload_size() != sizeof head + 4 * head[0] * bands) {
      return Status::Corruption(path + ": malformed band keys (or another --threshold)");
    }
    texts[s] = head[0];
  }
  // Each shard's texts an earlier shard holds (their groups' keys come from that shard), sorted.
  std::vector<std::vector<uint32_t>> dups(plan.shards);
  std::string dup_payload;
  for (uint32_t ip = 0; ip < parts; ++ip) {  // dups-P: every shard's list, in shard order
    const std::string path = StagePath(plan.dir, "dups", ip);
    if (Status st = ReadStageFile(path, StageKind::kDups, &dup_payload); !st.ok()) return st;
    ByteReader r(dup_payload);
    for (uint32_t s = 0; s < plan.shards; ++s) {
      const uint64_t n = r.Get<uint64_t>();
      r.GetRaw(n > (uint64_t{1} << 40) ? (uint64_t{1} << 40) : n, &dups[s]);
    }
    if (Status st = CheckFullyRead(r, path); !st.ok()) return st;
  }
  for (std::vector<uint32_t>& d : dups) std::sort(d.begin(), d.end());
  std::vector<std::vector<Candidate>> out(parts);
  std::vector<BandEntry> entries;
  std::vector<uint64_t> keyed, scratch;  // key << 32 | index into entries
  std::vector<uint32_t> column;          // one band's keys of one shard
  const auto nb = static_cast<uint32_t>(bands);
  const uint32_t k = SlicesPerBand(parts, nb);
  for (uint64_t slot = 0; slot < uint64_t{nb} * k; ++slot) {
    if (SlotOwner(slot, parts, nb) != p) continue;
    const uint64_t b = slot / k;
    const auto slice = static_cast<uint32_t>(slot % k);
    entries.clear();
    for (uint32_t s = 0; s < plan.shards; ++s) {  // band b's column of every shard, in pieces
      const std::vector<uint32_t>& skip = dups[s];
      size_t next_dup = 0;
      constexpr uint64_t kPiece = uint64_t{1} << 20;  // keys read at a time
      for (uint64_t at = 0; at < texts[s]; at += kPiece) {
        column.resize(static_cast<size_t>(std::min(kPiece, texts[s] - at)));
        if (Status st =
                keys[s].Read(16 + 4 * (texts[s] * b + at), 4 * column.size(), column.data());
            !st.ok()) {
          return st;
        }
        for (size_t i = 0; i < column.size(); ++i) {
          const uint32_t key = column[i];
          if (k > 1 && PartitionOf(b << 32 | key, k) != slice) continue;
          const auto t = static_cast<uint32_t>(at + i);
          while (next_dup < skip.size() && skip[next_dup] < t) ++next_dup;
          if (next_dup < skip.size() && skip[next_dup] == t) continue;
          entries.push_back({key, TextId(s, t)});
        }
      }
    }
    // Entries come in group order (shards in order, texts in first-unit order), so sorting by
    // (key, index) sorts by (key, group).
    if (entries.size() > UINT32_MAX) {  // the index below is the low 32 bits of `keyed`
      return Status::ResourceExhausted("bucket partition " + std::to_string(p) + ": band " +
                                       std::to_string(b) + " slice " + std::to_string(slice) +
                                       " holds " + std::to_string(entries.size()) +
                                       " texts, more than 2^32 - 1; use more partitions");
    }
    keyed.resize(entries.size());
    for (size_t i = 0; i < entries.size(); ++i) keyed[i] = uint64_t{entries[i].key} << 32 | i;
    SortByKey(&keyed, &scratch);
    for (size_t i = 0; i < keyed.size();) {
      size_t j = i + 1;
      while (j < keyed.size() && keyed[j] >> 32 == keyed[i] >> 32) ++j;
      if (j - i > plan.options.max_bucket) {
        ++meta->skipped_buckets;
      } else {
        for (size_t x = i; x < j; ++x) {
          const BandEntry& ex = entries[static_cast<uint32_t>(keyed[x])];
          for (size_t y = x + 1; y < j; ++y) {
            const BandEntry& ey = entries[static_cast<uint32_t>(keyed[y])];
            const Candidate c{ex.id, ey.id};
            out[VerifyPartitionOf(c.g, c.h, parts)].push_back(c);
          }
        }
      }
      i = j;
    }
  }
  for (uint32_t v = 0; v < parts; ++v) {
    std::vector<Candidate>& c = out[v];
    std::sort(c.begin(), c.end(), PairLess);
    c.erase(std::unique(c.begin(), c.end(), PairEqual), c.end());
    meta->pairs += c.size();
    static_assert(sizeof(Candidate) == 16);
    ByteWriter w;
    w.Put<uint64_t>(c.size());
    if (Status st = WriteStageFileParts(
            StagePath(plan.dir, "cand", p, v), StageKind::kCandidates,
            {w.str(), {reinterpret_cast<const char*>(c.data()), c.size() * sizeof(Candidate)}});
        !st.ok()) {
      return st;
    }
  }
  return WriteCounts(StagePath(plan.dir, "bucket", p, -1, true), StageKind::kBucketMeta,
                     {meta->pairs, meta->skipped_buckets});
}

Status ReadBucketMeta(const StagePlan& plan, uint32_t p, BucketMeta* meta) {
  return ReadCounts(StagePath(plan.dir, "bucket", p, -1, true), StageKind::kBucketMeta,
                    {&meta->pairs, &meta->skipped_buckets});
}

Status VerifyPartition(uint32_t partition, const StagePlan& plan, VerifyMeta* meta) {
  const uint32_t v = partition;
  if (Status s = plan.Validate(); !s.ok()) return s;
  *meta = VerifyMeta();
  std::vector<uint64_t> offsets;
  if (Status s = ReadUnitOffsets(plan, &offsets); !s.ok()) return s;
  std::vector<Candidate> cands;
  std::string payload;
  for (uint32_t p = 0; p < plan.partitions; ++p) {
    const std::string path = StagePath(plan.dir, "cand", p, v);
    if (Status s = ReadStageFile(path, StageKind::kCandidates, &payload); !s.ok()) return s;
    ByteReader r(payload);
    const uint64_t n = r.Get<uint64_t>();
    std::vector<uint64_t> ids;
    r.GetRaw(n > (uint64_t{1} << 40) ? (uint64_t{1} << 40) : 2 * n, &ids);
    for (size_t i = 0; i + 1 < ids.size(); i += 2) cands.push_back({ids[i], ids[i + 1]});
    if (Status s = CheckFullyRead(r, path); !s.ok()) return s;
  }
  std::sort(cands.begin(), cands.end(), PairLess);
  cands.erase(std::unique(cands.begin(), cands.end(), PairEqual), cands.end());
  meta->candidates = cands.size();

  // The candidates' groups as a corpus of one unit per group, in group order, for the
  // one-process verification; and each one's group number.
  std::vector<uint64_t> groups;  // TextIds
  groups.reserve(2 * cands.size());
  for (const Candidate& c : cands) groups.insert(groups.end(), {c.g, c.h});
  std::sort(groups.begin(), groups.end());
  groups.erase(std::unique(groups.begin(), groups.end()), groups.end());
  FingerprintedCorpus corpus;
  ShingleSource source(plan, offsets);
  std::vector<uint32_t> set;
  std::vector<uint64_t> number(groups.size());  // group numbers (first units)
  for (uint32_t t = 0; t < groups.size(); ++t) {
    const auto shard = static_cast<uint32_t>(groups[t] >> 32);
    const auto text = static_cast<uint32_t>(groups[t]);
    uint32_t first = 0;
    if (Status s = source.GetOf(shard, text, &set); !s.ok()) return s;
    if (Status s = source.First(shard, text, &first); !s.ok()) return s;
    if (first >= offsets[shard + 1] - offsets[shard]) {
      return Status::Corruption(StagePath(plan.dir, "shingles", shard) + ": unit out of range");
    }
    number[t] = offsets[shard] + first;
    corpus.units.push_back({0, 0, {}, 0, t});
    corpus.shingles.insert(corpus.shingles.end(), set.begin(), set.end());
    corpus.shingle_offsets.push_back(corpus.shingles.size());
    corpus.group_first.push_back(t);
  }
  auto index_of = [&](uint64_t g) {
    return static_cast<uint32_t>(std::lower_bound(groups.begin(), groups.end(), g) -
                                 groups.begin());
  };
  std::vector<std::pair<uint32_t, uint32_t>> pairs;
  pairs.reserve(cands.size());
  for (const Candidate& c : cands) pairs.emplace_back(index_of(c.g), index_of(c.h));
  const VerifiedPairs verified =
      VerifyLexical(corpus, pairs, LexicalVerifySettings::From(plan.options), 1);
  const MinHasher hasher(plan.options.num_perm, plan.options.seed, plan.options.scheme);
  const std::vector<double> estimates =
      EstimateVerified(corpus, hasher, pairs, verified.candidate, 1);
  meta->verified = verified.size();

  const uint32_t parts = plan.partitions;
  std::vector<ByteWriter> edges(parts), rev(parts);
  std::vector<uint64_t> edge_count(parts, 0), rev_count(parts, 0);
  for (size_t k = 0; k < verified.size(); ++k) {
    const auto& [a, b] = pairs[verified.candidate[k]];
    const EdgeRecord e{number[a], number[b], verified.similarity[k], estimates[k],
                       verified.shared[k]};
    const uint32_t qg = PartitionOf(e.g, parts), qh = PartitionOf(e.h, parts);
    PutEdge(e, &edges[qg]);
    ++edge_count[qg];
    rev[qh].Put<uint64_t>(e.h);
    rev[qh].Put<uint64_t>(e.g);
    ++rev_count[qh];
  }
  auto write = [&](const char* name, uint32_t q, uint64_t n, ByteWriter& body) {
    ByteWriter w;
    w.Put<uint64_t>(n);
    w.str().append(body.str());
    return WriteStageFile(StagePath(plan.dir, name, v, q), StageKind::kEdges, w.str());
  };
  for (uint32_t q = 0; q < parts; ++q) {
    if (Status s = write("edges", q, edge_count[q], edges[q]); !s.ok()) return s;
    if (Status s = write("rev", q, rev_count[q], rev[q]); !s.ok()) return s;
  }
  return WriteCounts(StagePath(plan.dir, "verify", v, -1, true), StageKind::kVerifyMeta,
                     {meta->candidates, meta->verified});
}

Status ReadVerifyMeta(const StagePlan& plan, uint32_t partition, VerifyMeta* meta) {
  return ReadCounts(StagePath(plan.dir, "verify", partition, -1, true), StageKind::kVerifyMeta,
                    {&meta->candidates, &meta->verified});
}

}  // namespace neardup::dist
