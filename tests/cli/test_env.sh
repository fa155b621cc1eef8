# Sourced by the tests/cli/*_test.sh scripts: sets `root` (the repository: $NEARDUP_SOURCE_DIR, else
# two folders up), `neardup` (the binary: $NEARDUP, else build/neardup; exits 1 when it is not
# there) and `tmp` (a scratch folder, removed on exit unless the script sets an EXIT trap of its
# own that does).
root="${NEARDUP_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
neardup="${NEARDUP:-$root/build/neardup}"
if [ ! -x "$neardup" ]; then
  echo "error: neardup binary not found at '$neardup' (set NEARDUP)" >&2
  exit 1
fi
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
