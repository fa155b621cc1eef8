"""Unicode ids and texts round-trip (byte ranges count UTF-8 bytes, as the command line's), and
bad arguments raise ValueError (neardup.InvalidArgumentError) with the library's message."""

import json
import os

import pytest

import neardup
from conftest import run_cli, write_jsonl

PARAS = [
    "Die Bürgermeisterin von Köln eröffnete am Montag die neue Brücke über den Rhein, "
    "begleitet von Musik und vielen Gästen aus der ganzen Region.",
    "東京都は月曜日に新しい橋を開通させた。多くの市民が式典に参加した。",
    "Η δήμαρχος άνοιξε τη νέα γέφυρα τη Δευτέρα, με μουσική και πολλούς καλεσμένους από όλη την περιοχή.",
    "Emoji in news 🎉🚀: the mayor 👩‍💼 cut the ribbon ✂️ and the crowd cheered loudly today.",
]


def corpus():
    docs = []
    for i in range(4):
        text = "\n\n".join(PARAS[i:] + PARAS[:i])  # every document holds every paragraph
        docs.append({"id": f"dok-{i}-ü✓-\"quoted\"", "text": text})
    docs.append({"id": "عربي", "text": "مرحبا بالعالم، هذا نص مختلف تماما عن النصوص الأخرى في هذا الملف."})
    return docs


@pytest.mark.parametrize("mode", ["lexical", "reworded"])
def test_unicode_same_as_cli(cli, tmp_path, mode):
    docs = corpus()
    path = tmp_path / "u.jsonl"
    write_jsonl(path, docs)
    want = run_cli("scan", str(path), "--format", "jsonl", "--mode", mode)
    got = neardup.scan(docs, mode=mode)
    assert got.jsonl.encode() == want
    assert len(got.pairs) >= 4
    ids = {d["id"] for d in docs}
    texts = {d["id"]: d["text"].encode() for d in docs}
    for p in got.pairs:
        assert p["a"]["doc"] in ids and p["b"]["doc"] in ids
        a = texts[p["a"]["doc"]][p["a"]["start"]:p["a"]["end"]].decode()  # UTF-8 byte ranges
        assert a.strip() == a and a in PARAS or p["evidence"].get("score_from") == "sentence"
    kept = list(neardup.dedup(docs, mode=mode))
    assert kept[0]["id"] == docs[0]["id"] and len(kept) == len(docs) - 3


def test_unicode_index(tmp_path):
    with neardup.Index(tmp_path / "i", mode="lexical", sync=False) as index:
        docs = corpus()
        first = index.check(docs[0]["id"], docs[0]["text"])
        second = index.check(docs[1]["id"], docs[1]["text"])
        assert not first["duplicate"] and second["duplicate"]
        assert {m["doc"] for m in second["matches"]} == {docs[0]["id"]}


@pytest.mark.parametrize("call, message", [
    (lambda: neardup.scan([("a", "x")], mode="fuzzy"), "mode must be one of 'reworded', 'lexical'"),
    (lambda: neardup.scan([("a", "x")], level="line"), "level must be"),
    (lambda: neardup.scan([("a", "x")], mode="lexical", threshold=1.5), "threshold"),
    (lambda: neardup.scan([("a", "x")], threshold=0), "threshold"),
    (lambda: neardup.scan([("a", "x")], threshold="high"), "threshold must be a number"),
    (lambda: neardup.scan([("a", "x")], ngram=0), "ngram"),
    (lambda: neardup.scan([("a", "x")], ngram=40), "ngram"),
    (lambda: neardup.scan([("a", "x")], num_perm=1), "num"),
    (lambda: neardup.scan([("a", "x")], threads=-1), "threads"),
    (lambda: neardup.scan([("a", "x"), ("b",)]), "record 1: a record is an"),
    (lambda: neardup.scan([{"id": "a"}]), "record 0: missing field 'text'"),
    (lambda: neardup.scan([{"text": "a"}]), "record 0: missing field 'id'"),
    (lambda: neardup.scan([("a", b"bytes")]), "record 0: the text must be a str"),
    (lambda: neardup.scan([(1.5, "x")]), "record 0: the id must be a str or an int"),
    (lambda: neardup.scan([("a", "bad \ud800 surrogate")]), "UTF-8"),
    (lambda: neardup.scan(42), "docs must be an iterable"),
    (lambda: neardup.scan("/no/such/path"), "/no/such/path"),
    (lambda: neardup.dedup([("a", "x")], level="page"), "level must be"),
    (lambda: neardup.Index("/tmp/x", mode="exact"), "mode must be"),
    (lambda: neardup.Index("/tmp/x", duplicate_coverage=0), "duplicate_coverage"),
], ids=lambda x: x if isinstance(x, str) else "")
def test_bad_arguments(call, message):
    with pytest.raises(ValueError) as e:
        call()
    assert isinstance(e.value, neardup.InvalidArgumentError)
    assert message in str(e.value)


def test_index_bad_arguments(tmp_path):
    with neardup.Index(tmp_path / "i", mode="lexical", sync=False) as index:
        for call, message in [
            (lambda: index.check("a", None), "the text must be a str"),
            (lambda: index.check(None, "x"), "the id must be a str or an int"),
            (lambda: index.check_many([("a", "x")], batch=0), "batch"),
            (lambda: index.check_many([{"id": "a"}]), "missing field 'text'"),
            (lambda: index.prune(), "max_age or max_documents"),
            (lambda: index.prune(max_age=0), "max_age"),
            (lambda: index.prune(max_documents=0), "max_documents"),
        ]:
            with pytest.raises(ValueError, match=message):
                call()
    with pytest.raises(neardup.InvalidArgumentError, match="threshold"):
        neardup.Index(tmp_path / "j", threshold=2)


def test_exceptions_are_documented():
    assert issubclass(neardup.InvalidArgumentError, neardup.Error)
    assert issubclass(neardup.InputOutputError, OSError)
    for name in neardup.__all__:
        assert getattr(neardup, name).__doc__, name
    assert "scan" in neardup.__doc__ and "Index" in neardup.__doc__
