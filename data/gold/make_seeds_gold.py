#!/usr/bin/env python3
"""Writes data/gold/seeds.gold.jsonl from the statement table below (data/gold/README.md).

Each statement lists the paragraphs of the five sample articles (data/seeds/) that carry it, each
marked by a phrase of it (exact bytes, occurring once in its article); a "passing" mark (a headline,
a subordinate clause referring back to it) makes its pairs optional. Every pair of marks from two
different articles becomes one gold pair: required when neither side is passing and the label is a
statement, optional otherwise ("other:" labels are facts two outlets share but not statements the
issue asks for). Labelled by reading the articles, not from any neardup run.
Usage: /usr/bin/python3 data/gold/make_seeds_gold.py [--check]
"""
import itertools
import json
import os
import sys

D0, D1, D2, D3, D4 = ("000_19335c8ed8e67f0c.txt", "001_5d173cefb2dd4a82.txt",
                      "002_1de066725806b673.txt", "003_9bee61d7edc018f9.txt",
                      "004_f16d9213e3606fff.txt")
P = True  # passing mention

STATEMENTS = [
    ("obama-blames-north-korea", [
        (D1, "The President Barack Obama also blames North Korea"),
        (D2, "President Barack Obama blamed North Korea for the cyberattack")]),
    ("grave-consequences", [
        (D0, "North Korea Threatens U.S. in Sony Hack Case", P),
        (D0, "will face “grave consequences”"),
        (D1, "it must remember there will be grave consequences"),
        (D2, "there would be grave consequences")]),
    ("slander", [
        (D0, "termed the U.S. accusation as ‘slander’"),
        (D1, "as “groundless slander.”"),
        (D1, "in response to groundless slander"),
        (D2, "was slander and wanted"),
        (D3, "spreading groundless allegations and slandering us")]),
    ("joint-investigation", [
        (D0, "ready for a joint probe"),
        (D1, "has invited the US to take part in a joint investigation", P),
        (D1, "We propose to conduct a joint investigation"),
        (D1, "our proposal for a joint investigation", P),
        (D2, "wanted a joint investigation into the incident"),
        (D2, "refused to agree to the joint probe", P),
        (D3, "After proposing a joint investigation", P),
        (D3, "North Korea had proposed a joint investigation"),
        (D3, "proposed a joint investigation that it said would prove"),
        (D3, "we propose a joint investigation with it")]),
    ("sony-no-choice", [
        (D2, "it had no choice but to cancel"),
        (D3, "“had no choice”")]),
    ("south-korean-banks", [
        (D0, "against South Korean banks and media outlets"),
        (D2, "significant overlap with other malicious cyber activity", P),
        (D3, "Dark Seoul Gang attack", P),
        (D3, "South Korean banks and television stations"),
        (D4, "a similar attack was made on South Korea in 2013")]),
    ("interview-cast", [
        (D0, "starring Seth Rogen and James Franco"),
        (D4, "starring James Franco and Seth Rogen")]),
    ("admit-culpability", [
        (D1, "they can admit their culpability"),
        (D3, "‘Admit culpability’", P),
        (D3, "they can admit their culpability")]),
    # Statements added on 2026-12-04 (issue 17: the issue counts 20 reworded statements).
    ("obama-wished-sony-asked-him", [
        (D1, "wished Sony has spoken to him"),
        (D2, "Obama wished that Sony had spoken to him first")]),
    ("bad-precedent", [
        (D1, "could set a bad precedent and also embolden"),
        (D2, "suggesting it could set a bad precedent")]),
    ("obama-unhappy-with-sony", [
        (D1, "the President is not too happy over Sony’s decision"),
        (D2, "upset with the Hollywood Studio"),
        (D3, "Obama called the film’s cancellation")]),
    ("obama-vows-response", [
        (D2, "The President vowed to respond to the attack"),
        (D3, "‘symmetric counteraction’ declared by Obama", P),
        (D3, "vowed to “respond” to the cyber-attack")]),
    ("north-korea-denies", [
        (D0, "saying North Korea is not involved"),
        (D0, "Pyongyang has dismissed such accusations", P),
        (D1, "strongly denied its hand"),
        (D2, "they could prove they had nothing to do with"),
        (D3, "would prove it was not involved"),
        (D3, "this incident has nothing to do with us"),
        (D4, "North Korea Rejects Involvement Claims", P),
        (D4, "North Korea rejected its involvement"),
        (D4, "just another fabrication"),
        (D4, "the country denied any involvement")]),
    ("can-prove-not-involved", [
        (D2, "North Korea said they could prove"),
        (D3, "that it said would prove it"),
        (D3, "we have means to prove")]),
    ("us-blames-north-korea", [
        (D0, "In response to FBI’s statement that North Korea"),
        (D0, "FBI’s statement released Friday"),
        (D0, "North Korea is being blamed for Sony hacking", P),
        (D1, "continues to hold them responsible", P),
        (D1, "We are confident the North Korean government is responsible"),
        (D2, "The FBI stated the malicious software", P),
        (D3, "the FBI said its investigation had concluded"),
        (D4, "hackers affiliated with North Korea were behind the attack", P)]),
    ("guardians-of-peace", [
        (D0, "statement that North Korea is behind", P),
        (D0, "statement released Friday that North Korea is behind", P),
        (D0, "“Guardians of Peace” or #GOP"),
        (D0, "the identity or the location of the “Guardians of Peace” hackers", P),
        (D3, "A hacking group called “Guardians of Peace”")]),
    ("interview-plot", [
        (D0, "shows a CIA-led conspiracy to assassinate"),
        (D1, "on the fictional assassination of North Korean leader"),
        (D2, "a comedy on the fictional assassination"),
        (D3, "which imagines an assassination plot"),
        (D4, "given the task of assassinating Kim Jong-Un")]),
    ("release-cancelled", [
        (D0, "forced it to cancel the release"),
        (D1, "has now been cancelled"),
        (D1, "before cancelling the release", P),
        (D2, "led to the cancelling of"),
        (D2, "before yanking the movie", P),
        (D2, "no choice but to cancel the release"),
        (D3, "Sony pulled its planned"),
        (D3, "Sony has defended its decision to cancel the film"),
        (D3, "Obama called the film’s cancellation a", P)]),
    ("christmas-release", [
        (D0, "which was scheduled to open on Dec. 25"),
        (D1, "scheduled to be released on Christmas"),
        (D3, "planned 25 December release"),
        (D4, "The movie is set to release on Christmas Day")]),
    ("threats-against-cinemas", [
        (D1, "threats warning theater owners"),
        (D3, "threats on US cinemas"),
        (D3, "as well as the threats against cinemas", P)]),
    ("cinemas-would-not-screen", [
        (D2, "after theater owners declined to show it"),
        (D3, "leading US cinema groups said they would not screen"),
        (D3, "majority of US cinemas had chosen not to screen")]),
    ("employee-data-leaked", [
        (D1, "Script details, private emails and personal information"),
        (D3, "which led to the release of sensitive data", P),
        (D4, "The hack revealed the salaries")]),
    ("sony-may-release-elsewhere", [
        (D2, "are looking for alternatives to release the movie"),
        (D3, "it may release the film on another platform")]),
]

OTHER = [
    ("other:foreign-ministry-spokesman", [
        (D1, "an unnamed spokesman from the North Korean foreign ministry"),
        (D2, "The spokesman for the North’s foreign ministry"),
        (D3, "The North Korean foreign ministry on Saturday")]),
    ("other:damage-to-sony", [
        (D1, "compensate Sony for the damages"),
        (D2, "the attack caused a lot of damage to Sony"),
        (D3, "compensate Sony for the damages")]),
    ("other:north-korea-threatens-us", [
        (D0, "It also warned that the U.S. will face"),
        (D3, "North Korea Threatens US Strikes"),
        (D3, "North Korea on Sunday warned of strikes"),
        (D3, "warned late on Sunday that the country’s army"),
        (D4, "there is going to be a merciless response")]),
    ("other:site-furniture", [
        (D1, "Leave a Reply"), (D2, "Leave a Reply"), (D4, "Leave a Reply"),
        (D1, "Your email address will not be published."),
        (D2, "Your email address will not be published."),
        (D4, "Your email address will not be published.")]),
]


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    seeds = os.path.join(here, "..", "seeds")
    texts = {}
    for d in (D0, D1, D2, D3, D4):
        with open(os.path.join(seeds, d), encoding="utf-8") as f:
            texts[d] = f.read()
    lines, required = [], 0
    for label, marks in STATEMENTS + OTHER:
        for m in marks:
            n = texts[m[0]].count(m[1])
            if n != 1:
                sys.exit(f"{label}: phrase occurs {n} times in {m[0]}: {m[1]}")
        for x, y in itertools.combinations(marks, 2):
            if x[0] == y[0]:
                continue
            if x[0] > y[0]:
                x, y = y, x
            row = {"a": {"doc": x[0], "phrase": x[1]}, "b": {"doc": y[0], "phrase": y[1]},
                   "label": label}
            if label.startswith("other:") or len(x) > 2 or len(y) > 2:
                row["optional"] = True
            else:
                required += 1
            lines.append(json.dumps(row, ensure_ascii=False))
    out = os.path.join(here, "seeds.gold.jsonl")
    body = "\n".join(lines) + "\n"
    if "--check" in sys.argv:
        with open(out, encoding="utf-8") as f:
            sys.exit(0 if f.read() == body else "seeds.gold.jsonl differs from the table")
    with open(out, "w", encoding="utf-8") as f:
        f.write(body)
    print(f"{len(lines)} pairs, {required} required, {len(STATEMENTS)} statements")


if __name__ == "__main__":
    main()
