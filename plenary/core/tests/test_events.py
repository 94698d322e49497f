import pytest

from plenary.core.models import AppendOnlyError, Event
from plenary.core.regions import region_of, subregion_of
from plenary.core.services import event_record, upsert
from plenary.groups.models import WorkingGroup


def test_event_trail_is_append_only(group):
    event = event_record(actor=None, verb="published", target=group, changes={"status": ["a", "b"]})
    assert event.actor_label == "system"
    assert event.group_slug == group.slug  # every event resolves its group: a group is its own
    with pytest.raises(AppendOnlyError):
        event.note = "rewritten"
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        Event.objects.all().update(note="x")
    with pytest.raises(AppendOnlyError):
        Event.objects.all().delete()
    assert Event.objects.get(pk=event.pk).note == ""


def test_upsert_records_creation_and_changes_once(db):
    values = {
        "name": "G",
        "acronym": "G",
        "reference_prefix": "G",
        "mandate": "m",
        "established_by": "x",
        "established_on": "2004-11-11",
        "parent_body": "p",
    }
    group, created = upsert(actor=None, model=WorkingGroup, lookup={"slug": "g"}, values=values)
    assert created
    again, created = upsert(actor=None, model=WorkingGroup, lookup={"slug": "g"}, values=values)
    assert not created and again.pk == group.pk
    assert list(Event.objects.for_object(group).values_list("verb", flat=True)) == ["created"]
    upsert(actor=None, model=WorkingGroup, lookup={"slug": "g"}, values={**values, "mandate": "new"})
    changed = Event.objects.for_object(group).first()
    assert changed.verb == "changed"
    assert changed.changes == {"mandate": ["m", "new"]}


@pytest.mark.parametrize(
    ("code", "region", "subregion"),
    [
        ("BR", "Americas", "Latin America and the Caribbean"),
        ("us", "Americas", "Northern America"),
        ("CH", "Europe", "Western Europe"),
        ("EG", "Africa", "Northern Africa"),
        ("SA", "Asia", "Western Asia"),
        ("FJ", "Oceania", "Melanesia"),
        ("", "", ""),
        ("ZZ", "", ""),
    ],
)
def test_m49_regions(code, region, subregion):
    assert region_of(code) == region
    assert subregion_of(code) == subregion


def test_every_iso_country_has_a_region():
    import pycountry

    missing = [c.alpha_2 for c in pycountry.countries if not region_of(c.alpha_2)]
    # Antarctica has no M49 region.
    assert missing == ["AQ"]
