#!/usr/bin/env bash
# The HTML report at scale: a generated corpus of ~200,000 paragraphs (scripts/gen_corpus.py,
# with a headline, outlet, date and URL added to every record) scanned in lexical mode, its page
# opened in headless chromium (probe.html). Must hold: the page opens in under 5 s, as the
# browser measures it (performance.now() in the report's frame at its load event: navigation
# start to parsed, scripts run and the first page of pairs drawn; the page's own
# window.neardupTiming.ready_ms, when its script finished drawing, must come before), the search box narrows the pairs to the ones that match, the outlet and verdict
# filters show only what they name, the pair limit is stated, no console message. Prints the
# figures (sizes, times). Cost on 2 cores: ~20-40 s generating, ~5 s scanning, ~5 s in chromium.
# Needs NEARDUP (the built binary). Without chromium it prints SKIP and exits 77.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
src="${NEARDUP_SOURCE_DIR:-$(cd "$here/../.." && pwd)}"
: "${NEARDUP:?set NEARDUP to the neardup binary}"
paragraphs="${NEARDUP_SCALE_PARAGRAPHS:-200000}"

source "$here/lib.sh"  # $browser (or SKIP, exit 77) and run_browser

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/probe"
python3 "$src/scripts/gen_corpus.py" --out "$tmp/gen" --paragraphs "$paragraphs" --seed 5 --jobs 2 -q
# Fields as a news crawl has them: nested headline and outlet, a date, a URL.
python3 - "$tmp/gen/corpus.jsonl" "$tmp/corpus.jsonl" <<'PY'
import json, sys
with open(sys.argv[1], encoding="utf-8") as f, open(sys.argv[2], "w", encoding="utf-8") as out:
    for line in f:
        r = json.loads(line)
        story, outlet = r["id"].split("-")
        s, o = int(story[1:]), int(outlet[1:])
        r["meta"] = {"headline": r["text"].split("\n", 1)[0], "outlet": "Outlet %02d" % o}
        r["date"] = "2024-%02d-%02dT%02d:%02d:00Z" % (1 + s % 12, 1 + s % 28, (o * 5) % 24, (o * 7) % 60)
        r["url"] = "https://outlet%02d.example/%s" % (o, r["id"])
        out.write(json.dumps(r, ensure_ascii=False) + "\n")
PY
rm -rf "$tmp/gen"
start=$EPOCHREALTIME
"$NEARDUP" scan "$tmp/corpus.jsonl" --mode lexical -o "$tmp/scan.jsonl" --quiet \
  --html "$tmp/probe/report.html" --title-field meta.headline --source-field meta.outlet \
  --date-field date --url-field url
scan_seconds=$(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.2f", b - a }')
cp "$here/probe.html" "$tmp/probe/probe.html"

# The search term: the id of an article in the middle of the page (not on its first screen).
read -r query outlet < <(python3 - "$tmp/probe/report.html" <<'PY'
import json, re, sys
html = open(sys.argv[1], encoding="utf-8").read()
d = json.loads(re.search(r'<script type="application/json" id="neardup-data">(.*?)</script>', html, re.S).group(1))
p = d["pairs"][len(d["pairs"]) // 2]
print(d["articles"][p[0]][0], d["articles"][p[0]][2].replace(" ", "%20"))
PY
)
run_browser "$tmp" probe "file://$tmp/probe/probe.html?q=$query&outlet=$outlet&verdict=0&story=1" \
  --allow-file-access-from-files

python3 - "$tmp" "$query" "${outlet//%20/ }" "$scan_seconds" <<'PY'
import html, json, os, re, sys
tmp, query, outlet, scan_seconds = sys.argv[1:5]
failures = []
def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)

page = open(f"{tmp}/probe/report.html", encoding="utf-8").read()
d = json.loads(re.search(r'<script type="application/json" id="neardup-data">(.*?)</script>', page, re.S).group(1))
units = int(re.search(r"<th>paragraphs</th><td[^>]*>(\d+)<", page).group(1))
m = re.search(r'<pre id="probe">(.*?)</pre>', open(f"{tmp}/probe.dom", encoding="utf-8").read(), re.S)
facts = json.loads(html.unescape(m.group(1))) if m else {"status": "probe page did not render"}
print(f"corpus: {units} paragraphs; scan --mode lexical --html: {scan_seconds} s; page "
      f"{os.path.getsize(tmp + '/probe/report.html') / 1e6:.1f} MB, {len(d['pairs'])} article pairs, "
      f"{sum(len(p[9]) for p in d['pairs'])} paragraph pairs; chromium run "
      f"{open(tmp + '/probe.seconds').read().strip()} s")
check(units >= 190000, f"the corpus has ~200,000 paragraphs ({units})")
size = os.path.getsize(tmp + "/probe/report.html")
check(size < 16e6, f"the page stays small at the default limit ({size / 1e6:.1f} MB < 16 MB)")
check(facts.get("status") == "ok", f"probe read the report ({facts.get('status')})")
if facts.get("status") != "ok":
    sys.exit(1)
t = facts["timing"] or {}
print(f"browser timing (ms from navigation start): {json.dumps(facts['navigation'])}; page: {json.dumps(t)}")
check(0 < t.get("ready_ms", 1e9) <= facts["load_event_ms"] < 5000,
      f"the page opens in under 5 s: load event at {facts['load_event_ms']:.0f} ms, first page "
      f"of pairs drawn at {t.get('ready_ms', 0):.0f} ms")
console = [l.strip() for l in open(f"{tmp}/probe.log", encoding="utf-8", errors="replace") if ":CONSOLE" in l]
check(not console, f"no console message ({console[:3]})")
check(facts["limit"] and "--html-max-pairs" in facts["limit"], f"the limit is stated: {facts['limit']}")
check(len(facts["initial"]["blocks"]) > 0, f"the first page of pairs is drawn ({facts['initial']['count']})")
found = facts["search"]["blocks"]
check(found and all(query in b["text"] for b in found),
      f"search '{query}': {len(found)} pairs, every one names it, in {facts['search']['ms']:.0f} ms "
      f"({facts['search']['count']})")
want = sum(1 for p in d["pairs"] if query in (d["articles"][p[0]][0], d["articles"][p[1]][0]))
check(facts["search"]["count"].endswith(f"of {want} matching ({len(d['pairs'])} on this page).")
      or f"of {want} matching" in facts["search"]["count"], f"search count: {want} pairs hold that article")
o = facts["outlet"]["blocks"]
check(o and all(any(outlet in a for a in b["arts"]) for b in o), f"outlet filter '{outlet}': every pair has it ({len(o)})")
v = facts["verdict"]["blocks"]
check(v and all(b["facts"].startswith("wholly-derived") for b in v), f"verdict filter: wholly-derived only ({len(v)})")
st = facts.get("story", {})
check(st.get("blocks") and st["value"].startswith("Story 1:") and
      all(" · Story 1 · " in b["facts"] for b in st["blocks"]),
      f"the first story's button shows its pairs only ({st.get('count')})")
check(all("published first:" in b["facts"] or "same time" in b["facts"] for b in facts["initial"]["blocks"]),
      "every pair says which article was published first")
if failures:
    print(f"{len(failures)} check(s) failed")
    sys.exit(1)
print("all checks passed")
PY
