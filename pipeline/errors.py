"""Errors a user can cause. The CLI prints their message and exits non-zero, without a traceback."""


class PipelineError(Exception):
    """A problem with input or setup that the user can fix; the message says how."""

    exit_code = 2


class ChecksumMismatch(PipelineError):
    pass


class SourceReadError(PipelineError):
    """A file could not be read as its declared source at all (not a row-level problem)."""
