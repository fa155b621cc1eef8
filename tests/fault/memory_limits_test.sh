#!/usr/bin/env bash
# Memory limits: under any `ulimit -v`, and under any --memory-limit, every command ends with exit
# 0, or exit 1 and an "error:" line — never a signal (issue 21). Skipped (77) for a sanitizer build,
# whose shadow memory needs terabytes of address space.
# Usage: NEARDUP=path/to/neardup tests/fault/memory_limits_test.sh
set -uo pipefail
source "$(dirname "$0")/../cli/test_env.sh"  # root, neardup, tmp
if ldd "$neardup" 2>/dev/null | grep -q 'lib[at]san'; then echo "SKIP: sanitizer build"; exit 77; fi
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
failures=0
python3 "$root/scripts/gen_corpus.py" --out "$tmp/c" --seed 4 --stories 40 --outlets 4 --quiet || exit 1
corpus="$tmp/c/corpus.jsonl"
python3 "$root/scripts/gen_dense_tiny.py" 3000 --seed 2 >"$tmp/dense.jsonl" || exit 1
"$neardup" filter --mode lexical --index "$tmp/idx" --quiet --no-fsync <"$corpus" >/dev/null || exit 1

# check LABEL -- command...: exit 0, or 1 with an error line; anything else (a signal) fails.
check() {
  local label="$1"; shift 2
  "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
  local rc=$?
  if [ "$rc" = 1 ]; then
    grep -q '^error: ' "$tmp/err" || fail "$label: exit 1 without an error line: $(tail -c 300 "$tmp/err")"
  elif [ "$rc" != 0 ]; then
    fail "$label: exit $rc: $(tail -c 300 "$tmp/err")"
  fi
  echo "$rc"
}
runs=0; ones=0
for kb in 20000 40000 60000 80000 100000 130000 160000 200000 300000 500000 1000000 2000000; do
  for cmd in "scan --quiet --mode lexical -o $tmp/o1 $corpus" "scan --quiet --mode reworded -o $tmp/o2 $corpus" \
             "scan --quiet --mode reworded -o $tmp/o3 $tmp/dense.jsonl" "dedup --quiet --mode lexical $corpus -o $tmp/o4" \
             "query --index $tmp/idx --quiet $corpus" "index stats --index $tmp/idx --verify"; do
    # shellcheck disable=SC2086
    rc=$(check "ulimit -v $kb: $cmd" -- bash -c "ulimit -v $kb; exec \"\$0\" \"\$@\"" "$neardup" $cmd)
    runs=$((runs + 1)); [ "$rc" = 1 ] && ones=$((ones + 1))
  done
  cp -r "$tmp/idx" "$tmp/idx2"
  rc=$(check "ulimit -v $kb: filter" -- bash -c "ulimit -v $kb; exec \"\$0\" filter --mode lexical --index \"$tmp/idx2\" --quiet --no-fsync \"$corpus\"" "$neardup")
  runs=$((runs + 1)); [ "$rc" = 1 ] && ones=$((ones + 1))
  rm -rf "$tmp/idx2"
done
for limit in 1M 4M 8M 16M 32M 64M 256M; do
  for cmd in "scan --quiet --mode reworded -o $tmp/o5 $corpus" "dedup --quiet --mode lexical $corpus -o $tmp/o6"; do
    # shellcheck disable=SC2086
    rc=$(check "--memory-limit $limit: $cmd" -- "$neardup" $cmd --memory-limit "$limit")
    runs=$((runs + 1)); [ "$rc" = 1 ] && ones=$((ones + 1))
    if [ "$rc" = 1 ] && ! grep -q 'out of memory' "$tmp/err"; then
      fail "--memory-limit $limit: $cmd: exit 1 but not out of memory: $(tail -c 300 "$tmp/err")"
    fi
  done
done
# The smallest limit must actually refuse, and the largest must not.
"$neardup" scan --quiet --mode lexical -o "$tmp/o7" "$corpus" --memory-limit 1M 2>"$tmp/err"
[ $? = 1 ] && grep -q 'error: out of memory (the run needs more than --memory-limit 1 MiB' "$tmp/err" ||
  fail "--memory-limit 1M did not stop the scan: $(cat "$tmp/err")"
"$neardup" scan --quiet --mode lexical -o "$tmp/o8" "$corpus" --memory-limit 1G || fail "--memory-limit 1G stopped the scan"
echo "$runs runs, $ones ended with exit 1 and a message, $failures failures"
[ "$failures" = 0 ]
