#!/usr/bin/env bash
# Every kind of -o target, as root (CI runs as root): a symbolic link is written through and stays
# a link; a device, a FIFO, /dev/stdout and /dev/fd/1 are written in place, never replaced; a
# regular file is replaced atomically keeping its mode, a new one honours the umask; -o and
# --html (dedup: -o and --removed) appear together or not at all; SIGTERM leaves no temporary file.
set -uo pipefail
source "$(dirname "$0")/test_env.sh"
fail() { echo "FAIL: $*" >&2; exit 1; }
seeds="$root/data/seeds"
scan() { "$neardup" scan "$seeds" --mode lexical --format jsonl --quiet "$@"; }
want=$(scan | wc -l)
[ "$want" -gt 5 ] || fail "scan to stdout gave $want lines"
mode() { stat -c %a "$1"; }
no_temps() { ! ls -a "$1" | grep -q '\.tmp\.' || fail "temporary file left in $1: $(ls -a "$1")"; }

# A link to a regular file: the target is replaced (keeping its mode), the link stays a link.
mkdir "$tmp/a" && echo old >"$tmp/a/target" && chmod 640 "$tmp/a/target" && ln -s target "$tmp/a/link"
scan -o "$tmp/a/link" || fail "scan -o LINK exited $?"
[ -L "$tmp/a/link" ] || fail "the link was replaced by a file"
[ "$(wc -l <"$tmp/a/target")" = "$want" ] || fail "the link's target does not hold the report"
[ "$(mode "$tmp/a/target")" = 640 ] || fail "the target's mode changed to $(mode "$tmp/a/target")"
no_temps "$tmp/a"
# A dangling link: its target is created, the link stays.
ln -s made "$tmp/a/dangling"
scan -o "$tmp/a/dangling" || fail "scan -o DANGLING exited $?"
[ -L "$tmp/a/dangling" ] && [ "$(wc -l <"$tmp/a/made")" = "$want" ] || fail "dangling link not written through"
# A link to a device.
ln -s /dev/null "$tmp/a/null"
scan -o "$tmp/a/null" || fail "scan -o LINK-TO-/dev/null exited $?"
[ -L "$tmp/a/null" ] && [ -c /dev/null ] || fail "link to /dev/null or /dev/null replaced"

# /dev/stdout and /dev/fd/1, into a file and into a pipe; the link /dev/stdout survives.
scan -o /dev/stdout >"$tmp/via-stdout" || fail "scan -o /dev/stdout exited $?"
[ "$(wc -l <"$tmp/via-stdout")" = "$want" ] || fail "-o /dev/stdout into a file lost lines"
[ -L /dev/stdout ] || [ ! -e /dev/stdout ] || fail "/dev/stdout is no longer a link"
n=$(scan -o /dev/stdout | wc -l); [ "$n" = "$want" ] || fail "-o /dev/stdout into a pipe: $n lines"
n=$(scan -o /dev/fd/1 | wc -l); [ "$n" = "$want" ] || fail "-o /dev/fd/1 into a pipe: $n lines"
n=$("$neardup" dedup "$seeds" --mode lexical --quiet -o /dev/stdout | wc -l); [ "$n" = 5 ] || fail "dedup -o /dev/stdout: $n"
# A device and a FIFO are written in place.
scan -o /dev/null || fail "scan -o /dev/null exited $?"
[ -c /dev/null ] || fail "/dev/null is no longer a character device"
mkfifo "$tmp/fifo"
wc -l <"$tmp/fifo" >"$tmp/count" &
"$neardup" dedup "$seeds" --mode lexical --quiet -o "$tmp/fifo" || fail "dedup -o FIFO exited $?"
wait
[ -p "$tmp/fifo" ] && [ "$(tr -d ' ' <"$tmp/count")" = 5 ] || fail "FIFO replaced or not written"

# Regular files: replaced atomically keeping the mode; new ones honour the umask.
mkdir "$tmp/r" && echo old >"$tmp/r/keep" && chmod 604 "$tmp/r/keep"
scan -o "$tmp/r/keep" && [ "$(mode "$tmp/r/keep")" = 604 ] || fail "mode of a replaced file not kept"
(umask 027 && scan -o "$tmp/r/new027") && [ "$(mode "$tmp/r/new027")" = 640 ] || fail "umask 027 gave $(mode "$tmp/r/new027")"
(umask 077 && "$neardup" dedup "$seeds" --mode lexical --quiet -o "$tmp/r/new077") &&
  [ "$(mode "$tmp/r/new077")" = 600 ] || fail "umask 077 gave $(mode "$tmp/r/new077")"
no_temps "$tmp/r"

# Both or neither: a failing --html (or --removed) leaves -o as it was, and no temporary file.
echo old >"$tmp/r/report"
scan -o "$tmp/r/report" --html /dev/full 2>/dev/null && fail "scan --html /dev/full succeeded"
[ "$(cat "$tmp/r/report")" = old ] || fail "-o was replaced though --html failed"
echo old >"$tmp/r/deduped"
"$neardup" dedup "$seeds" --mode lexical --quiet -o "$tmp/r/deduped" --removed /dev/full 2>/dev/null &&
  fail "dedup --removed /dev/full succeeded"
[ "$(cat "$tmp/r/deduped")" = old ] || fail "dedup -o was replaced though --removed failed"
no_temps "$tmp/r"

# SIGTERM while the scan waits for input: the temporary files go, the old file stays.
mkfifo "$tmp/in"
(exec 3>"$tmp/in"; sleep 5) &
writer=$!
"$neardup" scan - --mode lexical --quiet -o "$tmp/r/report" --html "$tmp/r/page.html" <"$tmp/in" &
pid=$!
for _ in $(seq 50); do ls -a "$tmp/r" | grep -q '\.tmp\.' && break; sleep 0.1; done
ls -a "$tmp/r" | grep -q '\.tmp\.' || fail "no temporary file while the scan runs"
kill -TERM "$pid"; wait "$pid"; rc=$?
kill "$writer" 2>/dev/null; wait "$writer" 2>/dev/null
[ "$rc" = 143 ] || fail "scan ended by SIGTERM exited $rc, want 143"
no_temps "$tmp/r"
[ "$(cat "$tmp/r/report")" = old ] && [ ! -e "$tmp/r/page.html" ] || fail "outputs touched by an interrupted run"
echo ok
