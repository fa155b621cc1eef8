#!/usr/bin/env bash
# Runs one CLI golden case: tests/cli/cases/NAME.sh is executed with $NEARDUP set to the binary and
# the repository root as working directory; its stdout, stderr and exit code are compared with
# NAME.stdout, NAME.stderr and NAME.exit beside it. UPDATE_GOLDEN=1 rewrites the expectations.
# Usage: run_case.sh NEARDUP_BINARY CASE_SCRIPT
set -uo pipefail
bin="$1"
case_script="$2"
base="${case_script%.sh}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
cd "$root"
NEARDUP="$bin" TMPDIR_CASE="$tmp" bash "$case_script" >"$tmp/stdout" 2>"$tmp/stderr"
echo $? >"$tmp/exit"
if [ "${UPDATE_GOLDEN:-0}" = 1 ]; then
  cp "$tmp/stdout" "$base.stdout"; cp "$tmp/stderr" "$base.stderr"; cp "$tmp/exit" "$base.exit"
  echo "updated $base"; exit 0
fi
status=0
for part in stdout stderr exit; do
  if ! diff -u "$base.$part" "$tmp/$part" >"$tmp/diff"; then
    echo "MISMATCH in $part of $(basename "$base"):"; cat "$tmp/diff"; status=1
  fi
done
exit $status
