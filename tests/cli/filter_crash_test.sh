#!/usr/bin/env bash
# Crash safety of `neardup filter`: a run killed with SIGKILL at random moments and then replayed
# from the start against the same index, and the corpus fed in two halves, must both give every
# document exactly one verdict, the same as one uninterrupted run. Every line a killed run wrote
# must already be the final answer for its record (a verdict leaves only once it is durable).
# Usage: NEARDUP=path/to/neardup tests/cli/filter_crash_test.sh
set -uo pipefail
source "$(dirname "$0")/test_env.sh"  # root, neardup, tmp
fail() { echo "FAIL: $*" >&2; exit 1; }

python3 "$root/scripts/gen_corpus.py" --out "$tmp/c" --seed 11 --stories 120 --outlets 5 --quiet ||
  fail "gen_corpus.py failed"
corpus="$tmp/c/corpus.jsonl"
n=$(wc -l <"$corpus")

start=$(date +%s%N)
"$neardup" filter --mode lexical --index "$tmp/ref" --batch 8 --quiet <"$corpus" >"$tmp/ref.out" || fail "reference run failed"
ms=$(( ($(date +%s%N) - start) / 1000000 ))
[ "$(wc -l <"$tmp/ref.out")" = "$n" ] || fail "reference run wrote $(wc -l <"$tmp/ref.out") lines for $n records"
python3 - "$tmp/ref.out" <<'PY' || fail "reference output has repeated or missing verdicts"
import json, sys
ids = [json.loads(l)["id"] for l in open(sys.argv[1])]
assert len(ids) == len(set(ids)), "an id got two verdicts"
assert all("duplicate" in json.loads(l)["neardup"] for l in open(sys.argv[1]))
PY

# The same corpus in two halves.
half=$((n / 2))
head -n "$half" "$corpus" >"$tmp/h1"; tail -n +"$((half + 1))" "$corpus" >"$tmp/h2"
"$neardup" filter --mode lexical --index "$tmp/halves" --quiet <"$tmp/h1" >"$tmp/halves.out" || fail "first half failed"
"$neardup" filter --mode lexical --index "$tmp/halves" --quiet <"$tmp/h2" >>"$tmp/halves.out" || fail "second half failed"
cmp -s "$tmp/halves.out" "$tmp/ref.out" || fail "two halves differ from one run"

# Killed at random moments, replayed from the start each time.
RANDOM=42
killed_mid=0
for i in 1 2 3 4 5 6; do
  delay_ms=$(( RANDOM % (ms + 50) ))
  "$neardup" filter --mode lexical --index "$tmp/crash" --batch 8 --quiet <"$corpus" >"$tmp/part$i.out" 2>/dev/null &
  pid=$!
  sleep "$(printf '0.%03d' "$delay_ms")"
  kill -KILL "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  got=$(wc -l <"$tmp/part$i.out")
  [ "$got" -gt 0 ] && [ "$got" -lt "$n" ] && killed_mid=$((killed_mid + 1))
  # Every complete line written before the kill is the final verdict of its record.
  python3 - "$tmp/part$i.out" "$tmp/ref.out" <<'PY' || fail "run $i (killed after ${delay_ms} ms) wrote a line that differs from the uninterrupted run"
import sys
part = open(sys.argv[1], "rb").read()
ref = open(sys.argv[2], "rb").read()
assert ref.startswith(part), "not a prefix of the reference output"
PY
done
"$neardup" filter --mode lexical --index "$tmp/crash" --quiet <"$corpus" >"$tmp/replay.out" || fail "replay failed"
cmp -s "$tmp/replay.out" "$tmp/ref.out" || fail "replay after kills differs from one uninterrupted run"
"$neardup" index stats --index "$tmp/crash" --verify >"$tmp/stats" || fail "index stats --verify failed after kills"
grep -q "\"documents\":$n," "$tmp/stats" || fail "index holds $(cat "$tmp/stats") — want $n documents"
echo "ok: $n records; $killed_mid of 6 kills landed mid-run; replay, halves and one run agree"
