#!/usr/bin/env bash
# Opens the HTML report of the bundled sample (data/seeds) in a real headless browser (Debian's
# chromium; scripts/setup_browser installs it) and checks what a reader sees:
#   1. the report itself, loaded alone from an empty folder with every host name unresolvable:
#      its rendered DOM (--dump-dom) has the summary table and <mark>/<del>/<ins> elements, and
#      the browser logs no console message (no uncaught exception, no failed load, no script error);
#   2. the same report inside a probe page (probe.html, beside this script) that reads the laid-out
#      page: the summary table on top, the expected article pairs side by side, the marks visible
#      (own background, readable contrast, distinct colours), grouped under story headings, no
#      external resource, no horizontal scrolling at 1280 px.
# Needs NEARDUP (the built binary). Without chromium it prints SKIP and exits 77.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
src="${NEARDUP_SOURCE_DIR:-$(cd "$here/../.." && pwd)}"
: "${NEARDUP:?set NEARDUP to the neardup binary}"

browser="${NEARDUP_CHROMIUM:-}"
if [ -z "$browser" ]; then
  for b in chromium chromium-browser; do
    if command -v "$b" >/dev/null 2>&1; then browser="$(command -v "$b")"; break; fi
  done
fi
if [ -z "$browser" ]; then
  echo "SKIP: chromium not found; install it with scripts/setup_browser (Debian package chromium)"
  exit 77
fi

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/report" "$tmp/probe" "$tmp/home"
"$NEARDUP" scan "$src/data/seeds" --mode reworded --html "$tmp/report/report.html" -o "$tmp/scan.jsonl" --quiet
cp "$tmp/report/report.html" "$tmp/probe/report.html"
cp "$here/probe.html" "$tmp/probe/probe.html"

# run_browser NAME URL [flags...]: dumps the rendered DOM to $tmp/NAME.dom, the log to $tmp/NAME.log.
run_browser() {
  local name="$1" url="$2"
  shift 2
  local rc=0
  HOME="$tmp/home" timeout 120 "$browser" --headless --no-sandbox --disable-gpu --disable-quic \
    --no-first-run --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$(mktemp -d "$tmp/profile.XXXXXX")" --host-resolver-rules="MAP * ~NOTFOUND" \
    --enable-logging=stderr --v=0 --window-size=1280,1600 --virtual-time-budget=5000 \
    --run-all-compositor-stages-before-draw "$@" --dump-dom "$url" \
    >"$tmp/$name.dom" 2>"$tmp/$name.log" || rc=$?
  if [ "$rc" -ne 0 ]; then
    echo "FAIL: chromium exited with $rc on $url; its log:"
    tail -n 30 "$tmp/$name.log"
    exit 1
  fi
}
run_browser page "file://$tmp/report/report.html"
run_browser probe "file://$tmp/probe/probe.html" --allow-file-access-from-files

python3 - "$tmp" <<'PY'
import html, html.parser, json, re, sys

tmp = sys.argv[1]
failures = []
def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)

# 1. The report alone: rendered DOM and console.
class Tags(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.count, self.classes = {}, set()
    def handle_starttag(self, tag, attrs):
        self.count[tag] = self.count.get(tag, 0) + 1
        for k, v in attrs:
            if k == "class" and v:
                self.classes.update(v.split())
dom = open(f"{tmp}/page.dom", encoding="utf-8").read()
tags = Tags()
tags.feed(dom)
check("summary" in tags.classes, "rendered DOM has the summary table (table.summary)")
check("pair" in tags.classes, "rendered DOM has side-by-side pair tables (table.pair)")
for t in ("mark", "del", "ins"):
    check(tags.count.get(t, 0) > 0, f"rendered DOM has <{t}> elements ({tags.count.get(t, 0)})")
for name in ("page", "probe"):
    console = [l.strip() for l in open(f"{tmp}/{name}.log", encoding="utf-8", errors="replace")
               if ":CONSOLE" in l]
    check(not console, f"no console message while showing the {name} ({len(console)})")
    for l in console[:10]:
        print("       " + l)

# 2. The laid-out page, as read by probe.html.
m = re.search(r'<pre id="probe">(.*?)</pre>', open(f"{tmp}/probe.dom", encoding="utf-8").read(), re.S)
facts = json.loads(html.unescape(m.group(1))) if m else {"status": "probe page did not render"}
check(facts.get("status") == "ok", f"probe read the report ({facts.get('status')})")
if facts.get("status") != "ok":
    sys.exit(1)

s = facts["summary"]
check(s["first_table"] and s["above_pairs"], "summary table is the first table, above the pairs")
check(s["rows"].get("documents") == "5", f"summary: documents = 5 ({s['rows'].get('documents')})")
check(any(k.startswith("paragraph pairs") for k in s["rows"]), "summary counts paragraph pairs")
check(facts["stories"] and all(p["story"] for p in facts["pairs"]),
      f"pairs are grouped under story headings ({len(facts['stories'])} stories)")

def has(cell, text):
    return text.lower() in " ".join(cell["text"].split()).lower()
culp = [p for p in facts["pairs"]
        if "001_5d173cefb2dd4a82.txt" in p["heading"] and "003_9bee61d7edc018f9.txt" in p["heading"]
        and all(has(c, "admit their culpability") for c in p["cells"])]
check(bool(culp), "pair 001/003 shows the admit-culpability paragraph on both sides")
if culp:
    a, b = culp[0]["cells"]
    check(a["mark"] > 0 and b["mark"] > 0, "pair 001/003: matched runs marked on both sides")
    check(a["del"] > 0 and b["ins"] > 0, "pair 001/003: words only on the left are <del>, only on the right <ins>")
    check("001_5d173cefb2dd4a82.txt" in a["text"] and "003_9bee61d7edc018f9.txt" in b["text"],
          "pair 001/003: each side names its article")
# Site furniture (issue 17) is reported, labelled, and folded into one section at the end of the
# page instead of being shown as side-by-side pairs.
for text in ("Leave a Reply", "Your email address will not be published"):
    check(not any(all(has(c, text) for c in p["cells"]) for p in facts["pairs"]),
          f"site furniture ('{text}') is not shown as a side-by-side pair")
    check(dom.find("Site furniture</h2>") >= 0 and dom.find(text, dom.find("Site furniture</h2>")) >= 0,
          f"site furniture ('{text}') is listed in the 'Site furniture' section")

side = [p for p in facts["pairs"] if len(p["cells"]) == 2]
check(len(side) == len(facts["pairs"]) and all(
    c0["right"] <= c1["left"] + 1 and abs(c0["top"] - c1["top"]) < 2 and min(c0["width"], c1["width"]) >= 300
    for c0, c1 in (p["cells"] for p in side)), f"all {len(facts['pairs'])} pairs are two columns side by side")

def luminance(c):
    def ch(v):
        v /= 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
    return 0.2126 * ch(c[0]) + 0.7152 * ch(c[1]) + 0.0722 * ch(c[2])
def contrast(x, y):
    hi, lo = sorted((luminance(x), luminance(y)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)
bgs = {}
for tag in ("mark", "del", "ins"):
    els = [e for e in facts["marks"] if e["tag"] == tag and e["in_pair"]]
    check(bool(els), f"<{tag}> present in the side-by-side pairs ({len(els)})")
    bad = [e for e in els if not e["visible"] or e["bg"] is None or e["bg"][3] == 0
           or e["bg"][:3] == e["under"][:3] or contrast(e["color"], e["bg"]) < 4.5]
    check(not bad, f"every <{tag}> is visible, has its own background and readable text (contrast >= 4.5)")
    for e in bad[:3]:
        print("       " + json.dumps(e))
    bgs[tag] = {tuple(e["bg"]) for e in els if e["bg"]}
check(not (bgs["mark"] & bgs["del"]) and not (bgs["mark"] & bgs["ins"]) and not (bgs["del"] & bgs["ins"]),
      "<mark>, <del> and <ins> have different colours")
check(not facts["external"], f"no external resource referenced or loaded ({facts['external'][:5]})")
check(facts["scroll_width"] <= facts["viewport_width"],
      f"no horizontal scrolling ({facts['scroll_width']} <= {facts['viewport_width']} px)")
if failures:
    print(f"{len(failures)} check(s) failed")
    sys.exit(1)
print("all checks passed")
PY
