#!/usr/bin/env python3
"""Generates a synthetic wire-copy corpus with ground truth for scoring neardup.

Output is fully determined by the parameters and --seed (Python 3 standard library only). Model:
--stories wire stories, each a headline plus several source paragraphs of news-like English drawn
from a shared Zipfian vocabulary and a per-topic vocabulary (stories on one topic share words the
way real news does). Each story is republished by --outlets outlets picked from a pool; every
outlet's article copies the story's paragraphs, edits some of them at a rate drawn from
--edit-rates, drops and reorders a few, adds its own original paragraphs (same cast and topic, so
they are hard negatives) and wraps the article in site furniture shared by all of its articles.

Writes DIR/corpus.jsonl ({"id", "text"} per article; paragraphs separated by one blank line) or,
with --format txt, DIR/docs/<id>.txt; and DIR/truth.jsonl, one line per paragraph:
  {"doc", "para", "story", "source_para", "edit_rate", "kind", "edits", "words", "text_hash"}
  doc         the id neardup reports (with --format txt: "<id>.txt", relative to DIR/docs)
  para        index of the paragraph in its document from 0 (neardup's blank-line split)
  story, source_para   the wire source paragraph it derives from (null for non-wire text)
  edit_rate   nominal fraction of its words edited relative to the source (0 for verbatim copies)
  kind        copy | edited | original | byline | furniture  (byline and furniture = boilerplate)
  edits       edit operations applied; words: word count of the source paragraph
  text_hash   hash of the paragraph text (identical text, identical hash)

Examples:
  scripts/gen_corpus.py --out /tmp/c --paragraphs 20000 --seed 1
  scripts/gen_corpus.py --out /tmp/big --paragraphs 1000000 --jobs 2
  scripts/gen_corpus.py --out /tmp/t --stories 10 --format txt --edit-ops inflect,synonym
"""

import argparse
import bisect
import hashlib
import itertools
import json
import multiprocessing
import os
import random
import sys
import time

# ----------------------------------------------------------------------------------------------
# Embedded word lists.

# Common English words, roughly by descending frequency in news text (rank drives Zipf weight).
FUNCTION_WORDS = """the of to and a in that for on is said was with he it as at by from his has
have be are an who will not but its they were had their more this which after would been also
about than up new one two over last year first could when there people into out said other
some all so no we if can government officials three before against city state while told
during since him may most i our week where most only years them what percent under between
just million day time both because still then like those many any now how even through down
police country president minister national local public former group report security told""".split()

# Real content words shared by all topics.
COMMON_NOUNS = """statement spokesman spokeswoman official officials agency ministry decision
plan plans talks meeting case report reports move issue issues support effort efforts deal
region area officials leaders leader residents members member system systems problem policy
company companies court investigation evidence claims source sources analysts experts
response action comments interview program project level levels costs cost increase month
months weeks days hours morning evening weekend question questions process""".split()

ADJECTIVES = """new major key local national foreign federal senior former early recent
significant serious possible further official top large small long strong public private
international regional economic political military financial legal independent initial
previous last next final unidentified""".split()

# Topic vocabularies: real words per topic (pseudo-words are added to each at build time).
TOPICS = {
    "cyber": """hack hackers hacking attack attacks malware software network networks computer
      computers breach data files emails servers passwords accounts code researchers firm
      cybersecurity studio film release theater theaters email digital online""",
    "politics": """election elections vote votes voters parliament lawmakers party parties
      campaign candidate candidates coalition opposition bill law reform senate congress
      president prime cabinet referendum polls ballot majority""",
    "economy": """market markets shares stocks investors prices inflation growth bank banks
      rates interest economy trade exports imports currency dollar euro bonds earnings profit
      revenue quarter forecast budget debt""",
    "conflict": """troops forces army soldiers rebels militants fighting ceasefire border attack
      strikes weapons missile missiles military defense war peace civilians casualties
      convoy checkpoint offensive""",
    "health": """hospital hospitals patients doctors virus outbreak vaccine vaccines disease
      cases infections health clinic clinics treatment drug drugs trial trials symptoms
      nurses care deaths""",
    "weather": """storm storms flooding floods rain winds hurricane snow temperatures heat
      drought evacuation residents damage power outages roads coast rescue forecasters
      shelters""",
    "courts": """judge jury trial lawyers prosecutors defendant charges sentence verdict
      appeal ruling court courts lawsuit testimony witness witnesses police arrest custody
      bail fraud""",
    "sports": """match team teams coach players season league championship title goal goals
      game games win victory defeat final tournament fans stadium striker injury""",
}

FIRST_NAMES = """James Maria John Anna Robert Elena David Sarah Michael Laura William Sofia Ahmed
Fatima Wei Li Yuki Hiroshi Olga Ivan Carlos Lucia Pierre Claire Hans Greta Kofi Amina Raj Priya
Daniel Rachel Thomas Emma Omar Leila Jean Marta Peter Nina José Zoë Søren Łukasz""".split()

LAST_NAMES = """Smith Johnson Brown Garcia Miller Davis Wilson Anderson Taylor Thomas Moore
Martin Lee Walker Hall Allen Young King Wright Lopez Hill Scott Green Adams Baker Nelson Carter
Mitchell Perez Roberts Turner Phillips Campbell Parker Evans Edwards Collins Stewart Morris Kim
Park Chen Wang Singh Patel Kumar Müller Schmidt Novak Rossi Dubois Silva Okafor Mensah
Haddad Nakamura Ivanova""".split()

PLACES = """Washington London Paris Berlin Tokyo Beijing Moscow Brussels Geneva Zürich Seoul
Pyongyang Delhi Mumbai Cairo Lagos Nairobi Johannesburg Sydney Toronto Ottawa Chicago Houston
Madrid Rome Vienna Warsaw Prague Istanbul Ankara Tehran Baghdad Riyadh Dubai Singapore Jakarta
Manila Bangkok Hanoi Lima Bogotá Caracas Santiago Mexico Havana Kyiv Athens Oslo Stockholm
Helsinki Dublin Lisbon Montréal""".split()

ROLES = """spokesman spokeswoman minister director chairman chief analyst professor
researcher adviser secretary ambassador commissioner governor mayor executive""".split()

ORG_NOUNS = """Ministry Agency Council Commission Bureau Institute Authority Department Group
Corp Bank Association Foundation Office Union Network""".split()

DAYS = """Monday Tuesday Wednesday Thursday Friday Saturday Sunday""".split()

PREPOSITIONS = """in on at over after before during against for with near about amid""".split()

CONJUNCTIONS = """but and while as although because""".split()

# Verb inflection table: base, third person singular, past, present participle. The grammar draws
# its verbs from here so the inflection edit always has material.
VERBS = [
    ("blame", "blames", "blamed", "blaming"), ("probe", "probes", "probed", "probing"),
    ("deny", "denies", "denied", "denying"), ("warn", "warns", "warned", "warning"),
    ("accuse", "accuses", "accused", "accusing"), ("claim", "claims", "claimed", "claiming"),
    ("attack", "attacks", "attacked", "attacking"),
    ("threaten", "threatens", "threatened", "threatening"),
    ("urge", "urges", "urged", "urging"), ("reject", "rejects", "rejected", "rejecting"),
    ("announce", "announces", "announced", "announcing"),
    ("report", "reports", "reported", "reporting"),
    ("investigate", "investigates", "investigated", "investigating"),
    ("launch", "launches", "launched", "launching"), ("confirm", "confirms", "confirmed", "confirming"),
    ("criticize", "criticizes", "criticized", "criticizing"),
    ("approve", "approves", "approved", "approving"), ("cancel", "cancels", "canceled", "canceling"),
    ("demand", "demands", "demanded", "demanding"), ("release", "releases", "released", "releasing"),
    ("expect", "expects", "expected", "expecting"), ("raise", "raises", "raised", "raising"),
    ("cut", "cuts", "cut", "cutting"), ("hold", "holds", "held", "holding"),
    ("show", "shows", "showed", "showing"), ("face", "faces", "faced", "facing"),
    ("call", "calls", "called", "calling"), ("seek", "seeks", "sought", "seeking"),
    ("back", "backs", "backed", "backing"), ("target", "targets", "targeted", "targeting"),
]

# Noun inflection pairs (singular, plural) used by the inflection edit.
NOUN_FORMS = [
    ("probe", "probes"), ("attack", "attacks"), ("official", "officials"), ("hacker", "hackers"),
    ("report", "reports"), ("statement", "statements"), ("claim", "claims"), ("leader", "leaders"),
    ("agency", "agencies"), ("source", "sources"), ("system", "systems"), ("company", "companies"),
    ("case", "cases"), ("month", "months"), ("week", "weeks"), ("plan", "plans"),
    ("country", "countries"), ("member", "members"), ("issue", "issues"), ("market", "markets"),
]

# Synonym sets for the synonym edit: any word may become any other of its set.
SYNONYMS = [
    ["said", "stated", "noted", "added"], ["warned", "cautioned"], ["attack", "assault", "strike"],
    ["attacks", "assaults", "strikes"], ["major", "big", "large"], ["officials", "authorities"],
    ["probe", "investigation", "inquiry"], ["denied", "rejected", "dismissed"],
    ["claimed", "alleged", "asserted"], ["significant", "substantial", "considerable"],
    ["help", "aid", "assist"], ["quickly", "rapidly", "swiftly"], ["start", "begin"],
    ["talks", "negotiations"], ["spokesman", "spokesperson"], ["threatened", "vowed"],
    ["company", "firm"], ["evidence", "proof"], ["move", "step"], ["serious", "grave"],
    ["recent", "latest"], ["response", "reaction"], ["people", "residents"],
]

# Site furniture. GENERIC lines are identical across outlets (WordPress and friends); OUTLET lines
# carry the outlet's name. Each outlet picks some of each, once, for all of its articles.
FURNITURE_HEAD = ["Home » News", "Home » World", "Home » Business", "Skip to content",
                  "Breaking News", "Menu"]
FURNITURE_GENERIC = [
    "Leave a Reply", "Your email address will not be published.",
    "Your email address will not be published. Required fields are marked *",
    "Share this:", "Like this: Like Loading...", "Related Posts", "You may also like",
    "Click to share on Twitter (Opens in new window)", "Subscribe to our newsletter",
    "Comments are closed.", "Advertisement", "Read more", "Posted in World News",
]
FURNITURE_OUTLET = [
    "© 2014 {o}. All rights reserved.", "Follow {o} on Twitter and Facebook for the latest news.",
    "{o} is not responsible for the content of external sites.",
    "Copyright {o} — reproduction without permission is prohibited.",
    "Sign up for the morning briefing from {o}, delivered to your inbox every weekday.",
    "Got a news tip? Contact the newsroom of {o}.",
]
OUTLET_WORDS = """Daily Times Herald Post Tribune Gazette Observer Courier Wire Dispatch Review
Chronicle Journal Monitor Express Star Sentinel Ledger Voice Report""".split()

SYLLABLES = """ba be bi bo bu da de di do du ka ke ki ko ku la le li lo lu ma me mi mo mu na ne
ni no nu ra re ri ro ru sa se si so su ta te ti to tu va ve vi vo za zen tor mar bel cor dan fal
gan hel kor lin mor nor pel ran sel tan val ver wil bran dral gret stom pral""".split()


# ----------------------------------------------------------------------------------------------
# Deterministic helpers.

def derive_seed(*parts):
    """An integer seed from the parts, stable across runs and Python versions."""
    h = hashlib.blake2b(repr(parts).encode(), digest_size=8)
    return int.from_bytes(h.digest(), "little")


def text_hash(text):
    return hashlib.blake2b(text.encode("utf-8"), digest_size=8).hexdigest()


def zipf_cum_weights(n, s=1.0, q=2.7):
    """Cumulative Zipf-Mandelbrot weights 1/(rank+q)^s for ranks 0..n-1."""
    return list(itertools.accumulate(1.0 / (r + q) ** s for r in range(n)))


def pseudo_word(rng):
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.choice((2, 2, 3, 3, 4))))


class Vocabulary:
    """Global vocabulary and per-topic vocabularies, all Zipf-weighted."""

    def __init__(self, seed, size, topics_count):
        rng = random.Random(derive_seed(seed, "vocab"))
        seen = set()
        base = []
        for w in FUNCTION_WORDS + COMMON_NOUNS + ADJECTIVES:
            if w not in seen:
                seen.add(w)
                base.append(w)
        tail = []
        while len(base) + len(tail) < size:
            w = pseudo_word(rng)
            if w not in seen:
                seen.add(w)
                tail.append(w)
        self.general = base + tail
        self.general_cw = zipf_cum_weights(len(self.general))
        self.function = FUNCTION_WORDS
        self.function_cw = zipf_cum_weights(len(FUNCTION_WORDS), s=0.8)
        self.content = COMMON_NOUNS + tail
        self.content_cw = zipf_cum_weights(len(self.content), s=0.9, q=10)
        # Topics: the embedded ones first, then pseudo-topics built from the vocabulary tail.
        names = list(TOPICS)
        self.topics = []
        for t in range(topics_count):
            trng = random.Random(derive_seed(seed, "topic", t))
            words = TOPICS[names[t]].split() if t < len(names) else []
            words = words + trng.sample(tail, min(len(tail), 300))
            self.topics.append((words, zipf_cum_weights(len(words), s=1.0, q=5)))
        self.verbs_cw = zipf_cum_weights(len(VERBS), s=0.7)
        # Running text per topic: function words 50%, topic words 30%, general content 20%.
        self.mixtures = []
        for words, cw in self.topics:
            parts = ((self.function, self.function_cw, 0.5), (words, cw, 0.3),
                     (self.content, self.content_cw, 0.2))
            mix, mix_cw, acc = [], [], 0.0
            for ws, wcw, share in parts:
                prev = 0.0
                for w, c in zip(ws, wcw):
                    acc += (c - prev) / wcw[-1] * share
                    prev = c
                    mix.append(w)
                    mix_cw.append(acc)
            self.mixtures.append((mix, mix_cw))


# ----------------------------------------------------------------------------------------------
# Story generation: a small grammar over token lists. A token is a word with any punctuation
# attached ("said,", "“We", "Tuesday.”"); paragraphs never contain newlines.

class Story:
    """One wire story: topic, cast and source paragraphs."""

    def __init__(self, vocab, seed, index, args, pool="story"):
        self.index = index
        # Stories of one event (--event-size consecutive stories) share topic, cast, places,
        # organisations, day and key phrases but not sentences: the hard negatives of precision.
        event = index // max(1, getattr(args, "event_size", 1))
        erng = random.Random(derive_seed(seed, "event", event))
        rng = random.Random(derive_seed(seed, pool, index))
        self.rng = rng
        self.vocab = vocab
        self.topic = erng.randrange(len(vocab.topics))
        self.topic_words, self.topic_cw = vocab.topics[self.topic]
        self.mix_words, self.mix_cw = vocab.mixtures[self.topic]
        self.people = [(erng.choice(FIRST_NAMES), erng.choice(LAST_NAMES), erng.choice(ROLES))
                       for _ in range(erng.randint(2, 4))]
        self.places = erng.sample(PLACES, 2)
        self.orgs = [self._org(erng) for _ in range(erng.randint(1, 3))]
        self.day = erng.choice(DAYS)
        self.key_phrases = []
        self.mentioned = set()
        self.key_phrases = [self.noun_phrase(erng) for _ in range(3)]
        self.mentioned = set()
        self.words_per_para = args.words_per_para
        n = args.paras_per_story
        count = rng.randint(max(1, n - n // 2), n + n // 2)
        self.headline = self._headline(rng)
        self.paragraphs = [self.paragraph(rng) for _ in range(count)]

    def _org(self, rng):
        if rng.random() < 0.5:
            return ["the", rng.choice(self.places), rng.choice(ORG_NOUNS)]
        name = pseudo_word(rng).capitalize()
        return [name, rng.choice(ORG_NOUNS)]

    # -- phrase builders ------------------------------------------------------------------------
    def topic_word(self, rng):
        return self.topic_words[bisect.bisect(self.topic_cw, rng.random() * self.topic_cw[-1])]

    def free_words(self, rng, k):
        """k words mixing function words, topic words and general content words."""
        return rng.choices(self.mix_words, cum_weights=self.mix_cw, k=k)

    def free_word(self, rng):
        return self.mix_words[bisect.bisect(self.mix_cw, rng.random() * self.mix_cw[-1])]

    def person(self, rng):
        i = rng.randrange(len(self.people))
        first, last, role = self.people[i]
        if i in self.mentioned and rng.random() < 0.7:
            return [last]
        self.mentioned.add(i)
        return [first, last]

    def noun_phrase(self, rng):
        if self.key_phrases and rng.random() < 0.12:
            return list(rng.choice(self.key_phrases))
        r = rng.random()
        if r < 0.35:
            np = ["the"]
            if rng.random() < 0.4:
                np.append(rng.choice(ADJECTIVES))
            np.append(self.topic_word(rng))
            return np
        if r < 0.5:
            return self.person(rng)
        if r < 0.62:
            return list(rng.choice(self.orgs))
        if r < 0.72:
            return [str(rng.choice((2, 3, 4, 5, 10, 12, 20, 30, 100, 250, 1000, 3000))),
                    rng.choice(COMMON_NOUNS)]
        if r < 0.82:
            noun = rng.choice(NOUN_FORMS)[rng.randrange(2)]
            return ["the", noun] if rng.random() < 0.6 else [rng.choice(ADJECTIVES), noun]
        return ["the"] + self.free_words(rng, rng.randint(1, 3))

    def verb(self, rng):
        forms = rng.choices(VERBS, cum_weights=self.vocab.verbs_cw)[0]
        r = rng.random()
        if r < 0.65:
            return [forms[2]]
        if r < 0.85:
            return [forms[1]]
        if r < 0.93:
            return ["has", forms[2]]
        return ["is", forms[3]]

    def prep_phrase(self, rng):
        r = rng.random()
        if r < 0.25:
            return ["in", rng.choice(self.places)]
        if r < 0.4:
            return ["on", self.day]
        return [rng.choice(PREPOSITIONS)] + self.noun_phrase(rng)

    def clause(self, rng):
        c = self.noun_phrase(rng) + self.verb(rng) + self.noun_phrase(rng)
        if rng.random() < 0.6:
            c += self.prep_phrase(rng)
        if rng.random() < 0.5:
            c += self.free_words(rng, rng.randint(2, 6))
        return c

    def sentence(self, rng):
        r = rng.random()
        if r < 0.3:
            s = self.clause(rng)
        elif r < 0.45:
            s = self.clause(rng)
            s[-1] += ","
            s += self.person(rng) + ["said"]
        elif r < 0.55:  # a quote in curly quotes
            s = self.clause(rng)
            s[0] = "“" + s[0][:1].upper() + s[0][1:]
            s[-1] += ",”"
            s += ["said"] + self.person(rng)
        elif r < 0.65:
            who = self.person(rng)
            role = self.people[0][2]
            who[-1] += ","
            s = who + ["the", role, "of"] + list(rng.choice(self.orgs))
            s[-1] += ","
            s += self.verb(rng) + self.noun_phrase(rng) + self.prep_phrase(rng)
        elif r < 0.72:
            org = list(rng.choice(self.orgs))
            org[-1] += ","
            s = ["according", "to"] + org + self.clause(rng)
        elif r < 0.85:
            s = self.clause(rng)
            s[-1] += ","
            s += [rng.choice(CONJUNCTIONS)] + self.clause(rng)
        else:
            s = self.free_words(rng, rng.randint(8, 20))
        s[0] = s[0][:1].upper() + s[0][1:] if not s[0].startswith("“") else s[0]
        last = s[-1]
        if last.endswith(",”"):
            s[-1] = last[:-2] + ".”"
        elif last.endswith(","):
            s[-1] = last[:-1] + "."
        else:
            s[-1] = last + "."
        return s

    def paragraph(self, rng):
        w = self.words_per_para
        target = rng.randint(max(3, (w * 6) // 10), max(3, (w * 14) // 10))
        tokens = []
        while len(tokens) < target:
            tokens += self.sentence(rng)
        return tokens

    def _headline(self, rng):
        first, last, _ = self.people[0]
        words = [last] + self.verb(rng) + self.noun_phrase(rng) + self.prep_phrase(rng)
        if rng.random() < 0.5:
            words += [rng.choice(("as", "after", "amid", "over"))] + self.noun_phrase(rng)
        else:
            words += [rng.choice(("and", "with", "for"))] + [self.topic_word(rng),
                                                              self.topic_word(rng)]
        return [t[:1].upper() + t[1:] if t.islower() and len(t) > 3 else t for t in words]


# ----------------------------------------------------------------------------------------------
# Edit operations. Each takes (rng, tokens, story, budget), changes `tokens` in place and returns
# how many words of the paragraph it affected (replaced, inserted, deleted or moved), or 0 when it
# found nothing to change (the caller then falls back to a substitution). `budget` is the number
# of words still to be affected; an operation that moves or cuts a phrase keeps within it.

def _split(tok):
    """(prefix, core, suffix): punctuation around a token's word."""
    i, j = 0, len(tok)
    while i < j and not tok[i].isalnum():
        i += 1
    while j > i and not tok[j - 1].isalnum():
        j -= 1
    return tok[:i], tok[i:j], tok[j:]


def _recase(new, old):
    return new[:1].upper() + new[1:] if old[:1].isupper() else new


def _replace_core(tokens, i, new_core):
    pre, core, suf = _split(tokens[i])
    tokens[i] = pre + _recase(new_core, core) + suf


def op_substitute(rng, tokens, story, budget=1):
    """A word replaced by an unrelated word of the story's vocabulary."""
    i = rng.randrange(len(tokens))
    new = story.free_word(rng)
    pre, core, suf = _split(tokens[i])
    if new == core.lower():
        new = story.topic_word(rng)
    _replace_core(tokens, i, new)
    return 1


def op_insert(rng, tokens, story, budget=1):
    i = rng.randrange(1, len(tokens) + 1)
    tokens.insert(i, story.free_word(rng))
    return 1


def op_delete(rng, tokens, story, budget=1):
    if len(tokens) < 4:
        return 0
    i = rng.randrange(len(tokens))
    _, _, suf = _split(tokens[i])
    del tokens[i]
    if suf and i > 0:  # keep sentence punctuation on the word before
        pre, core, old_suf = _split(tokens[i - 1])
        if not old_suf:
            tokens[i - 1] = pre + core + suf
    if i == 0 or (i < len(tokens) and tokens[i - 1].endswith((".", ".”"))):
        if i < len(tokens):
            pre, core, suf2 = _split(tokens[i])
            tokens[i] = pre + core[:1].upper() + core[1:] + suf2
    return 1


def _build_inflections():
    table = {}
    for forms in VERBS:
        for f in forms:
            table.setdefault(f, set()).update(x for x in forms if x != f)
    for sing, plural in NOUN_FORMS:
        table.setdefault(sing, set()).add(plural)
        table.setdefault(plural, set()).add(sing)
    return {k: sorted(v) for k, v in table.items()}


INFLECTIONS = _build_inflections()
SYNONYM_OF = {w: [x for x in group if x != w] for group in SYNONYMS for w in group}
# Words that are not names: lower-cased when a moved phrase no longer starts a sentence.
LOWER_WORDS = set(FUNCTION_WORDS + COMMON_NOUNS + ADJECTIVES + PREPOSITIONS + CONJUNCTIONS +
                  [f for forms in VERBS for f in forms] + [w for pair in NOUN_FORMS for w in pair] +
                  [w for group in SYNONYMS for w in group] +
                  [w for words in TOPICS.values() for w in words.split()] +
                  ["according", "said", "is", "has", "the"])
SENTENCE_END = (".", ".”", "!", "?", "!”", "?”", "…")


def _swap_from_table(rng, tokens, table):
    spots = [i for i, t in enumerate(tokens) if _split(t)[1].lower() in table]
    if not spots:
        return 0
    i = rng.choice(spots)
    _replace_core(tokens, i, rng.choice(table[_split(tokens[i])[1].lower()]))
    return 1


def op_inflect(rng, tokens, story, budget=1):
    """blame -> blamed/blames, probe -> probes: another form of the same verb or noun."""
    return _swap_from_table(rng, tokens, INFLECTIONS)


def op_synonym(rng, tokens, story, budget=1):
    """A word swapped for a synonym from the embedded table."""
    return _swap_from_table(rng, tokens, SYNONYM_OF)


def _sentences(tokens):
    """[(begin, end)) token ranges of the sentences of a paragraph."""
    out, b = [], 0
    for i, t in enumerate(tokens):
        if t.endswith(SENTENCE_END):
            out.append((b, i + 1))
            b = i + 1
    if b < len(tokens):
        out.append((b, len(tokens)))
    return out


def _capitalize(tok):
    pre, core, suf = _split(tok)
    return pre + core[:1].upper() + core[1:] + suf


def _decapitalize(tok):
    pre, core, suf = _split(tok)
    if core.lower() in LOWER_WORDS:
        core = core.lower()
    return pre + core + suf


def _end_punct(tok):
    """(token without its sentence-final punctuation, that punctuation)."""
    for p in (".”", "!”", "?”", ".", "!", "?", "…"):
        if tok.endswith(p) and len(tok) > len(p):
            return tok[:-len(p)], p
    return tok, ""


def op_reorder(rng, tokens, story, budget=1):
    """Clause reordering: "A, B." -> "B, a." or a closing phrase ("in Paris", "on Monday") moved
    to the front of its sentence. Affects the words of the shorter moved part."""
    options = []
    for b, e in _sentences(tokens):
        if e - b < 5:
            continue
        for i in range(b + 1, e - 2):
            if tokens[i].endswith(",") or tokens[i].endswith(",”"):
                cost = min(i + 1 - b, e - i - 1)
                if cost <= budget + 1:
                    options.append(("swap", b, e, i, cost))
        for j in range(max(b + 2, e - 4), e - 1):
            if tokens[j] in PREPOSITIONS and e - j <= budget + 1:
                options.append(("front", b, e, j, e - j))
    if not options:
        return 0
    kind, b, e, i, cost = rng.choice(options)
    last, punct = _end_punct(tokens[e - 1])
    if kind == "swap":
        first = tokens[b:i + 1]
        second = tokens[i + 1:e - 1] + [last]
        head = first[-1]
        if head.endswith(",”"):
            first[-1] = head[:-2] + (punct.replace("”", "") or ".") + "”"
        else:
            first[-1] = head[:-1] + (punct or ".")
        second[-1] = second[-1] + ","
        first[0] = _decapitalize(first[0])
        second[0] = _capitalize(second[0])
        tokens[b:e] = second + first
    else:
        phrase = tokens[i:e - 1] + [last]
        rest = tokens[b:i]
        rest[-1] = rest[-1].rstrip(",") + (punct or ".")
        phrase[-1] += ","
        phrase[0] = _capitalize(phrase[0])
        rest[0] = _decapitalize(rest[0])
        tokens[b:e] = phrase + rest
    return cost


def op_split(rng, tokens, story, budget=1):
    """Sentence splitting: "A, and B." -> "A. B." (the conjunction goes)."""
    spots = [i for i in range(1, len(tokens) - 2)
             if tokens[i].endswith(",") and tokens[i + 1] in CONJUNCTIONS + ["and"]]
    if not spots:
        return 0
    i = rng.choice(spots)
    tokens[i] = tokens[i][:-1] + "."
    del tokens[i + 1]
    tokens[i + 1] = _capitalize(tokens[i + 1])
    return 1


def op_merge(rng, tokens, story, budget=1):
    """Sentence merging: "A. B." -> "A, and b." (a conjunction comes in)."""
    sents = _sentences(tokens)
    spots = [k for k in range(len(sents) - 1) if tokens[sents[k][1] - 1].endswith(".")
             and not tokens[sents[k][1] - 1].endswith(".”")]
    if not spots:
        return 0
    k = rng.choice(spots)
    end = sents[k][1] - 1
    tokens[end] = tokens[end][:-1] + ","
    tokens[end + 1] = _decapitalize(tokens[end + 1])
    tokens.insert(end + 1, rng.choice(("and", "and", "while", "as")))
    return 1


def op_trim_quote(rng, tokens, story, budget=1):
    """Trimmed quote: the last words of a quotation cut (and, half the time, the quotation turned
    into reported speech by dropping its marks); with no quotation, the close of a sentence cut.
    Affects the words cut (2 to 5, within the budget)."""
    quotes = []
    for i, t in enumerate(tokens):
        if t.startswith("“"):
            for j in range(i + 1, len(tokens)):
                if "”" in tokens[j]:
                    quotes.append((i, j + 1))
                    break
    spans = quotes or _sentences(tokens)
    spans = [(b, e) for b, e in spans if e - b >= 6]
    if not spans:
        return 0
    b, e = rng.choice(spans)
    k = min(rng.randint(2, 5), max(1, budget), e - b - 4)
    if k < 1:
        return 0
    _, _, suf = _split(tokens[e - 1])
    del tokens[e - k:e]
    e -= k
    p2, c2, _ = _split(tokens[e - 1])
    tokens[e - 1] = p2 + c2 + suf
    if quotes and rng.random() < 0.5:
        tokens[b] = tokens[b].replace("“", "", 1)
        tokens[e - 1] = tokens[e - 1].replace("”", "")
    return k


EDIT_OPS = {
    "substitute": op_substitute,
    "insert": op_insert,
    "delete": op_delete,
    "inflect": op_inflect,
    "synonym": op_synonym,
    "reorder": op_reorder,
    "split": op_split,
    "merge": op_merge,
    "trim_quote": op_trim_quote,
}
# --edit-ops realistic: how news outlets rewrite wire copy (issue 5) — word-form changes and
# synonyms most often, then clause moves, split and merged sentences, trimmed quotes, and some
# words replaced, added or dropped outright.
EDIT_PRESETS = {
    "realistic": ["inflect", "inflect", "synonym", "synonym", "reorder", "split", "merge",
                  "trim_quote", "substitute", "insert", "delete"],
}


def edit_paragraph(rng, tokens, rate, ops, story):
    """A copy of `tokens` edited until round(rate * words) words (at least one when rate > 0) are
    affected: the edit rate is the share of the source's words affected.

    Returns (tokens, words affected)."""
    if rate <= 0:
        return tokens, 0
    out = list(tokens)
    target = max(1, round(rate * len(tokens)))
    done = 0
    for _ in range(4 * target):
        if done >= target:
            break
        op = ops[rng.randrange(len(ops))]
        got = op(rng, out, story, target - done) if len(out) >= 3 else 0
        if not got:
            got = op_substitute(rng, out, story)
        done += got
    return out, done


# ----------------------------------------------------------------------------------------------
# Outlets and articles.

class Outlet:
    def __init__(self, seed, index):
        rng = random.Random(derive_seed(seed, "outlet", index))
        self.name = "The " + " ".join(rng.sample(OUTLET_WORDS, 2))
        self.slug = "o%02d" % index
        self.head = rng.sample(FURNITURE_HEAD, rng.randint(0, 2))
        foot = rng.sample(FURNITURE_GENERIC, rng.randint(1, 3))
        foot += [f.format(o=self.name) for f in rng.sample(FURNITURE_OUTLET, rng.randint(1, 2))]
        rng.shuffle(foot)
        self.foot = foot
        self.reporters = ["By %s %s" % (rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES))
                          for _ in range(rng.randint(2, 5))]
        self.original_paras = rng.randint(0, 3)  # own paragraphs per article, at most
        self.drop_bias = rng.random()


def build_article(story, outlet, rng, args, edit_ops):
    """Paragraph records [(text, story, source_para, rate, kind, edits, words)] of one article."""
    paras = []
    S = story.index

    def boiler(text, kind):
        paras.append((text, None, None, 0.0, kind, 0, len(text.split())))

    for h in outlet.head:
        boiler(h, "furniture")
    # Headline: the wire headline verbatim, or the outlet's own.
    if rng.random() < args.keep_headline:
        paras.append((" ".join(story.headline), S, 0, 0.0, "copy", 0, len(story.headline)))
    else:
        hl = story._headline(rng)
        paras.append((" ".join(hl), None, None, 0.0, "original", 0, len(hl)))
    if rng.random() < 0.7:
        boiler(rng.choice(outlet.reporters), "byline")

    # Body: which source paragraphs, in which order.
    n = len(story.paragraphs)
    keep = [p for p in range(n) if p == 0 or rng.random() >= args.drop_rate]
    if n > 3 and rng.random() < args.truncate_rate:
        keep = keep[:max(2, rng.randint(n // 2, n))]
    order = keep
    for i in range(len(order) - 1):
        if rng.random() < args.reorder_rate:
            order[i], order[i + 1] = order[i + 1], order[i]
    body = []
    for p in order:
        src = story.paragraphs[p]
        rate = rng.choices(args.edit_rates, weights=args.edit_weights)[0]
        toks, k = edit_paragraph(rng, src, rate, edit_ops, story)
        rec = (" ".join(toks), S, p + 1, rate, "edited" if k else "copy", k, len(src))
        body.append(rec)
        if rng.random() < args.repeat_rate:  # some sites print a paragraph twice
            body.append(rec)
    # The outlet's own paragraphs about the story: same cast and topic, fresh text.
    for _ in range(rng.randint(0, outlet.original_paras)):
        toks = story.paragraph(rng)
        body.insert(rng.randint(1, len(body)), (" ".join(toks), None, None, 0.0, "original", 0,
                                                len(toks)))
    paras += body
    for f in outlet.foot:
        boiler(f, "furniture")
    return paras


def generate_story(task):
    """All articles of one story: [(doc_id, [para records])]. Pure function of its inputs."""
    index, args, vocab, outlets = task
    story = Story(vocab, args.seed, index, args)
    rng = random.Random(derive_seed(args.seed, "articles", index))
    edit_ops = [EDIT_OPS[name] for name in args.edit_ops]
    chosen = sorted(rng.sample(range(len(outlets)), args.outlets))
    out = []
    for o in chosen:
        outlet = outlets[o]
        doc_id = "s%06d-%s" % (index, outlet.slug)
        out.append((doc_id, build_article(story, outlet, rng, args, edit_ops)))
    return out


_WORKER = {}


def _worker_init(args, vocab, outlets):
    _WORKER["ctx"] = (args, vocab, outlets)


def _worker_chunk(indices):
    """Generates and serializes stories `indices`: (corpus text, truth text, documents, paragraphs).

    With --format txt the documents are written here and the corpus text is empty."""
    args, vocab, outlets = _WORKER["ctx"]
    dumps = json.JSONEncoder(ensure_ascii=False).encode
    docs_dir = os.path.join(args.out, "docs")
    cbuf, tbuf = [], []
    n_docs = n_paras = 0
    for i in indices:
        for doc_id, paras in generate_story((i, args, vocab, outlets)):
            text = "\n\n".join(p[0] for p in paras)
            if args.format == "jsonl":
                cbuf.append(dumps({"id": doc_id, "text": text}) + "\n")
                truth_id = doc_id
            else:
                with open(os.path.join(docs_dir, doc_id + ".txt"), "w", encoding="utf-8",
                          newline="\n") as f:
                    f.write(text + "\n")
                truth_id = doc_id + ".txt"
            for n, (ptext, s, sp, rate, kind, edits, words) in enumerate(paras):
                tbuf.append(dumps({"doc": truth_id, "para": n, "story": s, "source_para": sp,
                                   "edit_rate": rate, "kind": kind, "edits": edits,
                                   "words": words, "text_hash": text_hash(ptext)}) + "\n")
            n_docs += 1
            n_paras += len(paras)
    return "".join(cbuf), "".join(tbuf), n_docs, n_paras


def expected_paras_per_story(args):
    """Rough mean paragraphs per story, used to turn --paragraphs into --stories."""
    body = args.paras_per_story * (1 - args.drop_rate * 0.9) * (1 - args.truncate_rate * 0.2)
    per_article = 1 + body * (1 + args.repeat_rate) + 1.5 + 0.7 + 1 + 3
    return per_article * args.outlets


def parse_rates(parser, text, name):
    try:
        vals = [float(x) for x in text.split(",") if x.strip()]
    except ValueError:
        parser.error("%s must be comma-separated numbers, got %r" % (name, text))
    if not vals:
        parser.error("%s is empty" % name)
    return vals


def parse_args(argv):
    p = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog="Output is fully determined by the parameters and --seed.",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", required=True, help="output folder (created)")
    p.add_argument("--format", choices=("jsonl", "txt"), default="jsonl",
                   help="jsonl: DIR/corpus.jsonl; txt: one DIR/docs/<id>.txt per article")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--stories", type=int, default=100, help="wire stories (default 100)")
    p.add_argument("--paragraphs", type=int, default=0,
                   help="approximate total paragraphs wanted; sets --stories from the other sizes")
    p.add_argument("--paras-per-story", type=int, default=8,
                   help="mean body paragraphs per story (range n/2..3n/2; default 8)")
    p.add_argument("--words-per-para", type=int, default=50,
                   help="mean words per body paragraph (range 0.6w..1.4w; default 50)")
    p.add_argument("--outlets", type=int, default=5, help="outlets publishing each story (default 5)")
    p.add_argument("--outlet-pool", type=int, default=0,
                   help="outlets in total; each story picks --outlets of them (default 3 x outlets)")
    p.add_argument("--topics", type=int, default=8,
                   help="topics; stories on one topic share a vocabulary (default 8)")
    p.add_argument("--vocab", type=int, default=20000, help="general vocabulary size (default 20000)")
    p.add_argument("--edit-rates", default="0,0.05,0.1,0.2,0.3",
                   help="edit rates a copied paragraph is edited at, drawn per paragraph")
    p.add_argument("--edit-weights", default="",
                   help="relative weights of --edit-rates (default: equal)")
    p.add_argument("--edit-ops", default="substitute,insert,delete",
                   help="edit operations, drawn uniformly per edit (a name may repeat to weigh "
                        "it more); available: " + ",".join(EDIT_OPS) + "; 'realistic' = " +
                        ",".join(EDIT_PRESETS["realistic"]))
    p.add_argument("--event-size", type=int, default=3,
                   help="consecutive stories covering one event: same topic, cast, places and key "
                        "phrases, different sentences (hard negatives; default 3)")
    p.add_argument("--derived", action="store_true",
                   help="instead of wire copy, write a source-rewrite corpus (see DERIVED below)")
    p.add_argument("--derived-topics", type=int, default=5, help="--derived: topics (default 5)")
    p.add_argument("--derived-counts", default="4,4,4,8",
                   help="--derived: texts per topic at levels cut,light,heavy,non (default 4,4,4,8)")
    p.add_argument("--drop-rate", type=float, default=0.15,
                   help="chance an outlet drops a body paragraph (default 0.15)")
    p.add_argument("--truncate-rate", type=float, default=0.2,
                   help="chance an outlet cuts the story short (default 0.2)")
    p.add_argument("--reorder-rate", type=float, default=0.1,
                   help="chance to swap each pair of adjacent body paragraphs (default 0.1)")
    p.add_argument("--repeat-rate", type=float, default=0.01,
                   help="chance a paragraph is printed twice in an article (default 0.01)")
    p.add_argument("--keep-headline", type=float, default=0.6,
                   help="chance an outlet keeps the wire headline verbatim (default 0.6)")
    p.add_argument("--jobs", type=int, default=1,
                   help="worker processes (output is identical for any value; default 1)")
    p.add_argument("--quiet", "-q", action="store_true", help="no summary on stderr")
    args = p.parse_args(argv)
    args.edit_rates = parse_rates(p, args.edit_rates, "--edit-rates")
    if args.edit_weights:
        args.edit_weights = parse_rates(p, args.edit_weights, "--edit-weights")
        if len(args.edit_weights) != len(args.edit_rates):
            p.error("--edit-weights needs one weight per edit rate")
    else:
        args.edit_weights = [1.0] * len(args.edit_rates)
    if any(not 0 <= r <= 1 for r in args.edit_rates):
        p.error("--edit-rates must lie in [0, 1]")
    ops = []
    for x in args.edit_ops.split(","):
        x = x.strip()
        ops += EDIT_PRESETS.get(x, [x] if x else [])
    args.edit_ops = ops
    for name in args.edit_ops:
        if name not in EDIT_OPS:
            p.error("unknown edit op %r (available: %s)" % (name, ",".join(EDIT_OPS)))
    if not args.edit_ops:
        p.error("--edit-ops is empty")
    if not args.outlet_pool:
        args.outlet_pool = 3 * args.outlets
    if args.outlets < 1 or args.outlet_pool < args.outlets:
        p.error("need 1 <= --outlets <= --outlet-pool")
    if args.paras_per_story < 1 or args.words_per_para < 3 or args.topics < 1:
        p.error("--paras-per-story >= 1, --words-per-para >= 3 and --topics >= 1 are required")
    if args.event_size < 1:
        p.error("--event-size must be >= 1")
    try:
        args.derived_counts = [int(x) for x in args.derived_counts.split(",")]
        if len(args.derived_counts) != 4 or min(args.derived_counts) < 0:
            raise ValueError
    except ValueError:
        p.error("--derived-counts needs four counts >= 0 (cut,light,heavy,non)")
    if args.paragraphs:
        args.stories = max(1, round(args.paragraphs / expected_paras_per_story(args)))
    return args


# ----------------------------------------------------------------------------------------------
# DERIVED: a source-rewrite corpus, the synthetic analogue of the Clough & Stevenson corpus of
# short answers. Per topic: one source text (several paragraphs), and short texts (200-300 words,
# mostly one paragraph) written from it at four levels:
#   cut    sentences of the source copied verbatim, with a few sentences of the writer's own
#   light  source sentences lightly edited (12% of words affected, realistic edit kinds), own 15%
#   heavy  source sentences heavily edited (40%), shuffled, own 35%
#   non    independent: sentences from a different pool on the same topic (same cast, places and
#          key phrases as the source), none from the source — the hard negatives
# truth.jsonl holds one line per document: {"doc", "topic", "level", "source"} (level "source" for
# the sources; "source" is the doc id of the topic's source).

DERIVED_LEVELS = (("cut", 0.0, 0.1), ("light", 0.12, 0.15), ("heavy", 0.4, 0.35), ("non", None, 1.0))


def _sentence_lists(paragraphs):
    out = []
    for p in paragraphs:
        out += [p[b:e] for b, e in _sentences(p)]
    return out


def generate_derived(args, vocab):
    """[(doc_id, text, truth record)] of the whole DERIVED corpus."""
    sub = argparse.Namespace(**vars(args))
    sub.event_size = 1
    sub.paras_per_story = 6
    sub.words_per_para = 55
    ops = [EDIT_OPS[name] for name in EDIT_PRESETS["realistic"]]
    docs = []
    for t in range(args.derived_topics):
        source = Story(vocab, args.seed, t, sub, pool="derived-source")
        src_id = "t%d-source" % t
        docs.append((src_id, "\n\n".join(" ".join(p) for p in source.paragraphs),
                     {"doc": src_id, "topic": t, "level": "source", "source": src_id}))
        src_sents = _sentence_lists(source.paragraphs)
        for (level, rate, own_share), count in zip(DERIVED_LEVELS, args.derived_counts):
            for k in range(count):
                rng = random.Random(derive_seed(args.seed, "derived", t, level, k))
                own = Story(vocab, args.seed, t, sub, pool="derived-own-%s-%d" % (level, k))
                target = rng.randint(200, 300)
                sents, words = [], 0
                start = rng.randrange(len(src_sents))
                pos = start
                while words < target:
                    if rate is None or rng.random() < own_share:
                        s = own.sentence(rng)
                    else:
                        s = list(src_sents[pos % len(src_sents)])
                        pos += 1
                        if rng.random() < 0.2:  # skip ahead in the source
                            pos += rng.randint(1, 3)
                        if rate:
                            s, _ = edit_paragraph(rng, s, rate, ops, own)
                    sents.append(s)
                    words += len(s)
                if level == "heavy":
                    rng.shuffle(sents)
                # Mostly one paragraph, sometimes two or three.
                cuts = sorted(rng.sample(range(1, len(sents)), min(len(sents) - 1,
                                                                    rng.choice((0, 0, 0, 1, 2)))))
                paras, prev = [], 0
                for c in cuts + [len(sents)]:
                    paras.append(" ".join(w for s in sents[prev:c] for w in s))
                    prev = c
                doc_id = "t%d-%s%d" % (t, level, k)
                docs.append((doc_id, "\n\n".join(paras),
                             {"doc": doc_id, "topic": t, "level": level, "source": src_id}))
    return docs


def write_derived(args, vocab):
    dumps = json.JSONEncoder(ensure_ascii=False).encode
    docs = generate_derived(args, vocab)
    if args.format == "txt":
        os.makedirs(os.path.join(args.out, "docs"), exist_ok=True)
    with open(os.path.join(args.out, "truth.jsonl"), "w", encoding="utf-8", newline="\n") as tf:
        corpus = None
        if args.format == "jsonl":
            corpus = open(os.path.join(args.out, "corpus.jsonl"), "w", encoding="utf-8",
                          newline="\n")
        for doc_id, text, rec in docs:
            if corpus is not None:
                corpus.write(dumps({"id": doc_id, "text": text}) + "\n")
            else:
                with open(os.path.join(args.out, "docs", doc_id + ".txt"), "w", encoding="utf-8",
                          newline="\n") as f:
                    f.write(text + "\n")
                rec = dict(rec, doc=doc_id + ".txt", source=rec["source"] + ".txt")
            tf.write(dumps(rec) + "\n")
        if corpus is not None:
            corpus.close()
    return len(docs)


def main(argv):
    args = parse_args(argv)
    t0 = time.time()
    os.makedirs(args.out, exist_ok=True)
    vocab = Vocabulary(args.seed, args.vocab, args.topics)
    if args.derived:
        n = write_derived(args, vocab)
        if not args.quiet:
            print("gen_corpus: derived corpus, %d topics, %d documents in %.1fs -> %s" %
                  (args.derived_topics, n, time.time() - t0, args.out), file=sys.stderr)
        return 0
    outlets = [Outlet(args.seed, i) for i in range(args.outlet_pool)]

    corpus = None
    if args.format == "jsonl":
        corpus = open(os.path.join(args.out, "corpus.jsonl"), "w", encoding="utf-8", newline="\n")
    else:
        os.makedirs(os.path.join(args.out, "docs"), exist_ok=True)
    truth = open(os.path.join(args.out, "truth.jsonl"), "w", encoding="utf-8", newline="\n")

    chunk = 50
    chunks = [range(i, min(i + chunk, args.stories)) for i in range(0, args.stories, chunk)]
    if args.jobs > 1:
        pool = multiprocessing.Pool(args.jobs, _worker_init, (args, vocab, outlets))
        results = pool.imap(_worker_chunk, chunks)
    else:
        pool = None
        _worker_init(args, vocab, outlets)
        results = map(_worker_chunk, chunks)

    n_docs = n_paras = 0
    for ctext, ttext, docs, paras in results:
        if corpus is not None:
            corpus.write(ctext)
        truth.write(ttext)
        n_docs += docs
        n_paras += paras
    if pool is not None:
        pool.close()
        pool.join()
    if corpus is not None:
        corpus.close()
    truth.close()
    if not args.quiet:
        print("gen_corpus: %d stories, %d documents, %d paragraphs in %.1fs -> %s" %
              (args.stories, n_docs, n_paras, time.time() - t0, args.out), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
