#!/usr/bin/env bash
# The seeds' statements (issue 5): scans the bundled sample in reworded mode and
# scores it with `neardup eval` against data/gold/seeds.gold.jsonl, cross-document pairs only.
# Fails when fewer than 8 of the 23 labelled statements (data/gold/make_seeds_gold.py; issue 17
# counts 20) are found or when a reported cross-outlet pair matches no gold pair (the issue
# allows 2 and aims at none; labelled site furniture is not scored). 8 is what the scorer with
# its clause level finds at the default settings (docs/reworded.md), far under the issue's 12:
# the floor keeps it from falling further, it does not say the sample is solved.
# Usage: NEARDUP=path/to/neardup tests/cli/seeds_statements_test.sh
set -uo pipefail
source "$(dirname "$0")/test_env.sh"  # root, neardup, tmp
cd "$root"
if ! "$neardup" eval data/seeds --mode reworded --gold data/gold/seeds.gold.jsonl --cross-doc-only --format text -q >"$tmp/eval.txt" 2>&1; then
  echo "error: neardup eval failed" >&2
  cat "$tmp/eval.txt" >&2
  exit 1
fi
cat "$tmp/eval.txt"
# Label rows: "  NAME   found/required  optional  run-pairs [MISSED]"; statements are the labels
# with required pairs (not "other:").
found=$(awk '$2 ~ /^[0-9]+\/[0-9]+$/ && $1 !~ /^other:/ { split($2, f, "/"); if (f[2] > 0) { n++; if (f[1] > 0) k++ } }
             END { print k + 0 "/" n + 0 }' "$tmp/eval.txt")
wrong=$(sed -n 's/.*run pairs scored.*wrong \([0-9]*\).*/\1/p' "$tmp/eval.txt")
echo "statements found: $found; wrong cross-outlet pairs: ${wrong:-?}"
k="${found%/*}"
[ -n "$wrong" ] || { echo "error: could not read the wrong-pair count" >&2; exit 1; }
[ "$k" -ge 8 ] || { echo "FAIL: fewer than 8 statements found" >&2; exit 1; }
[ "$wrong" -eq 0 ] || { echo "FAIL: a wrong cross-outlet pair" >&2; exit 1; }
echo "ok"
