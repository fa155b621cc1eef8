#!/usr/bin/env bash
# End-to-end recall/precision floor: generates a small wire-copy corpus with a fixed seed
# (scripts/gen_corpus.py), scans it with $NEARDUP in lexical mode and scores the pairs against the
# generator's truth (scripts/score.py). Fails when verbatim copies are not all found, when fewer
# than 95% of pairs edited at most 5% are found, or when precision drops below 0.99.
# Usage: NEARDUP=path/to/neardup tests/cli/generated_recall_test.sh
set -uo pipefail
source "$(dirname "$0")/test_env.sh"  # root, neardup, tmp

python3 "$root/scripts/gen_corpus.py" --out "$tmp/corpus" --seed 7 --stories 8 --outlets 5 \
  --edit-rates 0,0.05,0.1 --edit-weights 2,2,1 --quiet || { echo "error: gen_corpus.py failed" >&2; exit 1; }

"$neardup" scan --mode lexical "$tmp/corpus/corpus.jsonl" -o "$tmp/scan.jsonl" --format jsonl --quiet \
  2>"$tmp/scan.err"
rc=$?
if [ "$rc" = 2 ]; then  # an older binary without --mode
  "$neardup" scan "$tmp/corpus/corpus.jsonl" -o "$tmp/scan.jsonl" --format jsonl --quiet 2>"$tmp/scan.err"
  rc=$?
fi
if [ "$rc" != 0 ]; then
  echo "error: neardup scan exited $rc" >&2
  cat "$tmp/scan.err" >&2
  exit 1
fi

python3 "$root/scripts/score.py" --truth "$tmp/corpus/truth.jsonl" "$tmp/scan.jsonl" \
  --min-recall 0:1.0 --min-recall 0.05:0.95 --min-precision 0.99
