"""Robustness: every case of the bad-input corpus (tests/badinputs.py) as a real CLI run.

Each case runs `realpolitik ...` as a subprocess in a fresh temp folder, with an explicit
environment (no REALPOLITIK_* variables but the case's own: private addresses are refused
unless a case allows them), a timeout and an address-space limit, and is classified:

    ok       the expectation is met: bad inputs named, good inputs kept, exit code as expected
    named    no crash, nothing silent, but not what is expected (a good input refused by name,
             another exit code, a wrong reason)
    crash    a Python traceback on stderr, or an exit code >= 120 (or a signal) not expected
    hang     the case's timeout ran out
    loss     silent loss: exit 0 when a failure was due, a bad input not named, a good input
             missing without a word, a store created by a reading command, a leak

Prints one row per case, the totals, and the peak RSS of the cases marked for it (the 1.2 MB
text, the .html.gz bomb...). Exits 1 if any case crashed, hung or lost something silently.

    python benchmarks/robustness.py [--only NAME ...] [--skip NAME ...] [--list] [--keep DIR]
                                    [--cli PATH] [--json FILE]

The whole corpus takes about 5 minutes on 2 cores, most of it the 1.2 MB text
(`--skip long-text` for a quick pass).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.badinputs import Case, cases, fill, make_case, serve_bad_site  # noqa: E402

CLI = ROOT / ".venv" / "bin" / "realpolitik"
MEMORY_LIMIT = 6 * 1024**3  # address space per command: /dev/zero must not take the machine
ORDER = ["ok", "named", "loss", "crash", "hang"]  # worst last
TRACEBACK = "Traceback (most recent call last)"


@dataclass
class Outcome:
    """What one command did."""

    code: int | None  # None: killed at the timeout
    stdout: str
    stderr: str
    seconds: float
    max_rss_kb: int


@dataclass
class Result:
    case: Case
    verdict: str = "ok"
    problems: list[str] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)
    seconds: float = 0.0

    def flag(self, verdict: str, problem: str) -> None:
        self.problems.append(problem)
        if ORDER.index(verdict) > ORDER.index(self.verdict):
            self.verdict = verdict

    @property
    def max_rss_mb(self) -> float:
        return max((o.max_rss_kb for o in self.outcomes), default=0) / 1024


# --- running ---------------------------------------------------------------------------------


def clean_env(extra: dict[str, str]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("REALPOLITIK_")}
    env.update(COLUMNS="200", PYTHONUNBUFFERED="1", **extra)
    return env


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def start(argv: list[str], folder: Path, env: dict[str, str], stdin: bytes | None, cli: Path):
    out = open(folder / f".out{time.monotonic_ns()}", "w+b")  # noqa: SIM115 - closed in finish
    err = open(folder / f".err{time.monotonic_ns()}", "w+b")  # noqa: SIM115
    proc = subprocess.Popen(
        [str(cli), *argv],
        cwd=folder,
        env=env,
        stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
        stdout=out,
        stderr=err,
        start_new_session=True,  # its own process group: a timeout kills its workers too
        preexec_fn=_limit_memory,
    )
    if stdin is not None:
        proc.stdin.write(stdin)
        proc.stdin.close()
    return proc, out, err, time.monotonic()


def finish(started: list, deadline: float) -> list[Outcome]:
    """Wait for every started command until `deadline`; kill what is left. wait4 gives each
    command's own peak RSS (with its reaped children)."""
    outcomes: dict[int, Outcome] = {}
    pending = {proc.pid: (proc, out, err, t0) for proc, out, err, t0 in started}
    while pending:
        for pid in list(pending):
            done, status, usage = os.wait4(pid, os.WNOHANG)
            if done == 0:
                continue
            proc, out, err, t0 = pending.pop(pid)
            proc.returncode = os.waitstatus_to_exitcode(status)
            outcomes[pid] = _outcome(proc.returncode, out, err, time.monotonic() - t0, usage)
        if pending and time.monotonic() > deadline:
            for pid, (_proc, out, err, t0) in pending.items():
                try:
                    os.killpg(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                _, status, usage = os.wait4(pid, 0)
                outcomes[pid] = _outcome(None, out, err, time.monotonic() - t0, usage)
            pending.clear()
        time.sleep(0.05)
    return [outcomes[proc.pid] for proc, *_ in started]


def _outcome(code, out, err, seconds, usage) -> Outcome:
    texts = []
    for fh in (out, err):
        fh.seek(0)
        texts.append(fh.read().decode("utf-8", "replace"))
        fh.close()
    return Outcome(code, texts[0], texts[1], seconds, usage.ru_maxrss)


def run_case(case: Case, folder: Path, base_url: str, cli: Path, hits) -> Result:
    result = Result(case)
    t0 = time.monotonic()
    try:
        make_case(case, folder, base_url)
    except OSError as exc:  # the harness could not write the case's files
        result.flag("crash", f"harness: could not make the case ({exc})")
        return result
    env = clean_env({k: fill(v, base_url) for k, v in case.env.items()})

    def sub(argv: list[str]) -> list[str]:
        return [fill(a, base_url) for a in argv]

    for argv in case.setup:
        (setup,) = finish([start(sub(argv), folder, env, None, cli)], time.monotonic() + 120)
        if setup.code != 0:
            result.flag("named", f"setup {' '.join(argv)} exited {setup.code}")
    hits.clear()
    started = [start(sub(case.argv), folder, env, case.stdin, cli)]
    started += [start(sub(argv), folder, env, None, cli) for argv in case.parallel]
    result.outcomes = finish(started, time.monotonic() + case.timeout)
    result.seconds = time.monotonic() - t0
    judge(result, folder, base_url, hits)
    return result


# --- judging ---------------------------------------------------------------------------------


def judge(result: Result, folder: Path, base_url: str, hits) -> None:
    case = result.case
    stderr = "\n".join(o.stderr for o in result.outcomes)
    stdout = "\n".join(o.stdout for o in result.outcomes)
    for o in result.outcomes:
        if o.code is None:
            result.flag("hang", f"no exit within {case.timeout:g} s")
        elif TRACEBACK in o.stderr or "MemoryError" in o.stderr:
            result.flag("crash", "traceback: " + _last_line(o.stderr))
        elif (o.code < 0 or o.code >= 120) and o.code not in case.exit:
            result.flag("crash", f"exit {o.code}")
        elif o.code == 0 and 0 not in case.exit:
            result.flag("loss", "exit 0 where a failure was due")
        elif o.code not in case.exit:
            result.flag("named", f"exit {o.code}, expected {'/'.join(map(str, case.exit))}")
    if result.verdict == "hang":
        return
    for name in case.named:
        name = fill(name, base_url)
        if name not in stderr:
            result.flag("loss", f"not named on stderr: {name!r}")
    for text in case.wrong:
        if text in stderr:
            result.flag("named", f"named with the wrong reason ({text!r})")
    if case.stderr_re and not re.search(case.stderr_re, stderr):
        result.flag("named", f"stderr does not say /{case.stderr_re}/")
    outputs = stdout + "".join(_read(folder / p) for p in case.outputs)
    outputs += "\n".join(str(r.get("text")) for r in _records(outputs))  # unescaped
    stored = _stored_texts(folder / case.store) if case.store else ""
    # A command that stopped with a usage or store error (exit 2) said that it did nothing.
    refused = any(o.code == 2 and "error" in o.stderr for o in result.outcomes)
    for marker, source in case.kept.items():
        if marker in outputs or marker in stored:
            continue
        if source in stderr or refused:
            result.flag("named", f"good input refused by name: {source}")
        else:
            result.flag("loss", f"good input missing without a word: {source} ({marker!r})")
    _judge_records(result, outputs)
    for text in case.absent:
        if text in outputs or text in stderr:
            result.flag("loss", f"leaked into the output: {text[:30]!r}")
    for path, text in case.exists.items():
        content = _read(folder / path)
        if not (folder / path).exists() or (text is not None and text not in content):
            result.flag("loss", f"{path} was lost or overwritten")
    for path in case.missing:
        if (folder / path).exists():
            result.flag("loss", f"{path} was created")
    if case.documents is not None and case.store:
        count = _count_documents(folder / case.store)
        if count != case.documents:
            verdict = "named" if refused and count < case.documents else "loss"
            result.flag(verdict, f"{count} document(s) stored, expected {case.documents}")
    for path, most in case.max_hits.items():
        if hits[path] > most:
            result.flag("loss", f"the server got {hits[path]} request(s) for {path}")


def _records(outputs: str) -> list[dict]:
    """The JSON records (one per line) in `outputs`."""
    records = []
    for line in outputs.split("\n"):  # JSON Lines end at "\n" only
        try:
            rec = json.loads(line)
        except ValueError:
            continue
        if isinstance(rec, dict):
            records.append(rec)
    return records


def _judge_records(result: Result, outputs: str) -> None:
    records = _records(outputs)
    for marker, fields in result.case.records.items():
        rec = next((r for r in records if marker in str(r.get("text", ""))), None)
        if rec is None:
            continue  # reported as a missing good input
        for key, want in fields.items():
            if rec.get(key) != want:
                result.flag("loss", f"{marker}: {key} is {rec.get(key)!r}, expected {want!r}")


def _last_line(text: str) -> str:
    lines = [ln for ln in text.strip().splitlines() if ln.strip()]
    return lines[-1][:160] if lines else ""


def _read(path: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8", "replace") if path.is_file() else ""
    except OSError:
        return ""


def _query(store: Path, sql: str) -> list[tuple]:
    import duckdb

    if not store.is_file():
        return []
    try:
        with duckdb.connect(str(store), read_only=True) as db:
            return db.execute(sql).fetchall()
    except duckdb.Error:
        return []


def _stored_texts(store: Path) -> str:
    return "\n".join(row[0] for row in _query(store, "SELECT text FROM articles"))


def _count_documents(store: Path) -> int:
    rows = _query(store, "SELECT count(*) FROM documents")
    return rows[0][0] if rows else 0


# --- reporting -------------------------------------------------------------------------------


def print_table(results: list[Result]) -> None:
    print(f"{'case':<26} {'verdict':<7} {'exit':<6} {'secs':>6}  detail")
    for r in results:
        codes = "/".join("T" if o.code is None else str(o.code) for o in r.outcomes)
        detail = "; ".join(r.problems) or r.case.about
        print(f"{r.case.name:<26} {r.verdict:<7} {codes:<6} {r.seconds:>6.1f}  {detail}")
    counts = {v: sum(r.verdict == v for r in results) for v in ORDER}
    print()
    print(
        f"cases {len(results)}  ok {counts['ok']}  named errors {counts['named']}  "
        f"crashes {counts['crash']}  hangs {counts['hang']}  silent losses {counts['loss']}"
    )
    named = sum(
        sum(1 for line in o.stderr.splitlines() if line.lstrip().startswith("error"))
        for r in results
        for o in r.outcomes
    )
    print(f"inputs named as errors on stderr, all cases: {named}")
    for r in results:
        if r.case.rss:
            print(f"peak RSS {r.case.name}: {r.max_rss_mb:,.0f} MB ({r.seconds:.1f} s)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", action="append", help="run only this case (repeatable)")
    parser.add_argument("--skip", action="append", default=[], help="leave this case out")
    parser.add_argument("--list", action="store_true", help="list the cases and exit")
    parser.add_argument("--keep", type=Path, help="keep the case folders here")
    parser.add_argument("--cli", type=Path, default=CLI, help="the realpolitik executable")
    parser.add_argument("--json", type=Path, help="also write the results as JSON here")
    args = parser.parse_args(argv)
    chosen = cases()
    if args.list:
        for c in chosen:
            print(f"{c.name:<26} {c.about}")
        return 0
    unknown = (set(args.only or []) | set(args.skip)) - {c.name for c in chosen}
    if unknown:
        parser.error(f"no such case: {', '.join(sorted(unknown))}")
    chosen = [
        c for c in chosen if (not args.only or c.name in args.only) and c.name not in args.skip
    ]
    results = []
    with tempfile.TemporaryDirectory(prefix="robustness-") as tmp, serve_bad_site() as site:
        root = args.keep or Path(tmp)
        for case in chosen:
            r = run_case(case, root / case.name, site.base, args.cli, site.hits)
            print(f"  {case.name}: {r.verdict} ({r.seconds:.1f} s)", file=sys.stderr, flush=True)
            results.append(r)
    print_table(results)
    if args.json:
        args.json.write_text(
            json.dumps(
                [
                    {
                        "case": r.case.name,
                        "verdict": r.verdict,
                        "problems": r.problems,
                        "exit": [o.code for o in r.outcomes],
                        "seconds": round(r.seconds, 2),
                        "max_rss_mb": round(r.max_rss_mb),
                        "stderr_tail": [o.stderr[-2000:] for o in r.outcomes],
                    }
                    for r in results
                ],
                indent=2,
            )
        )
    return 1 if any(r.verdict in ("crash", "hang", "loss") for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
