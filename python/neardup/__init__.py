"""neardup: find the paragraphs that texts share, copied or reworded, from Python.

The neardup C++ library (paragraph shingling, MinHash, LSH, exact verification, clustering; a
"reworded" mode on stemmed content words; a crash-safe streaming index) as a Python module, for
scraping pipelines and notebooks. Built for Debian's /usr/bin/python3.

Three ways in:

* ``scan(docs)`` finds the near-duplicate paragraph pairs, their clusters and the document
  verdicts of a corpus -- what ``neardup scan`` reports, as lists of plain dicts::

      result = neardup.scan([("a", text_a), ("b", text_b)])
      for pair in result.pairs:
          print(pair["a"]["doc"], pair["b"]["doc"], pair["similarity"])

* ``dedup(docs)`` yields the records back with near-duplicates removed, as ``neardup dedup``
  writes them (first occurrence kept, input order).

* ``Index(path)`` is the persistent, crash-safe streaming index behind ``neardup filter``: check
  each arriving document against everything indexed before it::

      with neardup.Index("seen.idx") as index:
          verdict = index.check("site-b/7", text)   # durable when it returns
          if verdict["duplicate"]: ...

``docs`` is an iterable of ``(id, text)`` tuples or of dicts holding an id and a text field
(names set by ``id_field`` / ``text_field``; an id may be a str or an int), or a path or list of
paths as the command line takes them (folders, .txt and .jsonl files).

Failures of the library raise ``neardup.Error`` subclasses carrying its message; a bad argument
raises ``InvalidArgumentError``, which is also a ``ValueError``. The GIL is released while the
library works, and the library runs on every core unless ``threads`` says otherwise.
"""

import datetime as _datetime
import functools as _functools
import json as _json
import os as _os
import tempfile as _tempfile

from . import _neardup

__all__ = [
    "scan", "dedup", "Index", "ScanResult",
    "Error", "InvalidArgumentError", "NotFoundError", "InputOutputError", "CorruptionError",
    "UnavailableError",
]


class Error(Exception):
    """A failure reported by the neardup library; str(error) is the library's message."""


class InvalidArgumentError(Error, ValueError):
    """A bad argument or record: an option out of range, a record without its text, an id
    indexed before with other content, an index built with other settings."""


class NotFoundError(Error, LookupError):
    """Something asked for is not there: an id to remove, an index that may not be created."""


class InputOutputError(Error, OSError):
    """A file or folder could not be read or written."""


class CorruptionError(Error):
    """An index's files are damaged or truncated, or its folder holds something else."""


class UnavailableError(Error):
    """The index is open for writing in another process."""


_neardup._set_errors({
    "Error": Error,
    "InvalidArgumentError": InvalidArgumentError,
    "NotFoundError": NotFoundError,
    "InputOutputError": InputOutputError,
    "CorruptionError": CorruptionError,
    "UnavailableError": UnavailableError,
})

_MODES = ("reworded", "lexical")
_LEVELS = ("paragraph", "document")
_CHUNK_RECORDS = 4096  # records handed to the library at a time (bounded copies in flight)


def _check_choice(name, value, choices):
    if value not in choices:
        raise InvalidArgumentError(
            f"{name} must be one of {', '.join(repr(c) for c in choices)}, got {value!r}")


def _threshold(value):
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InvalidArgumentError(f"threshold must be a number in (0, 1] or None, got {value!r}")
    return float(value)


def _count(name, value, minimum):
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise InvalidArgumentError(f"{name} must be an integer >= {minimum}, got {value!r}")
    return value


def _is_path(x):
    return isinstance(x, (str, _os.PathLike))


def _paths_of(docs):
    """The list of paths `docs` names, or None when `docs` holds records."""
    if _is_path(docs):
        return [_os.fspath(docs)]
    if isinstance(docs, (list, tuple)) and docs and all(_is_path(p) for p in docs):
        return [_os.fspath(p) for p in docs]
    if isinstance(docs, (bytes, bytearray)):
        raise InvalidArgumentError("docs must be records or paths, not bytes")
    return None


def _id_str(value, where):
    if isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)  # as the JSONL reader keeps an integer id: as written
    raise InvalidArgumentError(
        f"{where}: the id must be a str or an int, got {type(value).__name__}")


def _text_str(value, where):
    if not isinstance(value, str):
        raise InvalidArgumentError(f"{where}: the text must be a str, got {type(value).__name__}")
    return value


def _record(item, i, id_field, text_field):
    """(id, text) of one record, both str."""
    if isinstance(item, dict):
        if id_field not in item:
            raise InvalidArgumentError(f"record {i}: missing field {id_field!r}")
        if text_field not in item:
            raise InvalidArgumentError(f"record {i}: missing field {text_field!r}")
        ident, text = item[id_field], item[text_field]
    elif isinstance(item, (tuple, list)) and len(item) == 2:
        ident, text = item
    else:
        raise InvalidArgumentError(
            f"record {i}: a record is an (id, text) tuple or a dict, got {type(item).__name__}")
    return _id_str(ident, f"record {i}"), _text_str(text, f"record {i}")


def _iterate(docs):
    try:
        return iter(docs)
    except TypeError:
        raise InvalidArgumentError(
            f"docs must be an iterable of records or a path, got {type(docs).__name__}") from None


def _feed(session, docs, id_field, text_field):
    """Hands the records of `docs` to `session` in chunks."""
    chunk = []
    for i, item in enumerate(_iterate(docs)):
        chunk.append(_record(item, i, id_field, text_field))
        if len(chunk) == _CHUNK_RECORDS:
            session.add_records(chunk)
            chunk = []
    if chunk:
        session.add_records(chunk)


def _spool(docs, id_field, text_field, keep, folder):
    """Writes the records of `docs` to a JSONL file in `folder` (for the steps that read the
    corpus a second time); with `keep`, appends each record to it and writes its position as its
    id. Returns the file's path."""
    path = _os.path.join(folder, "records.jsonl")
    with open(path, "wb") as f:
        for i, item in enumerate(_iterate(docs)):
            ident, text = _record(item, i, id_field, text_field)
            if keep is not None:
                keep.append(item)
                ident = str(i)
            line = _json.dumps({"id": ident, "text": text}, ensure_ascii=False)
            try:
                f.write(line.encode("utf-8") + b"\n")
            except UnicodeEncodeError:
                raise InvalidArgumentError(
                    f"record {i}: not encodable as UTF-8 (a lone surrogate)") from None
    return path


def _run(docs, *, mode, level, threshold, ngram, num_perm, threads, id_field, text_field, strict,
         spool_folder, keep=None):
    """Scans `docs`; records are handed over in memory, or through a JSONL file in
    `spool_folder` when that is set (reworded reports and dedup read the corpus again)."""
    _check_choice("mode", mode, _MODES)
    _check_choice("level", level, _LEVELS)
    session = _neardup._Scan(mode, level, _threshold(threshold), _count("ngram", ngram, 1),
                             _count("num_perm", num_perm, 1), _count("threads", threads, 0))
    paths = _paths_of(docs)
    if paths is None and spool_folder is not None:
        session.add_paths([_spool(docs, id_field, text_field, keep, spool_folder)], "id", "text",
                          True)
    elif paths is not None:
        session.add_paths(paths, id_field, text_field, bool(strict))
    else:
        _feed(session, docs, id_field, text_field)
    session.find()
    return session, paths


class ScanResult:
    """What ``neardup scan --format jsonl`` reports, as plain Python values.

    Attributes (lists in input order, each dict with exactly the fields of the JSONL output
    contract, README "Output contract"):

    * ``pairs``: one dict per near-duplicate pair of paragraphs (``"type": "pair"``, ``"a"``,
      ``"b"``, ``"similarity"``, ``"estimate"``, ``"mode"``, ``"evidence"``; reworded mode also
      ``"alignment"``);
    * ``clusters``: the connected components of the pairs (``"members"``, ...);
    * ``docpairs``: reworded mode, one per pair of documents sharing copy, with its verdict
      (wholly-derived, partially-derived, non-derived); empty in lexical mode;
    * ``summary``: the counts and the settings;
    * ``warnings``: messages about input records that were skipped (path input);
    * ``jsonl``: the report itself, the same text ``neardup scan --format jsonl`` writes.
    """

    def __init__(self, jsonl, warnings):
        self.jsonl = jsonl.decode("utf-8", "replace")
        self.warnings = list(warnings)
        self._lines = self.jsonl.splitlines()

    def _records(self, kind):
        prefix = '{"type":"%s"' % kind
        return [_json.loads(line) for line in self._lines if line.startswith(prefix)]

    @_functools.cached_property
    def pairs(self):
        return self._records("pair")

    @_functools.cached_property
    def clusters(self):
        return self._records("cluster")

    @_functools.cached_property
    def docpairs(self):
        return self._records("docpair")

    @_functools.cached_property
    def summary(self):
        found = self._records("summary")
        return found[0] if found else {}

    def __repr__(self):
        s = self.summary
        return (f"<neardup.ScanResult: {s.get('documents')} documents, {s.get('paragraphs')} "
                f"paragraphs, {s.get('pairs')} pairs, {s.get('clusters')} clusters>")


def scan(docs, *, mode="reworded", threshold=None, ngram=3, num_perm=128, threads=0,
         level="paragraph", id_field="id", text_field="text", strict=False):
    """Finds the near-duplicate paragraphs (or documents) of a corpus; returns a ScanResult.

    docs: an iterable of (id, text) tuples or of dicts with the fields `id_field` and
        `text_field` (ids are str or int), or a path / list of paths as ``neardup scan`` takes
        them (folders, .txt and .jsonl files). Documents are numbered in this order, which is the
        order of every output.
    mode: "reworded" (the default, as in every neardup command: stemmed content words scored by
        a model: rewritten copy) or "lexical" (word `ngram`-shingles, exact Jaccard: copied text,
        about 5-8x faster, no false pair).
    threshold: lexical: report pairs with Jaccard >= this (default 0.5); reworded: the scorer's
        decision probability, as ``neardup scan --threshold`` (default None: the fitted one).
    ngram, num_perm: words per shingle, MinHash signature length.
    threads: worker threads, 0 = every core; the result is the same for every count.
    level: "paragraph" or "document" (whole texts are the units).
    strict: with path input, the first malformed record fails the scan instead of being skipped
        (skipped records are listed in ``result.warnings``). Records given in Python are always
        checked: a bad one raises InvalidArgumentError naming its position.

    The result is the same, field for field, as ``neardup scan --format jsonl`` with the same
    settings on the same records. Cost: the scan itself (linear in the corpus, on every core, the
    GIL released); in reworded mode records given in Python are written to a temporary JSONL
    file first, which the report reads again to align the pairs' words.
    Raises InvalidArgumentError (a ValueError) for a bad argument or record, InputOutputError for
    an unreadable path.
    """
    if mode != "reworded":
        session, _ = _run(docs, mode=mode, level=level, threshold=threshold, ngram=ngram,
                          num_perm=num_perm, threads=threads, id_field=id_field,
                          text_field=text_field, strict=strict, spool_folder=None)
        return ScanResult(session.report_jsonl(), session.warnings())
    with _tempfile.TemporaryDirectory(prefix="neardup-") as folder:
        session, _ = _run(docs, mode=mode, level=level, threshold=threshold, ngram=ngram,
                          num_perm=num_perm, threads=threads, id_field=id_field,
                          text_field=text_field, strict=strict, spool_folder=folder)
        return ScanResult(session.report_jsonl(), session.warnings())


def dedup(docs, *, level="paragraph", mode="reworded", threshold=None, ngram=3, num_perm=128,
          threads=0, id_field="id", text_field="text", strict=False):
    """Returns an iterator over the records of `docs` with near-duplicates removed.

    The scan runs when dedup is called (errors are raised then); the iterator then yields the
    kept records in input order, as ``neardup dedup`` writes them: with level "paragraph" a
    paragraph is dropped when it repeats an earlier kept paragraph, the kept ones joined by a
    blank line, and a record left with no paragraph is dropped; with level "document" whole
    records are kept or dropped. A unit is removed only when it is verified similar to a kept
    unit, never through a chain.

    A dict record is yielded as a copy with only its text field replaced (every other field
    kept); a tuple record as (its id, the new text). Path input yields {"id": .., "text": ..}
    dicts (ids as str). The other arguments are those of scan().
    """
    keep = []
    with _tempfile.TemporaryDirectory(prefix="neardup-") as folder:
        session, paths = _run(docs, mode=mode, level=level, threshold=threshold, ngram=ngram,
                              num_perm=num_perm, threads=threads, id_field=id_field,
                              text_field=text_field, strict=strict, spool_folder=folder,
                              keep=keep)
        kept = [_json.loads(line) for line in session.dedup_jsonl().decode("utf-8").splitlines()]
    if paths is not None:
        return iter(kept)
    return _dedup_records(keep, kept, text_field)


def _dedup_records(records, kept, text_field):
    for entry in kept:
        record = records[int(entry["id"])]  # spooled with its position as its id
        if isinstance(record, dict):
            out = dict(record)
            out[text_field] = entry["text"]
            yield out
        else:
            yield type(record)((record[0], entry["text"]))


class Index:
    """The persistent, crash-safe streaming index behind ``neardup filter``.

    Each document is checked against every document indexed before it and then added. A
    document is a duplicate when the paragraphs that match earlier paragraphs hold at least
    `duplicate_coverage` of its words. Verdicts are the objects ``neardup filter`` adds to each
    record::

        {"duplicate": True, "coverage": 0.8, "paragraphs": 5, "new_paragraphs": 1,
         "matches": [{"para": 0, "doc": "a", "doc_para": 2, "similarity": 0.9231}, ...]}

    When the same id comes back with the same text, check() returns the verdict stored for it
    and adds nothing, so replaying a stream after a crash gives the same verdicts.

    path: the index folder (created when absent and `create`).
    mode: "reworded" (the default: stemmed content words, Ochiai similarity) or "lexical" (word
        shingles, Jaccard); fixed when the index is created, as are ngram and num_perm.
    threshold: paragraphs match at similarity >= this (default 0.5); may change between opens.
    read_only: open for query() and stats() only, beside a writer; takes the stored settings.
    sync: fsync every commit (off only for throwaway indexes).

    One process may hold an index open for writing (another gets UnavailableError); any number
    may read it. One Index may be shared by threads (calls take turns). Use it as a context
    manager, or call close().
    """

    def __init__(self, path, *, mode="reworded", threshold=None, create=True,
                 duplicate_coverage=0.5, read_only=False, sync=True, ngram=3, num_perm=128):
        _check_choice("mode", mode, _MODES)
        self.path = _os.fspath(path)
        self._index = _neardup._Index(
            self.path, mode, _threshold(threshold), bool(create), float(duplicate_coverage),
            bool(read_only), bool(sync), _count("ngram", ngram, 1), _count("num_perm", num_perm, 1))

    def check(self, id, text):
        """Checks one document against the index, adds it, and returns its verdict (a dict).

        The verdict is durable when check returns: after a crash the document is in the index,
        and checking it again returns the same verdict and adds nothing. Costs one commit
        (an fsync); check_many() commits once per batch. Raises InvalidArgumentError when `id` is
        indexed with another text (the index is unchanged) and another Error when the index
        fails (it is then closed).
        """
        return self._verdict(self._index.check(_id_str(id, "id"), _text_str(text, "text")))

    def check_many(self, records, *, id_field="id", text_field="text", batch=256):
        """check() for each record of `records` ((id, text) tuples or dicts), in order, committing
        once per `batch` documents (group commit). Returns one verdict per record, all durable.

        A record whose id is indexed with other content gets {"error": message} instead of a
        verdict, as ``neardup filter`` writes it, and the others go on. If the process dies
        during the call, the records not yet committed are not in the index: calling again with
        the same records gives every record the verdict it would have had.
        """
        pairs = [_record(r, i, id_field, text_field) for i, r in enumerate(records)]
        out = []
        for ok, text in self._index.check_many(pairs, _count("batch", batch, 1)):
            out.append(self._verdict(text) if ok else {"error": text})
        return out

    def query(self, text, *, id=""):
        """The verdict `text` would get, without adding it (a document with the same `id` in the
        index is left out of the comparison)."""
        return self._verdict(self._index.query(_id_str(id, "id"), _text_str(text, "text")))

    def remove(self, id):
        """Removes the document `id`; NotFoundError when it is not in the index."""
        self._index.remove(_id_str(id, "id"))

    def prune(self, max_age=None, max_documents=None):
        """Removes the oldest documents: those added more than `max_age` ago (seconds, or a
        datetime.timedelta) and those beyond the newest `max_documents`. Returns how many were
        removed. At least one of the two must be given."""
        if max_age is None and max_documents is None:
            raise InvalidArgumentError("prune needs max_age or max_documents")
        age = 0
        if max_age is not None:
            if isinstance(max_age, _datetime.timedelta):
                max_age = max_age.total_seconds()
            if isinstance(max_age, bool) or not isinstance(max_age, (int, float)) or max_age < 1:
                raise InvalidArgumentError(f"max_age must be at least 1 second, got {max_age!r}")
            age = int(max_age)
        docs = 0 if max_documents is None else _count("max_documents", max_documents, 1)
        return self._index.prune(age, docs)

    def stats(self, *, verify=False):
        """Counts and settings of the index, as ``neardup index stats`` prints them. With
        `verify`, first reads every record and checks its checksum (CorruptionError naming the
        first damaged one)."""
        return self._index.stats(bool(verify))

    def close(self):
        """Closes the index; every verdict returned so far is already durable."""
        self._index.close()

    @property
    def closed(self):
        return self._index.closed

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    def __repr__(self):
        return f"<neardup.Index {self.path!r}{' (closed)' if self.closed else ''}>"

    @staticmethod
    def _verdict(text):
        return _json.loads(text)
