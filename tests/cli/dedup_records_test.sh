#!/usr/bin/env bash
# dedup keeps records whole: on a corpus whose records carry extra fields (url, date, nested meta,
# odd spacing, key order, CRLF) every kept record keeps every field, a record with nothing removed
# is byte-identical to its input line, -o - writes the same bytes as -o FILE, --removed lists
# every dropped unit with the kept unit it duplicates, and --cluster-field adds cluster ids.
set -uo pipefail
source "$(dirname "$0")/test_env.sh"
fail() { echo "FAIL: $*" >&2; exit 1; }
py=/usr/bin/python3
$py - "$root/data/seeds" "$tmp/in.jsonl" <<'PY' || fail "could not build the corpus"
import json, os, random, sys
rng = random.Random(7)
words = "river lamp orbit cedar violet pencil quartz meadow copper falcon harbor velvet tundra maple " \
        "saffron glacier lantern pebble thistle canyon ember walnut cobalt prairie willow sonnet".split()
def fresh(n):
    return " ".join(rng.choice(words) + str(rng.randrange(1000)) for _ in range(n)) + "."
seeds, out = sys.argv[1], sys.argv[2]
texts = [open(os.path.join(seeds, f), encoding="utf-8").read() for f in sorted(os.listdir(seeds))]
lines = []
for i, t in enumerate(texts):
    paras = [p for p in t.split("\n\n") if p.strip()]
    rec = {"url": f"https://example.org/{i}", "id": f"s{i}", "meta": {"outlet": "x", "n": [i, None, True]},
           "text": "\n\n\n   " + t + "   ", "date": "2024-01-0%d" % (i + 1)}
    lines.append(json.dumps(rec, ensure_ascii=(i % 2 == 0)))
    # a copy sharing two paragraphs with the seed, written in another key order and spacing
    copy = {"text": paras[1] + "\n\n" + fresh(14)
            + "\n\n" + paras[2], "id": f"c{i}", "tags": ["a", "b"]}
    lines.append(json.dumps(copy, indent=None, separators=(", ", " : ")) + ("\r" if i == 3 else ""))
for i in range(4):  # records with nothing to remove, in assorted shapes
    lines.append('{ "id" : "u%d",\t"text":"%s\\n\\n   %s  ", "n":%d.50 , "z":{} }' % (i, fresh(20), fresh(9), i))
lines.append('{"id":"dup","text":%s,"extra":{"deep":{"deeper":[1,2,3]}}}' % json.dumps(texts[0]))
open(out, "w", encoding="utf-8").write("\n".join(lines) + "\n")
PY

"$neardup" dedup "$tmp/in.jsonl" --mode lexical -o "$tmp/out.jsonl" --removed "$tmp/removed.jsonl" \
  --cluster-field cluster_ids 2>"$tmp/err" || fail "dedup -o FILE exited $?: $(cat "$tmp/err")"
"$neardup" dedup "$tmp/in.jsonl" --mode lexical -o - --removed "$tmp/removed2.jsonl" \
  --cluster-field cluster_ids >"$tmp/stdout.jsonl" 2>"$tmp/err2" || fail "dedup -o - exited $?"
cmp -s "$tmp/out.jsonl" "$tmp/stdout.jsonl" || fail "-o - and -o FILE wrote different bytes"
cmp -s "$tmp/removed.jsonl" "$tmp/removed2.jsonl" || fail "--removed differs between runs"
"$neardup" dedup "$tmp/in.jsonl" --mode lexical --quiet >"$tmp/plain.jsonl" || fail "dedup to stdout failed"
"$neardup" dedup - --mode lexical --quiet <"$tmp/in.jsonl" >"$tmp/stdin.jsonl" || fail "dedup of stdin failed"
cmp -s "$tmp/plain.jsonl" "$tmp/stdin.jsonl" || fail "dedup of stdin differs from dedup of the file"

$py - "$tmp/in.jsonl" "$tmp/out.jsonl" "$tmp/removed.jsonl" "$tmp/plain.jsonl" <<'PY' || exit 1
import json, sys
inp = open(sys.argv[1], "rb").read().split(b"\n")[:-1]
out = open(sys.argv[2], "rb").read().split(b"\n")[:-1]
removed = [json.loads(l) for l in open(sys.argv[3], encoding="utf-8")]
plain = open(sys.argv[4], "rb").read().split(b"\n")[:-1]
def fail(m):
    print("FAIL:", m, file=sys.stderr); sys.exit(1)
by_id = {json.loads(l)["id"]: l for l in inp}
gone = {}
for r in removed:
    gone.setdefault(r["id"], []).append(r)
    for k in ("id", "para", "text", "duplicate_of"):
        if k not in r: fail("removed record without %s: %r" % (k, r))
    if r["duplicate_of"]["id"] not in by_id: fail("duplicate_of names an unknown id: %r" % r)
if not removed: fail("nothing removed: the corpus has copies")
if "dup" in [json.loads(l)["id"] for l in out]: fail("the whole-copy record was kept")
unchanged = 0
for line in plain:
    rec = json.loads(line)
    src = by_id[rec["id"]]
    orig = json.loads(src)
    if set(rec) != set(orig): fail("fields changed for %s: %s vs %s" % (rec["id"], sorted(rec), sorted(orig)))
    for k in orig:
        if k != "text" and rec[k] != orig[k]: fail("field %s changed for %s" % (k, rec["id"]))
    if rec["id"] not in gone:
        if line != src: fail("record %s has nothing removed but is not byte-identical" % rec["id"])
        unchanged += 1
    else:
        kept = [p for p in rec["text"].split("\n\n")]
        for r in gone[rec["id"]]:
            if r["text"] in kept and r["duplicate_of"]["id"] != rec["id"]: fail("removed paragraph still in %s" % rec["id"])
        # everything but the text value is as it came
        i = line.index(b'"text"'); j = src.index(b'"text"')
        if line[:i] != src[:j]: fail("bytes before text changed for %s" % rec["id"])
# every unit dedup reports as removed is counted in its summary
for line in out:
    if b'"cluster_ids"' not in line and json.loads(line)["id"] in gone: fail("no cluster id on a record that lost paragraphs")
if unchanged < 3: fail("expected unchanged records, got %d" % unchanged)
print("ok: %d records out, %d unchanged byte for byte, %d units removed" % (len(plain), unchanged, len(removed)))
PY
n_removed=$(wc -l <"$tmp/removed.jsonl")
grep -q "removed $n_removed," "$tmp/err" || fail "summary does not count the $n_removed removed units: $(cat "$tmp/err")"
# Document level: a removed whole document is listed once, naming the document it copies.
"$neardup" dedup "$tmp/in.jsonl" --mode lexical --level document --removed "$tmp/rdoc.jsonl" --quiet >"$tmp/doc.jsonl" ||
  fail "dedup --level document failed"
grep -q '^{"id":"dup","text":.*"duplicate_of":{"id":"s0"}}$' "$tmp/rdoc.jsonl" || fail "document level: dup not listed as a copy of s0"
echo "ok"
