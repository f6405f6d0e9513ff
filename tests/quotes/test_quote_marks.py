"""Quotation marks of every style, paired; paragraph-continued quotes; apostrophes ignored."""

from realpolitik.quotes.marks import find_quotations


def quoted(text: str) -> list[str]:
    return [text[q.start : q.end] for q in find_quotations(text)]


def test_curly_straight_guillemets_and_low_nine():
    text = (
        'He said “one.” She said "two." They said «three». '
        "Er sagte „vier“. Also ‘five,’ and 'six.'"
    )
    assert quoted(text) == [
        "“one.”",
        '"two."',
        "«three»",
        "„vier“",
        "‘five,’",
        "'six.'",
    ]


def test_apostrophes_are_not_quotes():
    text = "Don’t worry: the Smiths' house isn't ‘haunted’, they said."
    assert quoted(text) == ["‘haunted’"]


def test_quote_running_over_paragraphs_is_one_quotation():
    text = "“First paragraph of the quote.\n\n“Second paragraph,” she said. Then more."
    [q] = find_quotations(text)
    assert text[q.start : q.end] == "“First paragraph of the quote.\n\n“Second paragraph,”"
    assert [text[s:e] for s, e in q.parts] == [
        "“First paragraph of the quote.",
        "“Second paragraph,”",
    ]


def test_unclosed_quote_ends_with_its_paragraph():
    text = "He said “this never closes.\n\nA new paragraph without a quote."
    assert quoted(text) == ["“this never closes."]
