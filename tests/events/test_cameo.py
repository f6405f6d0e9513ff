"""The shipped CAMEO/PLOVER table and its lookups."""

from __future__ import annotations

import pytest

from realpolitik.events.cameo import (
    PLOVER_TYPES,
    PLOVER_V05,
    build_tables,
    cameo_info,
    cameo_table,
    goldstein,
    penta_class,
    plover_for,
    plover_v05_to_current,
    quad_class,
    read_icews_codes,
)


def test_table_covers_all_roots_with_names_and_weights():
    table = cameo_table()
    assert len(table) > 300
    for root in (f"{r:02d}" for r in range(1, 21)):
        assert root in table, root
    assert all(c.name and c.goldstein is not None for c in table.values())
    assert all(-10 <= c.goldstein <= 10 for c in table.values())


def test_cameo_info_for_a_known_code():
    info = cameo_info("193")
    assert info.name.lower().startswith("fight with small arms")
    assert info.goldstein == -10
    assert (info.root, info.quad_class, info.penta_class) == ("19", 4, 4)
    assert (info.plover_event, info.plover_mode, info.plover_context) == (
        "ASSAULT",
        "firearms",
        ("military",),
    )


def test_cameo_info_falls_back_to_the_parent_code():
    assert cameo_info("0235").code == "023"  # no 0235 in CAMEO
    assert cameo_info("0999").code == "09"
    assert cameo_info("1").code == "01"
    assert cameo_info(19).code == "19"
    assert cameo_info("99") is None


def test_bad_codes_are_named_in_the_error():
    with pytest.raises(ValueError, match="'abc'"):
        cameo_info("abc")


def test_class_schemes():
    # GDELT QuadClass: 01-05, 06-08, 09-13, 14-20; Phoenix/ConfliBERT: 01-02 neutral, 16 verbal.
    quad = {"01": 1, "05": 1, "06": 2, "08": 2, "09": 3, "13": 3, "14": 4, "16": 4, "20": 4}
    assert {r: quad_class(r) for r in quad} == quad
    penta = {"01": 0, "02": 0, "03": 1, "07": 2, "10": 3, "16": 3, "14": 4, "17": 4}
    assert {r: penta_class(r) for r in penta} == penta
    assert cameo_info("163").quad_class == 4 and cameo_info("163").penta_class == 3


def test_plover_for_codes_statements_and_appeals():
    assert plover_for("057").event == "SUPPORT"
    assert plover_for("0874").event == "RETREAT"
    assert plover_for("080").event == "CONCEDE"
    assert plover_for("163").event == "COERCE"  # the 2021 table's own choice
    assert plover_for("192").event == "COERCE"
    assert plover_for("1712").event == "ASSAULT"
    assert plover_for("010") is None  # PLOVER has no public-statement type
    appeal = plover_for("0233")  # appeals are REQUESTs, like the parallel demand 1033
    assert (appeal.event, appeal.mode, appeal.context) == ("REQUEST", "assist", ("humanitarian",))
    assert {c.plover_event for c in cameo_table().values()} - {None} <= set(PLOVER_TYPES)


def test_goldstein():
    assert goldstein("057") == 8
    assert goldstein("0571") == 8  # parent's weight
    assert goldstein("20") == -10


def test_plover_v05_labels_map_to_current_types():
    assert plover_v05_to_current("DEMAND") == "REQUEST"
    assert plover_v05_to_current("disapprove") == "ACCUSE"
    assert plover_v05_to_current("INVESTIGATE") == "ACCUSE"
    assert plover_v05_to_current("FIGHT") == "ASSAULT"
    assert plover_v05_to_current("FIGHT", cameo="192") == "COERCE"
    assert plover_v05_to_current("FIGHT", cameo="193") == "ASSAULT"
    assert plover_v05_to_current("SANCTION", cameo="163") == "COERCE"
    assert plover_v05_to_current("SANCTION", cameo="161") == "SANCTION"
    assert plover_v05_to_current("COERCE", mode="destroy") == "ASSAULT"
    assert plover_v05_to_current("CONCEDE", cameo="0871") == "RETREAT"
    # a CAMEO code pointing outside the label's successors does not override the label
    assert plover_v05_to_current("DEMAND", cameo="190") == "REQUEST"
    assert plover_v05_to_current("REQUEST") == "REQUEST"
    assert all(plover_v05_to_current(old) in PLOVER_TYPES for old in PLOVER_V05)
    with pytest.raises(ValueError, match="'BOGUS'"):
        plover_v05_to_current("BOGUS")


def test_the_build_reproduces_the_shipped_table(shared_data):
    src = shared_data / "eventdata"
    built = build_tables(
        src / "icews_r_pkg" / "cameo-codes.csv", src / "plover" / "CAMEO2PLOVER-2021.txt"
    )
    assert {c.code: c for c in built} == cameo_table()


def test_icews_reader_repairs_the_mis_encoded_punctuation(shared_data):
    rows = read_icews_codes(shared_data / "eventdata" / "icews_r_pkg" / "cameo-codes.csv")
    visit = next(r for r in rows if r["code"] == "042")
    assert visit["example"].startswith("Taiwan\u2019s Vice Foreign Minister visited Russia")
    assert not any("\ufffd" in r["example"] for r in rows)
