"""Shared fixtures of the Python module's tests: the neardup binary the module is compared with,
the repository, and generated corpora (scripts/gen_corpus.py, fixed seeds).

ctest runs each test_*.py with PYTHONPATH set to this build's module (python/CMakeLists.txt);
run by hand: PYTHONPATH=build/python NEARDUP=build/neardup /usr/bin/python3 -m pytest tests/python
"""

import json
import os
import subprocess
import sys

import pytest

ROOT = os.environ.get("NEARDUP_SOURCE_DIR") or os.path.dirname(
    os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
NEARDUP = os.environ.get("NEARDUP") or os.path.join(ROOT, "build", "neardup")
SEEDS = os.path.join(ROOT, "data", "seeds")


def run_cli(*args, stdin=None):
    """neardup ARGS...; returns stdout (bytes). Fails the test on a non-zero exit."""
    p = subprocess.run([NEARDUP, *args], input=stdin, capture_output=True)
    assert p.returncode == 0, f"neardup {' '.join(args)} exited {p.returncode}: {p.stderr.decode()}"
    return p.stdout


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def write_jsonl(path, records):
    with open(path, "w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")


def generate(out, *args):
    subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "gen_corpus.py"), "--out", out,
                    "--quiet", *args], check=True)
    return os.path.join(out, "corpus.jsonl")


@pytest.fixture(scope="session")
def cli():
    assert os.access(NEARDUP, os.X_OK), f"neardup binary not found at {NEARDUP} (set NEARDUP)"
    return NEARDUP


@pytest.fixture(scope="session")
def wire_corpus(tmp_path_factory):
    """30 wire stories x 5 outlets, copies edited at 0/20/30% (150 documents, ~1,600 paragraphs)."""
    return generate(str(tmp_path_factory.mktemp("wire")), "--seed", "11", "--stories", "30",
                    "--outlets", "5", "--edit-rates", "0,0.2,0.3")


@pytest.fixture(scope="session")
def seed_docs():
    """The five sample articles as (file name, text), in file-name order."""
    docs = []
    for name in sorted(os.listdir(SEEDS)):
        with open(os.path.join(SEEDS, name), encoding="utf-8") as f:
            docs.append((name, f.read()))
    return docs
