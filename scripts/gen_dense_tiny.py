#!/usr/bin/python3
"""Dense near-identical input for memory-bound tests: N JSONL documents of 1-8 words drawn from an
18-word vocabulary (issue 21: reworded scan of 1M such documents must stay within 2 GB). Fully
determined by (N, seed).

Usage: gen_dense_tiny.py N [--seed S] > dense.jsonl
"""
import argparse
import json
import random
import sys

VOCAB = ["river", "council", "budget", "station", "harbour", "minister", "storm", "school", "bridge",
         "market", "police", "doctor", "winter", "farmers", "court", "energy", "museum", "airport"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("n", type=int)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    out = sys.stdout
    for i in range(a.n):
        words = [rng.choice(VOCAB) for _ in range(rng.randint(1, 8))]
        out.write(json.dumps({"id": f"d{i}", "text": " ".join(words)}) + "\n")


if __name__ == "__main__":
    main()
