"""insight words its balance alerts in English; the dashboard says them again in the viewer's language."""

from collections import Counter

import pytest
from django.utils import translation

from insight.synthesis import balance_alerts
from plenary.analysis.selectors import alert_text


def _alerts() -> list[str]:
    by_group = Counter({"Civil society": 9, "Government": 1})
    by_region = Counter({"Africa": 9, "Europe": 1})
    return balance_alerts(by_group, by_region, raw=20, voices=10, n_campaigns=2)


def test_insight_still_words_its_alerts_as_the_dashboard_reads_them():
    alerts = _alerts()
    assert len(alerts) == 3
    with translation.override("en"):
        assert [alert_text(a) for a in alerts] == [
            "90% of the voices on this issue come from one stakeholder group: Civil society.",
            "90% of the voices on this issue come from one region: Africa.",
            "12 of 20 submissions come from 2 campaigns, counted as 2 voices.",
        ]


@pytest.mark.parametrize("language", ["fr", "es", "ru", "zh-hans", "ar"])
def test_alerts_are_said_in_the_viewers_language(language):
    with translation.override(language):
        said = [alert_text(a) for a in _alerts()]
    for english, text in zip(_alerts(), said, strict=True):
        assert text != english
        assert "voices" not in text and "submissions" not in text and "campaign" not in text, text
    assert "Africa" not in said[1]  # the region is named in the viewer's language too
