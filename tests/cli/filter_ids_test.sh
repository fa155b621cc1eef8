#!/usr/bin/env bash
# `neardup filter`: a record's own "neardup" member is replaced, never duplicated; --verdicts-only
# keeps integer ids integers; repeated and empty ids are warned about (issue 21).
# Usage: NEARDUP=path/to/neardup tests/cli/filter_ids_test.sh
set -uo pipefail
source "$(dirname "$0")/test_env.sh"  # root, neardup, tmp
fail() { echo "FAIL: $*" >&2; exit 1; }
printf '%s\n' \
  '{"id":1,"text":"alpha beta gamma delta epsilon zeta eta theta iota kappa"}' \
  '{"neardup":{"old":1},"id":7,"text":"one two three four five six seven"}' \
  '{"id":"x","text":"one two three four five six seven eight","neardup":[1,2]}' \
  '{"id":"y", "neardup" : 3 , "text":"lambda mu nu xi omicron pi rho sigma"}' \
  '{"id":"","text":"tau upsilon phi chi psi omega"}' \
  '{"id":"x","text":"one two three four five six seven eight"}' >"$tmp/in.jsonl"
"$neardup" filter --mode lexical --index "$tmp/a" --no-fsync --quiet <"$tmp/in.jsonl" >"$tmp/out" 2>"$tmp/err" || fail "filter: $(cat "$tmp/err")"
python3 - "$tmp/out" <<'PY' || fail "records"
import json, sys
for line in open(sys.argv[1]):
    pairs = json.loads(line, object_pairs_hook=lambda kv: kv)
    names = [k for k, _ in pairs]
    assert names.count("neardup") == 1, line
    assert names[-1] == "neardup", line
    assert isinstance(dict(pairs)["neardup"], list) or "duplicate" in dict(dict(pairs)["neardup"]), line
PY
grep -q '^{"id":"y", "text":"lambda' "$tmp/out" || fail "member removed badly: $(sed -n 4p "$tmp/out")"
grep -q "warning: <stdin>:5: empty id" "$tmp/err" || fail "no empty-id warning: $(cat "$tmp/err")"
grep -q "warning: <stdin>:6: id 'x' repeats the id of an earlier record" "$tmp/err" || fail "no repeat warning: $(cat "$tmp/err")"
"$neardup" filter --mode lexical --index "$tmp/b" --no-fsync --quiet --verdicts-only <"$tmp/in.jsonl" >"$tmp/v" 2>/dev/null || fail "verdicts-only"
sed -n 1p "$tmp/v" | grep -q '^{"id":1,' || fail "integer id became $(head -c 12 "$tmp/v")"
sed -n 2p "$tmp/v" | grep -q '^{"id":7,' || fail "integer id 7 became $(sed -n 2p "$tmp/v" | head -c 12)"
sed -n 3p "$tmp/v" | grep -q '^{"id":"x",' || fail "string id changed"
echo ok
