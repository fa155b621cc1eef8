#!/usr/bin/python3
"""Every option of every command acts or is refused (issue 19).

The options are read from each command's --help, so an option added without a probe here fails
the sweep. Each probe runs the command with the option and compares what the run gives (exit
code, stdout, stderr, the files it wrote) with the same run without it:
  differs  - something must differ;
  refused  - exit 2 with an error naming the option (or the mode it does not apply to);
  base     - the option is part of every run of the command: leaving it out must be refused.
  same     - only for options whose contract is that the output does not change (threads, the
             index's commit batching and fsync); each such option needs a `refused` probe too.
Commands with --mode are probed in both modes: an option must act, or be refused, in each.
Usage: option_sweep.py NEARDUP SOURCE_DIR
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

NEARDUP, ROOT = sys.argv[1], sys.argv[2]
SEEDS = os.path.join(ROOT, "data", "seeds")
GOLD = os.path.join(ROOT, "data", "gold", "seeds.gold.jsonl")
WORK = tempfile.mkdtemp(prefix="neardup-sweep-")
FIX = os.path.join(WORK, "fixtures")
os.makedirs(FIX)


def fixtures():
    """seeds.jsonl (id, doc_id, text, body, a bad-UTF-8 record, a malformed line), empty/."""
    docs = []
    for name in sorted(os.listdir(SEEDS)):
        with open(os.path.join(SEEDS, name), encoding="utf-8") as f:
            docs.append((name, f.read()))
    with open(os.path.join(FIX, "seeds.jsonl"), "wb") as f:
        for i, (name, text) in enumerate(docs):
            paras = text.split("\n\n")
            rec = {"id": name, "doc_id": "d%d" % i, "text": text,
                   "body": "\n\n".join(paras[len(paras) // 2:] + paras[:len(paras) // 2])}
            f.write(json.dumps(rec).encode() + b"\n")
        # A copy of the first document with ill-formed UTF-8 (--invalid-utf8 skip drops it).
        bad = json.dumps({"id": "bad-utf8", "text": docs[0][1][:600] + "@BAD@"}, ensure_ascii=False)
        f.write(bad.encode().replace(b"@BAD@", b"\xff\xfe") + b"\n")
        # A copy of the second document; the third with every sixth word left out (Jaccard of
        # 3-shingles ~0.4); every third word of the fourth's paragraphs beside every third of the
        # fifth's (Ochiai ~0.4 with each); a quarter of the fourth and new text (coverage ~0.25).
        def record(i, text):
            f.write(json.dumps({"id": i, "doc_id": i[0], "text": text}).encode() + b"\n")
        record("copy", docs[1][1])
        paras = [p.split(" ") for p in docs[2][1].split("\n\n")]
        record("edited", "\n\n".join(" ".join(w for i, w in enumerate(p) if i % 6 != 5)
                                     for p in paras))
        p3, p4 = docs[3][1].split("\n\n"), docs[4][1].split("\n\n")
        record("mixed", "\n\n".join(" ".join(a.split(" ")[::3] + b.split(" ")[1::3])
                                    for a, b in zip(p3, p4)))
        new = ["Paragraph %d of new text about %s and %s, with %s." % (i, a, b, c)
               for i, (a, b, c) in enumerate(zip(["gardens", "rivers", "trains"] * 9,
                                                 ["orchards", "bridges", "harbours"] * 9,
                                                 ["music", "bread", "ink"] * 9))]
        record("partial", "\n\n".join(p3[:len(p3) // 4] + new[:3 * len(p3) // 4]))
        f.write(b'{"id": "broken", "text": \n')  # malformed: skipped, or fatal with --strict
    os.makedirs(os.path.join(FIX, "empty"))
    # A generated corpus of many near-threshold copies: LSH settings (--num-perm, --seed, --exact)
    # change which pairs are found, and its size passes a small --memory-limit.
    subprocess.run(["/usr/bin/python3", os.path.join(ROOT, "scripts", "gen_corpus.py"), "--out",
                    os.path.join(FIX, "gen"), "--seed", "7", "--stories", "20", "--outlets", "5",
                    "--quiet"], check=True)
    # Copies whose words are substituted: the copies in context (--context-min-score) find some.
    subprocess.run(["/usr/bin/python3", os.path.join(ROOT, "scripts", "gen_corpus.py"), "--out",
                    os.path.join(FIX, "subst"), "--seed", "11", "--stories", "10", "--outlets", "5",
                    "--edit-rates", "0.3", "--edit-weights", "1", "--edit-ops", "substitute",
                    "--quiet"], check=True)
    # An index for query / index commands, and a scan report for eval --pairs / --reference.
    subprocess.run([NEARDUP, "filter", "--mode", "lexical", "--index", os.path.join(FIX, "idx"),
                    "--no-fsync", os.path.join(FIX, "seeds.jsonl")], check=True,
                   capture_output=True)
    for name, extra in (("pairs.jsonl", ["--threshold", "0.3"]), ("exact.jsonl", ["--exact"])):
        subprocess.run([NEARDUP, "scan", SEEDS, "--mode", "lexical", "--format", "jsonl", "-q",
                        "-o", os.path.join(FIX, name)] + extra, check=True)


def help_options(argv):
    out = subprocess.run([NEARDUP] + argv + ["--help"], capture_output=True, text=True).stdout
    names = re.findall(r"^\s+(?:-\w \[ )?--([a-z0-9-]+)", out, re.M)
    return [n for n in names if n != "help"]


def run(argv, fresh_index=None):
    """(exit, stdout, stderr, files) of one run in a fresh folder; {out} names a file in it."""
    d = tempfile.mkdtemp(dir=WORK)
    argv = [a.replace("{dir}", d) for a in argv]
    if fresh_index:
        shutil.copytree(fresh_index, os.path.join(d, "idx"))
    p = subprocess.run([NEARDUP] + argv, capture_output=True, cwd=d, timeout=300)
    files = {}
    for dirpath, _, names in os.walk(d):
        for n in names:
            path = os.path.join(dirpath, n)
            rel = os.path.relpath(path, d)
            if rel.startswith("idx" + os.sep):
                continue  # an index's bytes hold times; `stats` is compared instead
            with open(path, "rb") as f:
                files[rel] = f.read()
    if os.path.isdir(os.path.join(d, "idx")):
        st = subprocess.run([NEARDUP, "index", "stats", os.path.join(d, "idx"), "--format",
                             "json"], capture_output=True, text=True).stdout
        # Times and the file's size (LMDB's page use follows the commit batching) are not
        # compared.
        files["idx:stats"] = re.sub(r'"((oldest|newest)_added[a-z_]*|file_bytes)":[^,]*,', "",
                                    st.replace(d, "{dir}"))
    stderr = p.stderr.decode(errors="replace").replace(d, "{dir}")
    stdout = p.stdout.decode(errors="replace").replace(d, "{dir}")
    shutil.rmtree(d)
    return p.returncode, stdout, stderr, files


# Per command: the arguments of every run, then per option a list of probes
# (modes or None, extra arguments, expectation[, input override]).
IN_JSONL = os.path.join(FIX, "seeds.jsonl")
GEN = os.path.join(FIX, "gen", "corpus.jsonl")
SUBST = os.path.join(FIX, "subst", "corpus.jsonl")
BOTH = ("lexical", "reworded")
LEX, REW = ("lexical",), ("reworded",)
MATCHING = {
    "mode": [(LEX, ["--mode", "reworded"], "differs"), (REW, ["--mode", "sideways"], "refused")],
    "ngram": [(LEX, ["--ngram", "1"], "differs"), (REW, ["--ngram", "1"], "refused")],
    "num-perm": [(BOTH, ["--num-perm", "16"], "differs", GEN)],
    "threshold": [(LEX, ["--threshold", "0.2"], "differs"), (REW, ["--threshold", "0.95"], "differs")],
    "lsh-threshold": [(LEX, ["--lsh-threshold", "0.9"], "refused"),
                      (REW, ["--lsh-threshold", "0.9"], "differs", GEN)],
    "context-min-score": [(LEX, ["--context-min-score", "0"], "refused"),
                          (REW, ["--context-min-score", "0"], "differs", SUBST)],
    # With 8 MinHash values LSH misses pairs: the seed changes which, --exact finds them all.
    "seed": [(REW, ["--seed", "7"], "differs", GEN, ["--num-perm", "8"]),
             (LEX, ["--seed", "7"], "differs", GEN, ["--num-perm", "2"])],
    "exact": [(REW, ["--exact"], "differs", GEN, ["--num-perm", "8"]),
              (LEX, ["--exact"], "differs", GEN, ["--num-perm", "2"])],
    "max-group-pairs": [(BOTH, ["--max-group-pairs", "0"], "differs")],
}
INPUT = {
    "id-field": [(BOTH, ["--id-field", "doc_id"], "differs", IN_JSONL)],
    "text-field": [(BOTH, ["--text-field", "body"], "differs", IN_JSONL)],
    "invalid-utf8": [(BOTH, ["--invalid-utf8", "skip"], "differs", IN_JSONL)],
    "strict": [(BOTH, ["--strict"], "differs", IN_JSONL)],
    "threads": [(BOTH, ["--threads", "1"], "same"), (BOTH, ["--threads", "-1"], "refused")],
    "quiet": [(BOTH, ["--quiet"], "differs")],
}
CORPUS = {
    "allow-empty": [(BOTH, ["--allow-empty"], "differs", os.path.join(FIX, "empty"))],
    "progress": [(BOTH, ["--progress", "always"], "differs"),
                 (BOTH, ["--progress", "sometimes"], "refused")],
    "memory-limit": [(BOTH, ["--memory-limit", "1K"], "differs", GEN)],
}
SWEEP = {
    "scan": {
        "args": ["scan", "{in}", "-o", "{dir}/out"],
        "input": SEEDS,
        "options": {**MATCHING, **INPUT, **CORPUS, **{
            "output": [(BOTH, ["-o", "-"], "differs")],
            "format": [(BOTH, ["--format", "text"], "differs")],
            "html": [(BOTH, ["--html", "{dir}/page.html"], "differs")],
            "explain": [(LEX, ["--format", "text", "--explain"], "refused"),
                        (REW, ["--format", "text", "--explain"], "differs"),
                        (BOTH, ["--format", "jsonl", "--explain"], "refused")],
            "timings": [(BOTH, ["--timings"], "differs")],
            "level": [(BOTH, ["--level", "document"], "differs")],
            # Added by the HTML report's work: each needs its probe here.
            "html-max-pairs": [(BOTH, ["--html", "{dir}/p.html", "--html-max-pairs", "1"], "differs")],
            "title-field": [(BOTH, ["--html", "{dir}/p.html", "--title-field", "doc_id"], "differs", IN_JSONL)],
            "source-field": [(BOTH, ["--html", "{dir}/p.html", "--source-field", "doc_id"], "differs", IN_JSONL)],
            "date-field": [(BOTH, ["--html", "{dir}/p.html", "--date-field", "doc_id"], "differs", IN_JSONL)],
            "url-field": [(BOTH, ["--html", "{dir}/p.html", "--url-field", "doc_id"], "differs", IN_JSONL)],
        }},
    },
    "dedup": {
        "args": ["dedup", "{in}", "-o", "{dir}/out"],
        "input": IN_JSONL,
        "options": {**{k: v for k, v in MATCHING.items() if k != "max-group-pairs"}, **INPUT,
                    **CORPUS, **{
            "output": [(BOTH, ["-o", "-"], "differs")],
            "removed": [(BOTH, ["--removed", "{dir}/removed"], "differs")],
            # The records are written back as they came: the ids show in the removed list.
            "id-field": [(BOTH, ["--id-field", "doc_id"], "differs", IN_JSONL,
                          ["--removed", "{dir}/rm"])],
            "cluster-field": [(BOTH, ["--cluster-field", "cl"], "differs")],
            "level": [(BOTH, ["--level", "document"], "differs")],
        }},
    },
    "eval": {
        "args": ["eval", "{in}", "--format", "jsonl", "-o", "{dir}/out"],
        "input": SEEDS,
        "options": {**MATCHING, **INPUT, **{k: v for k, v in CORPUS.items() if k != "memory-limit"}, **{
            "id-field": [(BOTH, ["--id-field", "doc_id"], "differs", IN_JSONL, ["--gold", GOLD])],
            "output": [(BOTH, ["-o", "-"], "differs")],
            "format": [(BOTH, ["--format", "text"], "differs")],
            "gold": [(BOTH, ["--gold", GOLD], "differs")],
            "pairs": [(BOTH, ["--pairs", os.path.join(FIX, "pairs.jsonl")], "differs")],
            "reference": [(BOTH, ["--reference", os.path.join(FIX, "pairs.jsonl")], "differs")],
            "no-exact": [(BOTH, ["--no-exact"], "differs")],
            "cross-doc-only": [(BOTH, ["--cross-doc-only"], "differs", SEEDS, ["--gold", GOLD])],
        }},
    },
    "filter": {
        "args": ["filter", "--index", "{dir}/idx", "--no-fsync", "{in}"],
        "input": IN_JSONL,
        "fresh_index": None,
        "options": {
            "index": [(BOTH, [], "base")],
            "no-fsync": [(BOTH, [], "base-same")],
            "drop-duplicates": [(BOTH, ["--drop-duplicates"], "differs")],
            "verdicts-only": [(BOTH, ["--verdicts-only"], "differs")],
            "batch": [(BOTH, ["--batch", "1"], "same"), (BOTH, ["--batch", "0"], "refused")],
            "duplicate-coverage": [(BOTH, ["--duplicate-coverage", "0.05"], "differs")],
            "mode": [(LEX, ["--mode", "reworded"], "differs"), (REW, ["--mode", "x"], "refused")],
            "ngram": [(LEX, ["--ngram", "1"], "differs"), (REW, ["--ngram", "1"], "refused")],
            "num-perm": [(BOTH, ["--num-perm", "16"], "differs")],
            "threshold": [(BOTH, ["--threshold", "0.2"], "differs")],
            "seed": [(BOTH, ["--seed", "7"], "differs")],
            **{k: v for k, v in INPUT.items() if k not in ("threads", "invalid-utf8")},
        },
    },
    "query": {
        "args": ["query", "--index", "{dir}/idx", "{in}"],
        "input": IN_JSONL,
        "fresh_index": os.path.join(FIX, "idx"),
        "options": {
            "index": [(None, [], "base")],
            "threshold": [(None, ["--threshold", "0.2"], "differs")],
            "duplicate-coverage": [(None, ["--duplicate-coverage", "0.05"], "differs")],
            **{k: [(None,) + p[1:] for p in v] for k, v in INPUT.items() if k not in ("threads", "invalid-utf8")},
        },
    },
    "index stats": {
        "args": ["index", "stats", "--index", "{dir}/idx", "--format", "json"],
        "fresh_index": os.path.join(FIX, "idx"),
        "options": {"index": [(None, [], "base")], "verify": [(None, ["--verify"], "differs")],
                    "format": [(None, ["--format", "text"], "differs")]},
    },
    "index remove": {
        "args": ["index", "remove", "--index", "{dir}/idx", "--id", "bad-utf8"],
        "fresh_index": os.path.join(FIX, "idx"),
        "options": {"index": [(None, [], "base")], "id": [(None, ["--id", "d0"], "differs")],
                    "quiet": [(None, ["--quiet"], "differs")]},
    },
    "index prune": {
        "args": ["index", "prune", "--index", "{dir}/idx", "--max-docs", "3"],
        "fresh_index": os.path.join(FIX, "idx"),
        "options": {"index": [(None, [], "base")],
                    "max-docs": [(None, ["--max-docs", "1"], "differs")],
                    "max-age": [(None, ["--max-age", "1s"], "differs")],
                    "quiet": [(None, ["--quiet"], "differs")]},
    },
    "index compact": {
        "args": ["index", "compact", "--index", "{dir}/idx"],
        "fresh_index": os.path.join(FIX, "idx"),
        "options": {"index": [(None, [], "base")], "quiet": [(None, ["--quiet"], "differs")]},
    },
}
# `stage` is the distributed driver's task runner (python3 -m neardup.dask): its options are
# exercised by tests/python/test_dask.py, not here.
NOT_SWEPT = {"stage"}


def without_option(argv, name):
    """argv with --name (and its value) left out."""
    out, skip = [], False
    for i, a in enumerate(argv):
        if skip:
            skip = False
            continue
        if a == "--" + name:
            skip = i + 1 < len(argv) and not argv[i + 1].startswith("--")
            continue
        out.append(a)
    return out


def main():
    fixtures()
    failures, checked = [], 0
    base_cache = {}
    commands = [c.split()[0] for c in SWEEP] + sorted(NOT_SWEPT)
    listed = subprocess.run([NEARDUP, "--help"], capture_output=True, text=True).stdout
    for name in re.findall(r"^  ([a-z]+) ", listed, re.M):
        if name not in commands:
            failures.append("command %s is not in the sweep" % name)
    for command, spec in SWEEP.items():
        options = help_options(command.split())
        has_mode = "mode" in options
        for opt in options:
            if opt not in spec["options"]:
                failures.append("%s --%s: no probe in the sweep (tests/cli/option_sweep.py)"
                                % (command, opt))
        for opt in spec["options"]:
            if opt not in options and not opt.startswith(("html-max", "title-", "source-",
                                                          "date-", "url-")):
                failures.append("%s --%s: probed but not in --help" % (command, opt))
        for opt, probes in spec["options"].items():
            if opt not in options:
                continue
            modes_seen = set()
            for probe in probes:
                modes, extra, expect = probe[0], probe[1], probe[2]
                inp = probe[3] if len(probe) > 3 else spec.get("input")
                common = probe[4] if len(probe) > 4 else []
                for mode in (modes or (None,)) if has_mode else (None,):
                    modes_seen.add(mode)
                    argv = [a.replace("{in}", inp) if inp else a for a in spec["args"]]
                    argv = [a for a in argv if a != ""]
                    if has_mode and mode:
                        argv = argv + ["--mode", mode]
                    argv = argv + common
                    key = (command, tuple(argv))
                    if key not in base_cache:
                        base_cache[key] = run(argv, spec.get("fresh_index"))
                    base = base_cache[key]
                    what = "%s --%s%s (%s)" % (command, opt, " in " + mode if mode else "",
                                                " ".join(extra))
                    checked += 1
                    if expect in ("base", "base-same"):
                        got = run(without_option(argv, opt), spec.get("fresh_index"))
                        if expect == "base-same":
                            continue  # checked by `same` below: the run without it is alike
                        if got[0] != 2 or opt not in got[2]:
                            failures.append("%s: leaving it out was not refused (exit %d: %s)"
                                            % (what, got[0], got[2].strip()[:200]))
                        continue
                    got = run(argv + extra, spec.get("fresh_index"))
                    if expect == "refused":
                        named = opt in got[2] or (mode and "mode" in got[2])
                        if got[0] != 2 or not named:
                            failures.append("%s: not refused (exit %d: %s)"
                                            % (what, got[0], got[2].strip()[:200]))
                    elif expect == "same":
                        if got != base:
                            failures.append("%s: changed the output, which it must not" % what)
                    elif got == base:
                        failures.append("%s: the output is the same as without it (inert)" % what)
            if has_mode and opt not in ("mode",) and modes_seen != {"lexical", "reworded"}:
                failures.append("%s --%s: not probed in both modes" % (command, opt))
    shutil.rmtree(WORK)
    for f in failures:
        print("FAIL:", f)
    print("%d probes, %d failures" % (checked, len(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
