"""Refresh: take in what changed at the sources, prove it valid, and only then replace anything.

Per manifest entry (data/raw/manifest.yml):

- `download_url`: a machine-readable file. Fetched with a timeout and retries, conditionally
  (If-None-Match / If-Modified-Since from the recorded `http` validators). The body is streamed
  into a temporary file next to the snapshot, checked (Content-Length, any Content-Digest /
  Digest / Content-MD5 header), read as the entry's declared source and validated with the same
  rules as a build (`pipeline.validate.run`). Only a file that passes all of that replaces the
  snapshot; the manifest then records the new sha256, bytes, rows, retrieved time and validators.
- `watch`: pages the figures were transcribed from. Their text is hashed, never parsed: a page
  whose hash differs from the one recorded at transcription is reported "changed since
  transcription — review".

Any failure keeps the last good snapshot. Every attempt is appended to data/processed/refresh.jsonl.
Files and the manifest are written to a temporary file and then replaced; a journal in data/raw/
lets the next refresh finish a commit interrupted between the two."""
from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import fcntl
import hashlib
import html.parser
import json
import os
import re
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..asof import resolve
from ..files import manifest, paths
from ..build.lock import build_lock
from ..errors import PipelineError, SourceReadError
from .. import sources

USER_AGENT = "landmine-pipeline-refresh/0.1 (+https://github.com; scheduled data refresh)"
TIMEOUT = 30.0  # seconds per attempt (connect and each read)
RETRIES = 3  # attempts per URL for transient failures (timeouts, resets, 5xx, 429)
BACKOFF = 2.0  # seconds; doubled after each failed attempt
MAX_BYTES = 200 * 1024 * 1024
JOURNAL = ".refresh-journal.yml"
LOG_NAME = "refresh.jsonl"
CHANGED = "changed since transcription — review"

# failure kinds that mean the network (not the source) is missing
NETWORK_KINDS = {"dns", "unreachable"}


def now() -> str:
    return dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def log_path() -> Path:
    return paths.processed_dir() / LOG_NAME


class FetchError(Exception):
    def __init__(self, kind: str, message: str, status: int | None = None):
        super().__init__(message)
        self.kind, self.status = kind, status


@dataclass
class Response:
    status: int  # 200 or 304
    headers: dict
    sha256: str = ""
    bytes: int = 0
    path: Path | None = None  # the body in a temporary file (downloads)
    body: bytes = b""  # the body in memory (watched pages)


@dataclass
class Result:
    kind: str  # download | watch
    target: str  # manifest path or page URL
    status: str  # new | unchanged | not_modified | failed | changed | baseline | skipped
    message: str
    attempts: list[dict] = field(default_factory=list)
    detail: dict = field(default_factory=dict)
    error_kind: str | None = None

    @property
    def failed(self) -> bool:
        return self.status == "failed"

    def line(self) -> str:
        return f"  {self.kind} {self.target}: {self.message}"


# ---------------------------------------------------------------- HTTP

def _classify(exc: BaseException) -> FetchError:
    """A network exception as a failure kind with a readable message."""
    if isinstance(exc, FetchError):
        return exc
    if type(exc).__name__ == "IncompleteRead":
        return FetchError("truncated", f"truncated body ({exc})")
    if isinstance(exc, urllib.error.HTTPError):
        return FetchError("http", f"HTTP {exc.code} {exc.reason}", exc.code)
    reason = exc.reason if isinstance(exc, urllib.error.URLError) else exc
    if isinstance(reason, socket.gaierror):
        return FetchError("dns", f"host name could not be resolved ({reason.strerror or reason})", reason.errno)
    if isinstance(reason, (TimeoutError, socket.timeout)):
        return FetchError("timeout", "timed out")
    if isinstance(reason, (ConnectionRefusedError,)):
        return FetchError("unreachable", "connection refused")
    if isinstance(reason, OSError) and reason.errno in (101, 113, 99):  # network/host unreachable
        return FetchError("unreachable", f"network unreachable ({reason.strerror})")
    if isinstance(reason, (ConnectionError, OSError)) or "IncompleteRead" in type(reason).__name__:
        return FetchError("connection", f"connection failed ({type(reason).__name__}: {reason})")
    return FetchError("connection", f"{type(reason).__name__}: {reason}")


def _transient(err: FetchError) -> bool:
    if err.kind == "dns":
        return err.status == socket.EAI_AGAIN  # "temporary failure in name resolution"
    if err.kind == "http":
        return err.status is not None and (err.status >= 500 or err.status in (408, 429))
    return err.kind in ("timeout", "connection", "truncated")


def _digest_checks(headers) -> list[tuple[str, str, str]]:
    """(algorithm, expected digest as hex, header) from Content-Digest, Digest or Content-MD5."""
    out = []
    for name in ("Content-Digest", "Digest"):
        value = headers.get(name)
        if not value:
            continue
        for part in value.split(","):
            m = re.match(r"\s*([A-Za-z0-9-]+)\s*=\s*:?([A-Za-z0-9+/=]+):?\s*$", part)
            if not m:
                continue
            algo = m.group(1).lower().replace("-", "")
            if algo in ("sha256", "sha512", "md5"):
                try:
                    out.append((algo, base64.b64decode(m.group(2)).hex(), name))
                except ValueError:
                    out.append((algo, "(undecodable)", name))
    md5 = headers.get("Content-MD5")
    if md5:
        try:
            out.append(("md5", base64.b64decode(md5).hex(), "Content-MD5"))
        except ValueError:
            out.append(("md5", "(undecodable)", "Content-MD5"))
    return out


def _opener() -> urllib.request.OpenerDirector:
    """http(s) only (no file:, ftp: or data:, even through a redirect); proxies from the environment."""
    o = urllib.request.OpenerDirector()
    for h in (urllib.request.ProxyHandler(), urllib.request.HTTPHandler(), urllib.request.HTTPSHandler(),
              urllib.request.HTTPDefaultErrorHandler(), urllib.request.HTTPRedirectHandler(),
              urllib.request.HTTPErrorProcessor()):
        o.add_handler(h)
    return o


def _once(url: str, validators: dict, timeout: float, dest: Path | None) -> Response:
    headers = {"User-Agent": USER_AGENT, "Accept-Encoding": "identity"}
    if validators.get("etag"):
        headers["If-None-Match"] = validators["etag"]
    if validators.get("last_modified"):
        headers["If-Modified-Since"] = validators["last_modified"]
    req = urllib.request.Request(url, headers=headers)
    try:
        resp = _opener().open(req, timeout=timeout)
    except urllib.error.HTTPError as exc:
        exc.close()
        if exc.code == 304:
            return Response(304, dict(exc.headers))
        raise
    with resp:
        declared = resp.headers.get("Content-Length")
        h256, hashers = hashlib.sha256(), {"sha256": None, "sha512": hashlib.sha512(), "md5": hashlib.md5()}
        n, chunks = 0, []
        out = open(dest, "wb") if dest else None
        try:
            while True:
                block = resp.read(1 << 16)
                if not block:
                    break
                n += len(block)
                if n > MAX_BYTES:
                    raise FetchError("too_large", f"body larger than {MAX_BYTES} bytes")
                h256.update(block)
                for h in hashers.values():
                    if h is not None:
                        h.update(block)
                if out:
                    out.write(block)
                else:
                    chunks.append(block)
            if out:
                out.flush()
                os.fsync(out.fileno())
        finally:
            if out:
                out.close()
        if declared is not None and declared.isdigit() and int(declared) != n:
            raise FetchError("truncated", f"truncated body: received {n} of {declared} bytes (Content-Length)")
        got = {"sha256": h256.hexdigest(), "sha512": hashers["sha512"].hexdigest(), "md5": hashers["md5"].hexdigest()}
        for algo, expected, name in _digest_checks(resp.headers):
            if expected != got[algo]:
                raise FetchError("checksum", f"checksum mismatch: {name} says {algo} {expected[:12]}…, "
                                             f"body is {got[algo][:12]}…")
        return Response(resp.status, dict(resp.headers), h256.hexdigest(), n, dest, b"".join(chunks))


def fetch(url: str, validators: dict, *, timeout: float, retries: int, backoff: float,
          dest: Path | None = None, attempts: list | None = None, dead_hosts: dict | None = None) -> Response:
    """GET with retries for transient failures; every attempt is appended to `attempts`. A host
    that could not be resolved or reached is remembered in `dead_hosts` (one run) and not tried
    again for its other URLs, so an offline run ends quickly."""
    if not re.match(r"^https?://", url or ""):
        raise FetchError("config", f"not an http(s) URL: {url!r}")
    attempts = [] if attempts is None else attempts
    dead_hosts = {} if dead_hosts is None else dead_hosts
    host = urllib.parse.urlsplit(url).netloc.lower()
    wait = backoff
    for i in range(1, max(retries, 1) + 1):
        t0 = time.monotonic()
        rec = {"attempt": i, "url": url, "at": now(),
               "conditional": bool(validators.get("etag") or validators.get("last_modified"))}
        if host in dead_hosts:
            err = dead_hosts[host]
            rec.update(error=err.kind, message=f"{err} (earlier in this run; not tried again)", status=None, seconds=0)
            attempts.append(rec)
            raise FetchError(err.kind, f"{err} (earlier in this run)")
        try:
            r = _once(url, validators, timeout, dest)
            rec.update(status=r.status, bytes=r.bytes, seconds=round(time.monotonic() - t0, 3))
            attempts.append(rec)
            return r
        except Exception as exc:  # noqa: BLE001 - classified below, never swallowed silently
            err = _classify(exc)
            rec.update(error=err.kind, message=str(err), status=err.status, seconds=round(time.monotonic() - t0, 3))
            attempts.append(rec)
            if err.kind in NETWORK_KINDS and not (i < retries and _transient(err)):
                dead_hosts[host] = err
            if i >= retries or not _transient(err):
                raise err from None
            time.sleep(wait)
            wait *= 2
    raise AssertionError("unreachable")


# ---------------------------------------------------------------- pages

class _Text(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self._skip = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "noscript", "template"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style", "noscript", "template") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def page_hash(body: bytes, content_type: str = "") -> str:
    """sha256 of a page's visible text (HTML: tags, scripts and styles dropped, whitespace
    collapsed), so a changed ad or script does not read as a changed figure; other bodies (PDF)
    are hashed as bytes."""
    if "html" in content_type.lower() or body.lstrip()[:1] == b"<":
        p = _Text()
        p.feed(body.decode("utf-8", errors="replace"))
        p.close()
        text = " ".join(" ".join(p.parts).split())
        return hashlib.sha256(text.encode("utf-8")).hexdigest()
    return hashlib.sha256(body).hexdigest()


# ---------------------------------------------------------------- commit

def _validators(headers: dict) -> dict:
    h = {k.lower(): v for k, v in headers.items()}
    return {k: v for k, v in (("etag", h.get("etag")), ("last_modified", h.get("last-modified"))) if v}


def _write_yaml_atomic(path: Path, data) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        yaml.safe_dump(data, f, sort_keys=False, allow_unicode=True, width=100)
        f.flush()
        os.fsync(f.fileno())
    tmp.replace(path)


def _commit(data: dict, staged: list[tuple[Path, Path, str]]) -> None:
    """Replace the staged files, then the manifest. The journal (written first) lets `recover`
    finish the job if the process dies in between."""
    journal = paths.raw_dir() / JOURNAL
    if staged:
        raw = paths.raw_dir()
        _write_yaml_atomic(journal, {"manifest": data, "files": [
            {"tmp": str(Path(t).relative_to(raw)), "final": str(Path(f).relative_to(raw)), "sha256": s}
            for t, f, s in staged]})
    for tmp, final, _ in staged:
        os.replace(tmp, final)
    manifest.save(data)
    journal.unlink(missing_ok=True)


def recover() -> str | None:
    """Finish a commit that a previous refresh could not complete (see `_commit`)."""
    journal = paths.raw_dir() / JOURNAL
    if not journal.exists():
        return None
    with open(journal, encoding="utf-8") as f:
        j = yaml.safe_load(f) or {}
    for item in j.get("files", []):
        tmp, final = paths.raw_dir() / item["tmp"], paths.raw_dir() / item["final"]
        if tmp.exists() and manifest.sha256(tmp) == item["sha256"]:
            os.replace(tmp, final)
        elif not (final.exists() and manifest.sha256(final) == item["sha256"]):
            raise PipelineError(f"an interrupted refresh left {paths.rel(journal)} that cannot be completed "
                                f"({paths.rel(final)} is neither the old nor the new snapshot); "
                                f"restore {paths.rel(paths.raw_dir())}/ from git and delete the journal")
    manifest.save(j["manifest"])
    journal.unlink()
    return f"completed an interrupted refresh ({len(j.get('files', []))} file(s))"


# ---------------------------------------------------------------- refresh

@dataclass
class Options:
    timeout: float = TIMEOUT
    retries: int = RETRIES
    backoff: float = BACKOFF
    only: str | None = None  # a source name
    dead_hosts: dict = field(default_factory=dict)  # per run: hosts that could not be resolved/reached


class _Refused(Exception):
    """A download not taken in: its error kind and the message the run prints."""

    def __init__(self, kind: str, message: str, broken_rules: list[str] | None = None):
        super().__init__(message)
        self.kind, self.message, self.broken_rules = kind, message, broken_rules


def _download(path: str, meta: dict, opts: Options, staged: list, files: dict) -> Result:
    """Fetch one file's download_url; a new, valid content is staged (`staged`: (tmp, target,
    sha256)) and its manifest entry updated (`meta`, or a new snapshot's entry in `files`); anything
    else leaves the last good snapshot as it was, with the reason in the result."""
    res = Result("download", path, "failed", "")
    entry = manifest.Entry(path, meta)
    bootstrap = not entry.file.exists() and not meta.get("sha256")  # a new source: first download
    tmp = entry.file.with_name(f".{entry.file.name}.refresh-{os.getpid()}.tmp")
    try:
        if not bootstrap:
            _local_snapshot_intact(entry)
        entry.file.parent.mkdir(parents=True, exist_ok=True)
        r = _fetched(meta, bootstrap, opts, tmp, res)
        if r.status == 304:
            res.status, res.message = "not_modified", "not modified (304); unchanged"
        elif r.sha256 == meta.get("sha256"):
            res.status, res.message = "unchanged", f"unchanged (same sha256 {r.sha256[:12]}…)"
        else:
            source = _validated(tmp, meta)
            _take_in(path, meta, r, source, bootstrap, tmp, staged, files, res)
    except _Refused as refused:
        res.status, res.error_kind, res.message = "failed", refused.kind, refused.message
        if refused.broken_rules is not None:
            res.detail["broken_rules"] = refused.broken_rules
    finally:
        if not any(t == tmp for t, _, _ in staged):
            tmp.unlink(missing_ok=True)
    return res


def _local_snapshot_intact(entry: manifest.Entry) -> None:
    """The file on disk is the one the manifest records (else nothing is refreshed over it)."""
    try:
        manifest.verify(entry)
    except PipelineError:
        raise _Refused("local_checksum", f"the local snapshot {paths.rel(entry.file)} does not match the "
                       "manifest; not refreshed (restore it from git or re-register it first)") from None


def _fetched(meta: dict, bootstrap: bool, opts: Options, tmp: Path, res: Result):
    """The HTTP response, its body in `tmp` (conditional on the recorded validators)."""
    validators = {} if bootstrap else meta.get("http") or {}
    try:
        return fetch(meta["download_url"], validators, timeout=opts.timeout, retries=opts.retries,
                     backoff=opts.backoff, dest=tmp, attempts=res.attempts, dead_hosts=opts.dead_hosts)
    except FetchError as err:
        raise _Refused(err.kind, f"FAILED ({err}); kept the last good snapshot") from None


def _validated(tmp: Path, meta: dict):
    """The source, once the downloaded file has passed its validation as a build today would read
    it (a changed schema, an unreadable file or a refusal by the source is a _Refused)."""
    try:
        source = sources.get(meta["source"])
        outcome = source.check(tmp, log=lambda _msg: None, as_of=resolve())
    except SourceReadError as exc:
        msg = str(exc).replace(str(tmp), "downloaded file")
        kind = "schema" if "header does not match" in msg else "unreadable"
        raise _Refused(kind, f"FAILED ({'changed schema: ' if kind == 'schema' else ''}{msg}); "
                             "kept the last good snapshot") from None
    except Exception as exc:  # noqa: BLE001 - a file validation cannot even run on is not taken in
        raise _Refused("validation", f"FAILED (validation could not run: {type(exc).__name__}: {exc}); "
                                     "kept the last good snapshot") from None
    refusal = source.refusal(outcome)
    if refusal:
        broken = [f"{r.rule.name} ({r.count} row(s), first rows {r.rows[:5]})"
                  for r in outcome.results if r.rule.severity == "error" and r.count]
        raise _Refused("empty" if outcome.rows_read == 0 else "validation",
                       (f"FAILED validation: {refusal}; " if outcome.rows_read else f"FAILED ({refusal}); ")
                       + "kept the last good snapshot", broken)
    return source


def _take_in(path, meta, r, source, bootstrap, tmp, staged, files, res) -> None:
    """Stage a new content: beside the others as a dated snapshot (a register keeps every export),
    or in place of the file (the manifest entry updated)."""
    new = {"rows": manifest.count_rows(tmp), "bytes": r.bytes, "sha256": r.sha256, "retrieved": now()}
    res.detail = {"previous": {k: meta.get(k) for k in ("rows", "bytes", "sha256", "retrieved")}, "new": new}
    snapshot = None if bootstrap else source.snapshot_path(path, new["retrieved"][:10])
    res.status = "new"
    if snapshot is not None:  # an edition beside the others: the old file and its entry stay
        _as_snapshot(path, meta, r, new, snapshot, tmp, staged, files, res)
        return
    meta.update(new)
    meta["http"] = _validators(r.headers)
    if not meta["http"]:
        meta.pop("http")
    staged.append((tmp, manifest.Entry(path, meta).file, r.sha256))
    if bootstrap:
        res.message = f"first snapshot: {new['rows']} rows, sha256 {new['sha256'][:12]}…"
    else:
        res.message = (f"new snapshot: {res.detail['previous']['rows']} -> {new['rows']} rows, sha256 "
                       f"{str(res.detail['previous']['sha256'])[:12]}… -> {new['sha256'][:12]}…")


def _as_snapshot(path, meta, r, new, snapshot, tmp, staged, files, res) -> None:
    """A new dated file and its own manifest entry; the latest snapshot carries the download."""
    target = paths.raw_dir() / snapshot
    if target.exists() or snapshot in files:
        raise _Refused("conflict", f"FAILED (new content, but {paths.rel(target)} already exists: one new "
                                   "snapshot per day); kept the last good snapshot")
    entry_meta = {"source": meta["source"],
                  "what": f"Snapshot of the register downloaded by `pipeline refresh` (see {path} for the dataset)",
                  "origin": f"{meta['download_url']} fetched {new['retrieved']}",
                  **{k: meta[k] for k in ("dataset_id", "portal_url", "licence") if k in meta},
                  "exported": f"by {new['retrieved'][:10]} (downloaded)", "snapshot": new["retrieved"][:10],
                  **new, "download_url": meta["download_url"]}
    http = _validators(r.headers)
    if http:
        entry_meta["http"] = http
    for k in ("download_url", "http"):
        meta.pop(k, None)
    files[snapshot] = entry_meta
    res.detail["snapshot"] = snapshot
    staged.append((tmp, target, r.sha256))
    res.message = (f"new snapshot {snapshot}: {new['rows']} rows, sha256 {new['sha256'][:12]}… "
                   f"(previous snapshot {path} kept)")


def _watch(item: dict, opts: Options, seen: dict) -> Result:
    url = item.get("url", "")
    res = Result("watch", url, "failed", "")
    if url in seen:  # the same page listed under several files: fetched once
        r, err, attempts = seen[url]
        res.detail["same_as_earlier"] = True
    else:
        attempts, r, err = [], None, None
        try:
            r = fetch(url, {k: item.get(k) for k in ("etag", "last_modified")}, timeout=opts.timeout,
                      retries=opts.retries, backoff=opts.backoff, attempts=attempts, dead_hosts=opts.dead_hosts)
        except FetchError as e:
            err = e
        seen[url] = (r, err, attempts)
    res.attempts = attempts
    if err is not None:
        res.error_kind, res.message = err.kind, f"FAILED ({err})"
        return res
    if r.status == 304:
        res.status, res.message = "not_modified", "not modified (304)"
        if item.get("changed_sha256"):  # still the changed page nobody has reviewed yet
            res.status, res.message = "changed", _changed_message(item)
        return res
    h = page_hash(r.body, r.headers.get("Content-Type", ""))
    res.detail["sha256"] = h
    if not item.get("sha256"):
        item["sha256"] = h
        item["checked"] = now()
        item.update(_validators(r.headers))
        res.status, res.message = "baseline", f"first check: page hash {h[:12]}… recorded (review the transcription once)"
    elif h == item["sha256"]:
        if item.pop("changed_sha256", None):  # changed back to what was transcribed
            item.pop("changed_seen", None)
        res.status, res.message = "unchanged", "unchanged since transcription"
    else:
        if item.get("changed_sha256") != h:
            item["changed_sha256"] = h
            item["changed_seen"] = now()
            item.update(_validators(r.headers))
        res.status, res.message = "changed", _changed_message(item)
    return res


def _changed_message(item: dict) -> str:
    return (f"{CHANGED} (hash at transcription {item['sha256'][:12]}…, now {item['changed_sha256'][:12]}…, "
            f"first seen {item.get('changed_seen')})")


def _log(results: list[Result], run: dict) -> Path:
    out = log_path()
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "a", encoding="utf-8") as f:
        for r in results:
            f.write(json.dumps({"run": run["run"], "kind": r.kind, "target": r.target, "status": r.status,
                                "error": r.error_kind, "message": r.message, "attempts": r.attempts,
                                "detail": r.detail}, ensure_ascii=False) + "\n")
        f.write(json.dumps(run, ensure_ascii=False) + "\n")
    return out


def run(opts: Options | None = None, log=print) -> tuple[list[Result], dict]:
    """Refresh every manifest entry with a download_url or watch list. Returns the results and the
    run summary (also appended to the refresh log)."""
    opts = opts or Options()
    paths.processed_dir().mkdir(parents=True, exist_ok=True)
    with open(paths.processed_dir() / "refresh.lock", "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise PipelineError("another refresh is running (data/processed/refresh.lock); try again when it ends") from None
        # A refresh replaces raw files that a build reads: never both at once.
        with build_lock():
            return _run(opts, log)


def _run(opts: Options, log) -> tuple[list[Result], dict]:
    opts = dataclasses.replace(opts, dead_hosts={})
    note = recover()
    if note:
        log(f"  {note}")
    data = manifest.load()
    before = yaml.safe_dump(data, sort_keys=False)
    files = data.get("files", {}) or {}
    if opts.only and not any(m.get("source") == opts.only for m in files.values()):
        raise PipelineError(f"no manifest entry for source '{opts.only}'")
    results: list[Result] = []
    staged: list[tuple[Path, Path, str]] = []
    seen: dict = {}
    started = now()
    try:
        for path, meta in list(files.items()):  # a new snapshot adds an entry while we go
            if opts.only and meta.get("source") != opts.only:
                continue
            if meta.get("download_url"):
                results.append(_download(path, meta, opts, staged, files))
                log(results[-1].line())
            for item in meta.get("watch") or []:
                if not isinstance(item, dict):
                    raise PipelineError(f"{path}: watch entries are mappings with a url: key (got {item!r})")
                results.append(_watch(item, opts, seen))
                log(results[-1].line())
        attempted = [r for r in results if r.attempts]
        offline = bool(attempted) and all(r.failed and r.error_kind in NETWORK_KINDS for r in attempted)
        if offline:
            for tmp, _, _ in staged:
                Path(tmp).unlink(missing_ok=True)
            staged.clear()
            changed = False
        else:
            changed = yaml.safe_dump(data, sort_keys=False) != before
            if changed:
                _commit(data, staged)
    except BaseException:
        for tmp, _, _ in staged:
            Path(tmp).unlink(missing_ok=True)
        raise
    count = {}
    for r in results:
        count[r.status] = count.get(r.status, 0) + 1
    summary = {"run": started, "kind": "run", "finished": now(), "offline": offline,
               "manifest_changed": changed, "new_snapshots": [r.target for r in results if r.status == "new"],
               "failed": [r.target for r in results if r.failed],
               "review": [r.target for r in results if r.status == "changed"], "counts": count}
    _log(results, summary)
    return results, summary
