import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from plenary.groups.models import Gender, NewsItem, Role
from plenary.groups.selectors import membership_balance
from plenary.testing import make_membership

ATOM = "{http://www.w3.org/2005/Atom}"


def test_site_home_lists_groups(client, group, other_group):
    body = client.get("/").content.decode()
    assert group.name in body and other_group.name in body


def test_group_pages_render_for_everyone(client, group, meeting):
    for name in ["home", "members", "news", "contact"]:
        assert client.get(reverse(f"groups:{name}", args=[group.slug])).status_code == 200
    assert client.get("/no-such-group/").status_code == 404


def test_group_home_shows_mandate_timeline_and_next_meeting(client, group, meeting):
    meeting.starts_on = timezone.localdate() + dt.timedelta(days=10)
    meeting.ends_on = meeting.starts_on + dt.timedelta(days=2)
    meeting.save()
    body = client.get(reverse("groups:home", args=[group.slug])).content.decode()
    assert group.mandate in body
    assert "Next meeting" in body and meeting.get_absolute_url() in body
    assert "Timeline" in body


def test_balance_counts_members_and_calls_out_gaps(group, sectors):
    make_membership(group, None, Role.CHAIR, country="IN", stakeholder_group=sectors["government"])
    make_membership(group, None, Role.MEMBER, country="BR", stakeholder_group=sectors["civil-society"])
    make_membership(group, None, Role.MEMBER, country="FR", stakeholder_group=sectors["government"])
    secretary = make_membership(group, None, Role.SECRETARIAT, country="CH")
    secretary.person.gender = Gender.FEMALE
    secretary.person.save()
    balance = membership_balance(group=group)
    assert balance.total == 3  # the secretariat is not counted among the members
    assert balance.cells[("Asia", "Government")] == 1
    assert balance.by_sector["Government"] == 2
    assert any("Africa" in gap for gap in balance.gaps)
    assert any("Oceania" in gap for gap in balance.gaps)
    assert any("Private sector" in gap for gap in balance.gaps)
    assert any("Government holds 67%" in gap for gap in balance.gaps)
    assert any("known for 0 of 3" in gap for gap in balance.gaps)


def test_members_page_shows_roles_chart_and_table(client, group, sectors):
    make_membership(group, None, Role.CHAIR, name="Chair Person", country="IN", stakeholder_group=sectors["government"])
    make_membership(group, None, Role.MEMBER, name="Member Person", country="KE", derived_fields=["country"])
    body = client.get(reverse("groups:members", args=[group.slug])).content.decode()
    assert "Chair Person" in body and "Member Person" in body
    assert "<svg" in body and 'aria-label="Members by region and stakeholder group"' in body
    assert "<caption>Members by region and stakeholder group</caption>" in body
    assert "derived" in body


def test_demo_people_are_not_listed_or_counted(client, group):
    make_membership(group, None, Role.MEMBER, name="Real Member", country="KE")
    demo = make_membership(group, None, Role.MEMBER, name="Demo account: member")
    demo.person.is_demo = True
    demo.person.save()
    assert membership_balance(group=group).total == 1
    assert "Demo account" not in client.get(reverse("groups:members", args=[group.slug])).content.decode()


def test_news_feed_is_valid_atom_with_published_items_only(client, group):
    NewsItem.objects.create(group=group, slug="out", title="Out now", body="b", published_at=timezone.now())
    NewsItem.objects.create(group=group, slug="draft", title="Not yet", body="b", published_at=None)
    NewsItem.objects.create(
        group=group, slug="later", title="Embargoed", body="b", published_at=timezone.now() + dt.timedelta(days=1)
    )
    response = client.get(reverse("groups:news_feed", args=[group.slug]))
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)  # noqa: S314 (our own feed, parsed back)
    titles = [entry.find(f"{ATOM}title").text for entry in feed.findall(f"{ATOM}entry")]
    assert titles == ["Out now"]
    assert client.get(reverse("groups:news_detail", args=[group.slug, "draft"])).status_code == 404
    assert client.get(reverse("groups:news_detail", args=[group.slug, "out"])).status_code == 200


def test_calendar_parses_with_one_event_per_session(client, group, meeting):
    response = client.get(reverse("meetings:calendar", args=[group.slug]))
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 2
    summaries = sorted(str(e["SUMMARY"]) for e in events)
    assert "Third meeting: Closed meeting (Closed (members only))" in summaries
    assert {e.decoded("DTSTART") for e in events} == {dt.date(2005, 4, 18), dt.date(2005, 4, 19)}


@pytest.mark.parametrize("language", ["ar", "zh-hans", "en", "fr", "ru", "es"])
def test_pages_in_each_un_language(client, group, language):
    response = client.get(reverse("groups:home", args=[group.slug]), HTTP_ACCEPT_LANGUAGE=language)
    body = response.content.decode()
    assert f'lang="{language}"' in body
    assert ('dir="rtl"' in body) == (language == "ar")


def test_pages_work_without_javascript_and_under_a_strict_csp(client, group):
    response = client.get(reverse("groups:members", args=[group.slug]))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "<script" not in response.content.decode()


@pytest.mark.parametrize(
    ("language", "members", "meetings"),
    [
        ("fr", "Membres", "Réunions"),
        ("es", "Miembros", "Reuniones"),
        ("ru", "Члены", "Заседания"),
        ("zh-hans", "成员", "会议"),
        ("ar", "الأعضاء", "الاجتماعات"),
    ],
)
def test_the_site_frame_is_translated(client, group, language, members, meetings):
    body = client.get(reverse("groups:home", args=[group.slug]), HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert f">{members}</a>" in body and f">{meetings}</a>" in body
