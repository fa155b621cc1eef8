"""neardup's dedup and scan as stages on a Dask distributed cluster, identical to one process
(lexical mode only: the output is that of `neardup dedup|scan --mode lexical`).

    python3 -m neardup.dask dedup|scan PATH... -o OUT.jsonl [--scheduler ADDRESS | --workers N]
                            [--shards S] [--partitions P] [--work DIR] [neardup options...]

Each task runs one `neardup stage ...` subprocess over files in a work folder every worker can
read (a shared filesystem path), so a task is a pure function of files: a failed or lost task is
simply run again (``retries``), and the output does not depend on where or how often tasks ran.
Stages: count → sign (per shard) → ident (per hash partition) → bucket (per band partition) →
verify (per pair partition) → cc-local (one task, when the edges are few) or cc steps (per node
partition, until no labels fall) → join → components (per partition) → apply (per shard) → finish.
From a notebook: ``neardup.dask.run("dedup", paths, "out.jsonl", client=client)``.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid

__all__ = ["run", "StageError"]


class StageError(RuntimeError):
    """A `neardup stage` task failed (after its retries)."""


def _binary():
    path = os.environ.get("NEARDUP") or shutil.which("neardup")
    if not path:
        raise StageError("cannot find the neardup command: put it on PATH or set NEARDUP")
    return path


def run_stage(binary, name, args):
    """Runs `neardup stage NAME ARGS...` (on a worker); returns its JSON line as a dict, with
    "max_rss_kb": that stage process's largest resident size (the stage's own VmHWM; else its
    rusage from wait4, which counts the worker it was forked from too)."""
    argv = [binary, "stage", name] + [str(a) for a in args]
    start = time.time()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(argv, stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(), err.read().decode(errors="replace")
    if proc.returncode != 0:
        raise StageError("neardup stage %s %s failed (exit %d): %s"
                         % (name, " ".join(map(str, args)), proc.returncode, stderr.strip()))
    if stderr:
        sys.stderr.write(stderr)
    lines = stdout.strip().splitlines()
    result = json.loads(lines[-1]) if lines else {}
    result["max_rss_kb"] = result.get("peak_rss_kb") or usage.ru_maxrss
    result["cpu_s"] = usage.ru_utime + usage.ru_stime
    result["wall_s"] = time.time() - start
    return result


def _dir_bytes(folder):
    """The bytes of the files directly in `folder` (a local path; 0 where it cannot be listed)."""
    try:
        with os.scandir(folder) as it:
            return sum(e.stat().st_size for e in it if e.is_file())
    except OSError:
        return 0


class _Stages:
    """Submits one wave of stage tasks at a time and waits for it."""

    def __init__(self, client, binary, common, retries, progress, quiet, work):
        self.work = work
        self.client, self.binary, self.common = client, binary, common
        self.retries, self.progress, self.quiet = retries, progress, quiet
        self.run_id = uuid.uuid4().hex[:8]
        self.waves = 0
        self.max_rss_kb = {}  # stage name -> the largest resident size of one of its tasks
        self.task_cpu_s = 0.0  # user + system seconds of every stage process

    def wave(self, name, arg_lists):
        self.waves += 1  # keys unique per wave: Dask would hand back an earlier wave's result
        bytes_before = 0 if self.quiet else _dir_bytes(self.work)
        start = time.time()
        futures = [
            self.client.submit(run_stage, self.binary, name, list(args) + self.common,
                               key="neardup-%s-%s-%d-%d" % (name, self.run_id, self.waves, i),
                               retries=self.retries, pure=False)
            for i, args in enumerate(arg_lists)]
        if self.progress:
            from distributed import progress
            progress(futures)
        results = self.client.gather(futures)
        self.task_cpu_s += sum(r.get("cpu_s", 0) for r in results)
        self.max_rss_kb[name] = max([self.max_rss_kb.get(name, 0)] +
                                    [r.get("max_rss_kb", 0) for r in results])
        if not self.quiet:
            # wall: the wave's, and its slowest task's (the rest is scheduling and the start of
            # the task's process); files: bytes the wave added to the work folder.
            sys.stderr.write("neardup.dask: %s: %d tasks done in %.1f s (slowest task %.1f s), "
                             "%.1f s CPU, %.1f MB of files (largest task %.0f MB)\n"
                             % (name, len(futures), time.time() - start,
                                max(r.get("wall_s", 0) for r in results),
                                sum(r.get("cpu_s", 0) for r in results),
                                (_dir_bytes(self.work) - bytes_before) / 1e6,
                                max(r.get("max_rss_kb", 0) for r in results) / 1024))
        return results


# The most verified edges whose connected components one task computes (cc-local: 16 bytes per
# edge and 12 per node, ~20 MB at this size); above it the cc steps share them over the node
# partitions, so no task holds all edges (a chain of a million paragraphs takes the steps).
CC_LOCAL_EDGES = 500_000


def run(command, paths, output, client=None, shards=None, partitions=None, work_dir=None,
        options=(), retries=3, progress=False, quiet=True, keep_work=False,
        cc_local_edges=CC_LOCAL_EDGES):
    """Runs `neardup dedup --mode lexical` (command="dedup") or `neardup scan --mode lexical`
    ("scan") over PATHS on a dask.distributed `client`'s workers and writes OUTPUT — the bytes
    one process writes. `options`: further neardup options (e.g. ["--threshold", "0.7"], ["--level",
    "document"]), passed to every stage. `work_dir`: a folder every worker can read and write
    (default: a new temporary folder beside OUTPUT). `cc_local_edges`: at most this many verified
    edges are clustered by one task (cc-local), more by the distributed cc steps (0: always the
    steps). Returns the finish stage's counts."""
    if command not in ("dedup", "scan"):
        raise ValueError("command must be dedup or scan, not %r" % (command,))
    workers = len(client.scheduler_info().get("workers", {})) or 1
    shards = shards or 2 * workers
    partitions = partitions or 2 * workers
    output = os.path.abspath(output)
    made_work = work_dir is None
    work = work_dir or tempfile.mkdtemp(prefix=".neardup-work-", dir=os.path.dirname(output))
    work = os.path.abspath(work)
    os.makedirs(work, exist_ok=True)
    paths = [os.path.abspath(p) for p in paths]
    common = ["--dir", work, "--shards", shards, "--partitions", partitions, "--quiet"] + list(options)
    st = _Stages(client, _binary(), common, retries, progress, quiet, work)
    try:
        counted = st.wave("count", [paths])[0]
        chunks = counted["chunks"]
        st.common += ["--read-chunk-bytes", counted["chunk_bytes"]]
        signs = []
        for s in range(shards):
            args = ["--shard", s, "--chunk-begin", chunks * s // shards]
            if s + 1 < shards:
                args += ["--chunk-end", chunks * (s + 1) // shards]
            signs.append(args + ["--output-kind", command] + paths)
        st.wave("sign", signs)
        st.wave("ident", [["--partition", p] for p in range(partitions)])
        st.wave("bucket", [["--partition", p] for p in range(partitions)])
        verified = sum(r["verified"] for r in
                       st.wave("verify", [["--partition", p] for p in range(partitions)]))
        if verified <= cc_local_edges:
            st.wave("cc-local", [[]])
            step, steps = -2, 1  # join reads cc-local's labels
        else:
            step, quiet_steps = 0, 0
            while True:  # until two steps in a row lower no label
                results = st.wave("cc", [["--partition", q, "--step", step]
                                         for q in range(partitions)])
                quiet_steps = quiet_steps + 1 if sum(r["changed"] for r in results) == 0 else 0
                if quiet_steps == 2:
                    break
                step += 1
            steps = step + 1
        st.wave("join", [["--partition", q, "--step=%d" % step, "--output-kind", command]
                          for q in range(partitions)])
        st.wave("components", [["--partition", r, "--output-kind", command]
                                for r in range(partitions)])
        st.wave("apply", [["--shard", s, "--output-kind", command] + paths for s in range(shards)])
        result = st.wave("finish", [["--output-kind", command, "-o", output]])[0]
        result["cc_steps"] = steps
        result["max_rss_kb"] = st.max_rss_kb
        result["task_cpu_s"] = st.task_cpu_s
        return result
    finally:
        if made_work and not keep_work:
            shutil.rmtree(work, ignore_errors=True)


def _mode_of(options):
    """The last --mode value among the options passed on to neardup (None when not given)."""
    mode = None
    for i, o in enumerate(options):
        if o == "--mode" and i + 1 < len(options):
            mode = options[i + 1]
        elif o.startswith("--mode="):
            mode = o[len("--mode="):]
    return mode


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python3 -m neardup.dask",
        description="neardup dedup / scan --mode lexical (the only mode it runs) on a Dask "
                    "distributed cluster; any other option (--threshold, --level, --id-field, "
                    "...) goes to neardup as it is.")
    parser.add_argument("command", choices=["dedup", "scan"])
    parser.add_argument("paths", nargs="+", metavar="PATH")
    parser.add_argument("-o", "--output", required=True, help="output file (JSONL)")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--scheduler", help="address of a running dask scheduler (tcp://host:8786)")
    where.add_argument("--workers", type=int, help="start a LocalCluster of N workers (default: cores)")
    parser.add_argument("--shards", type=int, help="document shards (default: 2 x workers)")
    parser.add_argument("--partitions", type=int, help="band/node partitions (default: 2 x workers)")
    parser.add_argument("--work", help="work folder every worker can reach (default: temporary, beside -o)")
    parser.add_argument("--keep-work", action="store_true", help="keep the work folder")
    parser.add_argument("--retries", type=int, default=3, help="retries of a failed task (default 3)")
    parser.add_argument("--cc-local-edges", type=int, default=CC_LOCAL_EDGES,
                        help="cluster at most this many verified edges in one task, more by the "
                             "distributed cc steps (default %d; 0: always the steps)"
                        % CC_LOCAL_EDGES)
    parser.add_argument("--progress", action="store_true", help="a progress bar per stage")
    parser.add_argument("--quiet", "-q", action="store_true")
    args, options = parser.parse_known_args(argv)
    mode = _mode_of(options)
    if mode is not None and mode != "lexical":
        parser.error("--mode %s: the distributed driver runs lexical mode only (use one-process "
                     "`neardup %s` for reworded matching)" % (mode, args.command))
    if args.output == "-":
        parser.error("-o must name a file on storage the workers share")
    for n, v in (("--shards", args.shards), ("--partitions", args.partitions), ("--workers", args.workers)):
        if v is not None and v < 1:
            parser.error("%s must be at least 1" % n)
    import dask
    from distributed import Client, LocalCluster
    # The workers' statistical profiler samples every thread every 10 ms; the tasks are
    # subprocesses, so it would only measure waiting (and cost the driver's CPU).
    dask.config.set({"distributed.worker.profile.enabled": False})
    cluster = None
    if args.scheduler:
        client = Client(args.scheduler)
    else:
        # Workers as threads of this process: each task is a neardup subprocess anyway (the
        # thread waits without the GIL), and the cluster starts in a fraction of the time.
        cluster = LocalCluster(n_workers=args.workers or os.cpu_count() or 1, threads_per_worker=1,
                               processes=False, dashboard_address=":0")
        client = Client(cluster)
    try:
        if not args.quiet:
            sys.stderr.write("neardup.dask: dashboard %s\n" % client.dashboard_link)
        result = run(args.command, args.paths, args.output, client=client, shards=args.shards,
                     partitions=args.partitions, work_dir=args.work, options=options,
                     retries=args.retries, progress=args.progress and not args.quiet,
                     quiet=args.quiet, keep_work=args.keep_work,
                     cc_local_edges=args.cc_local_edges)
    except StageError as e:
        sys.stderr.write("error: %s\n" % e)
        return 1
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    if not args.quiet:
        import resource
        own = resource.getrusage(resource.RUSAGE_SELF)
        sys.stderr.write("neardup.dask: stage processes %.1f s CPU; the driver and its cluster %.1f s "
                         "CPU\n" % (result["task_cpu_s"], own.ru_utime + own.ru_stime))
    if not args.quiet and args.command == "dedup":
        total, kept = result["units"], result["units_kept"]
        sys.stderr.write("neardup dedup: kept %d of %d units (removed %d); wrote %d of %d documents to %s\n"
                         % (kept, total, total - kept, result["docs_written"], result["documents"], args.output))
    return 0


if __name__ == "__main__":
    sys.exit(main())
