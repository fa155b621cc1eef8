#!/usr/bin/env python3
"""Runs `neardup scan` over generated corpora at several thread counts and prints a table of wall
time, speed-up over 1 thread, peak RSS (this child's, from wait4) and bytes per paragraph, plus the
per-stage seconds of --timings. Needs only Python 3 (no /usr/bin/time), so it also runs on a bare
machine beside a packed binary (scripts/bench_scale uses it).

Usage: scale_runs.py --neardup BIN --corpus NAME=PATH [...] --run MODE:NAME:T1,T2,... [...]
                     [--out FILE.md] [--extra ARG] [--label TEXT] [--time-limit S]
Runs are made in the order given; each row is printed (and appended to --out) as soon as it ends.
The digest column is SHA-256 (first 12 hex digits) of the output with the summary's "seconds"
removed: equal digests mean byte-identical reports (compare thread counts, or two binaries).
A run that passes --time-limit seconds is killed (rc=-9).
"""
import argparse
import hashlib
import json
import re
import os
import subprocess
import sys
import tempfile
import threading
import time


def digest_of(path):
    """SHA-256 of the report without the summary's timings (first 12 hex digits)."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for line in f:
            if line.startswith(b'{"type":"summary"'):
                line = re.sub(rb',"seconds":\{[^}]*\}', b"", line)
            h.update(line)
    return h.hexdigest()[:12]


def run_once(neardup, mode, corpus, threads, extra, time_limit=None):
    out = tempfile.NamedTemporaryFile(prefix="neardup_scale_", suffix=".jsonl", delete=False)
    out.close()
    cmd = [neardup, "scan", "--mode", mode, corpus, "--format", "jsonl", "--timings", "-q",
           "-o", out.name, "--threads", str(threads)] + extra
    t0 = time.monotonic()
    proc = subprocess.Popen(cmd)
    timer = threading.Timer(time_limit, proc.kill) if time_limit else None
    if timer:
        timer.start()
    _, status, usage = os.wait4(proc.pid, 0)
    if timer:
        timer.cancel()
    wall = time.monotonic() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    summary = {}
    digest = "-"
    try:
        digest = digest_of(out.name)
        with open(out.name, "rb") as f:
            f.seek(0, 2)
            size = f.tell()
            f.seek(max(0, size - 65536))
            last = f.read().splitlines()[-1]
            summary = json.loads(last)
    except (OSError, IndexError, ValueError):
        pass
    os.unlink(out.name)
    return {"cmd": " ".join(cmd), "rc": proc.returncode, "wall": wall,
            "cpu": usage.ru_utime + usage.ru_stime, "rss_kb": usage.ru_maxrss, "summary": summary, "digest": digest}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--neardup", required=True)
    ap.add_argument("--corpus", action="append", default=[], help="NAME=PATH")
    ap.add_argument("--run", action="append", default=[], help="MODE:NAME:T1,T2,...")
    ap.add_argument("--out", help="append the table (markdown) here too")
    ap.add_argument("--extra", action="append", default=[], help="extra scan argument")
    ap.add_argument("--label", default="", help="a name for the binary, in each row's mode column")
    ap.add_argument("--time-limit", type=float, help="kill a run after this many seconds")
    args = ap.parse_args()
    corpora = dict(c.split("=", 1) for c in args.corpus)

    def emit(line):
        print(line, flush=True)
        if args.out:
            with open(args.out, "a") as f:
                f.write(line + "\n")

    emit("| mode | corpus | paragraphs | threads | wall s | speed-up | cpu s | peak MiB | B/paragraph "
         "| candidates | digest | stages (s) |")
    emit("|---|---|---|---|---|---|---|---|---|---|---|---|")
    base = {}
    walls = {}
    for spec in args.run:
        mode, name, tlist = spec.split(":")
        for t in [int(x) for x in tlist.split(",")]:
            r = run_once(args.neardup, mode, corpora[name], t, args.extra, args.time_limit)
            s = r["summary"]
            paras = s.get("paragraphs", 0)
            if t == 1:
                base[(mode, name)] = r["wall"]
            walls.setdefault((mode, name), []).append((t, r["wall"]))
            b = base.get((mode, name))
            speed = f"{b / r['wall']:.2f}x" if b else "-"
            stages = " ".join(f"{k}={v:g}" for k, v in s.get("seconds", {}).items() if v)
            label = f"{mode} ({args.label})" if args.label else mode
            emit(f"| {label} | {name} | {paras} | {t} | {r['wall']:.2f} | {speed} | {r['cpu']:.1f} | "
                 f"{r['rss_kb'] / 1024:.0f} | {r['rss_kb'] * 1024 / paras if paras else 0:.0f} | "
                 f"{s.get('candidates', '-')} | {r['digest']} | {stages}" + (f" rc={r['rc']}" if r["rc"] else "") + " |")
    emit("")
    emit("| mode | corpus | speed-up over 1 thread (threads: x) |")
    emit("|---|---|---|")
    for (mode, name), runs in walls.items():
        one = [w for t, w in runs if t == 1]
        if one:
            label = f"{mode} ({args.label})" if args.label else mode
            emit(f"| {label} | {name} | " +
                 ", ".join(f"{t}: {one[0] / w:.2f}x" for t, w in sorted(runs)) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
