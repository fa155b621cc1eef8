#!/usr/bin/env bash
# Input forms and input errors: .ndjson, .json arrays of objects, upper-case extensions and
# UTF-16 text are read; skipped files are counted in a warning; an input without documents is an
# error unless --allow-empty; a record without id is named FILE:LINE; dotted --id-field and
# --text-field; a warning repeated on many lines is shown 5 times and counted; standard input is
# named <stdin> and leaves no spool file; control characters in file names are escaped on stderr.
set -uo pipefail
source "$(dirname "$0")/test_env.sh"
fail() { echo "FAIL: $*" >&2; exit 1; }
py=/usr/bin/python3
para="The quick brown fox jumps over the lazy dog near the river bank on a cold morning today."
mkdir -p "$tmp/c" "$tmp/empty" "$tmp/only-other"
printf '{"id":"j","text":"%s"}\n' "$para" >"$tmp/c/a.JSONL"
printf '{"id":"n","text":"%s"}\n' "$para" >"$tmp/c/b.ndjson"
printf '[\n {"id":"arr","text":"%s"},\n {"text":"%s"}\n]\n' "$para" "$para" >"$tmp/c/c.Json"
printf '%s\n' "$para" | iconv -f UTF-8 -t UTF-16 >"$tmp/c/d16.TXT"
echo "not read" >"$tmp/c/e.md"; echo "not read" >"$tmp/c/f.gz.bak"
"$neardup" scan "$tmp/c" --mode lexical --format jsonl >"$tmp/out" 2>"$tmp/err" || fail "scan exited $?: $(cat "$tmp/err")"
docs=$(grep '"type":"summary"' "$tmp/out" | $py -c 'import json,sys; print(json.load(sys.stdin)["documents"])')
[ "$docs" = 5 ] || fail "want 5 documents (.JSONL, .ndjson, 2 from .Json, UTF-16 .TXT), got $docs"
grep -q '"doc":"d16.TXT"' "$tmp/out" || fail "the UTF-16 file was not matched with the others"
grep -q "\"doc\":\"$tmp/c/c.Json:3\"" "$tmp/out" || fail "the record without id is not named FILE:LINE"
grep -q "2 files skipped (not .txt, .jsonl, .ndjson or .json): e.md, f.gz.bak" "$tmp/err" || fail "no skipped-files warning: $(cat "$tmp/err")"

# No documents: exit 1 naming the input, unless --allow-empty.
echo "x" >"$tmp/only-other/a.gz"
for d in empty only-other; do
  "$neardup" scan "$tmp/$d" --mode lexical --quiet >/dev/null 2>"$tmp/err"; rc=$?
  [ "$rc" = 1 ] || fail "scan of the $d folder exited $rc"
  grep -q "error: no documents in $tmp/$d" "$tmp/err" || fail "no error for the $d folder: $(cat "$tmp/err")"
  "$neardup" dedup "$tmp/$d" --mode lexical --quiet --allow-empty >/dev/null 2>&1 || fail "--allow-empty still fails ($d)"
done
"$neardup" dedup - --mode lexical --quiet </dev/null >/dev/null 2>&1 && fail "dedup of empty stdin succeeded"

# Dotted paths, and missing ids named by place (5000 records keyed doc_id: no warnings).
$py -c "
import json
for i in range(5000):
    print(json.dumps({'doc_id': i, 'content': {'body': ' '.join('w%d' % ((i % 50) * 31 + k) for k in range(20))}}))
" >"$tmp/nested.jsonl"
"$neardup" dedup "$tmp/nested.jsonl" --mode lexical --text-field content.body --id-field doc_id \
  --removed "$tmp/rm.jsonl" >"$tmp/kept.jsonl" 2>"$tmp/err" || fail "dotted dedup exited $?: $(cat "$tmp/err")"
[ "$(wc -l <"$tmp/kept.jsonl")" = 50 ] || fail "dotted dedup kept $(wc -l <"$tmp/kept.jsonl") records, want 50"
grep -q '"duplicate_of":{"id":"0","para":0}' "$tmp/rm.jsonl" || fail "--id-field doc_id not used"
grep -q warning "$tmp/err" && fail "unexpected warnings: $(head -3 "$tmp/err")"
"$neardup" dedup "$tmp/nested.jsonl" --mode lexical --text-field content.body >/dev/null 2>"$tmp/err" ||
  fail "dedup without an id field exited $?"
grep -q warning "$tmp/err" && fail "records without id warned: $(head -3 "$tmp/err")"

# A repeated warning is capped: 5 shown, then a count.
"$neardup" scan "$tmp/nested.jsonl" --mode lexical --quiet --allow-empty >/dev/null 2>"$tmp/err" || fail "scan exited $?"
[ "$(grep -c "missing field 'text'" "$tmp/err")" = 6 ] || fail "warnings not capped: $(grep -c . "$tmp/err") lines"
grep -q "warning: ... and 4995 more like it (missing field 'text')" "$tmp/err" || fail "no count of the capped warnings: $(tail -2 "$tmp/err")"

# Standard input: warnings say <stdin>:LINE; no spool file is left in TMPDIR.
mkdir "$tmp/t"
printf '{"id":"a","text":"%s"}\nnot json\n{"id":"b","text":"%s"}\n' "$para" "$para" |
  TMPDIR="$tmp/t" "$neardup" scan - --mode reworded --format text >/dev/null 2>"$tmp/err" || fail "scan of stdin exited $?"
grep -q "^warning: <stdin>:2: invalid JSON" "$tmp/err" || fail "stdin warning not named <stdin>:2: $(cat "$tmp/err")"
[ -z "$(ls -A "$tmp/t")" ] || fail "spool file left behind: $(ls -A "$tmp/t")"

# A file name with a newline and an escape character is escaped on stderr.
bad="$tmp/c/$(printf 'evil\n\033[31mname').jsonl"
printf 'not json\n' >"$bad"
"$neardup" scan "$bad" --mode lexical --quiet --allow-empty >/dev/null 2>"$tmp/err"
grep -q 'evil\\x0a\\x1b\[31mname.jsonl:1: invalid JSON' "$tmp/err" || fail "file name not escaped: $(cat -v "$tmp/err")"
echo ok
