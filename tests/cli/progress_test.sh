#!/usr/bin/env bash
# --progress: always draws every stage (reading, candidates, verification, sentences, clustering,
# writing) with an ETA, into a file too; never and auto (stderr not a terminal) draw nothing; the
# outputs are the same either way; a bad value is refused.
set -uo pipefail
source "$(dirname "$0")/test_env.sh"
fail() { echo "FAIL: $*" >&2; exit 1; }
seeds="$root/data/seeds"
stages="reading candidates verification sentences clustering writing"
for cmd in "scan --mode lexical" "scan --mode reworded" "dedup --mode lexical" "dedup --mode reworded" "eval --mode lexical --gold $root/data/gold/seeds.gold.jsonl"; do
  # shellcheck disable=SC2086
  "$neardup" $cmd "$seeds" --progress=always -o "$tmp/always.out" 2>"$tmp/always.err" ||
    fail "$cmd --progress=always exited $?: $(cat "$tmp/always.err")"
  for stage in $stages; do
    [ "${cmd%% *}" = eval ] && [ "$stage" = writing ] && continue  # eval writes no report
    grep -q "^neardup: $stage ([1-6]/6), .*, ETA " "$tmp/always.err" ||
      fail "$cmd --progress=always: no '$stage' line in: $(cat "$tmp/always.err")"
  done
  # shellcheck disable=SC2086
  "$neardup" $cmd "$seeds" --progress=never -o "$tmp/never.out" 2>"$tmp/never.err" ||
    fail "$cmd --progress=never exited $?"
  grep -q "ETA" "$tmp/never.err" && fail "$cmd --progress=never drew: $(cat "$tmp/never.err")"
  # shellcheck disable=SC2086
  "$neardup" $cmd "$seeds" -o "$tmp/auto.out" 2>"$tmp/auto.err" || fail "$cmd exited $?"
  grep -q "ETA" "$tmp/auto.err" && fail "$cmd --progress=auto into a file drew: $(cat "$tmp/auto.err")"
  cmp -s "$tmp/always.out" "$tmp/never.out" && cmp -s "$tmp/never.out" "$tmp/auto.out" ||
    fail "$cmd: the output depends on --progress"
done
# The verification of reworded mode counts its candidates.
"$neardup" scan --mode reworded "$seeds" --progress=always -o /dev/null 2>"$tmp/err"
grep -q "^neardup: verification (3/6), .*% of [0-9]* candidates" "$tmp/err" ||
  fail "reworded verification shows no share of its candidates: $(cat "$tmp/err")"
# --quiet with --progress=always still draws (asked for); --quiet alone does not.
"$neardup" dedup --mode lexical "$seeds" --quiet --progress=always -o /dev/null 2>"$tmp/err"
grep -q "^neardup: writing" "$tmp/err" || fail "--quiet --progress=always drew nothing"
"$neardup" scan "$seeds" --progress=sometimes -o /dev/null 2>"$tmp/err"; rc=$?
[ "$rc" = 2 ] && grep -q -- "--progress must be always, never or auto" "$tmp/err" ||
  fail "--progress=sometimes exited $rc: $(cat "$tmp/err")"
echo ok
