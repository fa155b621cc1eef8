#!/usr/bin/env bash
# `neardup filter` refuses what would damage or misread an index, each with a clear error and exit 1:
# a second writer while one runs (readers still work), other matching settings, a truncated
# data file, a damaged record, a folder that is not an index.
# Usage: NEARDUP=path/to/neardup tests/cli/filter_index_errors_test.sh
set -uo pipefail
source "$(dirname "$0")/test_env.sh"  # root, neardup, tmp
writer=""
trap '[ -n "$writer" ] && kill "$writer" 2>/dev/null; rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
# expect NAME WANT_EXIT STDERR_PATTERN -- command...
expect() {
  local name="$1" want="$2" pattern="$3"; shift 4
  "$@" >"$tmp/out" 2>"$tmp/err"
  local rc=$?
  [ "$rc" = "$want" ] || fail "$name: exit $rc, want $want; stderr: $(cat "$tmp/err")"
  grep -q -- "$pattern" "$tmp/err" || fail "$name: stderr lacks '$pattern': $(cat "$tmp/err")"
}

python3 "$root/scripts/gen_corpus.py" --out "$tmp/c" --seed 5 --stories 10 --outlets 4 --quiet || fail "gen_corpus.py failed"
corpus="$tmp/c/corpus.jsonl"
"$neardup" filter --mode lexical --index "$tmp/idx" --quiet <"$corpus" >/dev/null || fail "first run failed"

# A writer that holds the index (it waits on its input), a second writer, and a reader beside it.
mkfifo "$tmp/fifo"
"$neardup" filter --mode lexical --index "$tmp/idx" --quiet <"$tmp/fifo" >/dev/null 2>&1 &
writer=$!
exec 3>"$tmp/fifo"
for _ in $(seq 50); do [ -s "$tmp/idx/LOCK" ] && grep -q "$writer" "$tmp/idx/LOCK" && break; sleep 0.1; done
expect "second writer" 1 "in use by another writer (pid $writer)" -- "$neardup" filter --mode lexical --index "$tmp/idx" </dev/null
expect "prune beside a writer" 1 "in use by another writer" -- "$neardup" index prune --index "$tmp/idx" --max-docs 1
head -n 3 "$corpus" | "$neardup" query --index "$tmp/idx" --quiet >"$tmp/q" || fail "query beside a writer failed"
[ "$(wc -l <"$tmp/q")" = 3 ] || fail "query wrote $(wc -l <"$tmp/q") lines for 3 records"
"$neardup" index stats --index "$tmp/idx" >/dev/null || fail "stats beside a writer failed"
exec 3>&-
wait "$writer" || fail "the holding writer failed"
writer=""

# Settings the index was not built with.
expect "other ngram" 1 "index was built with .*--ngram 3.*this run asks for .*--ngram 4" -- \
  "$neardup" filter --mode lexical --index "$tmp/idx" --ngram 4 </dev/null
expect "other seed" 1 "use the same settings, or a new index folder" -- \
  "$neardup" filter --mode lexical --index "$tmp/idx" --seed 9 </dev/null
"$neardup" filter --mode lexical --index "$tmp/idx" --threshold 0.7 --quiet </dev/null || fail "another threshold must be allowed"

# Not an index.
mkdir "$tmp/other"; echo hello >"$tmp/other/data.mdb"
expect "not an index" 1 "error: .*other" -- "$neardup" filter --mode lexical --index "$tmp/other" </dev/null
expect "missing index" 1 "no index here" -- "$neardup" query --index "$tmp/none" </dev/null

# Truncated data file.
cp -r "$tmp/idx" "$tmp/trunc"
size=$(stat -c %s "$tmp/trunc/data.mdb")
truncate -s $((size / 2 / 4096 * 4096)) "$tmp/trunc/data.mdb"
expect "truncated (filter)" 1 "data.mdb: file is truncated" -- "$neardup" filter --mode lexical --index "$tmp/trunc" <"$corpus"
expect "truncated (stats)" 1 "data.mdb: file is truncated" -- "$neardup" index stats --index "$tmp/trunc"
truncate -s 0 "$tmp/trunc/data.mdb"
expect "emptied" 1 "file is truncated (0 bytes)" -- "$neardup" filter --mode lexical --index "$tmp/trunc" </dev/null

# A damaged settings record, and damaged document records (one id's bytes flipped everywhere).
cp -r "$tmp/idx" "$tmp/bad1"
python3 - "$tmp/bad1/data.mdb" <<'PY'
import sys
p = sys.argv[1]; b = bytearray(open(p, "rb").read())
i = b.find(b"NEARDUPX")
while i >= 0:  # every copy: LMDB leaves older versions of a page in free pages
    b[i + 20] ^= 0xFF
    i = b.find(b"NEARDUPX", i + 1)
open(p, "wb").write(b)
PY
expect "damaged settings" 1 "damaged settings record" -- "$neardup" filter --mode lexical --index "$tmp/bad1" </dev/null
cp -r "$tmp/idx" "$tmp/bad2"
id=$(head -n 1 "$corpus" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
python3 - "$tmp/bad2/data.mdb" "$id" <<'PY'
import sys
p, ident = sys.argv[1], sys.argv[2].encode()
b = open(p, "rb").read(); open(p, "wb").write(b.replace(ident, ident[:-1] + b"#"))
PY
expect "damaged document" 1 "damaged document record" -- "$neardup" index stats --index "$tmp/bad2" --verify
expect "damaged document (replay)" 1 "the index is damaged" -- "$neardup" filter --mode lexical --index "$tmp/bad2" <"$corpus"
echo "ok"
