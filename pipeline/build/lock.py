"""One build at a time: an exclusive lock on data/processed/.build.lock (fcntl.flock). A refresh
holds it too, since it replaces the raw files a build reads.

A second build waits for the first (saying so on stderr) for up to LANDMINE_LOCK_TIMEOUT seconds
(default 600; 0 = do not wait), then exits with a clear error. The kernel releases the lock when
its holder dies, even by SIGKILL, so a crashed build never leaves a lock behind. Taken once per
build, by pipeline/build/run.py (not re-entrant: a second acquisition in one process would wait)."""
from __future__ import annotations

import datetime as _dt
import fcntl
import os
import sys
import time
from contextlib import contextmanager

from ..files import paths
from ..errors import PipelineError

def lock_path():
    return paths.processed_dir() / ".build.lock"


def _holder(f) -> str:
    try:
        f.seek(0)
        return f.read().strip() or "unknown"
    except OSError:
        return "unknown"


@contextmanager
def build_lock(log=None):
    log = log or (lambda msg: print(msg, file=sys.stderr, flush=True))
    path = lock_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    timeout = float(os.environ.get("LANDMINE_LOCK_TIMEOUT", "600"))
    f = open(path, "a+", encoding="utf-8")
    try:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            who = _holder(f)
            if timeout <= 0:
                raise PipelineError(
                    f"another build is running ({who}; lock {paths.rel(path)}): try again when it has "
                    "finished (or set LANDMINE_LOCK_TIMEOUT=<seconds> to wait)") from None
            log(f"another build is running ({who}); waiting for it to finish "
                f"(up to {timeout:g}s, LANDMINE_LOCK_TIMEOUT) ...")
            deadline = time.monotonic() + timeout
            while True:
                try:
                    fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise PipelineError(
                            f"another build ({_holder(f)}) still holds {paths.rel(path)} after {timeout:g}s: "
                            "try again later") from None
                    time.sleep(0.2)
            log("the other build has finished; building now")
        f.seek(0)
        f.truncate()
        now = _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")
        f.write(f"pid {os.getpid()}, started {now}\n")
        f.flush()
        try:
            yield
        finally:
            f.seek(0)
            f.truncate()
            f.flush()
            fcntl.flock(f, fcntl.LOCK_UN)
    finally:
        f.close()
