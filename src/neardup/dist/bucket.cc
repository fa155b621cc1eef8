// Bucket stage (bucket.h).

#include "neardup/dist/bucket.h"

#include <algorithm>
#include <unordered_map>

#include "neardup/dist/sign.h"
#include "neardup/dist/stage_file.h"
#include "neardup/dist/stage_records.h"
#include "neardup/scan/candidates.h"
#include "neardup/scan/estimates.h"
#include "neardup/scan/fingerprinted_corpus.h"
#include "neardup/scan/verify_lexical.h"
#include "neardup/sketch/fingerprint.h"
#include "neardup/sketch/minhash.h"

namespace neardup::dist {
namespace {

struct HashKey {
  size_t operator()(const Hash128& h) const { return static_cast<size_t>(h.lo); }
};

struct Text {
  uint64_t group = 0;  // smallest global first unit seen
  std::vector<uint32_t> shingles;
  std::vector<uint32_t> bands;
  bool owned = false;
  std::vector<MemberRef> members;  // owned texts: every occurrence, shards in order
};

// Reads bands-S-`p` of every shard into `texts`, merged by text hash.
Status LoadTexts(const StagePlan& plan, uint32_t p, const std::vector<uint64_t>& offsets,
                 std::vector<Text>* texts) {
  std::unordered_map<Hash128, uint32_t, HashKey> index;
  std::string payload;
  for (uint32_t s = 0; s < plan.shards; ++s) {
    const std::string path = StagePath(plan.dir, "bands", s, p);
    if (Status st = ReadStageFile(path, StageKind::kBands, &payload); !st.ok()) return st;
    ByteReader r(payload);
    const uint64_t n = r.Get<uint64_t>();
    for (uint64_t i = 0; i < n && !r.failed(); ++i) {
      Hash128 h;
      h.lo = r.Get<uint64_t>();
      h.hi = r.Get<uint64_t>();
      const uint64_t first = offsets[s] + r.Get<uint32_t>();
      auto [it, inserted] = index.try_emplace(h, static_cast<uint32_t>(texts->size()));
      if (inserted) texts->emplace_back();
      Text& t = (*texts)[it->second];
      if (inserted) {
        t.group = first;
        r.GetArray(&t.shingles);
        r.GetArray(&t.bands);
      } else {  // the same text in a later shard: same shingles and band keys
        std::vector<uint32_t> skip;
        r.GetArray(&skip);
        r.GetArray(&skip);
      }
      if (r.Get<uint8_t>() != 0) {
        t.owned = true;
        const uint64_t m = r.Get<uint64_t>();
        for (uint64_t k = 0; k < m && !r.failed(); ++k) {
          MemberRef ref;
          ref.unit = offsets[s] + r.Get<uint32_t>();
          ref.doc = r.GetString();
          ref.para = r.Get<uint32_t>();
          ref.begin = r.Get<uint32_t>();
          ref.end = r.Get<uint32_t>();
          t.members.push_back(std::move(ref));
        }
      }
    }
    if (Status st = CheckFullyRead(r, path); !st.ok()) return st;
  }
  return Status::OK();
}

}  // namespace

Status BucketPartition(uint32_t p, const StagePlan& plan,
                       const std::vector<std::pair<uint32_t, uint32_t>>& oversized,
                       BucketMeta* meta) {
  if (Status s = plan.Validate(); !s.ok()) return s;
  *meta = BucketMeta();
  std::vector<uint64_t> offsets;
  if (Status s = ReadUnitOffsets(plan, &offsets); !s.ok()) return s;
  std::vector<Text> texts;
  if (Status s = LoadTexts(plan, p, offsets, &texts); !s.ok()) return s;
  // Texts in group order: candidate pairs (i, j), i < j, are then group pairs g < h.
  std::sort(texts.begin(), texts.end(),
            [](const Text& a, const Text& b) { return a.group < b.group; });
  const size_t bands = static_cast<size_t>(CandidateSettings::From(plan.options).Banding().bands);
  auto usable = [&](uint32_t band, uint32_t key) {
    return !std::binary_search(oversized.begin(), oversized.end(), std::make_pair(band, key));
  };

  // Buckets of the bands routed here; a pair is this partition's when no lower band with a
  // usable bucket holds it too.
  std::vector<std::pair<uint32_t, uint32_t>> candidates;
  std::vector<std::pair<uint32_t, uint32_t>> keyed;  // (key, text)
  for (uint32_t b = 0; b < bands; ++b) {
    keyed.clear();
    for (uint32_t t = 0; t < texts.size(); ++t) {
      if (texts[t].bands.size() != bands) {
        return Status::Corruption("bands file: band count differs");
      }
      const uint32_t key = texts[t].bands[b];
      if (PartitionOf((uint64_t{b} << 32) | key, plan.partitions) == p) keyed.emplace_back(key, t);
    }
    std::sort(keyed.begin(), keyed.end());
    for (size_t i = 0; i < keyed.size();) {
      size_t j = i + 1;
      while (j < keyed.size() && keyed[j].first == keyed[i].first) ++j;
      if (j - i > plan.options.max_bucket) {
        ++meta->skipped_buckets;
        meta->oversized.emplace_back(b, keyed[i].first);
      } else {
        for (size_t x = i; x < j; ++x) {
          for (size_t y = x + 1; y < j; ++y) {
            const uint32_t tx = keyed[x].second, ty = keyed[y].second;
            bool lower = false;
            for (uint32_t c = 0; c < b && !lower; ++c) {
              lower = texts[tx].bands[c] == texts[ty].bands[c] && usable(c, texts[tx].bands[c]);
            }
            if (!lower) candidates.emplace_back(tx, ty);
          }
        }
      }
      i = j;
    }
  }
  std::sort(candidates.begin(), candidates.end());
  meta->candidates = candidates.size();

  // The partition's texts as a corpus of one unit per group, for the one-process stages.
  FingerprintedCorpus corpus;
  for (uint32_t t = 0; t < texts.size(); ++t) {
    corpus.units.push_back({0, 0, {}, 0, t});
    corpus.shingles.insert(corpus.shingles.end(), texts[t].shingles.begin(),
                           texts[t].shingles.end());
    corpus.shingle_offsets.push_back(corpus.shingles.size());
    corpus.group_first.push_back(t);
  }
  const VerifiedPairs verified =
      VerifyLexical(corpus, candidates, LexicalVerifySettings::From(plan.options), 1);
  const MinHasher hasher(plan.options.num_perm, plan.options.seed, plan.options.scheme);
  const std::vector<double> estimates =
      EstimateVerified(corpus, hasher, candidates, verified.candidate, 1);
  meta->verified = verified.size();

  const uint32_t parts = plan.partitions;
  std::vector<ByteWriter> edges(parts), rev(parts), groups(parts);
  std::vector<uint64_t> edge_count(parts, 0), rev_count(parts, 0), group_count(parts, 0);
  for (size_t v = 0; v < verified.size(); ++v) {
    const auto [i, j] = candidates[verified.candidate[v]];
    const EdgeRecord e{texts[i].group, texts[j].group, verified.similarity[v], estimates[v],
                       verified.shared[v]};
    const uint32_t qg = PartitionOf(e.g, parts), qh = PartitionOf(e.h, parts);
    PutEdge(e, &edges[qg]);
    ++edge_count[qg];
    rev[qh].Put<uint64_t>(e.h);
    rev[qh].Put<uint64_t>(e.g);
    ++rev_count[qh];
  }
  for (Text& t : texts) {
    if (!t.owned) continue;
    ++meta->distinct_texts;
    GroupRecord g{t.group, std::move(t.shingles), std::move(t.members)};
    const uint32_t q = PartitionOf(g.group, parts);
    PutGroup(g, &groups[q]);
    ++group_count[q];
  }
  auto write = [&](const char* name, StageKind kind, uint32_t q, uint64_t n, ByteWriter& body) {
    ByteWriter w;
    w.Put<uint64_t>(n);
    w.str().append(body.str());
    return WriteStageFile(StagePath(plan.dir, name, p, q), kind, w.str());
  };
  for (uint32_t q = 0; q < parts; ++q) {
    if (Status s = write("edges", StageKind::kEdges, q, edge_count[q], edges[q]); !s.ok()) return s;
    if (Status s = write("rev", StageKind::kEdges, q, rev_count[q], rev[q]); !s.ok()) return s;
    if (Status s = write("groups", StageKind::kGroups, q, group_count[q], groups[q]); !s.ok()) {
      return s;
    }
  }
  ByteWriter m;
  m.Put<uint64_t>(meta->distinct_texts);
  m.Put<uint64_t>(meta->candidates);
  m.Put<uint64_t>(meta->verified);
  m.Put<uint64_t>(meta->skipped_buckets);
  m.Put<uint64_t>(meta->oversized.size());
  for (const auto& [b, k] : meta->oversized) {
    m.Put<uint32_t>(b);
    m.Put<uint32_t>(k);
  }
  return WriteStageFile(StagePath(plan.dir, "bucket", p, -1, true), StageKind::kBucketMeta,
                        m.str());
}

Status ReadBucketMeta(const StagePlan& plan, uint32_t p, BucketMeta* meta) {
  const std::string path = StagePath(plan.dir, "bucket", p, -1, true);
  std::string payload;
  if (Status s = ReadStageFile(path, StageKind::kBucketMeta, &payload); !s.ok()) return s;
  ByteReader r(payload);
  *meta = BucketMeta();
  meta->distinct_texts = r.Get<uint64_t>();
  meta->candidates = r.Get<uint64_t>();
  meta->verified = r.Get<uint64_t>();
  meta->skipped_buckets = r.Get<uint64_t>();
  const uint64_t n = r.Get<uint64_t>();
  for (uint64_t i = 0; i < n && !r.failed(); ++i) {
    const uint32_t b = r.Get<uint32_t>();
    meta->oversized.emplace_back(b, r.Get<uint32_t>());
  }
  return CheckFullyRead(r, path);
}

}  // namespace neardup::dist
