"""neardup.scan and neardup.dedup: the API on the sample, and the same output as the command line
on a generated corpus (records given in Python, or the path)."""

import json

import pytest

import neardup
from conftest import SEEDS, read_jsonl, run_cli, write_jsonl


def test_sample_pairs_clusters_docpairs(cli, seed_docs):
    r = neardup.scan(seed_docs, mode="reworded")
    assert r.summary["type"] == "summary"
    assert r.summary["documents"] == 5 and r.summary["paragraphs"] == 78
    assert len(r.pairs) == r.summary["pairs"] > 0
    assert len(r.clusters) == r.summary["clusters"] > 0
    assert r.docpairs and all(d["type"] == "docpair" for d in r.docpairs)
    # The verbatim quote two outlets carry ("admit their culpability ...") is a pair.
    texts = dict(seed_docs)
    quoted = [p for p in r.pairs if "culpability" in
              texts[p["a"]["doc"]].encode()[p["a"]["start"]:p["a"]["end"]].decode()
              and p["a"]["doc"] != p["b"]["doc"]]
    assert quoted and all(p["mode"] == "reworded" for p in quoted)
    # Exactly the contract's fields, and the same bytes as `neardup scan --format jsonl`.
    assert set(r.pairs[0]) == {"type", "a", "b", "similarity", "estimate", "mode", "evidence",
                               "alignment"}
    assert r.jsonl.encode() == run_cli("scan", SEEDS, "--mode", "reworded", "--format", "jsonl")
    assert "5 documents" in repr(r)


def test_records_dicts_and_paths_agree(seed_docs):
    as_tuples = neardup.scan(seed_docs, mode="lexical")
    as_dicts = neardup.scan(({"id": i, "text": t, "extra": 1} for i, t in seed_docs),
                            mode="lexical")
    as_path = neardup.scan(SEEDS, mode="lexical")
    other_fields = neardup.scan([{"url": i, "body": t} for i, t in seed_docs], mode="lexical",
                                id_field="url", text_field="body")
    assert as_tuples.jsonl == as_dicts.jsonl == as_path.jsonl == other_fields.jsonl
    assert as_tuples.docpairs == []  # lexical mode judges no documents
    assert all(p["mode"] == "lexical" for p in as_tuples.pairs)


@pytest.mark.parametrize("mode", ["reworded", "lexical"])
@pytest.mark.parametrize("level", ["paragraph", "document"])
def test_same_report_as_cli_on_generated_corpus(cli, wire_corpus, mode, level):
    want = run_cli("scan", wire_corpus, "--format", "jsonl", "--mode", mode, "--level", level)
    records = read_jsonl(wire_corpus)
    got = neardup.scan(records, mode=mode, level=level)
    assert got.jsonl.encode() == want
    if level == "paragraph":
        assert len(got.pairs) > 100
    # The parsed lists are the JSONL records, in order.
    want_records = [json.loads(line) for line in want.splitlines()]
    assert got.pairs + got.clusters + got.docpairs + [got.summary] == want_records
    if mode == "lexical" and level == "paragraph":
        assert neardup.scan(wire_corpus, mode=mode, threads=1).jsonl.encode() == want


def test_settings_reach_the_library(wire_corpus):
    records = read_jsonl(wire_corpus)[:40]
    r = neardup.scan(records, mode="lexical", threshold=0.8, ngram=4, num_perm=64)
    s = r.summary["settings"]
    assert (s["mode"], s["threshold"], s["ngram"], s["num_perm"]) == ("lexical", 0.8, 4, 64)
    assert all(p["similarity"] >= 0.8 for p in r.pairs)


@pytest.mark.parametrize("level", ["paragraph", "document"])
def test_dedup_matches_cli(cli, wire_corpus, tmp_path, level):
    out = tmp_path / "dedup.jsonl"
    run_cli("dedup", wire_corpus, "-o", str(out), "--mode", "lexical", "--level", level, "--quiet")
    want = read_jsonl(out)
    records = read_jsonl(wire_corpus)
    for r in records:
        r["site"] = "x/" + r["id"]
    got = list(neardup.dedup(records, mode="lexical", level=level))
    assert [{"id": g["id"], "text": g["text"]} for g in got] == want
    assert all(g["site"] == "x/" + g["id"] for g in got)  # other fields kept
    if level == "paragraph":  # the copies lose their repeated paragraphs
        assert sum(len(g["text"]) for g in got) < 0.9 * sum(len(r["text"]) for r in records)
    assert list(neardup.dedup(wire_corpus, mode="lexical", level=level)) == want
    tuples = list(neardup.dedup([(r["id"], r["text"]) for r in records], mode="lexical",
                                level=level))
    assert tuples == [(w["id"], w["text"]) for w in want]


def test_path_input_warnings_and_strict(tmp_path):
    path = tmp_path / "docs.jsonl"
    path.write_text('{"id": "a", "text": "one two three four"}\n{"id": "b"}\n', encoding="utf-8")
    r = neardup.scan(str(path), mode="lexical")
    assert r.summary["documents"] == 1
    assert len(r.warnings) == 1 and "docs.jsonl:2" in r.warnings[0]
    with pytest.raises(neardup.InvalidArgumentError, match="docs.jsonl:2"):
        neardup.scan(path, mode="lexical", strict=True)  # os.PathLike works too


def test_reworded_threshold_is_the_decision_probability(seed_docs):
    """threshold= in reworded mode acts (it set an unused score threshold before issue 19)."""
    default = neardup.scan(seed_docs, mode="reworded")
    strict = neardup.scan(seed_docs, mode="reworded", threshold=0.95)
    assert strict.summary["settings"]["threshold"] == 0.95
    assert len(strict.pairs) < len(default.pairs)
    assert strict.jsonl.encode() == run_cli("scan", SEEDS, "--mode", "reworded", "--threshold",
                                            "0.95", "--format", "jsonl")
