"""Hand-made Documents for the report tests: a small, known world of events and quotes.

Not a conftest.py: tests/ has one already, and the tests import these helpers by name.
"""

from __future__ import annotations

from typing import Any

from realpolitik.records import Actor, Document, Mention

TEXT_A = (
    "Russia welcomed talks with the United States. Russia praised Washington again. "
    "Ukraine condemned Russia. Russia did not attack Ukraine. The United States may aid Russia. "
    "The United States tried to mediate with Ukraine. "
    '"We are ready," the Kremlin said. Ukraine said Russia cannot be trusted. '
    "Washington said the weather was fine."
)


def _actor(id: str, name: str, code: str, text: str, kind: str = "state") -> Actor:
    mentions = []
    start = text.find(name)
    while start != -1:
        mentions.append(Mention(start, start + len(name), name))
        start = text.find(name, start + 1)
    return Actor(id=id, name=name, code=code, country=code[:3], kind=kind, mentions=mentions)


def event(
    id: str,
    src: str,
    tgt: str | None,
    quad: int,
    goldstein: float,
    factuality: str = "asserted",
    trigger: str = "said",
) -> dict[str, Any]:
    return {
        "id": id,
        "source": {"actor": None, "text": src, "code": src},
        "target": {"actor": None, "text": tgt, "code": tgt} if tgt else None,
        "cameo": "040",
        "plover": "CONSULT",
        "mode": None,
        "quad_class": quad,
        "goldstein": goldstein,
        "factuality": factuality,
        "date": None,
        "location": None,
        "trigger": {"start": 0, "end": len(trigger), "text": trigger},
        "sentence": {"start": 0, "end": 10},
    }


def quote(id: str, text: str, content: str, speaker: str | None, kind: str = "direct") -> dict:
    start = text.index(content)
    return {
        "id": id,
        "kind": kind,
        "speaker": {"actor": speaker, "text": speaker or "", "start": 0, "end": 1}
        if speaker
        else None,
        "cue": None,
        "content": {"start": start, "end": start + len(content), "text": content},
    }


def make_doc(id: str = "doc-a", published: str | None = "2025-03-01", **fields: Any) -> Document:
    text = TEXT_A
    actors = [
        _actor("a1", "Russia", "RUS", text),
        _actor("a2", "United States", "USA", text),
        _actor("a3", "Ukraine", "UKR", text),
        _actor("a4", "Kremlin", "RUSGOV", text, kind="organization"),
        _actor("a5", "Washington", "USAGOV", text, kind="location"),
    ]
    events = [
        event("e1", "RUS", "USA", 1, 3.0, trigger="welcomed"),
        event("e2", "RUS", "USA", 2, 1.0, trigger="praised"),
        event("e3", "UKR", "RUS", 4, -5.0, trigger="condemned"),
        event("e4", "RUS", "UKR", 4, -9.0, factuality="negated", trigger="attack"),
        event("e5", "USA", "RUS", 1, 2.0, factuality="hypothetical", trigger="aid"),
        event("e6", "USA", "UKR", 1, 1.0, factuality="attempted", trigger="mediate"),
        event("e7", "RUS", None, 1, 1.0, trigger="spoke"),
        event("e8", "RUS", "RUS", 1, 1.0, trigger="self"),
    ]
    quotes = [
        quote("q1", text, "Washington said the weather was fine", "a2", kind="indirect"),
        quote("q2", text, "Russia cannot be trusted", "a3", kind="indirect"),
        quote("q3", text, "We are ready,", "a4"),
        quote("q4", text, "The United States tried to mediate with Ukraine", None),
    ]
    doc = Document(
        id=id,
        text=text,
        title="Talks and threats",
        author="A. Writer",
        published=published,
        url="https://news.example.org/talks",
        source="Example News",
        actors=actors,
        events=events,
        quotes=quotes,
    )
    for key, value in fields.items():
        setattr(doc, key, value)
    return doc


def make_corpus() -> list[Document]:
    """Three documents on two dates: RUS-USA cooperation first, conflict later."""
    later = make_doc("doc-b", "2025-03-05")
    later.events = [
        event("e1", "RUS", "USAGOV", 3, -4.0, trigger="accused"),
        event("e2", "USA", "RUS", 4, -8.0, trigger="sanctioned"),
    ]
    again = make_doc("doc-c", "2025-03-05")
    again.events = [event("e1", "UKR", "RUS", 4, -6.0, trigger="shelled")]
    return [make_doc(), later, again]


def assessment_for(doc: Document) -> dict[str, Any]:
    """An assessment as `stance.assess` will make it, with evidence in `doc`."""

    def ev(s: str) -> dict[str, Any]:
        i = doc.text.index(s)
        return {"doc_id": doc.id, "start": i, "end": i + len(s), "text": s}

    return {
        "focus": {"code": "RUS", "name": "Russia", "query": "RUS"},
        "opportunities": [
            {
                "summary": "Talks with the United States end Russia's isolation",
                "score": 0.9,
                "actors": ["Russia", "United States"],
                "evidence": [ev("Russia welcomed talks with the United States.")],
                "count": 1,
                "first_seen": "2025-03-01",
                "last_seen": "2025-03-01",
            },
        ],
        "risks": [
            {
                "summary": "Ukraine's distrust",
                "score": 0.7,
                "actors": ["Ukraine"],
                "evidence": [ev("Ukraine condemned Russia.")],
                "count": 1,
                "first_seen": "2025-03-01",
                "last_seen": "2025-03-01",
            },
        ],
        "factions": [
            {
                "country": "RUS",
                "name": "technocrats",
                "code": "RUSELI",
                "stances": [
                    {
                        "issue": "peace_talks",
                        "issue_label": "Peace negotiations",
                        "stance": "favor",
                        "evidence": [ev("We are ready")],
                    }
                ],
            },
            {
                "country": "RUS",
                "name": "nationalists",
                "code": "RUSELI",
                "stances": [
                    {
                        "issue": "peace_talks",
                        "issue_label": "Peace negotiations",
                        "stance": "against",
                        "evidence": [ev("Russia cannot be trusted")],
                    }
                ],
            },
        ],
        "stances": [
            {
                "actor": "Kremlin",
                "code": "RUSGOV",
                "issue": "bilateral_relations",
                "issue_label": "Relations",
                "stance": "favor",
                "evidence": [ev("We are ready")],
            },
        ],
        "documents": 1,
    }
