#!/usr/bin/env bash
# `neardup index compact`: after a prune the file shrinks, the index answers every query as before
# and a writer goes on from it; a compaction beside a writer is refused (the writer's lock); a
# damaged index is refused untouched; `index stats` prints text with --format text.
set -uo pipefail
source "$(dirname "$0")/test_env.sh"
fail() { echo "FAIL: $*" >&2; exit 1; }
size() { stat -c %s "$1"; }

python3 "$root/scripts/gen_corpus.py" --out "$tmp/c" --seed 3 --stories 30 --outlets 5 --quiet ||
  fail "gen_corpus.py failed"
corpus="$tmp/c/corpus.jsonl"
"$neardup" filter --mode lexical --index "$tmp/idx" "$corpus" >/dev/null 2>&1 || fail "filter exited $?"
"$neardup" index prune "$tmp/idx" --max-docs 20 --quiet || fail "prune exited $?"
before=$(size "$tmp/idx/data.mdb")
"$neardup" query --index "$tmp/idx" "$corpus" >"$tmp/q1" 2>/dev/null || fail "query exited $?"
"$neardup" index compact "$tmp/idx" 2>"$tmp/err" || fail "compact exited $?: $(cat "$tmp/err")"
grep -q "neardup index compact: .* -> .* (20 documents)" "$tmp/err" || fail "summary: $(cat "$tmp/err")"
after=$(size "$tmp/idx/data.mdb")
[ "$after" -lt $((before / 2)) ] || fail "data.mdb $before -> $after bytes: not compacted"
[ ! -e "$tmp/idx/.compacting" ] || fail "the compaction folder was left behind"
"$neardup" query --index "$tmp/idx" "$corpus" >"$tmp/q2" 2>/dev/null || fail "query after compact exited $?"
cmp -s "$tmp/q1" "$tmp/q2" || fail "queries answer differently after compaction"
"$neardup" index stats --index "$tmp/idx" --verify --format json >"$tmp/stats" || fail "stats --verify exited $?"
grep -q '"documents":20,' "$tmp/stats" || fail "stats after compact: $(cat "$tmp/stats")"
# A writer goes on from the compacted index (the commit stamp was renewed in the copy).
head -40 "$corpus" | "$neardup" filter --mode lexical --index "$tmp/idx" --verdicts-only >/dev/null 2>"$tmp/err" ||
  fail "filter after compact exited $?: $(cat "$tmp/err")"
"$neardup" index stats "$tmp/idx" --verify --format json | grep -q '"verified":true' || fail "stats --verify after more filtering"
# Human-readable stats.
"$neardup" index stats "$tmp/idx" --format text >"$tmp/text" || fail "stats --format text exited $?"
grep -q '^documents  *[0-9]' "$tmp/text" && grep -q '^oldest added  *20[0-9-]* [0-9:]* UTC' "$tmp/text" ||
  fail "text stats: $(cat "$tmp/text")"

# Beside a writer: refused by the lock, nothing changed.
mkfifo "$tmp/in"
(exec 3>"$tmp/in"; sleep 10) &
feeder=$!
"$neardup" filter --mode lexical --index "$tmp/idx" <"$tmp/in" >/dev/null 2>&1 &
writer=$!
for _ in $(seq 50); do [ -s "$tmp/idx/LOCK" ] && grep -q "^$writer$" "$tmp/idx/LOCK" && break; sleep 0.1; done
sum=$(md5sum <"$tmp/idx/data.mdb")
"$neardup" index compact --index "$tmp/idx" 2>"$tmp/err"; rc=$?
kill "$feeder" 2>/dev/null; wait "$feeder" 2>/dev/null; wait "$writer" 2>/dev/null
[ "$rc" = 1 ] || fail "compact beside a writer exited $rc"
grep -q "in use by another writer" "$tmp/err" || fail "compact beside a writer: $(cat "$tmp/err")"
[ "$(md5sum <"$tmp/idx/data.mdb")" = "$sum" ] || fail "data.mdb changed by a refused compaction"

# A damaged index is refused and left as it is.
cp -r "$tmp/idx" "$tmp/bad"
python3 - "$tmp/bad/data.mdb" <<'PY'
import sys
with open(sys.argv[1], "r+b") as f:
    f.seek(16)  # the first meta page's magic
    f.write(b"\0\0\0\0")
    f.seek(4096 + 16)
    f.write(b"\0\0\0\0")
PY
sum=$(md5sum <"$tmp/bad/data.mdb")
"$neardup" index compact "$tmp/bad" 2>"$tmp/err"; rc=$?
[ "$rc" = 1 ] || fail "compact of a damaged index exited $rc"
[ "$(md5sum <"$tmp/bad/data.mdb")" = "$sum" ] || fail "a damaged index was changed by compact"
# Usage errors.
"$neardup" index compact 2>/dev/null; [ $? = 2 ] || fail "compact without DIR did not exit 2"
"$neardup" index compact "$tmp/none" 2>"$tmp/err"; [ $? = 1 ] || fail "compact of a missing index did not exit 1"
echo ok
