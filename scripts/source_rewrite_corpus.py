#!/usr/bin/env python3
"""Turns the Corpus of Plagiarised Short Answers (Clough & Stevenson 2011) into the corpus and truth
files of `scripts/gen_corpus.py --derived`, so `scripts/score.py --truth` scores neardup's document
verdicts on real rewriting.

The corpus (95 short answers to 5 questions by 19 people: 19 cut-and-paste, 19 light revision, 19
heavy revision and 38 written independently, plus the 5 Wikipedia sources) is not in this
repository: point FOLDER at a copy holding the `.txt` files and `file_information.csv` (File,Task,
Category: non, cut, light, heavy or orig), as research copies of it are laid out. A text that is not
UTF-8 is read as Windows-1252 (some answers were typed on Windows).

Usage:  scripts/source_rewrite_corpus.py FOLDER OUT
        neardup scan OUT/corpus.jsonl --format jsonl -q -o SCAN.jsonl
        scripts/score.py --truth OUT SCAN.jsonl
"""
import csv
import json
import os
import sys


def read_text(path):
    raw = open(path, 'rb').read()
    try:
        return raw.decode('utf-8')
    except UnicodeDecodeError:
        return raw.decode('cp1252', errors='replace')


def main(argv):
    if len(argv) != 3:
        sys.stderr.write(__doc__.split('\n\n')[2] + '\n')
        return 2
    folder, out = argv[1], argv[2]
    with open(os.path.join(folder, 'file_information.csv'), newline='', encoding='utf-8') as f:
        rows = list(csv.DictReader(f))
    os.makedirs(out, exist_ok=True)
    levels = {'non': 'non', 'cut': 'cut', 'light': 'light', 'heavy': 'heavy', 'orig': 'source'}
    rows.sort(key=lambda r: (r['Category'] != 'orig', r['Task'], r['File']))
    with open(os.path.join(out, 'corpus.jsonl'), 'w', encoding='utf-8') as corpus, \
            open(os.path.join(out, 'truth.jsonl'), 'w', encoding='utf-8') as truth:
        for r in rows:
            level = levels[r['Category'].strip()]
            text = read_text(os.path.join(folder, r['File']))
            corpus.write(json.dumps({'id': r['File'], 'text': text}, ensure_ascii=False) + '\n')
            truth.write(json.dumps({'doc': r['File'], 'topic': r['Task'], 'level': level,
                                    'source': 'orig_task%s.txt' % r['Task']}) + '\n')
    print('%d texts written to %s' % (len(rows), out))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
