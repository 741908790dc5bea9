"""The `refresh` verb: its options, its report, and the two manifest chores that go with watched
pages (listing a file's pages, accepting a reviewed change). Kept out of cli.py so the verb is
one small hook there."""
from __future__ import annotations

import csv
import sys

from ..files import manifest, paths
from . import fetch as R
from ..errors import PipelineError
from .. import sources


def arguments() -> list[tuple]:
    """The verb's options, as (flags, kwargs) pairs for the CLI's table (pipeline/cli.py)."""
    return [
        (("--strict",), dict(action="store_true",
                             help="exit non-zero (1) if any fetch failed or the network was unreachable")),
        (("--source",), dict(help="refresh only the manifest entries of this source")),
        (("--timeout",), dict(type=float, default=R.TIMEOUT, help=f"seconds per attempt (default {R.TIMEOUT:g})")),
        (("--retries",), dict(type=int, default=R.RETRIES,
                              help=f"attempts per URL for transient failures (default {R.RETRIES})")),
        (("--backoff",), dict(type=float, default=R.BACKOFF,
                              help=f"seconds before the first retry, doubled each time (default {R.BACKOFF:g})")),
        (("--sync-watch",), dict(action="store_true", help="add every source_url of each raw file to its watch "
                                                           "list (no network), then stop")),
        (("--reviewed",), dict(metavar="URL", help="accept a watched page's change after reviewing the "
                                                   "transcription, then stop")),
    ]


def sync_watch(only: str | None = None) -> int:
    """Add each file's distinct source_url values to its `watch` list; existing items are kept."""
    data = manifest.load()
    added = 0
    for path, meta in (data.get("files") or {}).items():
        if only and meta.get("source") != only:
            continue
        src = sources.get(meta["source"])
        f = paths.raw_dir() / path
        with open(f, newline="", encoding=src.encoding) as fh:
            rows = csv.DictReader(fh, delimiter=src.delimiter)
            urls = list(dict.fromkeys((r.get("source_url") or "").strip() for r in rows))
        watch = meta.setdefault("watch", [])
        have = {w.get("url") for w in watch}
        for u in urls:
            if u and u not in have:
                watch.append({"url": u})
                added += 1
        if not watch:
            meta.pop("watch")
    manifest.save(data)
    return added


def mark_reviewed(url: str) -> int:
    data = manifest.load()
    n = 0
    for meta in (data.get("files") or {}).values():
        for item in meta.get("watch") or []:
            if item.get("url") == url and item.get("changed_sha256"):
                item["sha256"] = item.pop("changed_sha256")
                item.pop("changed_seen", None)
                item["checked"] = R.now()
                n += 1
    if not n:
        raise PipelineError(f"no watched page {url} with a change to accept (see the last refresh's output)")
    manifest.save(data)
    return n


def cmd_refresh(args) -> int:
    if args.sync_watch:
        n = sync_watch(args.source)
        print(f"watch lists: {n} page(s) added to {paths.rel(paths.manifest_path())}")
        return 0
    if args.reviewed:
        n = mark_reviewed(args.reviewed)
        print(f"accepted the reviewed page in {n} watch list(s)")
        return 0
    if args.timeout <= 0 or args.retries < 1 or args.backoff < 0:
        raise PipelineError("--timeout must be > 0, --retries >= 1 and --backoff >= 0")
    opts = R.Options(timeout=args.timeout, retries=args.retries, backoff=args.backoff, only=args.source)
    print(f"refreshing from {paths.rel(paths.manifest_path())} ...")
    results, s = R.run(opts)
    c = s["counts"]
    if not results:
        print("nothing to refresh: no manifest entry has a download_url or watch list")
    if s["offline"]:
        print("offline: no source could be reached (only DNS / connection errors); nothing changed")
    print(f"refresh: {c.get('new', 0)} new snapshot(s), "
          f"{c.get('unchanged', 0) + c.get('not_modified', 0)} unchanged, {c.get('failed', 0)} failed, "
          f"{c.get('changed', 0)} watched page(s) {R.CHANGED}, {c.get('baseline', 0)} page hash(es) recorded; "
          f"manifest {'updated' if s['manifest_changed'] else 'unchanged'}")
    print(f"refresh log: {paths.rel(R.log_path())}")
    if s["failed"]:
        print(f"{len(s['failed'])} failure(s); the last good snapshots were kept"
              + ("" if args.strict else " (exit 0: use --strict to fail)"), file=sys.stderr)
        if args.strict:
            return 1
    return 0
