"""`pipeline refresh` against a real HTTP server on 127.0.0.1 (started here, in a thread): a new
valid file is promoted and registered; 304 changes nothing; 404/500, a timeout, a truncated body,
a wrong checksum, a changed schema and a file that fails validation all keep the last good
snapshot; a watched page that changed is reported for review; no network changes nothing.
Every test works on a copy of data/raw/ (raw_copy) and asserts on the files and the manifest.
The files served are edits of the shipped demographics.csv (test inputs, not Monitor figures)."""
from __future__ import annotations

import http.server
import json
import socket
import threading
import time

import pytest

from pipeline.files import manifest
from pipeline.refresh import fetch as R
from pipeline.refresh.cli import mark_reviewed, sync_watch

from conftest import in_process, run_cli, scratch_env

ENTRY = "demographics/demographics.csv"
FAST = R.Options(timeout=1.0, retries=2, backoff=0.05)


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *a):  # keep test output quiet
        pass

    def do_GET(self):  # noqa: N802 - http.server's naming
        srv = self.server
        srv.requests.append({"path": self.path, "headers": dict(self.headers)})
        route = srv.routes.get(self.path)
        if route is None:
            self.send_error(404, "Not Found")
            return
        if route.get("delay"):
            time.sleep(route["delay"])
        etag = route.get("etag")
        if etag and self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return
        status = route.get("status", 200)
        if 300 <= status < 400:
            self.send_response(status)
            for k, v in route.get("headers", {}).items():
                self.send_header(k, v)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if status >= 400:
            self.send_error(status)
            return
        body = route["body"]
        self.send_response(status)
        self.send_header("Content-Type", route.get("type", "text/csv; charset=utf-8"))
        self.send_header("Content-Length", str(route.get("length", len(body))))
        if etag:
            self.send_header("ETag", etag)
        if route.get("last_modified"):
            self.send_header("Last-Modified", route["last_modified"])
        for k, v in route.get("headers", {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)
        self.wfile.flush()
        if "length" in route:  # a truncated body: close the connection early
            self.close_connection = True


@pytest.fixture
def server():
    srv = Server(("127.0.0.1", 0), Handler)
    srv.routes, srv.requests = {}, []
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    srv.base = f"http://127.0.0.1:{srv.server_address[1]}"
    yield srv
    srv.shutdown()
    srv.server_close()


@pytest.fixture
def project(raw_copy, tmp_path, monkeypatch):
    """The pipeline pointed at a copy of data/raw/ with every URL removed from its manifest
    (so nothing can reach the internet), plus helpers to read the state back."""
    for var in ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
        monkeypatch.delenv(var, raising=False)  # loopback only, never through a proxy
    monkeypatch.setenv("LANDMINE_RAW_DIR", str(raw_copy))
    monkeypatch.setenv("LANDMINE_PROCESSED_DIR", str(tmp_path / "processed"))
    data = manifest.load()
    for meta in data["files"].values():
        meta.pop("download_url", None)
        meta.pop("watch", None)
        meta.pop("http", None)
    manifest.save(data)

    class P:
        raw = raw_copy
        file = raw_copy / ENTRY
        processed = tmp_path / "processed"

        @staticmethod
        def set(path=ENTRY, **fields):
            d = manifest.load()
            d["files"][path].update(fields)
            manifest.save(d)

        @staticmethod
        def entry(path=ENTRY):
            return manifest.load()["files"][path]

        @staticmethod
        def manifest_bytes():
            return (raw_copy / "manifest.yml").read_bytes()

        @staticmethod
        def log():
            return [json.loads(x) for x in (tmp_path / "processed" / "refresh.jsonl").read_text().splitlines()]

        @staticmethod
        def leftovers():
            return [p.name for p in raw_copy.rglob("*") if p.name.endswith(".tmp") or p.name == R.JOURNAL]

    return P


def _lines(p):
    return p.file.read_bytes().splitlines(keepends=True)


def _result(results, target):
    (r,) = [r for r in results if r.target == target]
    return r


def assert_kept(p, before_file, before_manifest):
    assert p.file.read_bytes() == before_file
    assert p.manifest_bytes() == before_manifest
    assert not p.leftovers()
    for e in manifest.entries():
        manifest.verify(e)


def test_200_with_a_new_valid_file_is_promoted_and_registered(project, server):
    old = project.entry()
    new_body = b"".join(_lines(project)[:-1])  # the shipped file less its last row: valid, different
    server.routes["/demographics.csv"] = {"body": new_body, "etag": '"v2"',
                                          "last_modified": "Wed, 25 Nov 2026 10:00:00 GMT"}
    project.set(download_url=server.base + "/demographics.csv")

    results, summary = R.run(FAST, log=lambda *_: None)

    r = _result(results, ENTRY)
    assert r.status == "new", r.message
    assert project.file.read_bytes() == new_body
    e = project.entry()
    assert e["sha256"] == manifest.sha256(project.file) != old["sha256"]
    assert e["rows"] == old["rows"] - 1 and e["bytes"] == len(new_body)
    assert e["retrieved"] != old["retrieved"] and e["retrieved"].endswith("Z")
    assert e["http"] == {"etag": '"v2"', "last_modified": "Wed, 25 Nov 2026 10:00:00 GMT"}
    assert e["what"] == old["what"] and e["licence"] == old["licence"]  # provenance kept
    assert summary["new_snapshots"] == [ENTRY] and summary["manifest_changed"]
    for entry in manifest.entries():  # the build accepts the new snapshot
        manifest.verify(entry)
    assert not project.leftovers()
    log = project.log()
    assert log[0]["target"] == ENTRY and log[0]["status"] == "new"
    assert log[0]["attempts"][0]["status"] == 200 and log[-1]["kind"] == "run"

    # the next refresh sends the recorded validators and gets 304: nothing changes
    before_file, before_manifest = project.file.read_bytes(), project.manifest_bytes()
    results, summary = R.run(FAST, log=lambda *_: None)
    assert _result(results, ENTRY).status == "not_modified"
    assert server.requests[-1]["headers"]["If-None-Match"] == '"v2"'
    assert server.requests[-1]["headers"]["If-Modified-Since"] == "Wed, 25 Nov 2026 10:00:00 GMT"
    assert_kept(project, before_file, before_manifest)
    assert not summary["manifest_changed"]


def test_304_changes_nothing(project, server):
    server.routes["/d.csv"] = {"body": b"never sent", "etag": '"same"'}
    project.set(download_url=server.base + "/d.csv", http={"etag": '"same"'})
    before_file, before_manifest = project.file.read_bytes(), project.manifest_bytes()

    results, summary = R.run(FAST, log=lambda *_: None)

    r = _result(results, ENTRY)
    assert r.status == "not_modified" and not r.failed
    assert server.requests[0]["headers"]["If-None-Match"] == '"same"'
    assert "If-Modified-Since" not in server.requests[0]["headers"]
    assert_kept(project, before_file, before_manifest)
    assert project.log()[0]["attempts"][0]["status"] == 304


def test_same_content_without_validators_changes_nothing(project, server):
    server.routes["/d.csv"] = {"body": project.file.read_bytes()}
    project.set(download_url=server.base + "/d.csv")
    before_file, before_manifest = project.file.read_bytes(), project.manifest_bytes()
    results, _ = R.run(FAST, log=lambda *_: None)
    assert _result(results, ENTRY).status == "unchanged"
    assert_kept(project, before_file, before_manifest)


@pytest.mark.parametrize("status,attempts", [(404, 1), (500, 2)])
def test_http_errors_keep_the_last_good_snapshot(project, server, status, attempts):
    server.routes["/d.csv"] = {"status": status}
    project.set(download_url=server.base + "/d.csv")
    before_file, before_manifest = project.file.read_bytes(), project.manifest_bytes()

    results, summary = R.run(FAST, log=lambda *_: None)

    r = _result(results, ENTRY)
    assert r.failed and r.error_kind == "http" and f"HTTP {status}" in r.message
    assert "kept the last good snapshot" in r.message
    assert len(r.attempts) == attempts  # 5xx is retried, 404 is not
    assert len(server.requests) == attempts
    assert summary["failed"] == [ENTRY] and not summary["offline"]
    assert_kept(project, before_file, before_manifest)
    assert project.log()[0]["error"] == "http"


def test_a_slow_server_times_out_and_the_last_good_is_kept(project, server):
    server.routes["/d.csv"] = {"body": b"x", "delay": 2.0}
    project.set(download_url=server.base + "/d.csv")
    before_file, before_manifest = project.file.read_bytes(), project.manifest_bytes()

    results, _ = R.run(R.Options(timeout=0.3, retries=2, backoff=0.01), log=lambda *_: None)

    r = _result(results, ENTRY)
    assert r.failed and r.error_kind == "timeout", r.message
    assert [a["error"] for a in r.attempts] == ["timeout", "timeout"]
    assert_kept(project, before_file, before_manifest)


def test_a_truncated_body_is_refused(project, server):
    body = b"".join(_lines(project)[:-1])
    server.routes["/d.csv"] = {"body": body[:200], "length": len(body)}
    project.set(download_url=server.base + "/d.csv")
    before_file, before_manifest = project.file.read_bytes(), project.manifest_bytes()

    results, _ = R.run(FAST, log=lambda *_: None)

    r = _result(results, ENTRY)
    assert r.failed and r.error_kind == "truncated", r.message
    assert f"received 200 of {len(body)} bytes" in r.message
    assert_kept(project, before_file, before_manifest)


def test_a_checksum_mismatch_is_refused(project, server):
    import base64
    import hashlib
    body = b"".join(_lines(project)[:-1])
    wrong = base64.b64encode(hashlib.sha256(body + b"x").digest()).decode()
    server.routes["/d.csv"] = {"body": body, "headers": {"Content-Digest": f"sha-256=:{wrong}:"}}
    project.set(download_url=server.base + "/d.csv")
    before_file, before_manifest = project.file.read_bytes(), project.manifest_bytes()

    results, _ = R.run(FAST, log=lambda *_: None)

    r = _result(results, ENTRY)
    assert r.failed and r.error_kind == "checksum" and "checksum mismatch" in r.message
    assert_kept(project, before_file, before_manifest)

    # the same header with the right digest is accepted
    right = base64.b64encode(hashlib.sha256(body).digest()).decode()
    server.routes["/d.csv"]["headers"] = {"Content-Digest": f"sha-256=:{right}:"}
    results, _ = R.run(FAST, log=lambda *_: None)
    assert _result(results, ENTRY).status == "new"
    assert project.file.read_bytes() == body


def test_a_file_whose_schema_changed_is_refused(project, server):
    lines = _lines(project)
    lines[0] = lines[0].replace(b"casualties", b"count")
    server.routes["/d.csv"] = {"body": b"".join(lines)}
    project.set(download_url=server.base + "/d.csv")
    before_file, before_manifest = project.file.read_bytes(), project.manifest_bytes()

    results, _ = R.run(FAST, log=lambda *_: None)

    r = _result(results, ENTRY)
    assert r.failed and r.error_kind == "schema", r.message
    assert "changed schema" in r.message and "missing column(s) casualties" in r.message
    assert "unexpected column(s) count" in r.message
    assert_kept(project, before_file, before_manifest)


def test_a_file_that_fails_validation_is_refused(project, server):
    lines = _lines(project)
    lines[1] = lines[1].replace(b",child,1407,", b",child,-1407,")  # a negative count
    assert lines[1] != _lines(project)[1]
    server.routes["/d.csv"] = {"body": b"".join(lines)}
    project.set(download_url=server.base + "/d.csv")
    before_file, before_manifest = project.file.read_bytes(), project.manifest_bytes()

    results, _ = R.run(FAST, log=lambda *_: None)

    r = _result(results, ENTRY)
    assert r.failed and r.error_kind == "validation", r.message
    assert "casualties_non_negative (1 row(s), first rows [1])" in r.message
    assert_kept(project, before_file, before_manifest)


def test_a_watched_page_that_changed_is_reported_for_review(project, server):
    url = server.base + "/page"
    page = b"<html><head><script>var t=1</script></head><body><p>6,279 casualties in 2024</p></body></html>"
    server.routes["/page"] = {"body": page, "type": "text/html"}
    project.set("global_casualties/global_casualties.csv", watch=[{"url": url}])
    project.set(watch=[{"url": url}])  # the same page under two files is fetched once
    raw_before = {p: p.read_bytes() for p in project.raw.rglob("*.csv")}

    results, _ = R.run(FAST, log=lambda *_: None)  # first check records the hash
    assert {r.status for r in results} == {"baseline"}
    assert len(server.requests) == 1
    baseline = project.entry()["watch"][0]["sha256"]
    assert baseline == R.page_hash(page, "text/html")

    # only the script changed: the visible text did not, so nothing to review
    server.routes["/page"]["body"] = page.replace(b"var t=1", b"var t=2")
    manifest_before = project.manifest_bytes()
    results, _ = R.run(FAST, log=lambda *_: None)
    assert {r.status for r in results} == {"unchanged"}
    assert project.manifest_bytes() == manifest_before

    # the figure on the page changed
    server.routes["/page"]["body"] = page.replace(b"6,279", b"6,280")
    server.routes["/page"]["etag"] = '"p3"'
    results, summary = R.run(FAST, log=lambda *_: None)
    assert {r.status for r in results} == {"changed"}
    assert all(R.CHANGED in r.message for r in results)
    assert summary["review"] == [url, url] and not summary["failed"]
    item = project.entry()["watch"][0]
    assert item["sha256"] == baseline  # the hash at transcription is kept until reviewed
    assert item["changed_sha256"] == R.page_hash(server.routes["/page"]["body"], "text/html")
    assert {p: p.read_bytes() for p in project.raw.rglob("*.csv")} == raw_before  # never parsed
    assert [x["status"] for x in project.log() if x["kind"] == "watch"][-2:] == ["changed", "changed"]

    # still reported on the next run (here a 304 for the recorded ETag), until someone accepts it
    results, _ = R.run(FAST, log=lambda *_: None)
    assert {r.status for r in results} == {"changed"}
    assert all(R.CHANGED in r.message for r in results)
    assert server.requests[-1]["headers"]["If-None-Match"] == '"p3"'
    assert results[0].attempts[0]["status"] == 304
    assert mark_reviewed(url) == 2
    item = project.entry()["watch"][0]
    assert item["sha256"] == R.page_hash(server.routes["/page"]["body"], "text/html")
    assert "changed_sha256" not in item
    results, _ = R.run(FAST, log=lambda *_: None)
    assert {r.status for r in results} == {"not_modified"}
    server.routes["/page"].pop("etag")
    results, _ = R.run(FAST, log=lambda *_: None)
    assert {r.status for r in results} == {"unchanged"}


def _closed_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()  # nothing listens there now: connections are refused, nothing leaves the machine
    return port


def test_offline_reports_and_changes_nothing(project, tmp_path):
    base = f"http://127.0.0.1:{_closed_port()}"
    project.set(download_url=base + "/d.csv")
    project.set("global_casualties/global_casualties.csv", watch=[{"url": base + "/page"}])
    before_file, before_manifest = project.file.read_bytes(), project.manifest_bytes()
    env = scratch_env(tmp_path, raw=project.raw)
    env["LANDMINE_PROCESSED_DIR"] = str(project.processed)

    res = run_cli("refresh", "--retries", "1", "--timeout", "2", env=env)
    assert res.returncode == 0, res.stderr
    assert "offline: no source could be reached" in res.stdout
    assert "manifest unchanged" in res.stdout
    assert_kept(project, before_file, before_manifest)
    *items, run = project.log()
    assert run["offline"] is True and not run["manifest_changed"]
    assert [i["error"] for i in items] == ["unreachable", "unreachable"]
    assert "not tried again" in items[1]["attempts"][0]["message"]  # the host is known to be down

    res = run_cli("refresh", "--strict", "--retries", "1", "--timeout", "2", env=env)
    assert res.returncode == 1 and "Traceback" not in res.stderr
    assert_kept(project, before_file, before_manifest)


def test_cli_refresh_then_build_uses_the_new_snapshot(project, server, tmp_path):
    new_body = b"".join(_lines(project)[:-1])
    server.routes["/d.csv"] = {"body": new_body, "etag": '"v2"'}
    project.set(download_url=server.base + "/d.csv")
    env = scratch_env(tmp_path, raw=project.raw)
    res = in_process(["refresh", "--strict"], env=env)
    assert res.returncode == 0, res.stdout + res.stderr
    assert "new snapshot: 15 -> 14 rows" in res.stdout and "manifest updated" in res.stdout
    res = in_process(["ingest"], env=env)
    assert res.returncode == 0, res.stderr
    # the file where LANDMINE_RAW_DIR put it (not a literal data/raw/)
    assert f"{project.raw.resolve()}/demographics/demographics.csv: checksum ok, 14 rows read" in res.stdout

    server.routes["/d.csv"] = {"status": 404}
    project.set(http={})
    res = in_process(["refresh", "--strict"], env=env)
    assert res.returncode == 1 and "HTTP 404" in res.stdout and "Traceback" not in res.stderr
    res = in_process(["refresh"], env=env)
    assert res.returncode == 0 and "use --strict to fail" in res.stderr
    assert project.file.read_bytes() == new_body


def test_an_interrupted_commit_is_completed_by_the_next_refresh(project, server, monkeypatch):
    new_body = b"".join(_lines(project)[:-1])
    server.routes["/d.csv"] = {"body": new_body, "etag": '"v2"'}
    project.set(download_url=server.base + "/d.csv")
    real_save = manifest.save

    def crash(*a, **k):
        raise KeyboardInterrupt  # the process dies after replacing the file, before the manifest

    monkeypatch.setattr(manifest, "save", crash)
    with pytest.raises(KeyboardInterrupt):
        R.run(FAST, log=lambda *_: None)
    monkeypatch.setattr(manifest, "save", real_save)
    assert (project.raw / R.JOURNAL).exists()
    with pytest.raises(Exception, match="does not match the manifest"):
        manifest.verify(manifest.Entry(ENTRY, project.entry()))

    results, _ = R.run(FAST, log=lambda *_: None)  # recovers, then gets 304
    assert _result(results, ENTRY).status == "not_modified"
    assert project.file.read_bytes() == new_body
    assert project.entry()["sha256"] == manifest.sha256(project.file)
    assert not project.leftovers()


def test_sync_watch_lists_every_source_page_of_a_file(project):
    added = sync_watch("demographics")
    urls = [w["url"] for w in project.entry()["watch"]]
    import csv
    with open(project.file, newline="", encoding="utf-8") as f:
        expected = list(dict.fromkeys(r["source_url"] for r in csv.DictReader(f)))
    assert urls == expected and added == len(expected)
    assert sync_watch("demographics") == 0  # idempotent
    assert "watch" not in project.entry("device_types/device_types.csv")


def test_shipped_manifest_watches_every_source_page():
    """A watch list, where an entry has one, lists every page its rows cite (refresh --sync-watch)."""
    assert {e.source for e in manifest.entries() if e.meta.get("watch")} >= {
        "global_casualties", "demographics", "device_types"}
    for e in manifest.entries():
        if not e.meta.get("watch"):
            continue
        with open(e.file, newline="", encoding="utf-8") as f:
            import csv
            urls = {r["source_url"] for r in csv.DictReader(f)}
        watched = {w["url"] for w in e.meta.get("watch") or []}
        assert urls <= watched, (e.path, sorted(urls - watched)[:3])
        assert "download_url" not in e.meta  # today's files are transcriptions


def test_refresh_is_a_make_target():
    from conftest import ROOT
    assert "refresh: $(STAMP)" in (ROOT / "Makefile").read_text()
    assert "\t$(PY) -m pipeline refresh\n" in (ROOT / "Makefile").read_text()


def test_a_redirect_to_a_non_http_url_is_refused(project, server, tmp_path):
    secret = tmp_path / "local.csv"
    secret.write_bytes(project.file.read_bytes())
    server.routes["/d.csv"] = {"status": 302, "headers": {"Location": secret.as_uri()}}
    project.set(download_url=server.base + "/d.csv")
    before_file, before_manifest = project.file.read_bytes(), project.manifest_bytes()
    results, _ = R.run(FAST, log=lambda *_: None)
    assert _result(results, ENTRY).failed
    assert_kept(project, before_file, before_manifest)


def test_a_second_refresh_at_the_same_time_is_refused(project):
    import fcntl

    from pipeline.errors import PipelineError
    project.processed.mkdir(parents=True, exist_ok=True)
    with open(project.processed / "refresh.lock", "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        with pytest.raises(PipelineError, match="another refresh is running"):
            R.run(FAST, log=lambda *_: None)
    results, summary = R.run(FAST, log=lambda *_: None)  # free again: runs (nothing to fetch here)
    assert results == [] and not summary["manifest_changed"]


def test_a_new_source_with_only_a_download_url_gets_its_first_snapshot(project, server):
    body = project.file.read_bytes()
    d = manifest.load()
    meta = d["files"].pop(ENTRY)
    new_key = "demographics/national.csv"  # same declared source, a file not on disk yet
    d["files"][new_key] = {"source": "demographics", "what": meta["what"], "origin": meta["origin"],
                           "licence": meta["licence"], "download_url": server.base + "/n.csv"}
    manifest.save(d)
    server.routes["/n.csv"] = {"body": body, "etag": '"n1"'}

    results, _ = R.run(FAST, log=lambda *_: None)

    r = _result(results, new_key)
    assert r.status == "new" and r.message.startswith("first snapshot: 15 rows"), r.message
    assert "If-None-Match" not in server.requests[0]["headers"]
    assert (project.raw / new_key).read_bytes() == body
    e = project.entry(new_key)
    assert e["sha256"] == manifest.sha256(project.raw / new_key) and e["rows"] == 15
    assert e["http"] == {"etag": '"n1"'} and e["retrieved"]
    manifest.verify(manifest.Entry(new_key, e))


def test_the_warehouse_keeps_watch_lists_as_json(shipped_run):
    import duckdb
    con = duckdb.connect(str(shipped_run["warehouse"]), read_only=True)
    rows = con.execute("select path, watch from audit.raw_files order by path").fetchall()
    con.close()
    assert rows
    for path, watch in rows:
        if watch is None:  # an entry without a watch list
            continue
        urls = [w["url"] for w in json.loads(watch)]
        assert urls == [w["url"] for w in manifest.load()["files"][path]["watch"]]
