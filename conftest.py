"""Fixtures shared by every app's tests: a group, a user for each role, and a client signed in as each."""

import datetime as dt
import os

import pytest
from django.conf import settings
from django.test import Client

from plenary.accounts.models import User
from plenary.core.models import Visibility
from plenary.groups.models import Role, StakeholderGroup, WorkingGroup
from plenary.meetings.models import Document, DocumentKind, Meeting, Session, SessionKind
from plenary.testing import client_for, make_group, make_membership, make_user


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _site_language_after_each_test():
    """A test-client request in another language leaves that language active on the thread; the next test must
    start in the site's own language, whatever ran before it."""
    yield
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _reset_axes_and_cache():
    from django.core.cache import caches

    for name in ("default", "limits", "pages"):
        caches[name].clear()
    yield


@pytest.fixture
def direct_wsgi():
    """Keep the test's connection open while a test drives the WSGI handler itself, as Django's test client does.

    The handler's request signals close a connection that is not in autocommit, which on PostgreSQL is the
    test's own transaction (SQLite's in-memory database is never closed, so only the PostgreSQL pass shows it).
    """
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def group(db) -> WorkingGroup:
    return make_group()


@pytest.fixture
def other_group(db) -> WorkingGroup:
    return make_group("og")


@pytest.fixture
def sectors(db) -> dict[str, StakeholderGroup]:
    names = {"government": "Government", "private-sector": "Private sector", "civil-society": "Civil society"}
    return {
        slug: StakeholderGroup.objects.create(slug=slug, name=name, order=i)
        for i, (slug, name) in enumerate(names.items())
    }


@pytest.fixture
def users(group, other_group) -> dict[str, User | None]:
    """One user per role; the roles are held in `group`, except the one who is secretariat of the other group."""
    people = {
        "anonymous": None,
        "participant": make_user("participant"),
        "member": make_user("member"),
        "chair": make_user("chair"),
        "secretariat": make_user("secretariat", is_staff=True),
        "site_admin": make_user("siteadmin", is_staff=True, is_superuser=True),
        "other_group_secretariat": make_user("othersec", is_staff=True),
    }
    make_membership(group, people["member"], Role.MEMBER, country="BR")
    make_membership(group, people["chair"], Role.CHAIR, country="IN")
    make_membership(group, people["secretariat"], Role.SECRETARIAT)
    make_membership(other_group, people["other_group_secretariat"], Role.SECRETARIAT)
    return people


@pytest.fixture
def clients(users) -> dict[str, Client]:
    return {role: client_for(user) for role, user in users.items()}


@pytest.fixture
def meeting(group) -> Meeting:
    meeting = Meeting.objects.create(
        group=group,
        number=3,
        title="Third meeting",
        venue="Geneva",
        starts_on=dt.date(2005, 4, 18),
        ends_on=dt.date(2005, 4, 20),
    )
    Session.objects.create(
        meeting=meeting, date=dt.date(2005, 4, 18), title="Open consultations", kind=SessionKind.OPEN_CONSULTATION
    )
    Session.objects.create(meeting=meeting, date=dt.date(2005, 4, 19), title="Closed meeting", kind=SessionKind.CLOSED)
    return meeting


@pytest.fixture
def documents(group, meeting) -> dict[str, Document]:
    """One document at each visibility, titled so that a leak is easy to find in any page."""
    kind = DocumentKind.objects.create(slug="paper", name="Working paper")
    closed = meeting.sessions.get(kind=SessionKind.CLOSED)
    open_session = meeting.sessions.get(kind=SessionKind.OPEN_CONSULTATION)
    return {
        Visibility.PUBLIC: Document.objects.create(
            group=group,
            meeting=meeting,
            session=open_session,
            title="PUBLICPAPER on access",
            kind=kind,
            visibility=Visibility.PUBLIC,
            text="Open text.",
        ),
        Visibility.MEMBERS: Document.objects.create(
            group=group,
            meeting=meeting,
            session=closed,
            title="MEMBERSPAPER on roles",
            kind=kind,
            visibility=Visibility.MEMBERS,
            text="Members text SECRETWORDMEMBERS.",
        ),
        Visibility.SECRETARIAT: Document.objects.create(
            group=group,
            meeting=meeting,
            title="SECRETARIATPAPER on logistics",
            kind=kind,
            visibility=Visibility.SECRETARIAT,
            text="Secretariat text SECRETWORDSECRETARIAT.",
        ),
    }


# Browser tests: Debian's Chromium driven by Playwright (it cannot download its own browser here).
CHROMIUM = "/usr/bin/chromium"
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # live_server and Playwright share the test thread


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail("Chromium is missing: CI must run the browser tests (scripts/system-deps installs it).")
        pytest.skip("Chromium is not installed; scripts/system-deps installs it.")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }
