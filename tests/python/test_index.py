"""neardup.Index: the same verdicts as `neardup filter` over the same records, the index
operations, and its failures as exceptions."""

import json
import multiprocessing
import os
import time

import pytest

import neardup
from conftest import read_jsonl, run_cli


def filter_verdicts(corpus, index_dir, *args):
    with open(corpus, "rb") as f:
        out = run_cli("filter", "--index", index_dir, "--verdicts-only", "--no-fsync", "--quiet",
                      *args, stdin=f.read())
    return [json.loads(line) for line in out.splitlines()]


@pytest.mark.parametrize("mode", ["lexical", "reworded"])
def test_check_many_and_check_equal_filter(cli, wire_corpus, tmp_path, mode):
    want = filter_verdicts(wire_corpus, str(tmp_path / "cli"), "--mode", mode)
    records = read_jsonl(wire_corpus)
    with neardup.Index(tmp_path / "many", mode=mode, sync=False) as index:
        got = index.check_many(records, batch=16)
    assert [{"id": r["id"], "neardup": v} for r, v in zip(records, got)] == want
    assert sum(v["duplicate"] for v in got) >= 5  # the copies (lexical: those edited least)
    # One at a time, split over two opens of the index.
    half = len(records) // 2
    with neardup.Index(tmp_path / "one", mode=mode, sync=False) as index:
        one = [index.check(r["id"], r["text"]) for r in records[:half]]
    with neardup.Index(tmp_path / "one", mode=mode, sync=False) as index:
        one += [index.check(r["id"], r["text"]) for r in records[half:]]
        # Idempotent: checked again, a document gets its stored verdict and adds nothing.
        again = index.check(records[3]["id"], records[3]["text"])
        assert again == one[3]
        assert index.stats()["documents"] == len(records)
    assert one == got


def test_operations(tmp_path):
    path = tmp_path / "idx"
    a = "The council approved the new budget on Monday after a long debate about schools.\n\n" \
        "Critics said the plan cuts too deeply into services for older residents of the city."
    b = a.replace("Monday", "Tuesday")
    c = "A completely different story about football, weather and the harvest festival in town."
    with neardup.Index(path, mode="lexical", threshold=0.5) as index:
        assert repr(index).startswith("<neardup.Index")
        v = index.check("a", a)
        assert v == {"duplicate": False, "coverage": 0, "paragraphs": 2, "new_paragraphs": 2,
                     "matches": []}
        assert index.check(7, b)["duplicate"]  # an int id is kept as written: "7"
        q = index.query(b)
        assert q["duplicate"] and {m["doc"] for m in q["matches"]} == {"a", "7"}
        assert not index.query(c)["duplicate"]
        assert index.query(b, id="7")["matches"][0]["doc"] == "a"  # itself left out
        index.check_many([("c", c)])
        s = index.stats(verify=True)
        assert (s["documents"], s["mode"], s["ngram"]) == (3, "lexical", 3)
        index.remove("7")
        with pytest.raises(neardup.NotFoundError):
            index.remove("7")
        assert index.stats()["documents"] == 2
        assert index.prune(max_documents=1) == 1
        assert index.prune(max_age=3600) == 0
        assert index.stats()["documents"] == 1
    assert index.closed
    with pytest.raises(neardup.InvalidArgumentError, match="closed"):
        index.check("d", c)
    with neardup.Index(path, read_only=True) as reader:  # takes the stored settings
        assert reader.stats()["documents"] == 1
        with pytest.raises(neardup.InvalidArgumentError):
            reader.check("x", c)


def test_id_with_other_content(tmp_path):
    with neardup.Index(tmp_path / "idx", mode="lexical", sync=False) as index:
        index.check("a", "one story about the harbour and its ships and sailors today")
        with pytest.raises(neardup.InvalidArgumentError) as e:
            index.check("a", "another text entirely, about mountains and the snow up there")
        assert isinstance(e.value, ValueError) and "a" in str(e.value)
        out = index.check_many([("a", "yet another text about rivers"),
                                ("b", "the final text about deserts and sand and heat")])
        assert set(out[0]) == {"error"} and "duplicate" in out[1]
        assert index.stats()["documents"] == 2


def hold_open(path, ready, done):
    with neardup.Index(path, mode="lexical", sync=False):
        ready.set()
        done.wait(30)


def test_open_failures(tmp_path):
    with pytest.raises(neardup.NotFoundError):
        neardup.Index(tmp_path / "none", create=False)
    with neardup.Index(tmp_path / "lex", mode="lexical", sync=False):
        pass
    with pytest.raises(neardup.InvalidArgumentError, match="lexical"):
        neardup.Index(tmp_path / "lex", mode="reworded")
    # Another process holds it for writing.
    ctx = multiprocessing.get_context("spawn")
    ready, done = ctx.Event(), ctx.Event()
    p = ctx.Process(target=hold_open, args=(str(tmp_path / "lex"), ready, done))
    p.start()
    try:
        assert ready.wait(20)
        with pytest.raises(neardup.UnavailableError):
            neardup.Index(tmp_path / "lex", mode="lexical")
        # Readers may open it beside the writer.
        with neardup.Index(tmp_path / "lex", read_only=True) as reader:
            assert reader.stats()["documents"] == 0
    finally:
        done.set()
        p.join(30)
    # Damaged files.
    os.makedirs(tmp_path / "bad")
    with open(tmp_path / "bad" / "data.mdb", "wb") as f:
        f.write(b"\0garbage" * 100)
    with pytest.raises(neardup.Error) as e:
        neardup.Index(tmp_path / "bad")
    assert isinstance(e.value, (neardup.CorruptionError, neardup.InputOutputError))
