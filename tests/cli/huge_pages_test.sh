#!/usr/bin/env bash
# The CLI re-executes itself once with glibc.malloc.hugetlb=1 in GLIBC_TUNABLES (src/cli/huge_pages.h):
# the running process must carry the tunable (appended to the user's own tunables, never overriding
# a hugetlb setting of theirs), NEARDUP_HUGE_PAGES=0 must leave the environment alone, sanitizer
# builds and kernels with huge pages "never" do not re-exec, and the output and exit codes are the
# same either way.
# Usage: NEARDUP=path/to/neardup tests/cli/huge_pages_test.sh
set -uo pipefail
source "$(dirname "$0")/test_env.sh"  # root, neardup, tmp
fail() { echo "FAIL: $*" >&2; exit 1; }

expect_reexec=1
[ "${NEARDUP_SANITIZED:-0}" = 1 ] && expect_reexec=0
thp=/sys/kernel/mm/transparent_hugepage/enabled  # no such file, or "[never]": no re-exec
{ [ -r "$thp" ] && ! grep -q '\[never\]' "$thp"; } || expect_reexec=0

# The environment of a running `neardup filter` started with the environment "$@" (after the
# re-exec: the filter has opened its index by then), one entry per line. (glibc may cut its copy
# of GLIBC_TUNABLES at each ':' while parsing it, so a tunable is looked for as a whole line or
# as the end of one.)
environment_of_running_filter() {
  local dir
  dir=$(mktemp -d "$tmp/run.XXXX")
  mkfifo "$dir/in"
  env "$@" "$neardup" filter --mode lexical --index "$dir/index" --quiet <"$dir/in" >/dev/null &
  local pid=$!
  exec 3>"$dir/in"
  for _ in $(seq 200); do
    [ -e "$dir/index" ] && break
    sleep 0.05
  done
  [ -e "$dir/index" ] || fail "the filter did not open its index"
  tr '\0' '\n' <"/proc/$pid/environ" >"$dir/environ"
  exec 3>&-
  wait "$pid" || fail "the filter failed"
  cat "$dir/environ"
}

has() { grep -Eq "(^|[=:])$2\$" <<<"$1"; }
env_now=$(environment_of_running_filter -u GLIBC_TUNABLES)
if [ "$expect_reexec" = 1 ]; then
  has "$env_now" 'glibc\.malloc\.hugetlb=1' || fail "no tunables given: no hugetlb=1 in the run"
  env_now=$(environment_of_running_filter GLIBC_TUNABLES=glibc.malloc.arena_max=4)
  has "$env_now" 'glibc\.malloc\.hugetlb=1' && has "$env_now" 'glibc\.malloc\.arena_max=4' ||
    fail "the user's tunables not kept beside hugetlb=1"
else
  ! grep -q hugetlb <<<"$env_now" || fail "no re-exec expected here, yet the run has hugetlb"
fi
env_now=$(environment_of_running_filter -u GLIBC_TUNABLES NEARDUP_HUGE_PAGES=0)
! grep -q hugetlb <<<"$env_now" || fail "NEARDUP_HUGE_PAGES=0, yet the run has hugetlb"
env_now=$(environment_of_running_filter GLIBC_TUNABLES=glibc.malloc.hugetlb=0)
has "$env_now" 'glibc\.malloc\.hugetlb=0' && ! grep -q 'hugetlb=1' <<<"$env_now" ||
  fail "the user's hugetlb=0 overridden"

# Same bytes and exit codes with and without the re-exec (argv reaches the new image whole).
for mode in lexical reworded; do
  env -u GLIBC_TUNABLES "$neardup" scan "$root/data/seeds" --mode "$mode" --format jsonl -q -o "$tmp/a.$mode" ||
    fail "scan --mode $mode failed"
  env -u GLIBC_TUNABLES NEARDUP_HUGE_PAGES=0 "$neardup" scan "$root/data/seeds" --mode "$mode" \
    --format jsonl -q -o "$tmp/b.$mode" || fail "scan --mode $mode without the re-exec failed"
  cmp -s "$tmp/a.$mode" "$tmp/b.$mode" || fail "--mode $mode: output differs with the re-exec"
done
"$neardup" scan "$root/data/seeds" --no-such-option >/dev/null 2>&1
[ $? = 2 ] || fail "a usage error must still exit 2"
# Started through the dynamic loader by hand: no re-exec (it would run the loader again).
loader=$(ldd "$neardup" | awk '/ld-linux/ {print ($3 ~ /^\//) ? $3 : $1; exit}')
if [ "${NEARDUP_SANITIZED:-0}" != 1 ] && [ -x "$loader" ]; then
  got=$(env -u GLIBC_TUNABLES "$loader" "$neardup" --version) || fail "$loader $neardup --version failed"
  [ "$got" = "$("$neardup" --version)" ] || fail "through $loader: '$got'"
fi
echo "PASS"
