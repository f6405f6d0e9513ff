"""Actor-code scoring on PLOVER gold records and PETRARCH-2 unit tests (realpolitik.eval.actors)."""

import json

import pytest

from realpolitik.eval import DataMissing
from realpolitik.eval.actors import (
    GoldActor,
    PloverRecord,
    evaluate_plover,
    head_word,
    load_petrarch,
    load_plover,
    locate,
    petrarch_codes,
    predicted_codes,
    score_petrarch,
    score_plover,
)
from realpolitik.records import Actor, Document, Mention


def actor(text: str, sentence: str, code: str | None, country: str | None = None) -> Actor:
    start = sentence.index(text)
    mention = Mention(start, start + len(text), text)
    return Actor(id=text, name=text, code=code, country=country, mentions=[mention])


def doc(text: str, *actors: Actor) -> Document:
    return Document(id=text[:10], text=text, actors=list(actors))


def record(text: str, *gold: tuple[str, str, str | None], markup: str = "") -> PloverRecord:
    actors = [
        GoldActor("R1", "source" if n == 0 else "target", t, code, sector)
        for n, (t, code, sector) in enumerate(gold)
    ]
    return PloverRecord("R1", "2000-01-01", text, markup, actors)


# --- reading codes ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "country", "sectors"),
    [
        ("RUSGOV", "RUS", ["GOV"]),
        ("IGOUNOREFHCR", "IGO", ["UNO", "REF", "HCR"]),
        ("NATO", "IGO", ["NAT"]),
        ("UNO", "IGO", ["UNO"]),
        ("JAP", "JPN", []),  # an old CAMEO spelling
        ("~GOV", "GOV", []),
        ("egyjrn", "EGY", ["MED"]),
    ],
)
def test_predicted_codes(code, country, sectors):
    assert predicted_codes(Actor(id="a", name="x", code=code)) == (country, sectors)


def test_uncoded_actor_falls_back_to_its_country():
    assert predicted_codes(Actor(id="a", name="x", country="FRA")) == ("FRA", [])
    assert predicted_codes(Actor(id="a", name="x")) == (None, [])


def test_gold_actor_reading():
    assert GoldActor("r", "source", "x", "JAP", None).country == "JPN"
    assert GoldActor("r", "source", "x", "SRB", "CVLalb").primary_sector == "CVL"
    assert GoldActor("r", "source", "x", "ISR", "***").primary_sector is None
    assert GoldActor("r", "source", "x", "LBY", "CIV").primary_sector == "CVL"
    kinds = [
        GoldActor("r", "source", "x", c, s).kind
        for c, s in [("USA", None), ("USA", "GOV"), ("IGO", "MIL"), ("NGO", None)]
    ]
    assert kinds == ["state", "state+sector", "transnational", "transnational"]


# --- finding the gold text -------------------------------------------------------------


def test_locate_uses_the_tagged_occurrence():
    text = "The radical Palestinian Islamic Jihad rejected a meeting of Palestinian factions."
    markup = (
        "The radical (SRC: Palestinian Islamic Jihad) (EVT: rejected) a meeting of "
        "(TAR: Palestinian) factions."
    )
    second = text.rindex("Palestinian")
    assert locate(text, "Palestinian", markup, "target") == [(second, second + 11)]
    assert locate(text, "Palestinian", "", "target") == [(12, 23)]  # no markup: the first


def test_locate_whole_words_and_case():
    text = "The US told us that the USA and U.N. agree."
    assert locate(text, "US") == [(4, 6)]
    assert locate(text, "U.N.") == [(32, 36)]
    assert locate(text, "usa") == [(24, 27)]  # no exact-case match: ignoring case
    assert locate(text, "  The   US ") == [(0, 6)]


def test_locate_gapped_and_non_verbatim_text():
    text = "U.S. and Russian negotiators met. French and Egyptian warships sailed."
    assert locate(text, "U.S. ... negotiators") == [(0, 4), (17, 28)]
    assert locate(text, "French warships") == [(34, 40), (54, 62)]
    assert locate(text, "Ghanians") == []


# --- PLOVER scoring --------------------------------------------------------------------


def test_score_plover_figures_and_conventions():
    s1 = "Senior Hungarian officials met Tokyo envoys and the UN chief Kofi Annan."
    s2 = "Israeli troops clashed with ethnic Albanians near Amnesty International offices."
    records = [
        record(
            s1, ("Hungarian", "HUN", "GOV"), ("Tokyo", "JAP", None), ("Kofi Annan", "IGO", "GOV")
        ),
        record(
            s2,
            ("Israeli troops", "ISR", "***"),
            ("ethnic Albanians", "SRB", "CVLalb"),
            ("Amnesty International", "IGO", None),
        ),
    ]
    docs = [
        doc(
            s1,
            actor("Hungarian officials", s1, "HUNGOV"),
            actor("Tokyo", s1, "JPNGOV"),  # capital as metonym: country right, no sector asked
            actor("Kofi Annan", s1, "IGOUNO"),  # the organisation itself stands for GOV
        ),
        doc(
            s2,
            actor("Israeli", s2, "ISR"),
            actor("Israeli troops", s2, "ISRMIL"),  # the most overlap wins
            actor("ethnic Albanians", s2, "SRB"),  # sector missing
            actor("Amnesty International", s2, "NGOHRIAMN"),  # gold says IGO: a miss
        ),
    ]
    result = score_plover(records, docs)
    assert result.n == 6 and result.records == 2
    verdicts = [(j.country_ok, j.sector_ok, j.code_ok) for j in result.judgements]
    assert verdicts == [
        (True, True, True),
        (True, None, True),
        (True, True, True),
        (True, None, True),
        (True, False, False),
        (False, None, False),
    ]
    assert result.country_accuracy == pytest.approx(5 / 6)
    assert result.sector_accuracy == pytest.approx(2 / 3)
    assert result.code_accuracy == pytest.approx(4 / 6)
    assert result.judgements[3].predicted_code == "ISRMIL"
    kinds = result.by_kind()
    assert list(kinds) == ["state", "state+sector", "transnational"]
    assert kinds["state"]["n"] == 2 and kinds["transnational"]["code"] == pytest.approx(0.5)
    assert [j.gold.text for j in result.errors()] == ["ethnic Albanians", "Amnesty International"]
    assert result.errors(1)[0].gold.text == "ethnic Albanians"
    d = result.to_dict(errors=1)
    assert d["code"] == result.code_accuracy and len(d["errors"]) == 1
    json.dumps(d)  # serialisable


def test_score_plover_misses_without_a_predicted_actor():
    s = "Ghana expelled Nigerian traders."
    rec = record(s, ("Ghanians", "GHA", None), ("Nigerian traders", "NGA", "BUS"))
    result = score_plover([rec], [doc(s, actor("Ghana", s, "GHA"))])
    lost, uncoded = result.judgements
    assert not lost.located and not lost.code_ok
    assert uncoded.located and uncoded.sector_ok is False and not uncoded.country_ok
    assert result.unlocated == 1 and result.uncoded == 1 and result.code_accuracy == 0
    with pytest.raises(ValueError):
        score_plover([rec], [])


def test_igo_gov_is_not_satisfied_by_a_functional_sector():
    s = "UN peacekeepers left."
    rec = record(s, ("UN peacekeepers", "IGO", "GOV"))
    result = score_plover([rec], [doc(s, actor("UN peacekeepers", s, "IGOUNOMIL"))])
    assert result.judgements[0].country_ok and not result.judgements[0].sector_ok


def test_load_plover(tmp_path):
    rows = [
        {"id": "HEADER", "event": "DOCUMENT"},
        {
            "id": "A-1",
            "date": "2000-01-01",
            "text": "Turkey and Greece agreed.",
            "source": [
                {"actorText": "Turkey", "code": "TUR"},
                {"actorText": " Greece ", "code": "GRC", "sector": "GOV"},
            ],
            "target": "diplomatic",
            "textInfo": {"markup": "(SRC: Turkey) and (SRC: Greece) (EVT: agreed)."},
        },
        {"id": "A-2", "date": "2000-01-01", "text": "Nobody did it.", "target": ""},
    ]
    path = tmp_path / "gold.json"
    path.write_text(json.dumps(rows))
    recs = load_plover(path)
    assert [r.id for r in recs] == ["A-1", "A-2"]
    assert [(a.text, a.code, a.sector) for a in recs[0].actors] == [
        ("Turkey", "TUR", None),
        ("Greece", "GRC", "GOV"),
    ]
    assert recs[0].markup.startswith("(SRC: Turkey)") and recs[1].actors == []


# --- PETRARCH scoring ------------------------------------------------------------------

PETRARCH_XML = """<Validation>
<Environment><Include>valid DEMO ACTOR COMPOUND VERB ERROR</Include></Environment>
<Sentences>
<Sentence date="19950101" id="DEMO-00" category="DEMO" sentence="true">
<!-- a comment -->
<EventCoding sourcecode="ARN" targetcode="GON" eventcode="064"></EventCoding>
<EventCoding sourcecode="GON" targetcode="ARN" eventcode="033"></EventCoding>
<Text>
Arnor is about to restore full diplomatic ties with
Gondor.
</Text>
<Parse>(ROOT)</Parse>
</Sentence>
<Sentence date="19950104" id="COMPOUND-03" category="COMPOUND" sentence="true">
<EventCoding sourcecode="FOR" targetcode="OSG" eventcode="041"></EventCoding>
<EventCoding sourcecode="---GOV" targetcode="---" eventcode="023"></EventCoding>
<Text>Fornost welcomed Osgiliath, an official news agency said.</Text>
</Sentence>
<Sentence date="19950101" id="NEW-01" category="ACTOR" sentence="true">
<EventCoding sourcecode="ARN" targetcode='"THE MINISTRY OF MAGIC"' eventcode="064"></EventCoding>
<EventCoding sourcecode="###" targetcode="ARN" eventcode="023"></EventCoding>
<Text>Arnor met the Ministry of Magic.</Text>
</Sentence>
<Sentence date="19950101" id="NONE-01" category="VERB" sentence="true">
<EventCoding noevents = "True"></EventCoding>
<Text>Arnor slept.</Text>
</Sentence>
<Sentence date="19950101" id="ERR-01" category="ERROR" sentence="true">
<EventCoding error="storydiscard"></EventCoding>
<Text>Arnor played baseball.</Text>
</Sentence>
<Sentence date="19950101" id="AGENTS-18" category="AGENTS" sentence="true">
<EventCoding sourcecode="ARNELI" targetcode="GON" eventcode="064"></EventCoding>
<Text>Arnor former security officials restore ties with Gondor.</Text>
</Sentence>
</Sentences></Validation>"""


def test_load_petrarch(tmp_path):
    path = tmp_path / "records.xml"
    path.write_text(PETRARCH_XML)
    sents = load_petrarch(path)
    ids = ["DEMO-00", "COMPOUND-03", "NEW-01", "NONE-01", "ERR-01", "AGENTS-18"]
    assert [s.id for s in sents] == ids
    demo = sents[0]
    assert demo.expected == ["ARN", "GON"] and demo.date == "1995-01-01"
    assert demo.text == "Arnor is about to restore full diplomatic ties with Gondor."
    assert sents[1].expected == ["FOR", "OSG", "---GOV"] and sents[1].unscored == ["---"]
    assert sents[2].expected == ["ARN"] and sents[2].unscored == ['"THE MINISTRY OF MAGIC"', "###"]
    assert [s.skipped for s in sents][3:] == [
        "noevents",
        "error:storydiscard",
        "category not in <Include>",  # PETRARCH does not run it
    ]
    assert [s.skipped for s in sents][:3] == [None, None, None]


def test_score_petrarch(tmp_path):
    path = tmp_path / "records.xml"
    path.write_text(PETRARCH_XML)
    sents = load_petrarch(path)
    t1, t2, t3 = (s.text for s in sents[:3])
    docs = [
        doc(t1, actor("Arnor", t1, "arn"), actor("Gondor", t1, "GONGOV")),
        doc(t2, actor("Fornost", t2, "FOR"), actor("official", t2, "~GOV")),
        doc(t3, actor("Arnor", t3, "ARN"), actor("Ministry of Magic", t3, None)),
    ]
    result = score_petrarch(sents, docs)
    assert [(j.code, j.found) for j in result.judgements] == [
        ("ARN", True),
        ("GON", False),  # GONGOV is not GON: codes must match exactly
        ("FOR", True),
        ("OSG", False),
        ("---GOV", True),  # an agent with no country
        ("ARN", True),
    ]
    assert result.accuracy == pytest.approx(4 / 6)
    assert result.scored_sentences == 3 and result.sentences == 6
    assert result.skipped == {
        "noevents": 1,
        "error:storydiscard": 1,
        "category not in <Include>": 1,
    }
    assert result.unscored == {"null actor ---": 1, "actor text": 1, "discard code ###": 1}
    assert result.by_category() == {
        "ACTOR": {"n": 1, "accuracy": 1.0},
        "COMPOUND": {"n": 3, "accuracy": pytest.approx(2 / 3)},
        "DEMO": {"n": 2, "accuracy": 0.5},
    }
    assert result.judgements[1].predicted == ["ARN", "GONGOV"]
    assert len(result.to_dict(errors=2)["errors"]) == 2
    with pytest.raises(ValueError):
        score_petrarch(sents, docs[:2])


def test_petrarch_codes():
    assert petrarch_codes(Actor(id="a", name="x", code="~MED")) == ["---MED"]
    assert petrarch_codes(Actor(id="a", name="x", code=" dnkmusmed ")) == ["DNKMUSMED"]
    assert petrarch_codes(Actor(id="a", name="x", code="FRO/BIL/SAM")) == ["FRO", "BIL", "SAM"]
    assert petrarch_codes(Actor(id="a", name="x")) == []


# --- the real data ---------------------------------------------------------------------


def test_missing_data_is_a_clear_error(tmp_path):
    with pytest.raises(DataMissing, match="PLOVER_GSR_CAMEO.json"):
        evaluate_plover(tmp_path)


def test_plover_smoke(shared_data):
    result = evaluate_plover(shared_data, limit=15)
    assert result.records == 15 and result.n >= 15
    assert all(j.gold.record.startswith("PLOVER-GSR01-") for j in result.judgements)
    for figure in (result.country_accuracy, result.sector_accuracy, result.code_accuracy):
        assert 0.0 <= figure <= 1.0
    d = result.to_dict(errors=3)
    assert set(d["by_kind"]) <= {"state", "state+sector", "transnational"}
    assert d["n"] == result.n and len(d["errors"]) <= 3


def test_locate_tolerates_a_gold_misspelling():
    text = "Benin was still refusing admittance to Ghanaians, police said."
    assert locate(text, "Ghanians") == [(39, 48)]
    assert locate(text, "Gabonese") == []


@pytest.mark.parametrize(
    ("phrase", "head"),
    [
        ("refugees fleeing the civil war in Liberia", "refugees"),
        ("Palestinians living in the West Bank and Gaza", "Palestinians"),
        ("Quatar's emir", "emir"),
        ("Hundreds of thousands of people", "people"),
        ("Revolutionary United Front (RUF", "Front"),
    ],
)
def test_head_word(phrase, head):
    assert head_word(phrase) == head


def test_the_actor_at_the_phrase_head_wins_over_a_place_in_its_modifier():
    s = "Israel kept the curfew on Palestinians living in the West Bank and Gaza."
    rec = record(s, ("Palestinians living in the West Bank and Gaza", "PSE", "CVL"))
    west_bank = actor("West Bank", s, "PSE")
    west_bank.mentions.append(Mention(s.index("Gaza"), s.index("Gaza") + 4, "Gaza"))
    result = score_plover([rec], [doc(s, actor("Palestinians", s, "PSECVL"), west_bank)])
    assert result.judgements[0].predicted_code == "PSECVL" and result.judgements[0].code_ok


def test_transnational_gov_is_the_organisation():
    s = "US attacks killed top al-Qaeda leaders."
    rec = record(s, ("al-Qaeda leaders", "IMG", "GOV"))
    result = score_plover([rec], [doc(s, actor("top al-Qaeda leaders", s, "IMGMUSALQ"))])
    assert result.judgements[0].code_ok
