#!/usr/bin/env bash
# Hostile and broken input, end to end: builds the cases of issue 7 in a temporary folder next to
# copies of the five seed articles, scans the folder, and checks that every bad file got its
# message (naming the file, and the line or byte offset where there is one), that nothing crashed
# (exit code below 128), and that the seed articles give exactly the pairs they give alone.
# Then: a folder and a file without permission (as the user nobody when run as root), output to a
# full disk (/dev/full, a tiny tmpfs or a file-size limit), a closed pipe, and --strict.
# Usage: NEARDUP=path/to/neardup tests/cli/hostile_input_test.sh
set -uo pipefail
source "$(dirname "$0")/test_env.sh"  # root, neardup, tmp
mnt=""
cleanup() {
  [ -n "$mnt" ] && umount "$mnt" 2>/dev/null
  chmod -R u+rwx "$tmp" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT
failures=0
fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}

# scan ARGS...: runs `neardup scan --mode lexical --format jsonl --quiet ARGS`, or without --mode
# when this binary does not know it; stdout to $tmp/out, stderr to $tmp/err, exit code in $rc.
scan() {
  "$neardup" scan --mode lexical --format jsonl --quiet "$@" >"$tmp/out" 2>"$tmp/err"
  rc=$?
  if [ "$rc" = 2 ] && grep -q -- "--mode" "$tmp/err"; then
    "$neardup" scan --format jsonl --quiet "$@" >"$tmp/out" 2>"$tmp/err"
    rc=$?
  fi
}
# expect_message REGEX: some stderr line matches the extended regular expression.
expect_message() {
  grep -Eq -- "$1" "$tmp/err" || fail "no message matching '$1' in:
$(cat "$tmp/err")"
}
# pairs FILE: the pair records of a JSONL report, one per line, sorted.
pairs() { grep '"type":"pair"' "$1" | sort; }

# ---------------------------------------------------------------------------------------------
# The corpus: the seeds, copies of one seed with other line ends, and the hostile files.
seeds="$tmp/seeds"
corpus="$tmp/corpus"
mkdir -p "$seeds" "$corpus/sub"
cp "$root"/data/seeds/*.txt "$seeds/"
cp "$root"/data/seeds/*.txt "$corpus/"
first_seed="$(basename "$(ls "$root"/data/seeds/*.txt | head -n 1)")"
c="$corpus"
: >"$c/empty.txt"
printf ' \n\t\n\r\n   ' >"$c/whitespace_only.txt"
# The first seed again, as an LF copy and as BOM + CRLF and lone-CR copies: each must pair with the
# seed exactly as the LF copy does.
cp "$c/$first_seed" "$c/copy_lf.txt"
{ printf '\xef\xbb\xbf'; sed 's/$/\r/' "$c/$first_seed"; } >"$c/copy_bom_crlf.txt"
tr '\n' '\r' <"$c/$first_seed" >"$c/copy_cr.txt"
# Ill-formed UTF-8: a stray byte at offset 6, an overlong '/', an encoded surrogate, > U+10FFFF.
printf 'Stray \xff byte, overlong \xc0\xaf slash, surrogate \xed\xa0\x80, too big \xf4\x90\x80\x80.\n' \
  >"$c/bad_utf8.txt"
printf 'GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04' >"$c/image_saved_as.txt"
head -c 4096 /dev/urandom | tr -d '\000' >"$c/random_bytes.txt"  # binary without a NUL byte
# A whole site on one line (2 MB, no line end) and one paragraph of 300 000 words.
awk 'BEGIN { for (i = 0; i < 200000; i++) printf "w%d lorem ", i % 977 }' >"$c/one_line.txt"
awk 'BEGIN { for (i = 0; i < 300000; i++) printf "word%d ", i % 1013; print "" }' >"$c/huge_paragraph.txt"
# Malformed JSONL, one problem per line; lines 1 and 9 are good.
{
  echo '{"id":"good1","text":"A good record between bad ones."}'
  echo '{"id":"trunc","text":"cut off in the midd'
  echo '[1,2,3]'
  echo '{"id":"notext"}'
  echo '{"id":"numtext","text":42}'
  echo '{"id":"esc","text":"bad \x escape"}'
  echo '{"id":"lone","text":"lone \ud800 surrogate"}'
  printf '{"id":"latin1","text":"caf\xe9 au lait"}\n'
  echo '{"id":"good2","text":"Another good record."}'
  printf '{"id":"last","text":"no newline at the e'
} >"$c/malformed.jsonl"
# A JSONL record whose text is one 5 MB string.
{ printf '{"id":"big","text":"'; head -c 5000000 /dev/zero | tr '\0' 'x'; echo '"}'; } >"$c/big_string.jsonl"
# Symbolic links: a link to itself, a dangling link, a link to the folder above (not followed).
ln -s loop.txt "$c/loop.txt"
ln -s does-not-exist.txt "$c/dangling.txt"
ln -s .. "$c/sub/up"

scan "$seeds"
[ "$rc" = 0 ] || fail "scanning the seeds alone exited $rc: $(cat "$tmp/err")"
pairs "$tmp/out" >"$tmp/seed_pairs"
[ -s "$tmp/seed_pairs" ] || fail "the seeds alone gave no pairs"

scan "$c"
[ "$rc" -lt 128 ] || fail "scan of the hostile folder was killed (exit $rc)"
[ "$rc" = 0 ] || fail "scan of the hostile folder exited $rc: $(cat "$tmp/err")"
cp "$tmp/out" "$tmp/hostile_out"
cp "$tmp/err" "$tmp/hostile_err"
d="$c"
expect_message "^warning: $d/bad_utf8.txt: invalid UTF-8 at byte offset 6 \(10 ill-formed sequences read as U\+FFFD\)$"
expect_message "^warning: $d/image_saved_as.txt: binary file skipped$"
expect_message "^warning: $d/random_bytes.txt: binary file skipped$"
expect_message "^warning: $d/malformed.jsonl:2: "
expect_message "^warning: $d/malformed.jsonl:3: not a JSON object$"
expect_message "^warning: $d/malformed.jsonl:4: missing field 'text'$"
expect_message "^warning: $d/malformed.jsonl:5: field 'text' is not a string$"
expect_message "^warning: $d/malformed.jsonl:6: field 'text': invalid string \(bad escape or lone surrogate\)$"
expect_message "^warning: $d/malformed.jsonl:7: field 'text': invalid string \(bad escape or lone surrogate\)$"
expect_message "^warning: $d/malformed.jsonl:8: invalid UTF-8 at byte offset 26 of the line \(1 ill-formed sequence read as U\+FFFD\)$"
expect_message "^warning: $d/malformed.jsonl:10: .*\(last line has no newline: truncated\?\)$"
expect_message "^warning: $d/loop.txt: cannot follow symbolic link: "
expect_message "^warning: $d/dangling.txt: cannot follow symbolic link: "
for quiet in empty whitespace_only copy_lf copy_bom_crlf copy_cr one_line huge_paragraph big_string \
    sub/up; do
  if grep -q "$d/$quiet" "$tmp/err"; then fail "unexpected message about $quiet: $(cat "$tmp/err")"; fi
done
grep -q "malformed.jsonl:[19]:" "$tmp/err" && fail "a good JSONL line got a message"
warnings_seen="$(grep -c '^warning: ' "$tmp/err")"
grep -q "\"warnings\":$warnings_seen[,}]" "$tmp/out" ||
  fail "the summary does not count the $warnings_seen warnings: $(grep '"type":"summary"' "$tmp/out")"
# Documents read: 5 seeds, empty, whitespace, 3 copies, bad_utf8, one_line, huge_paragraph,
# good1, latin1 (repaired), good2, big.
grep -q '"documents":17,' "$tmp/out" || fail "expected 17 documents: $(grep '"type":"summary"' "$tmp/out")"

# The seeds' pairs among themselves are unchanged (ids are paths relative to the folder).
seed_re="$(ls "$seeds" | sed 's/\./\\./g' | paste -sd'|')"
pairs "$tmp/out" | grep -E "\"a\":\{\"doc\":\"($seed_re)\".*\"b\":\{\"doc\":\"($seed_re)\"" \
  >"$tmp/seed_pairs_hostile"
diff -u "$tmp/seed_pairs" "$tmp/seed_pairs_hostile" >"$tmp/diff" ||
  fail "seed pairs changed next to hostile files:
$(head -n 20 "$tmp/diff")"

# The BOM + CRLF and lone-CR copies pair with the first seed exactly as the LF copy does (same
# paragraphs, same similarities; only their own byte offsets differ).
copy_pairs() {  # the seed side, para and similarity of each pair of copy $1 with the first seed
  grep '"type":"pair"' "$tmp/hostile_out" | grep "\"doc\":\"$first_seed\"" | grep "\"doc\":\"$1\"" |
    sed -E "s/\"doc\":\"$1\",\"para\":([0-9]+),\"start\":[0-9]+,\"end\":[0-9]+/COPY \1/" | sort
}
copy_pairs copy_lf.txt >"$tmp/lf"
[ -s "$tmp/lf" ] || fail "the LF copy of $first_seed did not pair with it"
for copy in copy_bom_crlf.txt copy_cr.txt; do
  copy_pairs "$copy" >"$tmp/other"
  diff -u "$tmp/lf" "$tmp/other" >"$tmp/diff" || fail "$copy pairs differ from the LF copy's:
$(head -n 20 "$tmp/diff")"
done
# Offsets of the BOM + CRLF copy point into its bytes: each quoted range starts with a non-space.
python3 - "$tmp/hostile_out" "$c/copy_bom_crlf.txt" <<'EOF' || fail "copy_bom_crlf.txt ranges do not fit its bytes"
import json, sys
data = open(sys.argv[2], "rb").read()
for line in open(sys.argv[1]):
    rec = json.loads(line)
    if rec["type"] != "pair":
        continue
    for side in (rec["a"], rec["b"]):
        if side["doc"] == "copy_bom_crlf.txt":
            text = data[side["start"]:side["end"]]
            assert side["start"] >= 3 and text and not text[:1].isspace() and not text[-1:].isspace(), side
EOF

# --invalid-utf8 skip: the bad documents are skipped, by name.
scan --invalid-utf8 skip "$c"
[ "$rc" = 0 ] || fail "--invalid-utf8 skip exited $rc"
expect_message "^warning: $d/bad_utf8.txt: invalid UTF-8 at byte offset 6; document skipped$"
expect_message "^warning: $d/malformed.jsonl:8: invalid UTF-8 at byte offset 26 of the line$"
grep -q '"documents":15,' "$tmp/out" || fail "--invalid-utf8 skip: expected 15 documents"
scan --invalid-utf8 drop "$c"
[ "$rc" = 2 ] || fail "--invalid-utf8 drop: expected exit 2 (bad usage), got $rc"
expect_message "^error: --invalid-utf8 must be replace or skip, got 'drop'$"

# --strict: the first bad input is fatal, with its message, exit 1.
scan --strict "$c"
[ "$rc" = 1 ] || fail "--strict exited $rc, want 1"
grep -q "^error: $d/" "$tmp/err" || fail "--strict: no error naming a file: $(cat "$tmp/err")"

# ---------------------------------------------------------------------------------------------
# Permissions: an unreadable folder and file (as nobody when we are root, who may read anything).
p="$tmp/perm"
mkdir -p "$p/locked"
cp "$seeds/$first_seed" "$p/readable.txt"
cp "$seeds/$first_seed" "$p/locked/hidden.txt"
cp "$seeds/$first_seed" "$p/unreadable.txt"
chmod 000 "$p/locked" "$p/unreadable.txt"
run_as=()
if [ "$(id -u)" = 0 ]; then
  if command -v setpriv >/dev/null && id nobody >/dev/null 2>&1; then
    chmod 755 "$tmp" "$p"
    run_as=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
  else
    run_as=(skip)
  fi
fi
if [ "${run_as[0]:-}" = skip ]; then
  echo "note: running as root without setpriv; permission cases skipped"
else
  "${run_as[@]}" "$neardup" scan --mode lexical --format jsonl --quiet "$p" >"$tmp/out" 2>"$tmp/err"
  rc=$?
  [ "$rc" = 0 ] || fail "scan with unreadable parts exited $rc: $(cat "$tmp/err")"
  expect_message "^warning: $p/locked: cannot open folder: Permission denied$"
  expect_message "^warning: $p/unreadable.txt: cannot open: Permission denied$"
  grep -q '"documents":1,' "$tmp/out" || fail "the readable file was not read"
fi
chmod 755 "$p/locked"
chmod 644 "$p/unreadable.txt"

# ---------------------------------------------------------------------------------------------
# Output errors: never a crash, never a half-written -o file, exit below 128.
"$neardup" scan --mode lexical --quiet --format jsonl "$seeds" >/dev/full 2>"$tmp/err"
rc=$?
[ "$rc" = 1 ] || fail "stdout on a full disk: exit $rc, want 1"
expect_message "^error: standard output: .*No space left on device$"

"$neardup" scan --mode lexical --quiet --format jsonl "$seeds" 2>"$tmp/err" | head -c 10 >/dev/null
rc=${PIPESTATUS[0]}
[ "$rc" -lt 128 ] || fail "closed pipe: exit $rc"

full="$tmp/full"
mkdir -p "$full"
if mount -t tmpfs -o size=12k tmpfs "$full" 2>/dev/null; then
  mnt="$full"
  dd if=/dev/zero of="$full/filler" bs=4k 2>/dev/null  # fills it: no room for the report
  full_run=("$neardup" scan --mode lexical --quiet --format jsonl "$seeds" -o "$full/report.jsonl")
  want="No space left on device"
else  # no tmpfs: a file-size limit does the same (SIGXFSZ ignored so write() fails with EFBIG)
  full_run=(bash -c 'trap "" XFSZ; ulimit -f 0; exec "$@"' _ "$neardup" scan --mode lexical --quiet --format jsonl
            "$seeds" -o "$full/report.jsonl")
  want="File too large"
fi
"${full_run[@]}" 2>"$tmp/err"
rc=$?
[ "$rc" = 1 ] || fail "-o on a full disk: exit $rc, want 1 ($(cat "$tmp/err"))"
expect_message "^error: $full/report.jsonl: .*$want$"
[ -e "$full/report.jsonl" ] && fail "a half-written $full/report.jsonl was left"
ls "$full" | grep -q 'report.jsonl.tmp' && fail "a temporary file was left: $(ls "$full")"

if [ "$failures" -gt 0 ]; then
  echo "$failures check(s) failed" >&2
  exit 1
fi
echo "hostile input: all checks passed"
