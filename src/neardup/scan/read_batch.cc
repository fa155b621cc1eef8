// The read stage's pieces (read_batch.h).

#include "neardup/scan/read_batch.h"

#include <algorithm>
#include <cstdint>

namespace neardup {

void Compact(Batch* b, size_t bands) {
  size_t sh = 0, sq = 0, st = 0, k = 0;
  const bool sketches = !b->byte_sketches.empty();
  constexpr size_t kSketch = DocumentPrint::kByteSketchSize;
  for (size_t i = 0; i < b->units.size(); ++i) {
    if (!b->new_group[i]) continue;
    const Batch::Unit& u = b->units[i];
    // [from, to) moves to *at <= from (std::copy needs the target before the source).
    auto move_down = [](auto& v, size_t from, size_t to, size_t* at) {
      if (*at != from) {
        std::copy(v.begin() + static_cast<std::ptrdiff_t>(from),
                  v.begin() + static_cast<std::ptrdiff_t>(to),
                  v.begin() + static_cast<std::ptrdiff_t>(*at));
      }
      *at += to - from;
    };
    move_down(b->shingles, u.shingle_begin, u.shingle_end, &sh);
    const size_t seq_at = sq;
    move_down(b->sequences, u.seq_begin, u.seq_end, &sq);
    size_t lower_at = seq_at;
    move_down(b->lower, u.seq_begin, u.seq_end, &lower_at);
    move_down(b->sentences, u.sent_begin, u.sent_end, &st);
    size_t key_at = k * bands;
    move_down(b->band_keys, i * bands, (i + 1) * bands, &key_at);
    if (sketches) {
      size_t sketch_at = k * kSketch;
      move_down(b->byte_sketches, i * kSketch, (i + 1) * kSketch, &sketch_at);
    }
    ++k;
    b->shingle_ends.push_back(static_cast<uint32_t>(sh));
    b->seq_ends.push_back(static_cast<uint32_t>(sq));
    b->sent_ends.push_back(static_cast<uint32_t>(st));
  }
  auto keep = [](auto& v, size_t n) {
    v.resize(n);
    v.shrink_to_fit();
  };
  keep(b->shingles, sh);
  keep(b->sequences, sq);
  keep(b->lower, sq);
  keep(b->sentences, st);
  keep(b->band_keys, k * bands);
  if (sketches) keep(b->byte_sketches, k * kSketch);
  std::vector<Document>().swap(b->docs);
  std::vector<DocDigest>().swap(b->digests);
  std::vector<Batch::Unit>().swap(b->units);
  std::vector<uint8_t>().swap(b->new_group);
}

}  // namespace neardup
