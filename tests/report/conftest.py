"""Fixtures of the report tests: one hand-made document, and a corpus on two dates."""

from __future__ import annotations

import pytest
from report_fixtures import make_corpus, make_doc

from realpolitik.records import Document


@pytest.fixture
def doc() -> Document:
    return make_doc()


@pytest.fixture
def corpus() -> list[Document]:
    return make_corpus()
