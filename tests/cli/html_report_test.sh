#!/usr/bin/env bash
# The HTML report's content, read from the page's inline data (no browser; tests/browser/ opens
# it in one): headline/outlet/date/URL from dotted JSONL fields, which article was published
# first, stories formed only from derived copy (a stray non-derived pair joins nothing), derived
# article pairs first, --html-max-pairs stated and obeyed, no markup or script injection from
# document ids, fields or text, the --html options refused without --html (and a negative
# limit refused), and a field path no article has warned about on stderr and on the page.
set -uo pipefail
source "$(dirname "$0")/test_env.sh"
fail() { echo "FAIL: $*" >&2; exit 1; }

python3 - "$tmp/corpus.jsonl" <<'PY'
import json, random, sys
rng = random.Random(7)
vocab = ["w%03d" % i for i in range(900)]
para = lambda n=40: " ".join(rng.choice(vocab) for _ in range(n)) + "."
wire = [para() for _ in range(8)]
edit = lambda p: p.replace(p.split()[3], "changed", 1)
hostile = "</script><script>document.title='PWNED'</script><img src=x onerror=\"document.title='PWNED'\"><!--"
recs = [
    {"id": "wire", "text": "\n\n".join(wire),
     "meta": {"headline": "Wire story " + hostile, "outlet": "Wire"},
     "published": "2024-03-05T10:00:00+01:00", "link": "https://wire.example/a?b=1&c=2"},
    {"id": "copy" + hostile, "text": "\n\n".join(edit(p) for p in wire),
     "meta": {"headline": "Copied story", "outlet": "Daily " + hostile},
     "published": "Tue, 05 Mar 2024 09:30:00 GMT", "link": "javascript:document.title='PWNED'"},
    # Shares one paragraph with the copy (1 of 8) among many of its own (1 of 13): a stray,
    # non-derived pair.
    {"id": "stray", "text": "\n\n".join([para() for _ in range(12)] + [wire[2]]),
     "meta": {"headline": "Another story", "outlet": "Wire"}},
]
with open(sys.argv[1], "w") as f:
    for r in recs:
        f.write(json.dumps(r) + "\n")
PY
fields=(--title-field meta.headline --source-field meta.outlet --date-field published --url-field link)
scan() { "$neardup" scan "$tmp/corpus.jsonl" --mode lexical --quiet -o "$tmp/out.jsonl" "$@"; }

# The --html options without --html are refused by name.
for opt in "--html-max-pairs 3" "--title-field t" "--source-field s" "--date-field d" "--url-field u"; do
  # shellcheck disable=SC2086
  scan $opt 2>"$tmp/err"; rc=$?
  [ "$rc" = 2 ] || fail "$opt without --html exited $rc, want 2"
  grep -q -- "${opt%% *} needs --html" "$tmp/err" || fail "$opt without --html: $(cat "$tmp/err")"
done

scan --html "$tmp/neg.html" --html-max-pairs -1 2>"$tmp/err"; rc=$?
[ "$rc" = 2 ] && grep -q "html-max-pairs must be 0 (no limit) or more" "$tmp/err" ||
  fail "--html-max-pairs -1 exited $rc: $(cat "$tmp/err")"

scan --html "$tmp/all.html" "${fields[@]}" 2>"$tmp/err" || fail "scan --html exited $?"
! grep -q "warning" "$tmp/err" || fail "fields every article has drew a warning: $(cat "$tmp/err")"
grep -q "field-note" "$tmp/all.html" && fail "fields every article has drew a note on the page"

# A field path no article has (a typo) is named on stderr and on the page; the scan still succeeds.
scan --html "$tmp/typo.html" --title-field headline --source-field meta.outlet \
  --url-field 'lnk<b>' 2>"$tmp/err" || fail "scan --html with a misspelt field exited $?"
grep -qF -- 'neardup: warning: --title-field "headline" was found in none of the 3 articles in the report' \
  "$tmp/err" || fail "no warning for --title-field headline: $(cat "$tmp/err")"
grep -qF -- '--url-field "lnk<b>" was found in none of the 3' "$tmp/err" ||
  fail "no warning for --url-field: $(cat "$tmp/err")"
[ "$(grep -c warning "$tmp/err")" = 2 ] || fail "want 2 warnings (not for meta.outlet): $(cat "$tmp/err")"
grep -qF -- '--title-field &quot;headline&quot; was found in none of the 3 articles' "$tmp/typo.html" ||
  fail "the page does not note the misspelt --title-field"
grep -qF -- '--url-field &quot;lnk&lt;b&gt;&quot; was found' "$tmp/typo.html" ||
  fail "the page does not note the --url-field path, escaped"
scan --html "$tmp/one.html" "${fields[@]}" --html-max-pairs 1 || fail "--html-max-pairs 1 exited $?"

python3 - "$tmp" <<'PY' || exit 1
import json, re, sys
tmp = sys.argv[1]
failures = []
def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)

def page(name):
    return open(f"{tmp}/{name}.html", encoding="utf-8").read()
def data(html):
    m = re.search(r'<script type="application/json" id="neardup-data">(.*?)</script>', html, re.S)
    return json.loads(m.group(1)) if m else None

html = page("all")
d = data(html)
check(d is not None, "the page carries its data in one JSON script element")
# Injection: document text, ids and fields never become markup.
check(html.count("<script") == 2 and html.count("</script") == 2,
      f"exactly two script elements (data + code): {html.count('<script')} opened, {html.count('</script')} closed")
check("<img" not in html and "<!--" not in html, "no <img> or comment opened by document text")
outside = re.sub(r'<script type="application/json" id="neardup-data">.*?</script>', "", html, flags=re.S)
check("PWNED" not in outside, "hostile text appears only inside the escaped data")
A = d["articles"]
by_id = {a[0]: a for a in A}
hostile = "</script><script>document.title='PWNED'</script><img src=x onerror=\"document.title='PWNED'\"><!--"
check(("copy" + hostile) in by_id, "a hostile id survives as data, unchanged")
check(by_id["wire"][1] == "Wire story " + hostile, "a hostile headline survives as data, unchanged")
# Fields from dotted paths.
w, c, s = by_id.get("wire"), by_id.get("copy" + hostile), by_id.get("stray")
check(w[1:5] == ["Wire story " + hostile, "Wire", "2024-03-05T10:00:00+01:00", "https://wire.example/a?b=1&c=2"],
      f"wire: headline, outlet, date, URL read ({w[1:5]})")
check(w[5] == 1709629200 and c[5] == 1709631000, f"dates parsed to UTC seconds ({w[5]}, {c[5]})")
check(s[3] == "" and s[5] is None, "an article without the date field has none")
# [a, b, verdict, story, cov a, cov b, copy side, first, paragraph pairs, [pairs]]
P = d["pairs"]
def pair(x, y):
    for p in P:
        if {A[p[0]][0], A[p[1]][0]} == {x, y}:
            return p
wc = pair("wire", "copy" + hostile)
check(wc is not None and wc[2] < 2, "wire/copy is derived")
check(wc is not None and A[wc[0]][0] == "wire" and wc[7] == 0,
      "wire/copy: the wire (09:00Z) was published before the copy (09:30Z)")
stray = [p for p in P if "stray" in (A[p[0]][0], A[p[1]][0])]
check(bool(stray) and all(p[2] == 2 and p[3] == -1 and p[7] == -1 for p in stray),
      "the stray pairs are non-derived, in no story, and have no publication order")
check(len(d["stories"]) == 1 and sorted(A[i][0] for i in list(d["stories"].values())[0]) ==
      sorted(["wire", "copy" + hostile]), f"one story: wire and copy only ({d['stories']})")
check([p[2] < 2 for p in P] == sorted([p[2] < 2 for p in P], reverse=True),
      "derived article pairs come first")
total = sum(p[8] for p in P)
check(sum(len(p[9]) for p in P) == total, f"all {total} paragraph pairs on the page without a limit")
check("This page holds all" in html and "--html-max-pairs" in html, "the page states the limit")
for href in ("#summary", "#stories", "#pairs"):
    check(f'href="{href}"' in html and f'id="{href[1:]}"' in html, f"table of contents links {href}")

one = page("one")
d1 = data(one)
shown = sum(len(p[9]) for p in d1["pairs"])
check(shown == 1 and len(d1["pairs"]) == 1, f"--html-max-pairs 1: one paragraph pair on the page ({shown})")
check(d1["pairs"][0][2] < 2, "--html-max-pairs 1: the derived article pair is the one kept")
check(f"This page holds 1 of the {total} paragraph pairs" in one and "at most 1 paragraph pairs" in one,
      "--html-max-pairs 1: the notice says what was left out")
if failures:
    print(f"{len(failures)} check(s) failed")
    sys.exit(1)
PY
# Reworded: two paragraphs carrying two statements give two pair records (the JSONL contract) but
# one paragraph pair on the page, counted once, highlighting both statements.
python3 - "$tmp/two.jsonl" <<'PY'
import json, sys
a = ('The minister told a crowded hall that "the harvest failed across the northern valleys this '
     'spring" before leaving for a tour of the coastal provinces. Later she added that "farmers '
     'will receive emergency grain from the national reserve" and thanked the volunteers who '
     'organised the meeting.')
b = ('Opposition deputies, reading from a leaked memo, argued "the harvest failed across the '
     'northern valleys this spring" while the cabinet debated railway budgets and school '
     'repairs. A spokesman for the agency promised "farmers will receive emergency grain from '
     'the national reserve" but gave no date for deliveries to remote districts.')
with open(sys.argv[1], "w") as f:
    f.write(json.dumps({"id": "a", "text": "Officials met in the capital on Monday.\n\n" + a}) + "\n")
    f.write(json.dumps({"id": "b", "text": "Storms delayed flights at the airport.\n\n" + b}) + "\n")
PY
"$neardup" scan "$tmp/two.jsonl" --quiet -o "$tmp/two.out.jsonl" --html "$tmp/two.html" ||
  fail "reworded scan --html exited $?"
[ "$(grep -c '"type":"pair"' "$tmp/two.out.jsonl")" = 2 ] ||
  fail "want two pair records (one per statement): $(grep -c '"type":"pair"' "$tmp/two.out.jsonl")"
python3 - "$tmp/two.html" <<'PY' || exit 1
import json, re, sys
html = open(sys.argv[1], encoding="utf-8").read()
d = json.loads(re.search(r'<script type="application/json" id="neardup-data">(.*?)</script>',
                         html, re.S).group(1))
pairs = d["pairs"]
ok = len(pairs) == 1 and pairs[0][8] == 1 and len(pairs[0][9]) == 1
print(("ok   " if ok else "FAIL ") + f"two statements: one paragraph pair on the page ({pairs})")
if not ok:
    sys.exit(1)
for side in (5, 6):
    segs = pairs[0][9][0][side]
    shared = " ".join(segs[i + 1] for i in range(0, len(segs), 2) if segs[i] == 1)
    ok = "harvest" in shared and "emergency" in shared
    print(("ok   " if ok else "FAIL ") + f"side {side - 5}: both statements highlighted ({shared!r})")
    if not ok:
        sys.exit(1)
PY
echo "all checks passed"
