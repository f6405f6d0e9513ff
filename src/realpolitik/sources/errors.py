"""Errors and failures of ingestion: each names the input that caused it."""

from __future__ import annotations

from dataclasses import dataclass


class SourceError(Exception):
    """An input could not be read. `input` names it (path, URL, `dump.jsonl:17`)."""

    def __init__(self, input: str, reason: str) -> None:
        super().__init__(f"{input}: {reason}")
        self.input = input
        self.reason = reason


@dataclass(frozen=True)
class Failure:
    """One input that failed, reported and skipped while the rest goes on."""

    input: str
    reason: str

    def __str__(self) -> str:
        return f"{self.input}: {self.reason}"
