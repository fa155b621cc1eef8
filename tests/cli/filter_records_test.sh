#!/usr/bin/env bash
# `neardup filter` output forms: records copied byte for byte with "neardup" added before the closing
# brace; bad records passed through with "neardup":{"error":...} and named on stderr; invalid JSON
# wrapped as {"neardup":{"error":..,"input":"<line>"}}; --drop-duplicates, --verdicts-only,
# --id-field/--text-field; re-feeding gives the stored verdict; query adds nothing; remove, prune.
# Usage: NEARDUP=path/to/neardup tests/cli/filter_records_test.sh
set -uo pipefail
source "$(dirname "$0")/test_env.sh"  # root, neardup, tmp
fail() { echo "FAIL: $*" >&2; exit 1; }

p1="The minister announced on Tuesday that the new rail line would open in the spring of next year."
p2="Officials said the project had cost far more than planned, citing delays in buying land."
p3="A spokesman for the opposition called the announcement a stunt ahead of the election."
{
  printf '{"id":"a","text":"%s\\n\\n%s","extra":[1,{"x":null}]}\n' "$p1" "$p2"
  printf '{ "text" : "%s\\n\\n%s" , "id" : "b" }  \n' "$p1" "$p2"
  printf '{"id":"c","text":"%s"}\n' "$p3"
  printf '{"text":"no id here"}\n'
  printf '{"id":"d","text":"%s\n' "$p1"
  printf 'not json at all\n'
  printf '\n'
  printf '{}\n'
  printf '{"id":7,"text":"%s\\n\\n%s\\n\\n%s"}\n' "$p3" "$p1" "$p2"
} >"$tmp/in.jsonl"

"$neardup" filter --mode lexical --index "$tmp/idx" <"$tmp/in.jsonl" >"$tmp/out" 2>"$tmp/err"
[ $? = 0 ] || fail "filter exited non-zero: $(cat "$tmp/err")"
{
  printf '{"id":"a","text":"%s\\n\\n%s","extra":[1,{"x":null}],"neardup":{"duplicate":false,"coverage":0,"paragraphs":2,"new_paragraphs":2,"matches":[]}}\n' "$p1" "$p2"
  printf '{ "text" : "%s\\n\\n%s" , "id" : "b" ,"neardup":{"duplicate":true,"coverage":1,"paragraphs":2,"new_paragraphs":0,"matches":[{"para":0,"doc":"a","doc_para":0,"similarity":1},{"para":1,"doc":"a","doc_para":1,"similarity":1}]}}\n' "$p1" "$p2"
  printf '{"id":"c","text":"%s","neardup":{"duplicate":false,"coverage":0,"paragraphs":1,"new_paragraphs":1,"matches":[]}}\n' "$p3"
  printf '{"text":"no id here","neardup":{"error":"<stdin>:4: missing field '"'"'id'"'"'"}}\n'
  printf '{"neardup":{"error":"<stdin>:5: unclosed string","input":"{\\"id\\":\\"d\\",\\"text\\":\\"%s"}}\n' "$p1"
  printf '{"neardup":{"error":"<stdin>:6: invalid JSON","input":"not json at all"}}\n'
  printf '{"neardup":{"error":"<stdin>:8: missing field '"'"'text'"'"'"}}\n'
  printf '{"id":7,"text":"%s\\n\\n%s\\n\\n%s","neardup":{"duplicate":true,"coverage":1,"paragraphs":3,"new_paragraphs":0,"matches":[{"para":0,"doc":"c","doc_para":0,"similarity":1},{"para":1,"doc":"a","doc_para":0,"similarity":1},{"para":2,"doc":"a","doc_para":1,"similarity":1}]}}\n' "$p3" "$p1" "$p2"
} >"$tmp/want"
diff -u "$tmp/want" "$tmp/out" || fail "filter output differs"
grep -q "^error: <stdin>:4: missing field 'id'$" "$tmp/err" || fail "stderr does not name line 4: $(cat "$tmp/err")"
python3 -c 'import json,sys; [json.loads(l) for l in open(sys.argv[1])]' "$tmp/out" || fail "output is not JSONL"

# Re-feeding: the stored verdicts, nothing added.
"$neardup" filter --mode lexical --index "$tmp/idx" <"$tmp/in.jsonl" >"$tmp/out2" 2>"$tmp/err2"
cmp -s "$tmp/out" "$tmp/out2" || fail "re-feeding changed the output"
grep -q "(4 already indexed)" "$tmp/err2" || fail "re-fed records not reported as already indexed: $(cat "$tmp/err2")"
"$neardup" index stats --index "$tmp/idx" | grep -q '"documents":4,' || fail "re-feeding added documents"

# The same id with other text is an error for that record only.
echo '{"id":"a","text":"Something else entirely, written later by another desk."}' |
  "$neardup" filter --mode lexical --index "$tmp/idx" --quiet 2>"$tmp/err3" >"$tmp/out3"
grep -q "already indexed with other text" "$tmp/out3" || fail "conflicting id not reported: $(cat "$tmp/out3")"

# --drop-duplicates, --verdicts-only, custom fields.
"$neardup" filter --mode lexical --index "$tmp/idx2" --drop-duplicates --quiet <"$tmp/in.jsonl" 2>/dev/null >"$tmp/drop"
[ "$(grep -c '"duplicate":true' "$tmp/drop")" = 0 ] || fail "--drop-duplicates kept a duplicate"
[ "$(wc -l <"$tmp/drop")" = 6 ] || fail "--drop-duplicates wrote $(wc -l <"$tmp/drop") lines, want 6"
"$neardup" filter --mode lexical --index "$tmp/idx3" --verdicts-only --quiet <"$tmp/in.jsonl" 2>/dev/null >"$tmp/v"
sed -n 2p "$tmp/v" | grep -q '^{"id":"b","neardup":{"duplicate":true,' || fail "--verdicts-only: $(sed -n 2p "$tmp/v")"
grep -q '^{"line":4,"neardup":{"error":' "$tmp/v" || fail "--verdicts-only error line: $(cat "$tmp/v")"
printf '{"url":"u1","body":"%s"}\n{"url":"u2","body":"%s"}\n' "$p1" "$p1" |
  "$neardup" filter --mode lexical --index "$tmp/idx4" --id-field url --text-field body --verdicts-only --quiet >"$tmp/f"
grep -q '^{"id":"u2","neardup":{"duplicate":true' "$tmp/f" || fail "--id-field/--text-field: $(cat "$tmp/f")"

# query: matches out, nothing added.
printf '{"id":"q","text":"%s"}\n' "$p2" | "$neardup" query --index "$tmp/idx" --quiet >"$tmp/q"
grep -q '"doc":"a","doc_para":1,"similarity":1' "$tmp/q" || fail "query: $(cat "$tmp/q")"
"$neardup" index stats --index "$tmp/idx" | grep -q '"documents":4,' || fail "query added a document"

# remove and prune: removing a hands its paragraphs over to b, the next holder of the same text.
"$neardup" index remove --index "$tmp/idx" --id a 2>/dev/null || fail "remove failed"
printf '{"id":"q","text":"%s"}\n' "$p2" | "$neardup" query --index "$tmp/idx" --quiet >"$tmp/q2"
grep -q '"doc":"b","doc_para":1' "$tmp/q2" || fail "after removing a, b should hold the paragraph: $(cat "$tmp/q2")"
"$neardup" index prune --index "$tmp/idx" --max-docs 1 2>/dev/null || fail "prune failed"
"$neardup" index stats --index "$tmp/idx" --verify | grep -q '"documents":1,' || fail "prune left the wrong count"
echo "ok"
