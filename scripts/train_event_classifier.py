"""Cross-validate and train the event-type classifier; write its artifact.

    python scripts/train_event_classifier.py [--source ../shared/data/eventdata] [--no-cv]
    python scripts/train_event_classifier.py --plover

Prints the 5-fold CV table on the ConfliBERT training split (ours vs a TF-IDF + logistic
regression baseline), then trains on all training sources and writes
src/realpolitik/data/events/event_type.npz. With --plover: trains the PLOVER-type model on
the PLOVER gold records and the CAMEO manual's examples and writes event_plover.npz (its
honest, out-of-fold figures are `realpolitik eval plover-gsr`'s). Needs scikit-learn.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np

from realpolitik.events.classifier import ARTIFACT, PLOVER_ARTIFACT, EventTypeClassifier
from realpolitik.events.training import (
    cross_validate,
    default_source,
    format_cv_table,
    train_model,
    train_plover_model,
)

OUT = Path(__file__).resolve().parents[1] / "src" / "realpolitik" / "data" / "events" / ARTIFACT
SOURCES = ("conflibert", "cameo", "plover")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--source", type=Path, default=default_source(), help="eventdata folder")
    ap.add_argument("--out", type=Path, default=OUT, help="artifact to write")
    ap.add_argument(
        "--sources",
        default=",".join(SOURCES),
        help="training sources for the artifact (e.g. 'conflibert' for a model that has not "
        "seen the PLOVER gold records)",
    )
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--jobs", type=int, default=2, help="processes for the CV folds")
    ap.add_argument("--no-cv", action="store_true", help="skip cross-validation")
    ap.add_argument("--cv-json", type=Path, help="also write the CV result as JSON here")
    ap.add_argument(
        "--plover", action="store_true", help=f"train the PLOVER-type model ({PLOVER_ARTIFACT})"
    )
    args = ap.parse_args()
    if args.plover:
        train_plover(args.source, args.out if args.out != OUT else OUT.with_name(PLOVER_ARTIFACT))
        return
    sources = tuple(s.strip() for s in args.sources.split(",") if s.strip())

    if not args.no_cv:
        result = cross_validate(
            args.source,
            folds=args.folds,
            seed=args.seed,
            n_jobs=args.jobs,
            extra=[s for s in sources if s != "conflibert"],
        )
        print(format_cv_table(result))
        if args.cv_json:
            args.cv_json.write_text(json.dumps(result, indent=1))
        print()

    started = time.perf_counter()
    model = train_model(args.source, sources, seed=args.seed)
    if not args.no_cv:
        model.meta["cv_macro_f1"] = round(result["model"]["macro_f1"], 4)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    model.save(args.out)
    trained = time.perf_counter() - started

    started = time.perf_counter()
    loaded = EventTypeClassifier.load(args.out, nlp=model.nlp)
    load_s = time.perf_counter() - started
    probe = loaded.predict_proba(["Russian troops shelled the city."])
    assert np.allclose(probe, model.predict_proba(["Russian troops shelled the city."]), atol=1e-2)
    print(
        f"wrote {args.out} ({args.out.stat().st_size / 1e6:.2f} MB, "
        f"{len(model.vectorizer.index)} features, trained on {model.meta['trained_on']}, "
        f"scale {model.scale:.2f}) in {trained:.1f} s; loads in {load_s:.2f} s"
    )


def train_plover(source: Path, out: Path) -> None:
    """Train and write the PLOVER-type model on the gold records' current PLOVER types."""
    from realpolitik.eval.events import load_plover_events

    records = load_plover_events(source / "plover" / "PLOVER_GSR_CAMEO.json")
    started = time.perf_counter()
    model = train_plover_model([r.text for r in records], [r.event for r in records], source)
    out.parent.mkdir(parents=True, exist_ok=True)
    model.save(out)
    loaded = EventTypeClassifier.load(out, nlp=model.nlp)
    probe = ["Russian troops shelled the city."]
    assert loaded.predict(probe)[0].label == model.predict(probe)[0].label
    print(
        f"wrote {out} ({out.stat().st_size / 1e6:.2f} MB, {len(model.vectorizer.index)} "
        f"features, {len(model.labels)} types, trained on {model.meta['trained_on']}) in "
        f"{time.perf_counter() - started:.1f} s; its out-of-fold figures: "
        "realpolitik eval plover-gsr"
    )


if __name__ == "__main__":
    main()
