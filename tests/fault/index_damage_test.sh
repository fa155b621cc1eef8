#!/usr/bin/env bash
# The damaged-index sweep (index_damage_test.py): the issue's meta-page cases, transaction-id
# rollbacks, a bit flipped in every meta byte, and 250 random single-byte changes. In a sanitizer
# build (NEARDUP_SANITIZED=1) a deterministic sample of the same cases: the first 60 of the 250
# random ones (the same generator, a prefix) and every 4th meta byte (68 of the 272 flips; page 1
# shifted by 2, so every even byte offset is flipped in one of the pages). Each case starts 3
# neardup processes, about 0.35 CPU s each under ASan + UBSan; the normal build runs every case.
# Usage: NEARDUP=path/to/neardup tests/fault/index_damage_test.sh
set -uo pipefail
source "$(dirname "$0")/../cli/test_env.sh"  # root, neardup, tmp
cases=250
meta_step=1
if [ "${NEARDUP_SANITIZED:-0}" = 1 ]; then
  cases=60
  meta_step=4
fi
python3 "$root/tests/fault/index_damage_test.py" "$neardup" "$root/scripts/gen_corpus.py" --cases "$cases" \
  --seed 21 --meta-step "$meta_step"
rc=$?
# The two wrong answers of the long sweep (scripts: --cases 600 --seed 600): a unit id changed in
# the text table (filter), and a text-table branch page's flags (query: searches missed).
python3 "$root/tests/fault/index_damage_test.py" "$neardup" "$root/scripts/gen_corpus.py" --cases 600 \
  --seed 600 --only "byte 67052 -> 0x00" --only "byte 53258 -> 0x7d" || rc=1
exit "$rc"
