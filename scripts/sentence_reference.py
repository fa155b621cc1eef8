#!/usr/bin/env python3
"""Sentence-level lexical reference for reworded copy between publishers (docs/reworded.md, "Session 9").

For each cross-publisher pair of paragraphs of a JSONL corpus (`id`, `publisher`, `text` with
paragraphs separated by a blank line, as ../shared/data/realnews), the best pair of sentences by an
IDF-weighted overlap of content stems (a suffix stemmer; idf over sentences), unshared words that
WordNet puts in one synset counting as shared (Debian wordnet-base, /usr/share/wordnet). Score =
(shared idf + synonym idf) / geometric mean of the two sentences' idf weights. Candidates: sentence
pairs of different publishers sharing a stem held by at most --rare sentences. Stdlib only; the
realnews corpus takes about 40 CPU s.

Writes a TSV, best first: doc_a, para_a, doc_b, para_b, score, shared stems, synonym pairs,
sentence_a, sentence_b, content stems of sentence a, of sentence b. With --report (a `neardup scan
--format jsonl` output) also prints, per score band, how many of the pairs (both sentences of
--min-stems content stems or more) the report lacks by paragraph pair, and writes those to --missed.

Usage: scripts/sentence_reference.py CORPUS --out REF.tsv [--report SCAN.jsonl --missed MISSED.tsv]
"""
import argparse
import collections
import json
import math
import re
import sys

ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
ap.add_argument('corpus')
ap.add_argument('--out', required=True)
ap.add_argument('--rare', type=int, default=60, help='candidate join: stems held by at most this many sentences')
ap.add_argument('--min-score', type=float, default=0.3, help='paragraph pairs written from this score')
ap.add_argument('--wordnet', default='/usr/share/wordnet')
ap.add_argument('--report', help='neardup scan JSONL to compare with')
ap.add_argument('--missed', help='with --report: the pairs the report lacks (TSV as --out)')
ap.add_argument('--min-stems', type=int, default=5, help='with --report: content stems of each sentence')
args = ap.parse_args()
CORPUS = args.corpus
WN = args.wordnet
RARE = args.rare
MINSCORE = args.min_score

STOP = set("""a about above after again against all am an and any are aren't as at be because been before
being below between both but by can can't cannot could couldn't did didn't do does doesn't doing don't down
during each few for from further had hadn't has hasn't have haven't having he he'd he'll he's her here here's
hers herself him himself his how how's i i'd i'll i'm i've if in into is isn't it it's its itself let's me more
most mustn't my myself no nor not of off on once only or other ought our ours ourselves out over own same shan't
she she'd she'll she's should shouldn't so some such than that that's the their theirs them themselves then
there there's these they they'd they'll they're they've this those through to too under until up very was
wasn't we we'd we'll we're we've were weren't what what's when when's where where's which while who who's whom
why why's with won't would wouldn't you you'd you'll you're you've your yours yourself yourselves
said says say saying told also will just one two us mr mrs ms s t would could may might""".split())

WORD = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)?")
SENT = re.compile(r'(?<=[.!?])["”’\)]?\s+(?=["“‘(]?[A-Z0-9])')


def stem(w):
    for suf in ('ational', 'ization', 'fulness', 'iveness', 'ations', 'ation', 'ments', 'ment', 'ings', 'ing',
                'ies', 'ied', 'edly', 'ed', 'ers', 'er', 'ly', 'es', 's'):
        if w.endswith(suf) and len(w) - len(suf) >= 3:
            w = w[:-len(suf)]
            break
    if len(w) > 4 and w[-1] == w[-2] and w[-1] not in 'lsz':
        w = w[:-1]
    if w.endswith('e') and len(w) > 4:
        w = w[:-1]
    return w


# WordNet: lemma -> synsets, plus morphy-lite (exception files and detachment rules)
lemma_syn = collections.defaultdict(set)
for pos in ('noun', 'verb', 'adj', 'adv'):
    for line in open(f'{WN}/data.{pos}', encoding='latin-1'):
        if line.startswith('  '):
            continue
        f = line.split()
        off, cnt = f[0], int(f[3], 16)
        for i in range(cnt):
            lem = f[4 + 2 * i].lower()
            lem = re.sub(r'\(.*\)$', '', lem)
            if '_' not in lem:
                lemma_syn[lem].add(pos[0] + off)
exc = {}
for pos in ('noun', 'verb', 'adj', 'adv'):
    for line in open(f'{WN}/{pos}.exc', encoding='latin-1'):
        f = line.split()
        if len(f) >= 2:
            exc.setdefault(f[0], set()).update(f[1:])
RULES = [('s', ''), ('ses', 's'), ('xes', 'x'), ('zes', 'z'), ('ches', 'ch'), ('shes', 'sh'), ('ies', 'y'),
         ('es', 'e'), ('es', ''), ('ed', 'e'), ('ed', ''), ('ing', 'e'), ('ing', ''), ('er', ''), ('est', '')]


def synsets(w):
    out = set(lemma_syn.get(w, ()))
    for b in exc.get(w, ()):
        out |= lemma_syn.get(b, set())
    for suf, rep in RULES:
        if w.endswith(suf):
            b = w[:-len(suf)] + rep
            if b in lemma_syn:
                out |= lemma_syn[b]
    return frozenset(out)


syn_cache = {}


def syns(w):
    s = syn_cache.get(w)
    if s is None:
        s = syn_cache[w] = synsets(w)
    return s


docs = [json.loads(l) for l in open(CORPUS)]
# units: sentence -> (doc index, para index, sent index, stems dict stem->word)
sents = []  # (di, pi, si, text, stems(frozenset), words{stem: lowerword})
for di, d in enumerate(docs):
    for pi, p in enumerate(d['text'].split('\n\n')):
        for si, s in enumerate(SENT.split(p.strip())):
            words = {}
            for m in WORD.finditer(s):
                w = m.group(0).lower().replace('’', "'")
                if w.endswith("'s"):
                    w = w[:-2]
                if w in STOP or len(w) < 2:
                    continue
                words.setdefault(stem(w), w)
            if len(words) >= 3:
                sents.append((di, pi, si, s, words))
N = len(sents)
df = collections.Counter()
for x in sents:
    df.update(x[4].keys())
idf = {k: math.log(N / v) for k, v in df.items()}
print(f'{len(docs)} docs, {N} sentences, {len(df)} stems', file=sys.stderr)

post = collections.defaultdict(list)
for i, x in enumerate(sents):
    for k in x[4]:
        if df[k] <= RARE:
            post[k].append(i)
cand = set()
pub = [d['publisher'] for d in docs]
for k, lst in post.items():
    for a in range(len(lst)):
        i = lst[a]
        for b in range(a + 1, len(lst)):
            j = lst[b]
            if pub[sents[i][0]] != pub[sents[j][0]]:
                cand.add((i, j))
print(f'{len(cand)} candidate sentence pairs (rare df <= {RARE})', file=sys.stderr)

weight = [math.fsum(idf[k] for k in x[4]) for x in sents]
best = {}
for i, j in cand:
    wi, wj = sents[i][4], sents[j][4]
    shared = wi.keys() & wj.keys()
    sw = math.fsum(idf[k] for k in shared)  # exact: the same score whatever the set order
    # synonyms among unshared words: each unshared stem of i matched at most once
    oi = [k for k in wi if k not in shared]
    oj = [k for k in wj if k not in shared]
    syn = []
    nsyn = 0
    used = set()
    if oi and oj:
        sj = [(k, syns(wj[k])) for k in oj]
        for k in oi:
            si_ = syns(wi[k])
            if not si_:
                continue
            for k2, s2 in sj:
                if k2 not in used and si_ & s2:
                    syn.append(min(idf[k], idf[k2]))
                    nsyn += 1
                    used.add(k2)
                    break
    score = math.fsum([sw] + syn) / math.sqrt(weight[i] * weight[j])
    if score < MINSCORE:
        continue
    a, b = sents[i], sents[j]
    key = ((a[0], a[1]), (b[0], b[1]))
    if key[0] > key[1]:
        key = (key[1], key[0])
        i, j = j, i
    if key not in best or score > best[key][0]:
        best[key] = (score, i, j, len(shared), nsyn)
print(f'{len(best)} paragraph pairs with best sentence score >= {MINSCORE}', file=sys.stderr)
with open(args.out, 'w') as out:
    for (pa, pb), (score, i, j, ns, nsyn) in sorted(best.items(), key=lambda kv: (-kv[1][0], kv[0])):
        out.write(f'{docs[pa[0]]["id"]}\t{pa[1]}\t{docs[pb[0]]["id"]}\t{pb[1]}\t{score:.4f}\t{ns}\t{nsyn}'
                  f'\t{sents[i][2]}\t{sents[j][2]}\t{len(sents[i][4])}\t{len(sents[j][4])}\n')

if args.report:
    reported = set()
    for line in open(args.report):
        if not line.startswith('{"type":"pair"'):
            continue
        p = json.loads(line)
        a = (p['a']['doc'], p['a']['para'])
        b = (p['b']['doc'], p['b']['para'])
        reported.add((a, b))
        reported.add((b, a))
    bands = collections.Counter()
    lacked = collections.Counter()
    missed = []
    for line in open(args.out):
        f = line.rstrip('\n').split('\t')
        if min(int(f[9]), int(f[10])) < args.min_stems:
            continue
        band = math.floor(float(f[4]) * 20 + 1e-9) / 20
        bands[band] += 1
        if ((f[0], int(f[1])), (f[2], int(f[3]))) not in reported:
            lacked[band] += 1
            missed.append(line)
    for band in sorted(bands, reverse=True):
        print(f'{band:.2f}  reference {bands[band]:6d}  not reported {lacked[band]:6d}')
    if args.missed:
        with open(args.missed, 'w') as out:
            out.writelines(missed)
