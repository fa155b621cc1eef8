#!/usr/bin/python3
"""Damaged-index sweep: copies a small neardup index, changes it (one byte, a meta page field, a
rolled-back transaction id), and runs filter, query and `index stats --verify` on the copy. Every
run must give the answer the undamaged index gives (exit 0, identical output) or exit 1 with an
error that names the damage; never a signal, a hang, or a different answer with exit 0.

Usage: index_damage_test.py NEARDUP GEN_CORPUS [--cases N] [--seed S] [--meta-step K] [--keep DIR]
                            [--only LABEL]...
"""
import argparse
import json
import os
import random
import shutil
import struct
import subprocess
import sys
import tempfile

PAGE = 4096
META_DB = 16 + 24          # page header, then magic, version, address, map size
MAIN_DB = META_DB + 48     # the second MDB_db of the meta page: the main database
LAST_PG = META_DB + 96
TXNID = LAST_PG + 8
# Words an error must carry to name the damage (LMDB's own words included).
DAMAGE_WORDS = ("damaged", "rolled back", "not a neardup index", "corrupt", "truncated",
                "inconsistent", "MDB_", "format")


def run(cmd, stdin_path, timeout):
    with open(stdin_path, "rb") as f:
        try:
            p = subprocess.run(cmd, stdin=f, capture_output=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            return None
    return p


def u64(b, off):
    return struct.unpack_from("<Q", b, off)[0]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("neardup")
    ap.add_argument("gen_corpus")
    ap.add_argument("--cases", type=int, default=300)
    ap.add_argument("--seed", type=int, default=21)
    ap.add_argument("--keep")
    ap.add_argument("--timeout", type=float, default=60)
    ap.add_argument("--meta-step", type=int, default=1,
                    help="flip a bit in every K-th byte of the meta pages only (default 1: every byte); "
                         "meta page 1 starts K/2 bytes later, so the two pages flip different bytes")
    ap.add_argument("--only", action="append", default=[],
                    help="run only the cases whose label is this (repeatable), e.g. 'byte 67052 -> 0x00'")
    a = ap.parse_args()
    tmp = a.keep or tempfile.mkdtemp(prefix="neardup-damage-")
    os.makedirs(tmp, exist_ok=True)
    env = dict(os.environ)
    try:
        corpus_dir = os.path.join(tmp, "c")
        subprocess.run([sys.executable, a.gen_corpus, "--out", corpus_dir, "--seed", "5", "--stories", "12",
                        "--outlets", "4", "--quiet"], check=True)
        lines = open(os.path.join(corpus_dir, "corpus.jsonl"), "rb").read().splitlines(keepends=True)
        first, rest = lines[: len(lines) * 2 // 3], lines[len(lines) * 2 // 3:]
        paths = {}
        for name, part in (("first", first), ("rest", rest), ("probe", rest[:12] + first[:4])):
            paths[name] = os.path.join(tmp, name + ".jsonl")
            open(paths[name], "wb").writelines(part)
        base = os.path.join(tmp, "base")
        nd = a.neardup
        p = run([nd, "filter", "--index", base, "--quiet", "--no-fsync", "--batch", "5"], paths["first"], a.timeout)
        assert p is not None and p.returncode == 0, p and p.stderr
        data = open(os.path.join(base, "data.mdb"), "rb").read()
        commands = {
            "filter": [nd, "filter", "--index", None, "--quiet", "--no-fsync", "--batch", "4"],
            "query": [nd, "query", "--index", None, "--quiet"],
            "verify": [nd, "index", "stats", "--index", None, "--verify"],
        }
        stdin_of = {"filter": paths["rest"], "query": paths["probe"], "verify": "/dev/null"}
        work = os.path.join(tmp, "d")

        def run_all(mutate):
            """Runs the commands on a fresh damaged copy each; returns {name: CompletedProcess|None}."""
            out = {}
            for name, cmd in commands.items():
                shutil.rmtree(work, ignore_errors=True)
                shutil.copytree(base, work)
                buf = bytearray(data)
                mutate(buf)
                open(os.path.join(work, "data.mdb"), "wb").write(buf)
                cmd = [work if c is None else c for c in cmd]
                out[name] = subprocess.run(cmd, stdin=open(stdin_of[name], "rb"), capture_output=True,
                                           timeout=a.timeout, env=env) if True else None
            return out

        want = run_all(lambda b: None)
        for name, p in want.items():
            assert p.returncode == 0, (name, p.stderr)
        def stats_of(text):
            try:
                j = json.loads(text)
            except ValueError:
                return None
            return [j.get(k) for k in ("documents", "paragraphs", "band_entries", "settings")]

        failures = []
        counts = {"correct": 0, "refused": 0}

        def judge(label, got):
            for name, p in got.items():
                if p is None:
                    failures.append(f"{label}: {name}: hung")
                    continue
                if p.returncode == 1:
                    err = p.stderr.decode(errors="replace")
                    if not any(w in err for w in DAMAGE_WORDS):
                        failures.append(f"{label}: {name}: exit 1 without naming the damage: {err.strip()[:300]}")
                    else:
                        counts["refused"] += 1
                    # What was printed before the error must be what the sound index prints.
                    if not want[name].stdout.startswith(p.stdout):
                        failures.append(f"{label}: {name}: printed a wrong verdict before failing")
                    continue
                if p.returncode != 0:
                    failures.append(f"{label}: {name}: exit {p.returncode}: {p.stderr.decode(errors='replace')[-300:]}")
                    continue
                same = (stats_of(p.stdout) == stats_of(want[name].stdout)) if name == "verify" else \
                    p.stdout == want[name].stdout
                if not same:
                    failures.append(f"{label}: {name}: exit 0 with a different answer")
                else:
                    counts["correct"] += 1

        def set_u64(off, value):
            def f(b):
                struct.pack_into("<Q", b, off, value)
            return f

        metas = [(m, u64(data, m * PAGE + TXNID)) for m in (0, 1)]
        newest = max(metas, key=lambda t: t[1])[0]
        older = 1 - newest
        cases = []
        # The case: the newest meta page's main-database root moved to other pages.
        last = u64(data, newest * PAGE + LAST_PG)
        for root in sorted({2, 3, 4, 7, last - 1, last, last + 1, 1 << 40}):
            cases.append((f"meta {newest} main root -> {root}", set_u64(newest * PAGE + MAIN_DB + 40, root)))
        # Transaction ids: the older meta page raised past the newest (a rollback), lowered, swapped.
        t_new, t_old = u64(data, newest * PAGE + TXNID), u64(data, older * PAGE + TXNID)
        for v in (t_new + 1, t_new + 2, t_new + 101, t_old - 2):
            cases.append((f"meta {older} txnid {t_old} -> {v}", set_u64(older * PAGE + TXNID, v)))
        for v in (t_new - 2, t_old - 1, 0):
            cases.append((f"meta {newest} txnid {t_new} -> {v}", set_u64(newest * PAGE + TXNID, v)))
        # Every byte of both meta pages' MDB_meta, one bit flipped (--meta-step K: every K-th byte,
        # page 1 shifted by K/2, a deterministic sample of the same cases).
        for m in (0, 1):
            for off in range(16 + m * (a.meta_step // 2), TXNID + 8, a.meta_step):
                def f(b, at=m * PAGE + off):
                    b[at] ^= 0x10
                cases.append((f"meta {m} byte {off} ^0x10", f))
        # A random sweep of single bytes over the whole file.
        rng = random.Random(a.seed)
        for _ in range(a.cases):
            off = rng.randrange(2 * PAGE, len(data))
            val = rng.randrange(256)
            if data[off] == val:
                val ^= 0xFF

            def f(b, at=off, v=val):
                b[at] = v
            cases.append((f"byte {off} -> {val:#04x}", f))
        labels = {label for label, _ in cases}
        for label in a.only:
            if label not in labels:  # the index's layout changed: the case must be found anew
                failures.append(f"{label}: no such case in this sweep")
        for label, mutate in cases:
            if a.only and label not in a.only:
                continue
            judge(label, run_all(mutate))
        print(f"{len(cases)} cases, {counts['correct']} correct answers, {counts['refused']} refusals "
              f"naming the damage, {len(failures)} failures")
        for f in failures:
            print("FAIL:", f)
        return 1 if failures else 0
    finally:
        if not a.keep:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
