"""The Ray engine on a real local Ray cluster (`ray.init(num_cpus=2)`): the same documents as
the local engine, a month-partitioned Parquet lake, failures kept as rows, idempotent re-runs,
and `load` into a store."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from realpolitik.cli import app
from realpolitik.store import Store
from realpolitik.store.dedupe import signature, to_blob

ray = pytest.importorskip("ray", reason="Ray is the optional extra realpolitik[ray]")
pytestmark = pytest.mark.ray

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "putin-trump-dynamic.txt"

STORIES = [
    (
        "2016-03-14",
        "Kremlin welcomes talks",
        "Russian President Vladimir Putin said on Monday that Moscow was ready to hold talks "
        "with Washington on Syria. The Kremlin welcomed the proposal from Secretary of State "
        "John Kerry and said Foreign Minister Sergei Lavrov would travel to Geneva next week.",
    ),
    (
        "2016-03-21",
        "Turkey accuses Syrian forces",
        "Turkey accused Syrian government forces of shelling its border posts on Sunday. "
        "Prime Minister Ahmet Davutoglu warned that Ankara would retaliate if the attacks "
        "continued, and NATO called for restraint from both sides.",
    ),
    (
        "2016-04-02",
        "Sanders criticizes Clinton",
        "Senator Bernie Sanders criticized Hillary Clinton on Saturday over her ties to Wall "
        "Street banks. Clinton's campaign rejected the charge and said she had the strongest "
        "plan to rein in the financial industry, aides told reporters in New York.",
    ),
    (
        "2016-04-19",
        "China and Japan meet",
        "Chinese Foreign Minister Wang Yi met his Japanese counterpart Fumio Kishida in "
        "Beijing on Tuesday. The two ministers agreed to improve relations and to hold regular "
        "talks on the East China Sea, the Chinese foreign ministry said in a statement.",
    ),
]


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """An op-ed, a JSONL dump (one bad row), a Parquet dump in two row groups, a broken file."""
    folder = tmp_path_factory.mktemp("inputs")
    rows = [
        {"id": f"wire-{i}", "published": d, "title": t, "text": x, "source": "Wire"}
        for i, (d, t, x) in enumerate(STORIES)
    ]
    with (folder / "wire.jsonl").open("w") as f:
        for row in rows[:2]:
            f.write(json.dumps(row) + "\n")
        f.write(json.dumps({"id": "empty", "text": ""}) + "\n")  # a bad row: no text
    pq.write_table(pa.Table.from_pylist(rows[2:]), folder / "wire.parquet", row_group_size=1)
    broken = folder / "broken.txt"
    broken.write_bytes(b"\x00\x01\x02 not text \x00\xff" * 20)
    return [str(EXAMPLE), str(folder / "wire.jsonl"), str(folder / "wire.parquet"), str(broken)]


@pytest.fixture(scope="module")
def cluster():
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield
    ray.shutdown()


def analyze(*args: str):
    return CliRunner().invoke(app, ["analyze", *args, "--published", "2025-03-07", "-q"])


@pytest.fixture(scope="module")
def local_documents(inputs: list[str], tmp_path_factory: pytest.TempPathFactory) -> list[dict]:
    out = tmp_path_factory.mktemp("local") / "docs.jsonl"
    result = analyze(*inputs, "--workers", "1", "--output", str(out))
    assert result.exit_code == 1  # the bad row and the broken file are reported
    return [json.loads(line) for line in out.read_text().splitlines()]


@pytest.fixture(scope="module")
def lake(cluster, inputs: list[str], tmp_path_factory: pytest.TempPathFactory) -> Path:
    lake = tmp_path_factory.mktemp("lake") / "lake"
    result = analyze("--engine", "ray", *inputs, "--output-dir", str(lake), "--workers", "2")
    assert result.exit_code == 1, result.output  # failures: reported and exit 1, as locally
    assert "broken.txt" in result.output and "wire.jsonl:3" in result.output
    return lake


def lake_documents(lake: Path) -> list[dict]:
    """The run's documents, file by file as its manifest lists them."""
    manifest = json.loads(next((lake / "_runs").glob("*.json")).read_text())
    docs = []
    for rel in manifest["files"]["documents"]:
        docs += [json.loads(d) for d in pq.read_table(lake / rel)["document"].to_pylist()]
    return docs


def test_local_and_ray_give_identical_documents(local_documents, lake):
    ray_docs = {d["id"]: d for d in lake_documents(lake)}
    assert len(local_documents) == 5 and set(ray_docs) == {d["id"] for d in local_documents}
    for doc in local_documents:
        assert ray_docs[doc["id"]] == doc  # every field: text, records, offsets, meta


def test_lake_is_partitioned_by_month_in_the_export_schema(lake, tmp_path):
    months = sorted(p.name for p in (lake / "documents").iterdir())
    assert months == ["month=2016-03", "month=2016-04", "month=2025-03"]
    with Store(tmp_path / "empty.duckdb") as db:
        exported = db.export(tmp_path / "export", "parquet")
    for path in exported:
        table = path.stem
        if not (lake / table).is_dir():
            continue
        lake_schema = pq.read_schema(next((lake / table).rglob("*.parquet")))
        assert lake_schema.names == pq.read_schema(path).names, table
    events = duckdb.sql(
        f"SELECT month, count(*) FROM read_parquet('{lake}/events/*/*.parquet', "
        "hive_partitioning = true) GROUP BY month ORDER BY month"
    ).fetchall()
    assert [m for m, _ in events] == ["2016-03", "2016-04", "2025-03"]


def test_failures_are_rows_never_a_lost_batch(lake):
    failures = pq.read_table(next((lake / "failures").glob("*.parquet"))).to_pylist()
    origins = sorted(f["origin"] for f in failures)
    assert len(failures) == 2 and origins[0].endswith("broken.txt")
    assert (
        origins[1].endswith("wire.jsonl:3")
        and "no text" in failures[1]["error"] + failures[0]["error"]
    )


def test_a_rerun_is_idempotent_and_load_is_incremental(lake, inputs, tmp_path):
    def files() -> dict[str, int]:
        return {
            str(p.relative_to(lake)): pq.ParquetFile(p).metadata.num_rows
            for p in lake.rglob("*.parquet")
        }

    before = files()
    result = analyze("--engine", "ray", *inputs, "--output-dir", str(lake), "--workers", "1")
    assert result.exit_code == 1
    assert files() == before  # the same files, the same rows: replaced, not added
    assert len(list((lake / "_runs").glob("*.json"))) == 1

    store = tmp_path / "news.duckdb"
    first = CliRunner().invoke(app, ["load", str(lake), "--store", str(store)])
    assert first.exit_code == 0, first.output
    assert "5 document(s) stored" in first.output and "2 failed input(s)" in first.output
    with Store(store, read_only=True) as db:
        assert db.counts()["documents"] == 5
        (stories,) = db.con.execute("SELECT count(*) FROM corpus_documents").fetchone()
        assert stories == 5  # the corpus tables follow the load
        art = next(db.articles(ids=["wire-1"]))
        assert art.published == "2016-03-21" and art.source == "Wire"
        # the signatures computed on the workers are the ones the store would compute
        for text, blob in db.con.execute("SELECT text, minhash FROM articles").fetchall():
            assert blob == to_blob(signature(text))
    again = CliRunner().invoke(app, ["load", str(lake), "--store", str(store)])
    assert again.exit_code == 0 and "0 new file(s)" in again.output


def test_ray_engine_needs_a_lake_folder(inputs):
    result = CliRunner().invoke(app, ["analyze", "--engine", "ray", inputs[0]])
    assert result.exit_code == 2 and "--output-dir" in result.output


def test_the_lake_is_queried_in_place(lake, tmp_path):
    with Store(lake) as db:  # views over the Parquet files; corpus tables built in memory
        assert db.counts()["documents"] == 5 and db.read_only
        assert {d.id for d in db.documents()} == {d["id"] for d in lake_documents(lake)}
        (entities,) = db.con.execute("SELECT count(*) FROM corpus_documents").fetchone()
        assert entities == 5
        with pytest.raises(Exception, match="read-only"):
            db.add_documents([])
    shown = CliRunner().invoke(app, ["show", "--store", str(lake)])
    assert shown.exit_code == 0 and "Kremlin welcomes talks" in shown.output
    out = tmp_path / "gdelt"
    exported = CliRunner().invoke(app, ["export", str(out), "--store", str(lake), "-f", "gdelt"])
    assert exported.exit_code == 0, exported.output
    (events,) = out.glob("*.export.CSV")
    assert all(len(line.split("\t")) == 61 for line in events.read_text().splitlines())
    served = CliRunner().invoke(app, ["serve", "--store", str(lake)])
    assert served.exit_code == 2 and "realpolitik load" in served.output


def test_overlapping_runs_are_read_once_in_place(lake, inputs, tmp_path):
    both = tmp_path / "lake"
    shutil.copytree(lake, both)
    again = analyze("--engine", "ray", inputs[1], "--output-dir", str(both), "--workers", "1")
    assert again.exit_code == 1  # (its bad row again)
    assert len(list((both / "_runs").glob("*.json"))) == 2
    with Store(lake) as one, Store(both) as two:
        assert two.counts() == one.counts()  # the two wire stories once, from the later run
        assert [d.id for d in two.documents()] == [d.id for d in one.documents()]
