"""Fixtures shared by the insight tests."""

from __future__ import annotations

import pytest
from insight_samples import UNIQUES, campaign_variants

from insight import Record, load_taxonomy


@pytest.fixture(scope="session")
def taxonomy():
    return load_taxonomy()


@pytest.fixture
def small_records() -> list[Record]:
    recs = [
        Record(f"c{i}", t, stakeholder_group="civil-society", country="NG") for i, t in enumerate(campaign_variants())
    ]
    recs += [Record(i, t, stakeholder_group=g, country=c) for i, t, g, c in UNIQUES]
    return recs
