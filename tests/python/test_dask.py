"""neardup.dask against one process: a scheduler and two workers started on 127.0.0.1 as
separate processes, the driver on a generated corpus; the output must be byte-identical to
`neardup dedup` and `neardup scan --mode lexical` for shard/partition counts 1, 3 and 8, and
after a worker is killed mid-run. Also: stage files from another format version, or damaged,
are refused with a clear error."""

import os
import signal
import socket
import struct
import subprocess
import sys
import time

import pytest

from conftest import NEARDUP, generate, run_cli

distributed = pytest.importorskip("distributed")
import neardup.dask as ndask  # noqa: E402


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(args):
    # A session of its own, so killing it takes its neardup subprocesses too.
    return subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)


def stop(proc):
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()


@pytest.fixture(scope="module")
def cluster():
    # In the sanitizer build (NEARDUP_SANITIZED=1) the tests that need the Dask cluster are
    # skipped: a scheduler and two workers in an interpreter with ASan preloaded, and the runs
    # through them, took three minutes of CI's time (docs/measurements.md, "CI time: session 9").
    # What they run of neardup's code is the `neardup stage` commands, the same library stages
    # that test_stage_functions_in_process (no cluster) runs there through the module, and the
    # stage commands' options run under the sanitizers in script.option_sweep_test; the normal
    # build runs every test of this file.
    if os.environ.get("NEARDUP_SANITIZED") == "1":
        pytest.skip("Dask cluster tests run in the normal build only")
    port = free_port()
    address = "tcp://127.0.0.1:%d" % port
    py = sys.executable
    sched = start([py, "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1", "--port",
                   str(port), "--no-dashboard"])
    workers = [start([py, "-m", "distributed.cli.dask_worker", address, "--nthreads", "1",
                      "--no-nanny", "--no-dashboard", "--host", "127.0.0.1"]) for _ in range(2)]
    client = distributed.Client(address, timeout=60)
    client.wait_for_workers(2, timeout=60)
    yield {"address": address, "client": client, "workers": workers}
    client.close()
    for p in workers + [sched]:
        stop(p)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """~4,000 paragraphs of wire copy, edited copies and repeats (fixed seed)."""
    return generate(str(tmp_path_factory.mktemp("dask-corpus")), "--seed", "5", "--paragraphs", "4000")


@pytest.fixture(scope="module")
def expected(corpus, tmp_path_factory):
    d = tmp_path_factory.mktemp("one-process")
    out = {}
    # The driver runs lexical mode only: one process is told so (its default is reworded).
    for name, args in (("dedup", ["dedup", "--mode", "lexical"]),
                       ("scan", ["scan", "--mode", "lexical"]),
                       ("dedup-doc", ["dedup", "--mode", "lexical", "--level", "document"])):
        path = str(d / (name + ".jsonl"))
        run_cli(*args, corpus, "-o", path, "--quiet")
        with open(path, "rb") as f:
            out[name] = f.read()
    return out


def read(path):
    with open(path, "rb") as f:
        return f.read()


@pytest.mark.parametrize("count", [1, 3, 8])
def test_same_bytes_any_shard_and_partition_count(cluster, corpus, expected, tmp_path, count):
    for command in ("dedup", "scan"):
        # Components in one task (cc-local, the default at this size) and by the cc steps.
        for cc_local_edges in (ndask.CC_LOCAL_EDGES, 0):
            out = str(tmp_path / (command + ".jsonl"))
            ndask.run(command, [corpus], out, client=cluster["client"], shards=count,
                      partitions=count, cc_local_edges=cc_local_edges)
            assert read(out) == expected[command], "%s, %d shards/partitions, cc-local %d" % (
                command, count, cc_local_edges)
    # Shard and partition counts independent of each other.
    out = str(tmp_path / "mixed.jsonl")
    ndask.run("scan", [corpus], out, client=cluster["client"], shards=count, partitions=11 - count)
    assert read(out) == expected["scan"]


def test_more_partitions_than_bands(cluster, corpus, expected, tmp_path):
    """30 partitions over 26 bands (threshold 0.5): bucket partitions own slices of bands."""
    out = str(tmp_path / "scan.jsonl")
    ndask.run("scan", [corpus], out, client=cluster["client"], shards=2, partitions=30)
    assert read(out) == expected["scan"]


def test_document_level_and_cli(cluster, corpus, expected, tmp_path):
    out = str(tmp_path / "doc.jsonl")
    p = subprocess.run([sys.executable, "-m", "neardup.dask", "dedup", corpus, "-o", out,
                        "--scheduler", cluster["address"], "--shards", "3", "--partitions", "2",
                        "--level", "document"], capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    assert "kept" in p.stderr
    assert read(out) == expected["dedup-doc"]


def test_records_kept_as_written(cluster, tmp_path):
    """Records with fields beyond id and text, a nested one among them, come out of the apply
    stage as `neardup dedup` writes them: byte for byte, only the text spliced."""
    para = "The quick brown fox jumps over the lazy dog near the river bank on a warm day."
    path = tmp_path / "extra.jsonl"
    path.write_text(
        '{"id":"a","meta":{"lang":"en"},"text":"%s\\n\\nA first unique paragraph of its own '
        'words here."}\n'
        '{"n":[1, 2],"id":"b","text":"%s\\n\\nA second paragraph, unlike any other one, '
        'about rain.","tail":true}\n' % (para, para), encoding="utf-8")
    expected = run_cli("dedup", "--mode", "lexical", str(path), "-o", "-", "--quiet")
    assert b'"meta":{"lang":"en"}' in expected and b'"tail":true' in expected
    out = str(tmp_path / "out.jsonl")
    ndask.run("dedup", [str(path)], out, client=cluster["client"], shards=2, partitions=2)
    assert read(out) == expected


def test_bad_usage_exits_2(tmp_path):
    p = subprocess.run([sys.executable, "-m", "neardup.dask", "dedup", "x.jsonl", "-o", "-"],
                       capture_output=True, text=True)
    assert p.returncode == 2 and "error" in p.stderr


@pytest.mark.parametrize("mode", [["--mode", "reworded"], ["--mode=reworded"]])
def test_reworded_mode_refused(tmp_path, mode):
    p = subprocess.run([sys.executable, "-m", "neardup.dask", "dedup", "x.jsonl", "-o",
                        str(tmp_path / "out.jsonl")] + mode, capture_output=True, text=True)
    assert p.returncode == 2 and "lexical mode only" in p.stderr, p.stderr


def test_worker_killed_mid_run(cluster, corpus, expected, tmp_path):
    """One of the two workers is killed (with the neardup task it runs) once the verify stage
    has begun writing; the run completes on the other with the same bytes."""
    work = tmp_path / "work"
    out = str(tmp_path / "scan.jsonl")
    driver = subprocess.Popen(
        [sys.executable, "-m", "neardup.dask", "scan", corpus, "-o", out, "--scheduler",
         cluster["address"], "--shards", "8", "--partitions", "8", "--work", str(work), "-q"],
        stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 60
    while not (work / "edges-0-0").exists() and driver.poll() is None and time.time() < deadline:
        time.sleep(0.01)
    assert driver.poll() is None, "the run ended before a worker could be killed"
    assert not os.path.exists(out)
    stop(cluster["workers"][1])
    _, err = driver.communicate(timeout=120)
    assert driver.returncode == 0, err
    assert read(out) == expected["scan"]
    # The dedup output too, now on the one worker left.
    out2 = str(tmp_path / "dedup.jsonl")
    ndask.run("dedup", [corpus], out2, client=cluster["client"], shards=3, partitions=3)
    assert read(out2) == expected["dedup"]


def stage_errors(name, work, parts):
    """stderr of `neardup stage NAME` over every partition, each run expected to fail or not."""
    errs = []
    for q in range(parts):
        p = subprocess.run([NEARDUP, "stage", name, "--dir", work, "--shards", "2", "--partitions",
                            str(parts), "--partition", str(q)], capture_output=True, text=True)
        errs.append((p.returncode, p.stderr))
    return errs


def test_stage_file_version_and_checksum_checked(cluster, corpus, tmp_path):
    work = str(tmp_path / "work")
    ndask.run("scan", [corpus], str(tmp_path / "o.jsonl"), client=cluster["client"], shards=2,
              partitions=2, work_dir=work, keep_work=True)
    meta = os.path.join(work, "sign-0.meta")
    with open(meta, "r+b") as f:
        data = bytearray(f.read())
        good = bytes(data)
        data[8:12] = struct.pack("<I", 99)  # the format version
        f.seek(0)
        f.write(data)
    stage = [NEARDUP, "stage", "bucket", "--dir", work, "--shards", "2", "--partitions", "2",
             "--partition", "0"]
    p = subprocess.run(stage, capture_output=True, text=True)
    assert p.returncode == 1
    assert "sign-0.meta: stage file format version 99, this neardup reads version 5" in p.stderr
    size = struct.unpack("<Q", good[16:24])[0]
    with open(meta, "wb") as f:  # the payload's last byte, one bit flipped (its block table after)
        f.write(good[:31 + size] + bytes([good[31 + size] ^ 1]) + good[32 + size:])
    p = subprocess.run(stage, capture_output=True, text=True)
    assert p.returncode == 1
    assert "sign-0.meta: checksum mismatch in payload bytes 0-%d" % (size - 1) in p.stderr
    with open(meta, "wb") as f:
        f.write(good)


@pytest.mark.parametrize("name,stage", [("keys-1", "bucket"), ("shingles-1", "verify")])
def test_damage_inside_a_file_read_in_pieces(cluster, corpus, tmp_path, name, stage):
    """One byte changed in the middle of keys-S or shingles-S (read piecewise, never whole): the
    task reading that part fails naming the file and the damaged bytes' offsets."""
    work = str(tmp_path / "work")
    ndask.run("scan", [corpus], str(tmp_path / "o.jsonl"), client=cluster["client"], shards=2,
              partitions=3, work_dir=work, keep_work=True)
    path = os.path.join(work, name)
    assert all(rc == 0 for rc, _ in stage_errors(stage, work, 3))
    with open(path, "r+b") as f:
        data = bytearray(f.read())
        size = struct.unpack("<Q", data[16:24])[0]
        assert size > 65536  # more than one block
        middle = 32 + size // 2
        data[middle] ^= 0x40
        f.seek(0)
        f.write(data)
    block = (size // 2) // 65536
    named = "%s: checksum mismatch in payload bytes %d-%d (file offset %d; file damaged)" % (
        path, block * 65536, block * 65536 + 65535, 32 + block * 65536)
    errs = stage_errors(stage, work, 3)
    assert any(rc == 1 and named in err for rc, err in errs), errs
    assert all(rc == 0 or named in err for rc, err in errs), errs


def test_stage_functions_in_process(corpus, expected, tmp_path):
    """The stages as module functions (no Dask), run one after another: the same bytes."""
    from neardup import _neardup as nd
    work = str(tmp_path / "work")
    os.makedirs(work)
    plan = dict(dir=work, shards=2, partitions=3)
    counted = nd.stage_count(paths=[corpus], shards=2)
    chunks, chunk_bytes = counted["chunks"], counted["chunk_bytes"]
    assert chunks >= 16 and chunk_bytes < (1 << 20)  # cut small enough for 8 chunks per shard
    # A dedup run: group members of units only.
    nd.stage_sign(**plan, shard=0, paths=[corpus], chunk_end=chunks // 2, chunk_bytes=chunk_bytes,
                  kind="dedup")
    nd.stage_sign(**plan, shard=1, paths=[corpus], chunk_begin=chunks // 2,
                  chunk_bytes=chunk_bytes, kind="dedup")
    for p in range(3):
        nd.stage_ident(**plan, partition=p)
    # One dups file per ident partition, every shard's list in it (format 4: one per shard too).
    assert sorted(n for n in os.listdir(work) if n.startswith("dups-")) == [
        "dups-0", "dups-1", "dups-2"]
    for p in range(3):
        assert nd.stage_bucket(**plan, partition=p)["skipped_buckets"] == 0
    for p in range(3):
        nd.stage_verify(**plan, partition=p)
    step, quiet = 0, 0
    while True:
        results = [nd.stage_cc(**plan, partition=q, step=step) for q in range(3)]
        changed = sum(r["changed"] for r in results)
        quiet = quiet + 1 if changed == 0 else 0
        if quiet == 2:
            break
        step += 1
    # cc-local (one task) sees the nodes the steps share out.
    assert nd.stage_cc_local(**plan)["nodes"] == sum(r["nodes"] for r in results) > 0
    for q in range(3):
        nd.stage_join(**plan, partition=q, last_step=step, kind="dedup")
    # A scan's components cannot use a dedup run's group records: refused, naming the file.
    with pytest.raises(Exception, match=r"comp-0-0: written for a dedup run, read by a scan"):
        nd.stage_components(**plan, partition=0, kind="scan")
    for r in range(3):
        nd.stage_components(**plan, partition=r, kind="dedup")
    for s in range(2):
        nd.stage_apply(**plan, shard=s, kind="dedup", paths=[corpus], chunk_bytes=chunk_bytes)
    out = str(tmp_path / "dedup.jsonl")
    nd.stage_finish(**plan, kind="dedup", output=out)
    assert read(out) == expected["dedup"]
    with pytest.raises(Exception, match="lexical|level"):
        nd.stage_bucket(**plan, partition=0, level="sentence")


def test_line_ids_and_read_warnings_across_shards(cluster, tmp_path):
    """Records without an id are named by their line, a malformed line and blank lines are
    skipped with a warning: with shards cut between them (chunks of a few lines), the scan
    report (ids, warning count) and the dedup output are those of one process."""
    para = "Storm warnings went up along the coast as the river rose past its banks overnight."
    lines = []
    for i in range(40):
        if i % 13 == 5:
            lines.append("{not json")
        elif i % 11 == 3:
            lines.append("")
        else:
            lines.append('{"text":"%s\\n\\nA paragraph only document %d has, about item %d."}'
                         % (para, i, i * 7))
    path = tmp_path / "noids.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    outputs = {}
    for command, args in (("scan", ["scan", "--mode", "lexical"]),
                          ("dedup", ["dedup", "--mode", "lexical"])):
        expected = run_cli(*args, str(path), "-o", "-", "--quiet")
        out = str(tmp_path / (command + ".jsonl"))
        ndask.run(command, [str(path)], out, client=cluster["client"], shards=3, partitions=2)
        outputs[command] = read(out)
        assert outputs[command] == expected, command
    assert b'noids.jsonl:40"' in outputs["scan"]  # a line id from the last shard
    assert b'"warnings":3' in outputs["scan"]
