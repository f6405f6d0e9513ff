"""What `watch` is told: its interval and its list of feeds."""

from __future__ import annotations

import pytest

from realpolitik.sources import SourceError
from realpolitik.watch import parse_interval, read_feed_list


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("30s", 30), ("15m", 900), ("1h", 3600), ("2h30m", 9000), ("1h0m5s", 3605), ("90", 90)],
)
def test_intervals(text, seconds):
    assert parse_interval(text) == seconds


@pytest.mark.parametrize("text", ["", "m", "15x", "1.5h", "30m2h", "0s", "-5m"])
def test_bad_intervals_say_how_to_write_one(text):
    with pytest.raises(ValueError, match="interval"):
        parse_interval(text)


def test_feed_list_files_have_comments_and_duplicates_count_once(tmp_path):
    listing = tmp_path / "feeds.txt"
    listing.write_text(
        "# world news\n"
        "https://a.example.org/rss.xml\n"
        "\n"
        "   https://b.example.org/atom.xml   # the B desk\n"
        "https://a.example.org/rss.xml\n",
        "utf-8",
    )
    assert read_feed_list(["https://c.example.org/feed", str(listing)]) == [
        "https://c.example.org/feed",
        "https://a.example.org/rss.xml",
        "https://b.example.org/atom.xml",
    ]


def test_a_bad_feed_list_is_named(tmp_path):
    listing = tmp_path / "feeds.txt"
    listing.write_text("https://a.example.org/rss.xml\nftp://old.example.org/feed\n", "utf-8")
    with pytest.raises(SourceError) as info:
        read_feed_list([str(listing)])
    assert info.value.input == f"{listing}:2" and "not an http(s) URL" in info.value.reason
    with pytest.raises(SourceError) as info:
        read_feed_list([str(tmp_path / "missing.txt")])
    assert info.value.input.endswith("missing.txt") and "No such file" in info.value.reason
