#!/usr/bin/env bash
# Document verdicts on a source-rewrite corpus (scripts/gen_corpus.py --derived: per topic a source
# and texts written from it by cut-and-paste, light and heavy revision, and independent texts on
# the same topic): with default settings, nearly every cut-and-paste and light revision and most
# heavy revisions are judged derived from their source, and at most 3 independent texts are — the
# floors of issue 5, on two seeds.
# Usage: NEARDUP=path/to/neardup tests/cli/derived_verdict_test.sh
set -uo pipefail
source "$(dirname "$0")/test_env.sh"  # root, neardup, tmp
status=0
for seed in 1 2; do
  python3 "$root/scripts/gen_corpus.py" --derived --out "$tmp/c$seed" --seed "$seed" --quiet ||
    { echo "error: gen_corpus.py failed" >&2; exit 1; }
  "$neardup" scan --mode reworded "$tmp/c$seed/corpus.jsonl" -o "$tmp/scan$seed.jsonl" --format jsonl --quiet ||
    { echo "error: neardup scan failed" >&2; exit 1; }
  echo "== seed $seed"
  python3 "$root/scripts/score.py" --truth "$tmp/c$seed" "$tmp/scan$seed.jsonl" --min-derived cut:0.95 \
    --min-derived light:0.9 --min-derived heavy:0.5 --max-derived non:3 | tail -n 8 || status=1
done
exit $status
