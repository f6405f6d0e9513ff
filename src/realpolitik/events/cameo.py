"""CAMEO event codes and their PLOVER, quad-class and Goldstein equivalents, as shipped data.

`data/events/cameo.tsv` is built by `scripts/build_event_tables.py` (`build_tables`) from the
ICEWS CAMEO code table (`cameo-codes.csv`: names, Goldstein weights) and the PLOVER manual's
`CAMEO2PLOVER-2021.txt` (CAMEO code -> PLOVER event, mode, context). The build is reproducible;
the table is committed, so nothing here needs the source files at run time.

Two class schemes are carried per code, both decided by the two-digit root:

- `quad_class` (GDELT/ICEWS QuadClass, 1-4): 01-05 verbal cooperation, 06-08 material
  cooperation, 09-13 verbal conflict, 14-20 material conflict.
- `penta_class` (Phoenix "quad_class", 0-4, as in `phoenix_pipeline/postprocess.py`): 01-02
  (public statements, appeals) are 0 = neutral, and 16 (reduce relations: sanctions, suspended
  aid, expulsions) counts as 3 = verbal conflict; otherwise as quad_class. The ConfliBERT 5-class
  CAMEO set is labelled this way (checked against its sentences), so the learned event-type
  classifier predicts penta classes.

PLOVER choices where the 2021 table is silent: CAMEO 01 (public statements) has no PLOVER event;
CAMEO 02 (appeals) is REQUEST with the mode and context of the parallel 10 (demand) code
(0211 -> 1011), since PLOVER's REQUEST covers both appeals and demands. The table's own
irregular rows are kept as published (163 -> COERCE, 1712 and 175 -> ASSAULT, 191/192 -> COERCE,
201 -> ASSAULT; root 08 is CONCEDE, 084-087 RETREAT).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

TABLE = "cameo.tsv"
COLUMNS = (
    "code",
    "name",
    "goldstein",
    "quad_class",
    "penta_class",
    "root",
    "plover_event",
    "plover_mode",
    "plover_context",
)

# The current PLOVER event types (PLOVER manual draft 0.8, 2021).
PLOVER_TYPES = (
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
)

# Old PLOVER 0.5 labels (as in PLOVER_GSR_CAMEO) -> current types; the first is the default,
# the others are what the 2021 table gives some of the CAMEO codes behind the old label
# (SANCTION 163 -> COERCE; COERCE 1712, 175 -> ASSAULT; FIGHT 191/192 -> COERCE;
# CONCEDE/RETREAT split at 084).
PLOVER_V05 = {
    "AGREE": ("AGREE",),
    "CONSULT": ("CONSULT",),
    "SUPPORT": ("SUPPORT",),
    "COOPERATE": ("COOPERATE",),
    "AID": ("AID",),
    "CONCEDE": ("CONCEDE", "RETREAT"),
    "RETREAT": ("RETREAT", "CONCEDE"),
    "INVESTIGATE": ("ACCUSE",),
    "DEMAND": ("REQUEST",),
    "DISAPPROVE": ("ACCUSE",),
    "REJECT": ("REJECT",),
    "THREATEN": ("THREATEN",),
    "PROTEST": ("PROTEST",),
    "MOBILIZE": ("MOBILIZE",),
    "SANCTION": ("SANCTION", "COERCE"),
    "COERCE": ("COERCE", "ASSAULT"),
    "ASSAULT": ("ASSAULT",),
    "FIGHT": ("ASSAULT", "COERCE"),
}
# The CAMEO roots each old label was recoded from (PLOVER_GSR_CAMEO re-codes the CAMEO
# manual's examples): a coded CAMEO code decides a split label only within these.
PLOVER_V05_ROOTS = {
    "CONCEDE": ("08",),
    "RETREAT": ("08",),
    "SANCTION": ("16",),
    "COERCE": ("17",),
    "FIGHT": ("19",),
}
# Old (label, mode) pairs whose current type differs from the label's default.
_PLOVER_V05_MODES = {("COERCE", "destroy"): "ASSAULT"}


@dataclass(frozen=True)
class PloverType:
    event: str
    mode: str | None = None
    context: tuple[str, ...] = ()


@dataclass(frozen=True)
class CameoCode:
    """One CAMEO code with its name, Goldstein weight, class schemes and PLOVER equivalent."""

    code: str
    name: str
    goldstein: float | None
    quad_class: int
    penta_class: int
    root: str
    plover_event: str | None = None
    plover_mode: str | None = None
    plover_context: tuple[str, ...] = ()

    @property
    def plover(self) -> PloverType | None:
        if not self.plover_event:
            return None
        return PloverType(self.plover_event, self.plover_mode, self.plover_context)


def quad_class(root: str) -> int:
    """GDELT QuadClass (1-4) of a two-digit CAMEO root."""
    r = int(root)
    if not 1 <= r <= 20:
        raise ValueError(f"CAMEO root {root!r} is not between 01 and 20")
    return 1 if r <= 5 else 2 if r <= 8 else 3 if r <= 13 else 4


def penta_class(root: str) -> int:
    """Phoenix / ConfliBERT class (0-4) of a two-digit CAMEO root: 01-02 neutral, 16 verbal."""
    r = int(root)
    if r in (1, 2):
        return 0
    if r == 16:
        return 3
    return quad_class(root)


# --- lookups -------------------------------------------------------------------------


@lru_cache(maxsize=1)
def cameo_table() -> dict[str, CameoCode]:
    """The shipped table, code -> CameoCode (loaded once)."""
    text = resources.files("realpolitik").joinpath("data/events", TABLE).read_text("utf-8")
    return {c.code: c for c in _parse_table(text)}


def _normalize(code: str | int) -> str:
    c = str(code).strip()
    if not c.isdigit():
        raise ValueError(f"not a CAMEO code: {code!r} (expected digits such as '0231' or '19')")
    if len(c) == 1:  # "1" -> "01"
        c = "0" + c
    return c


def cameo_info(code: str | int) -> CameoCode | None:
    """The entry for `code`, or for its nearest parent in the table (0231 -> 023 -> 02)."""
    c = _normalize(code)
    table = cameo_table()
    while len(c) >= 2:
        if c in table:
            return table[c]
        c = c[:-1]
    return None


def plover_for(code: str | int) -> PloverType | None:
    """The PLOVER event, mode and context of a CAMEO code (None for 01 statements)."""
    info = cameo_info(code)
    return info.plover if info else None


def goldstein(code: str | int) -> float | None:
    """The Goldstein conflict-cooperation weight (-10..10) of a CAMEO code."""
    info = cameo_info(code)
    return info.goldstein if info else None


def plover_v05_to_current(
    label: str, cameo: str | int | None = None, mode: str | None = None
) -> str:
    """A PLOVER 0.5 event label (DEMAND, DISAPPROVE, FIGHT, ...) as a current PLOVER type.

    Labels that split in the current scheme are decided by the CAMEO code when given and
    under the label's own root (FIGHT + 192 -> COERCE, FIGHT + 193 -> ASSAULT, CONCEDE + 0814
    -> RETREAT; FIGHT + 173 is not a FIGHT code and decides nothing), else by the old mode
    (COERCE + destroy -> ASSAULT), else by the label's usual successor. Current labels pass
    through unchanged.
    """
    old = label.strip().upper()
    if old in PLOVER_V05:
        candidates = PLOVER_V05[old]
    elif old in PLOVER_TYPES:
        candidates = (old,)
    else:
        raise ValueError(
            f"unknown PLOVER event label {label!r}; expected one of "
            f"{', '.join(sorted(set(PLOVER_V05) | set(PLOVER_TYPES)))}"
        )
    roots = PLOVER_V05_ROOTS.get(old)
    if cameo is not None and (roots is None or str(cameo).strip()[:2] in roots):
        current = plover_for(cameo)
        if current and current.event in candidates:
            return current.event
    if mode and (old, mode.strip().lower()) in _PLOVER_V05_MODES:
        return _PLOVER_V05_MODES[(old, mode.strip().lower())]
    return candidates[0]


# --- the table file --------------------------------------------------------------------


def _parse_table(text: str) -> list[CameoCode]:
    rows = csv.DictReader(io.StringIO(text), delimiter="\t")
    out = []
    for r in rows:
        out.append(
            CameoCode(
                code=r["code"],
                name=r["name"],
                goldstein=float(r["goldstein"]) if r["goldstein"] else None,
                quad_class=int(r["quad_class"]),
                penta_class=int(r["penta_class"]),
                root=r["root"],
                plover_event=r["plover_event"] or None,
                plover_mode=r["plover_mode"] or None,
                plover_context=tuple(c for c in r["plover_context"].split(";") if c),
            )
        )
    return out


def write_table(codes: list[CameoCode], path: Path) -> None:
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, delimiter="\t", lineterminator="\n")
        w.writerow(COLUMNS)
        for c in codes:
            w.writerow(
                [
                    c.code,
                    c.name,
                    "" if c.goldstein is None else f"{c.goldstein:g}",
                    c.quad_class,
                    c.penta_class,
                    c.root,
                    c.plover_event or "",
                    c.plover_mode or "",
                    ";".join(c.plover_context),
                ]
            )


# --- building the table from the public sources ------------------------------------------


def read_icews_codes(path: str | Path) -> list[dict[str, str]]:
    """Rows of the ICEWS `cameo-codes.csv` (code, name, goldstein, description, example, ...).

    The file's punctuation is double-mis-encoded (UTF-8 read as MacRoman, saved as cp1252:
    "Taiwan's" appears as "Taiwan‚Äôs"); this undoes it. "NA" cells become "".
    """
    raw = Path(path).read_bytes()
    try:
        text = raw.decode("cp1252").encode("mac_roman").decode("utf-8", "replace")
    except (UnicodeDecodeError, UnicodeEncodeError):
        text = raw.decode("utf-8", "replace")
    text = text.replace("C\ufffd? ankaya", "Çankaya")  # the one character lost in the source
    rows = []
    for r in csv.DictReader(io.StringIO(text)):
        rows.append({k: ("" if v in (None, "NA") else v.strip()) for k, v in r.items() if k})
    return rows


_C2P_LINE = re.compile(r"^(\d{2,4}):\s*([^#]*)(?:#\s*(.*))?$")


def read_cameo2plover(path: str | Path) -> dict[str, tuple[PloverType, str]]:
    """CAMEO code -> (PLOVER event/mode/context, the line's description) from the 2021 table.

    Where a code is listed twice the first row wins (root 08 is CONCEDE; 084-087 RETREAT).
    """
    table: dict[str, tuple[PloverType, str]] = {}
    for line in Path(path).read_text("utf-8").splitlines():
        m = _C2P_LINE.match(line.strip())
        if not m:
            continue
        code, fields, comment = m.group(1), m.group(2), (m.group(3) or "").strip()
        parts = [p.strip() for p in fields.split(",")]
        event = parts[0].upper()
        if event not in PLOVER_TYPES:
            raise ValueError(f"{path}: code {code} has unknown PLOVER event {event!r}")
        mode = parts[1] if len(parts) > 1 and parts[1] else None
        context = tuple(c.strip() for c in ",".join(parts[2:]).split(";") if c.strip())
        table.setdefault(code, (PloverType(event, mode, context), comment))
    return table


def build_tables(icews_csv: str | Path, cameo2plover: str | Path) -> list[CameoCode]:
    """The rows of `cameo.tsv`, from the two public source files."""
    c2p = read_cameo2plover(cameo2plover)
    rows = {r["code"]: r for r in read_icews_codes(icews_csv)}
    # Codes the PLOVER table knows that the ICEWS table lacks (1214): named from its comment,
    # weighted as their parent.
    for code, (_, comment) in c2p.items():
        if code not in rows and code[:-1] in rows:
            parent = rows[code[:-1]]
            rows[code] = {"code": code, "name": comment, "goldstein": parent["goldstein"]}

    def plover(code: str) -> PloverType | None:
        if code.startswith("01"):
            return None
        if code.startswith("02"):  # appeals: REQUEST, as the parallel demand (10) code
            code = "10" + code[2:]
        c = code
        while len(c) >= 2:
            if c in c2p:
                return c2p[c][0]
            c = c[:-1]
        return None

    out = []
    for code in sorted(rows):
        r = rows[code]
        root = code[:2]
        p = plover(code)
        out.append(
            CameoCode(
                code=code,
                name=r["name"],
                goldstein=float(r["goldstein"]) if r.get("goldstein") else None,
                quad_class=quad_class(root),
                penta_class=penta_class(root),
                root=root,
                plover_event=p.event if p else None,
                plover_mode=p.mode if p else None,
                plover_context=p.context if p else (),
            )
        )
    return out
