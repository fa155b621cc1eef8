#!/usr/bin/python3
"""Notebook-style: two articles on one story, the copy they share, and the words each outlet
changed. Run it as a script or paste the cells (# %%) into a notebook.

    /usr/bin/python3 examples/python/compare_articles.py [A.txt B.txt]

By default it compares two of the bundled sample articles (data/seeds) that carry the same wire
statements in their own words.
"""

# %% The two articles
import os
import sys
import textwrap

import neardup

here = os.path.dirname(os.path.abspath(__file__))
seeds = os.path.join(here, "..", "..", "data", "seeds")
paths = sys.argv[1:3] or [os.path.join(seeds, "001_5d173cefb2dd4a82.txt"),
                          os.path.join(seeds, "003_9bee61d7edc018f9.txt")]
docs = []
for path in paths:
    with open(path, encoding="utf-8") as f:
        docs.append((os.path.basename(path), f.read()))
texts = {ident: text.encode("utf-8") for ident, text in docs}  # ranges are UTF-8 byte offsets

# %% Scan them in reworded mode (the default): stemmed content words, IDF-weighted
result = neardup.scan(docs)
print(result)
for d in result.docpairs:
    print(f"{d['a']} / {d['b']}: {d['verdict']} "
          f"(coverage {d['coverage_a']:.2f} / {d['coverage_b']:.2f})")


# %% Each shared paragraph, the words only one side has marked [-...-] and {+...+}
def marked(side, alignment, open_mark, close_mark):
    """The side's span with its `only` runs (words the other side lacks) marked."""
    text = texts[side["doc"]]
    out, at = [], side["start"]
    for begin, end in alignment["only"]:
        out += [text[at:begin].decode(), open_mark, text[begin:end].decode(), close_mark]
        at = end
    out.append(text[at:side["end"]].decode())
    return "".join(out)


def changed_words(side, alignment):
    text = texts[side["doc"]]
    return [text[b:e].decode() for b, e in alignment["only"]]


cross = [p for p in result.pairs if p["a"]["doc"] != p["b"]["doc"]]
for p in cross:
    print(f"\nsimilarity {p['similarity']:.2f} ({p['evidence']['score_from']})")
    for side, name, o, c in (("a", "a", "[-", "-]"), ("b", "b", "{+", "+}")):
        s = p[side]
        print(textwrap.fill(f"{s['doc']} ¶{s['para']}: " + marked(s, p["alignment"][name], o, c),
                            width=100, subsequent_indent="    "))

# %% The reworded words alone
for p in cross:
    only_a = changed_words(p["a"], p["alignment"]["a"])
    only_b = changed_words(p["b"], p["alignment"]["b"])
    print(f"¶{p['a']['para']} ~ ¶{p['b']['para']}: {only_a} -> {only_b}")
