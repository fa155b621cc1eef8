#!/usr/bin/env bash
# Inputs that yield nothing readable are errors (issue 21): standard input that cannot be read
# (a folder as stdin), for scan in both modes and for dedup (exit 1 and no output file), and an
# input whose only file is unreadable (as the user nobody when run as root) or a folder whose only
# file is. Each: exit 1 with an "error:" line naming the input.
# Usage: NEARDUP=path/to/neardup tests/cli/input_errors_test.sh
set -uo pipefail
source "$(dirname "$0")/test_env.sh"  # root, neardup, tmp
trap 'chmod -R u+rwx "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
failures=0
fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}
# expect1 LABEL PATTERN: the last command (rc, $tmp/err) exited 1 with an error line matching.
expect1() {
  [ "$rc" = 1 ] || fail "$1: exit $rc, want 1: $(tail -c 300 "$tmp/err")"
  grep -q "$2" "$tmp/err" || fail "$1: no line matching '$2' on stderr: $(tail -c 300 "$tmp/err")"
}

mkdir -p "$tmp/dir"
for mode in lexical reworded; do
  "$neardup" scan --mode "$mode" --quiet --format jsonl - <"$tmp/dir" >"$tmp/out" 2>"$tmp/err"
  rc=$?
  expect1 "scan --mode $mode - < folder" '^error: <stdin>: read error'
done
rm -f "$tmp/dedup.jsonl"
"$neardup" dedup --quiet - -o "$tmp/dedup.jsonl" <"$tmp/dir" >"$tmp/out" 2>"$tmp/err"
rc=$?
expect1 "dedup - -o FILE < folder" '^error: <stdin>: read error'
[ ! -e "$tmp/dedup.jsonl" ] || fail "dedup wrote $tmp/dedup.jsonl after a read error"

# The only file unreadable: root may read anything, so run as nobody where we are root.
p="$tmp/perm"
mkdir -p "$p/only"
printf '{"id":"a","text":"Harbour council approves the budget for the new bridge."}\n' >"$p/only/a.jsonl"
chmod 000 "$p/only/a.jsonl"
run_as=()
if [ "$(id -u)" = 0 ]; then
  if command -v setpriv >/dev/null && id nobody >/dev/null 2>&1; then
    chmod 755 "$tmp" "$p" "$p/only"
    run_as=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
  else
    run_as=(skip)
  fi
fi
if [ "${run_as[0]:-}" = skip ]; then
  echo "note: running as root without setpriv; unreadable-file cases skipped"
else
  for input in "$p/only/a.jsonl" "$p/only"; do
    "${run_as[@]}" "$neardup" scan --quiet --format jsonl "$input" >"$tmp/out" 2>"$tmp/err"
    rc=$?
    expect1 "scan $input (unreadable)" "^error: no documents in $input"
    grep -q "cannot open: Permission denied" "$tmp/err" || fail "scan $input: the file's error is not shown"
    "${run_as[@]}" "$neardup" dedup --quiet "$input" -o - >"$tmp/out" 2>"$tmp/err"
    rc=$?
    expect1 "dedup $input (unreadable)" "^error: no documents in $input"
  done
fi
[ "$failures" = 0 ] && echo "ok: unreadable input exits 1"
[ "$failures" = 0 ]
