#!/usr/bin/env python3
"""Scores a neardup scan of a generated corpus against its truth.jsonl (see gen_corpus.py).

Reads the scan's JSONL (a path, or stdin with "-" or no path): "pair" records are the reported
pairs; "cluster" records with "pairs_elided": true stand for every pair of identical paragraphs
among their members (identical = same text_hash in the truth); other record types are ignored.

Definitions
  true pair      two paragraphs (in one document or two) derived from the same wire source
                 paragraph, i.e. the same (story, source_para) in the truth.
  edit-rate bucket of a pair = MAX(edit_rate of side a, edit_rate of side b); each edit rate is
                 relative to the wire source, so two sides each edited at 5% land in bucket 0.05
                 although they differ from each other by up to ~10%.
  pair edit rate = edit_rate(a) + edit_rate(b): roughly how far the two sides are from each
                 other; recall is also listed by this value.
  precision      over reported content pairs (every pair except boilerplate-boilerplate ones):
                 correct when both sides derive from the same (story, source_para).
  boilerplate    paragraphs of kind furniture or byline. Boilerplate-boilerplate pairs are scored
                 on their own: correct when the two texts are identical (same text_hash); they
                 never count toward precision, recall or F1 above.
  F1             harmonic mean of precision and recall over all content buckets.

Exit status: 0, or 1 when a --min-recall / --min-precision floor is missed (or the inputs cannot be
read), 2 on bad usage.

Examples:
  neardup scan DIR/corpus.jsonl --format jsonl | scripts/score.py --truth DIR/truth.jsonl
  scripts/score.py --truth DIR scan.jsonl --min-recall 0:1.0 --min-recall 0.05:0.95 \\
      --min-precision 0.99
"""

import argparse
import json
import sys
from collections import Counter, defaultdict

BOILERPLATE_KINDS = ("furniture", "byline")


def rate_key(r):
    return round(float(r), 4)


def fmt_rate(r):
    return ("%.4f" % r).rstrip("0").rstrip(".") if r else "0"


class Truth:
    """Every paragraph of the corpus, addressed by a dense unit id."""

    def __init__(self, path):
        self.base = {}      # doc id -> unit id of its paragraph 0
        self.count = {}     # doc id -> paragraphs
        self.label = []     # unit -> (story, source_para) | ("B", hash) | None
        self.rate = []      # unit -> edit rate (wire paragraphs)
        self.hash = []      # unit -> text_hash
        self.kind = []
        with open(path, encoding="utf-8") as f:
            for lineno, line in enumerate(f, 1):
                if not line.strip():
                    continue
                try:
                    r = json.loads(line)
                    doc, para = r["doc"], r["para"]
                    if doc not in self.base:
                        self.base[doc] = len(self.label)
                        self.count[doc] = 0
                    if para != self.count[doc] or self.base[doc] + para != len(self.label):
                        raise ValueError("paragraphs of a document must be listed in order")
                    self.count[doc] += 1
                    kind = r["kind"]
                    if r.get("story") is not None:
                        label = (r["story"], r["source_para"])
                    elif kind in BOILERPLATE_KINDS:
                        label = ("B", r["text_hash"])
                    else:
                        label = None
                    self.label.append(label)
                    self.rate.append(rate_key(r.get("edit_rate") or 0))
                    self.hash.append(r.get("text_hash"))
                    self.kind.append(kind)
                except (ValueError, KeyError, TypeError) as e:
                    raise SystemExit("error: %s:%d: %s" % (path, lineno, e))

    def unit(self, ref):
        doc = ref.get("doc")
        para = ref.get("para")
        if doc not in self.base or not isinstance(para, int) or not 0 <= para < self.count[doc]:
            return None
        return self.base[doc] + para

    def is_boiler(self, u):
        return self.kind[u] in BOILERPLATE_KINDS

    def is_wire(self, u):
        lab = self.label[u]
        return lab is not None and lab[0] != "B"


class Score:
    def __init__(self, truth):
        self.t = truth
        self.found = Counter()        # max-rate bucket -> true pairs reported
        self.found_sum = Counter()    # pair edit rate -> true pairs reported
        self.fp = 0
        self.fp_kinds = Counter()
        self.boiler_reported = 0
        self.boiler_identical = 0
        self.unknown = 0
        self.records = 0
        self.seen = set()
        self.boiler_group = {}        # unit -> identical boilerplate group it was counted with
        self.group_ids = []
        self.boiler_explicit = defaultdict(list)  # text_hash -> identical boilerplate pairs listed
        self.summary = None
        self.elided_clusters = 0

    def add(self, a, b):
        """One reported pair of unit ids (deduplicated here)."""
        if a == b:
            return
        if a > b:
            a, b = b, a
        key = (a, b)
        if key in self.seen:
            return
        g = self.boiler_group.get(a)
        if g is not None and g == self.boiler_group.get(b):
            return  # already counted with its whole identical group
        self.seen.add(key)
        t = self.t
        if t.is_boiler(a) and t.is_boiler(b):
            self.boiler_reported += 1
            if t.hash[a] == t.hash[b]:
                self.boiler_identical += 1
                self.boiler_explicit[t.hash[a]].append(key)
            return
        la, lb = t.label[a], t.label[b]
        if t.is_wire(a) and la == lb:
            ra, rb = t.rate[a], t.rate[b]
            self.found[max(ra, rb)] += 1
            self.found_sum[rate_key(ra + rb)] += 1
        else:
            self.fp += 1
            self.fp_kinds["/".join(sorted((t.kind[a], t.kind[b])))] += 1

    def add_elided_cluster(self, units):
        """Every identical-text pair among a cluster's members counts as reported."""
        self.elided_clusters += 1
        groups = defaultdict(list)
        for u in units:
            groups[self.t.hash[u]].append(u)
        for members in groups.values():
            boiler = [u for u in members if self.t.is_boiler(u)]
            other = [u for u in members if not self.t.is_boiler(u)]
            for i, u in enumerate(other):  # few: enumerate
                for v in other[i + 1:] + boiler:
                    self.add(u, v)
            if len(boiler) < 2:
                continue
            # Identical boilerplate can run to millions of pairs: count them instead.
            gid = len(self.group_ids) + 1
            self.group_ids.append(gid)
            fresh = [u for u in boiler if u not in self.boiler_group]
            n_old = len(boiler) - len(fresh)
            pairs = len(fresh) * (len(fresh) - 1) // 2 + len(fresh) * n_old
            # Pairs of this set already listed one by one were counted then: take them off.
            inset = set(boiler)
            explicit = self.boiler_explicit[self.t.hash[boiler[0]]]
            dup = sum(1 for (x, y) in explicit if x in inset and y in inset)
            self.boiler_reported += pairs - dup
            self.boiler_identical += pairs - dup
            for u in boiler:
                self.boiler_group[u] = gid

    def read_scan(self, f, name):
        for lineno, line in enumerate(f, 1):
            line = line.strip()
            if not line:
                continue
            try:
                r = json.loads(line)
            except ValueError as e:
                raise SystemExit("error: %s:%d: not JSON: %s" % (name, lineno, e))
            typ = r.get("type") if isinstance(r, dict) else None
            if typ == "pair":
                self.records += 1
                try:
                    a, b = self.t.unit(r["a"]), self.t.unit(r["b"])
                except (KeyError, AttributeError, TypeError):
                    raise SystemExit("error: %s:%d: pair without 'a'/'b' objects" % (name, lineno))
                if a is None or b is None:
                    self.unknown += 1
                    self.fp += 1
                    self.fp_kinds["unknown"] += 1
                    continue
                self.add(a, b)
            elif typ == "cluster" and r.get("pairs_elided"):
                units = [self.t.unit(m) for m in r.get("members", [])]
                self.unknown += sum(1 for u in units if u is None)
                self.add_elided_cluster([u for u in units if u is not None])
            elif typ == "summary":
                self.summary = r


def true_pair_totals(truth):
    """(pairs by max-rate bucket, pairs by pair edit rate, boilerplate identical pairs)."""
    groups = defaultdict(Counter)
    boiler = Counter()
    for u, lab in enumerate(truth.label):
        if lab is None:
            continue
        if lab[0] == "B":
            boiler[lab[1]] += 1
        else:
            groups[lab][truth.rate[u]] += 1
    by_max, by_sum = Counter(), Counter()
    for rates in groups.values():
        items = sorted(rates.items())
        for i, (r1, c1) in enumerate(items):
            same = c1 * (c1 - 1) // 2
            by_max[r1] += same
            by_sum[rate_key(2 * r1)] += same
            for r2, c2 in items[i + 1:]:
                by_max[r2] += c1 * c2
                by_sum[rate_key(r1 + r2)] += c1 * c2
    boiler_pairs = sum(c * (c - 1) // 2 for c in boiler.values())
    return by_max, by_sum, boiler_pairs


def ratio(a, b):
    return a / b if b else None


def parse_floor(text):
    rate, sep, value = text.partition(":")
    try:
        if not sep:
            raise ValueError
        return rate_key(rate), float(value)
    except ValueError:
        raise argparse.ArgumentTypeError("expected RATE:VALUE, e.g. 0.05:0.95, got %r" % text)


def score_derived(truth_path, scan, args):
    """Document verdicts on a gen_corpus.py --derived corpus: for each text, the verdict of its
    "docpair" record with its topic's source (no record = non-derived). Returns (result, failures).
    """
    level, source = {}, {}
    with open(truth_path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                r = json.loads(line)
                level[r["doc"]] = r["level"]
                source[r["doc"]] = r["source"]
    verdict = {}
    for line in scan:
        line = line.strip()
        if not line:
            continue
        r = json.loads(line)
        if isinstance(r, dict) and r.get("type") == "docpair":
            verdict[(r["a"], r["b"])] = r
            verdict[(r["b"], r["a"])] = r
    rows = defaultdict(Counter)
    others = Counter()
    for doc, lev in level.items():
        if lev == "source":
            continue
        rec = verdict.get((doc, source[doc]))
        v = rec["verdict"] if rec else "non-derived"
        rows[lev]["texts"] += 1
        rows[lev][v] += 1
        if v != "non-derived":
            rows[lev]["derived"] += 1
    for (a, b), rec in verdict.items():  # derived verdicts between two non-source texts
        if a < b and level.get(a) != "source" and level.get(b) != "source" and \
                rec["verdict"] != "non-derived":
            others["%s/%s" % tuple(sorted((level.get(a, "?"), level.get(b, "?"))))] += 1
    result = {"levels": {lev: dict(c) for lev, c in sorted(rows.items())},
              "derived_between_texts": dict(sorted(others.items()))}
    failures = []
    for lev, floor in args.min_derived:
        c = rows.get(lev, Counter())
        got = c["derived"] / c["texts"] if c["texts"] else None
        if got is None or got < floor:
            failures.append("%s: %s of %d texts judged derived, want >= %g" %
                            (lev, c["derived"], c["texts"], floor))
    for lev, most in args.max_derived:
        c = rows.get(lev, Counter())
        if c["derived"] > most:
            failures.append("%s: %d of %d texts judged derived, want <= %d" %
                            (lev, c["derived"], c["texts"], most))
    return result, failures


def parse_level_floor(text):
    lev, sep, value = text.partition(":")
    try:
        if not sep or not lev:
            raise ValueError
        return lev, float(value)
    except ValueError:
        raise argparse.ArgumentTypeError("expected LEVEL:VALUE, e.g. light:0.9, got %r" % text)


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], epilog=__doc__[
        __doc__.index("Definitions"):], formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("scan", nargs="?", default="-", help="neardup scan JSONL (default: stdin)")
    p.add_argument("--truth", required=True,
                   help="truth.jsonl written by gen_corpus.py, or the folder holding it")
    p.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    p.add_argument("--min-recall", type=parse_floor, action="append", default=[],
                   metavar="RATE:VALUE",
                   help="exit 1 unless recall in edit-rate bucket RATE (max of the two sides) "
                        "is >= VALUE; repeatable")
    p.add_argument("--min-precision", type=float, metavar="VALUE",
                   help="exit 1 unless content precision is >= VALUE")
    p.add_argument("--min-derived", type=parse_level_floor, action="append", default=[],
                   metavar="LEVEL:SHARE",
                   help="derived corpus: exit 1 unless at least SHARE of the texts at LEVEL "
                        "(cut, light, heavy, non) are judged derived from their source")
    p.add_argument("--max-derived", type=parse_level_floor, action="append", default=[],
                   metavar="LEVEL:COUNT",
                   help="derived corpus: exit 1 when more than COUNT texts at LEVEL are judged "
                        "derived from their source")
    args = p.parse_args(argv)

    truth_path = args.truth
    if not truth_path.endswith(".jsonl"):
        truth_path = truth_path.rstrip("/") + "/truth.jsonl"
    with open(truth_path, encoding="utf-8") as f:
        first = f.readline()
    if '"level"' in first:  # a gen_corpus.py --derived corpus: score document verdicts
        if args.scan == "-":
            result, failures = score_derived(truth_path, sys.stdin, args)
        else:
            with open(args.scan, encoding="utf-8") as f:
                result, failures = score_derived(truth_path, f, args)
        if args.json:
            print(json.dumps(result))
        else:
            print("document verdicts against the topic's source:")
            print("  %-7s %6s %8s %8s %8s" % ("level", "texts", "wholly", "partly", "derived"))
            for lev in ("cut", "light", "heavy", "non"):
                c = result["levels"].get(lev, {})
                print("  %-7s %6d %8d %8d %8d" % (lev, c.get("texts", 0), c.get("wholly-derived", 0),
                                                 c.get("partially-derived", 0), c.get("derived", 0)))
            if result["derived_between_texts"]:
                print("derived verdicts between two texts (not a source): " + ", ".join(
                    "%s %d" % kv for kv in result["derived_between_texts"].items()))
        for msg in failures:
            print("FAIL: " + msg, file=sys.stderr)
        return 1 if failures else 0
    try:
        truth = Truth(truth_path)
    except OSError as e:
        print("error: cannot read truth: %s" % e, file=sys.stderr)
        return 1
    score = Score(truth)
    try:
        if args.scan == "-":
            score.read_scan(sys.stdin, "<stdin>")
        else:
            with open(args.scan, encoding="utf-8") as f:
                score.read_scan(f, args.scan)
    except OSError as e:
        print("error: cannot read scan: %s" % e, file=sys.stderr)
        return 1

    by_max, by_sum, boiler_true = true_pair_totals(truth)
    tp = sum(score.found.values())
    total = sum(by_max.values())
    precision = ratio(tp, tp + score.fp)
    recall = ratio(tp, total)
    f1 = (2 * precision * recall / (precision + recall)
          if precision and recall else (0.0 if precision is not None and recall is not None
                                        else None))
    boiler_found = score.boiler_identical
    result = {
        "paragraphs": len(truth.label),
        "documents": len(truth.base),
        "pair_records": score.records,
        "elided_clusters": score.elided_clusters,
        "unknown_units": score.unknown,
        "content": {"reported": tp + score.fp, "correct": tp, "false": score.fp,
                    "precision": precision, "true_pairs": total, "recall": recall, "f1": f1,
                    "false_by_kind": dict(sorted(score.fp_kinds.items()))},
        "recall_by_edit_rate": [
            {"edit_rate": r, "true_pairs": by_max[r], "found": score.found[r],
             "recall": ratio(score.found[r], by_max[r])} for r in sorted(by_max)],
        "recall_by_pair_edit_rate": [
            {"pair_edit_rate": r, "true_pairs": by_sum[r], "found": score.found_sum[r],
             "recall": ratio(score.found_sum[r], by_sum[r])} for r in sorted(by_sum)],
        "boilerplate": {"reported": score.boiler_reported, "identical": score.boiler_identical,
                        "true_pairs": boiler_true, "recall": ratio(boiler_found, boiler_true)},
    }

    warnings = []
    if score.unknown:
        warnings.append("%d reported paragraphs are not in the truth (paragraph indexing differs?)"
                        % score.unknown)
    if score.summary is not None:
        n = score.summary.get("paragraphs")
        if isinstance(n, int) and n != len(truth.label):
            warnings.append("the scan saw %d paragraphs, the truth lists %d" % (n, len(truth.label)))

    failures = []
    for rate, floor in args.min_recall:
        got = ratio(score.found[rate], by_max[rate])
        if got is None:
            failures.append("no true pairs in edit-rate bucket %s" % fmt_rate(rate))
        elif got < floor:
            failures.append("recall at edit rate %s is %.4f < %g (%d of %d pairs)" %
                            (fmt_rate(rate), got, floor, score.found[rate], by_max[rate]))
    if args.min_precision is not None:
        if precision is None:
            failures.append("no content pairs reported: precision undefined")
        elif precision < args.min_precision:
            failures.append("precision is %.4f < %g (%d false of %d)" %
                            (precision, args.min_precision, score.fp, tp + score.fp))
    result["failures"] = failures
    result["warnings"] = warnings

    if args.json:
        print(json.dumps(result, indent=None, sort_keys=False))
    else:
        print_text(result)
    for w in warnings:
        print("warning: " + w, file=sys.stderr)
    for msg in failures:
        print("FAIL: " + msg, file=sys.stderr)
    return 1 if failures else 0


def pct(x):
    return "   n/a" if x is None else "%6.4f" % x


def print_text(r):
    c = r["content"]
    print("corpus: %d documents, %d paragraphs; scan: %d pair records, %d elided clusters"
          % (r["documents"], r["paragraphs"], r["pair_records"], r["elided_clusters"]))
    print("precision %s  (%d correct of %d reported content pairs)"
          % (pct(c["precision"]), c["correct"], c["reported"]))
    print("recall    %s  (%d of %d true pairs)" % (pct(c["recall"]), c["correct"], c["true_pairs"]))
    print("F1        %s" % pct(c["f1"]))
    print("recall by edit rate (bucket = max of the two sides' rates vs the source):")
    print("  %-9s %9s %9s %8s" % ("rate", "true", "found", "recall"))
    for b in r["recall_by_edit_rate"]:
        print("  %-9s %9d %9d %8s" % (fmt_rate(b["edit_rate"]), b["true_pairs"], b["found"],
                                       pct(b["recall"])))
    print("recall by pair edit rate (sum of both sides' rates ~ distance between them):")
    print("  %-9s %9s %9s %8s" % ("pair rate", "true", "found", "recall"))
    for b in r["recall_by_pair_edit_rate"]:
        print("  %-9s %9d %9d %8s" % (fmt_rate(b["pair_edit_rate"]), b["true_pairs"], b["found"],
                                       pct(b["recall"])))
    bp = r["boilerplate"]
    print("boilerplate (scored apart): %d pairs reported, %d identical; recall of identical pairs "
          "%s (%d true)" % (bp["reported"], bp["identical"], pct(bp["recall"]).strip(),
                            bp["true_pairs"]))
    if c["false_by_kind"]:
        print("false pairs by kinds: " +
              ", ".join("%s %d" % kv for kv in c["false_by_kind"].items()))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
