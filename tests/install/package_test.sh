#!/usr/bin/env bash
# The installed package works for a program outside the build: `cmake --install` into a temporary
# prefix; examples/ configured as a separate project that finds neardup with find_package and
# CMAKE_PREFIX_PATH, built and run; examples/filter_example.cc compiled and linked with nothing but
# `pkg-config --cflags --libs neardup`, and run. Also checks that no internal header is installed.
# Usage: package_test.sh BUILD_DIR CXX_COMPILER [EXTRA_FLAGS]   (ctest test install.package)
set -uo pipefail
build="$1"
cxx="$2"
flags="${3:-}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
gen=()
command -v ninja >/dev/null && gen=(-G Ninja)

cmake --install "$build" --prefix "$tmp/prefix" >"$tmp/install.log" 2>&1 ||
  fail "cmake --install failed: $(cat "$tmp/install.log")"
[ -f "$tmp/prefix/include/neardup/neardup.h" ] || fail "neardup/neardup.h not installed"
for d in internal base io text sketch verify scan report index eval; do
  [ -e "$tmp/prefix/include/neardup/$d" ] && fail "private headers were installed ($d/)"
done
n=$(find "$tmp/prefix/include/neardup" -name "*.h" | wc -l)
[ "$n" -le 12 ] || fail "$n headers installed (at most 12: include/neardup/)"
config=$(find "$tmp/prefix" -name neardupConfig.cmake)
[ -n "$config" ] || fail "neardupConfig.cmake not installed"
pc=$(find "$tmp/prefix" -name neardup.pc)
[ -n "$pc" ] || fail "neardup.pc not installed"

# find_package(neardup) from a separate project.
cmake -S "$root/examples" -B "$tmp/ex" "${gen[@]}" -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_COMPILER="$cxx" \
  -DCMAKE_CXX_FLAGS="$flags" -DCMAKE_EXE_LINKER_FLAGS="$flags" -DCMAKE_PREFIX_PATH="$tmp/prefix" \
  >"$tmp/configure.log" 2>&1 || fail "configuring examples/ against the installed package failed: $(cat "$tmp/configure.log")"
cmake --build "$tmp/ex" -j 2 >"$tmp/build.log" 2>&1 || fail "building examples/ failed: $(cat "$tmp/build.log")"
"$tmp/ex/batch_example" >"$tmp/batch.out" || fail "batch_example failed"
grep -q "^pair wire#0 ~ paper#1 similarity" "$tmp/batch.out" || fail "batch_example: $(cat "$tmp/batch.out")"
"$tmp/ex/filter_example" "$tmp/idx" >"$tmp/filter1.out" || fail "filter_example failed"
"$tmp/ex/filter_example" "$tmp/idx" >"$tmp/filter2.out" || fail "filter_example (replay) failed"
grep -q '^site-b/7 duplicate ' "$tmp/filter1.out" || fail "filter_example: $(cat "$tmp/filter1.out")"
cmp -s "$tmp/filter1.out" "$tmp/filter2.out" || fail "filter_example replay gave other verdicts"

# pkg-config alone (the prefix is found from the .pc file's own folder).
export PKG_CONFIG_PATH="$(dirname "$pc")"
pkg-config --exists neardup || fail "pkg-config does not find neardup: $(pkg-config --print-errors neardup 2>&1)"
# shellcheck disable=SC2046,SC2086
"$cxx" -std=c++20 $flags "$root/examples/filter_example.cc" -o "$tmp/filter_pc" \
  $(pkg-config --cflags --libs neardup) >"$tmp/pc.log" 2>&1 || fail "pkg-config build failed: $(cat "$tmp/pc.log")"
"$tmp/filter_pc" "$tmp/idx2" >"$tmp/pc.out" || fail "pkg-config-built filter_example failed"
cmp -s "$tmp/pc.out" "$tmp/filter1.out" || fail "pkg-config-built filter_example differs"
echo "ok: installed package works with find_package and pkg-config"
