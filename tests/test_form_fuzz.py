"""Hypothesis on every form of the public site and of the secretariat's pages: no server error, whatever is sent.

The forms are found, not listed: the test walks the pages of a seeded group as an anonymous visitor and as its
secretariat (links followed from the home page, the sign-in pages and the private link of a submission), reads
every <form> on them (its action, method and fields, with the choices of each select), and sends each form
examples that Hypothesis draws: the form's own values, other choices, empty, very long, control characters,
markup, numbers and dates out of range, files of random bytes. A form that a later change adds is fuzzed with
no change here. (The Django admin is the back office's own framework and is left to its tests.)
"""

import os
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plenary.api.tests.records import make_record
from plenary.consultations.services import private_path
from plenary.consultations.tests.factories import make_call, submit
from plenary.drafting.models import DraftStatus
from plenary.drafting.tests.factories import make_draft
from plenary.issues.models import Cluster, NatureOfCooperation

DEEP = int(os.environ.get("PLENARY_FUZZ_EXAMPLES", "0"))
EXAMPLES = DEEP or 2
MAX_PAGES = 80
SKIP = re.compile(r"/(admin|api|static|media|i18n/setlang)/|/feed/|/export|\.(csv|json|ics|pdf|xml|zip)$|download")


@dataclass
class FormField:
    name: str
    kind: str  # text, textarea, select, checkbox, radio, file, hidden, number, date, email, password, ...
    value: str = ""
    options: list[str] = field(default_factory=list)
    multiple: bool = False


@dataclass
class FoundForm:
    page: str
    action: str
    method: str
    fields: dict[str, FormField] = field(default_factory=dict)

    @property
    def signature(self) -> tuple:
        """The same form on another object is the same form: numbers and tokens in the path do not count."""
        path = urlsplit(self.action).path
        path = re.sub(r"/[A-Za-z0-9_-]*\d[A-Za-z0-9_-]*(?=/)", "/N", path)
        return (path, self.method, tuple(sorted(self.fields)))


class PageReader(HTMLParser):
    """The links and the forms of one page."""

    def __init__(self, page: str):
        super().__init__()
        self.page = page
        self.links: list[str] = []
        self.forms: list[FoundForm] = []
        self._select: FormField | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "a" and a.get("href"):
            self.links.append(urljoin(self.page, a["href"]))
        elif tag == "form":
            action = urljoin(self.page, a.get("action") or self.page)
            self.forms.append(FoundForm(self.page, action, (a.get("method") or "get").lower()))
        elif not self.forms or not a.get("name"):
            return
        elif tag == "input":
            kind = (a.get("type") or "text").lower()
            if kind in {"submit", "button", "image", "reset"}:
                return
            existing = self.forms[-1].fields.get(a["name"])
            if existing and kind in {"radio", "checkbox"}:
                existing.options.append(a.get("value", "on"))
                existing.multiple = kind == "checkbox"
                return
            options = [a.get("value", "on")] if kind in {"radio", "checkbox"} else []
            self.forms[-1].fields[a["name"]] = FormField(a["name"], kind, a.get("value", ""), options)
        elif tag == "textarea":
            self.forms[-1].fields[a["name"]] = FormField(a["name"], "textarea")
        elif tag == "select":
            self._select = FormField(a["name"], "select", multiple="multiple" in a)
            self.forms[-1].fields[a["name"]] = self._select
        elif tag == "option" and self._select is not None:
            self._select.options.append(a.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


def _crawl(client: Client, starts: list[str], within: tuple[str, ...]) -> tuple[dict[tuple, FoundForm], int]:
    """Breadth first from `starts`, through links to paths under `within`; links with a query are the same page
    filtered, and pages of the same shape (numbers, tokens) are read once."""
    seen, shapes, queue, forms = set(), set(), list(starts), {}
    while queue and len(seen) < MAX_PAGES:
        url = queue.pop(0)
        parts = urlsplit(url)
        path = parts.path + (f"?{parts.query}" if parts.query and url in starts else "")
        shape = re.sub(r"/[A-Za-z0-9_-]*\d[A-Za-z0-9_-]*(?=/)", "/N", parts.path)
        if parts.netloc not in {"", "testserver"} or path in seen or SKIP.search(parts.path):
            continue
        if url not in starts and (shape in shapes or not parts.path.startswith(within)):
            continue
        seen.add(path)
        shapes.add(shape)
        response = client.get(path)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        reader = PageReader(f"http://testserver{path}")
        reader.feed(response.content.decode())
        for form in reader.forms:
            forms.setdefault(form.signature, form)
        queue += [link for link in reader.links if "?" not in link]
    return forms, len(seen)


ODD_TEXT = st.sampled_from(
    [
        "",
        " ",
        "\x00",
        "\x01\x0b\x1f",
        "<script>alert(1)</script>",
        "' OR 1=1 --",
        "../../etc/passwd",
        "9" * 40,
        "-1",
        "0",
        "2005-02-30",
        "9999-12-31T23:59",
        "0001-01-01 00:00",
        "ي" * 300,
        "🏛" * 50,
        "a" * 5000,
        "http://example.org " * 20,
    ]
)


def _value(form_field: FormField) -> st.SearchStrategy:
    own = [form_field.value] if form_field.value else []
    choices = form_field.options + own
    random_text = st.one_of(ODD_TEXT, st.text(max_size=40))
    if form_field.kind == "file":
        return st.one_of(
            st.none(),
            st.builds(
                lambda content, name: SimpleUploadedFile(name, content),
                st.binary(max_size=2048),
                st.sampled_from(["a.pdf", "../b.docx", "c.odt", "d.txt", "e.md", "x" * 300]),
            ),
        )
    if form_field.multiple and choices:
        return st.lists(st.one_of(st.sampled_from(choices), random_text), max_size=4)
    if choices:
        return st.one_of(st.sampled_from(choices), random_text)
    return random_text


@st.composite
def _submission(draw, form: FoundForm) -> dict:
    data = {}
    for name, form_field in form.fields.items():
        if name == "csrfmiddlewaretoken" or draw(st.integers(0, 9)) == 0:
            continue  # a field left out, one time in ten
        value = draw(_value(form_field))
        if value is not None:
            data[name] = value
    return data


def _fuzz(form: FoundForm, client_for_example, statuses: dict) -> None:
    path = urlsplit(form.action).path

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=not DEEP,
        suppress_health_check=list(HealthCheck),
    )
    @given(data=_submission(form))
    def send(data):
        client = client_for_example()
        if form.method == "post":
            response = client.post(path, data)
        else:
            response = client.get(path, {k: v for k, v in data.items() if not hasattr(v, "read")})
        statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
        assert response.status_code < 500, (form.method, path, data)

    send()


@pytest.fixture
def site(group, users, meeting, documents, settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}  # no report builds
    settings.PLENARY_PUBLIC_RATE = "100000/h"  # the limits are tested elsewhere; here every example gets in
    record = make_record(group, users, meeting, documents)
    # The record's clusters are made without the nature of cooperation that the back office requires.
    Cluster.objects.filter(group=group, nature_of_cooperation="").update(
        nature_of_cooperation=NatureOfCooperation.EXISTING_ORGANISATIONS
    )
    make_draft(group, slug="open-drafts", title="Open for comments", status=DraftStatus.CONSULTATION)
    call = make_call(group, slug="fuzz")
    contribution, token = submit(call, title="Waiting for moderation")
    return {"record": record, "private": private_path(contribution, token)}


def test_no_form_answers_a_server_error(site, group, users):
    secretariat = users["secretariat"]
    token = default_token_generator.make_token(secretariat)
    reset = reverse("accounts:password_reset_confirm", args=[urlsafe_base64_encode(force_bytes(secretariat.pk)), token])
    within = (group.get_absolute_url(), "/accounts/", "/search/")
    public_starts = [
        group.get_absolute_url(),
        reverse("accounts:login"),
        reverse("accounts:signup"),
        reverse("accounts:password_reset"),
        reset,
        site["private"],
    ]
    public, public_pages = _crawl(Client(), public_starts, within)
    starts = [group.get_absolute_url(), reverse("consultations:moderation", args=[group.slug])]
    back_office, secretariat_pages = _crawl(_signed_in(secretariat), starts, within)
    # A form the public has is fuzzed as the public; the rest as the secretariat, signed in afresh each time
    # (an example may sign it out).
    plan = [(form, Client) for form in public.values()]
    plan += [(form, lambda: _signed_in(secretariat)) for key, form in back_office.items() if key not in public]
    statuses: dict[int, int] = {}
    for form, make_client in plan:
        _fuzz(form, make_client, statuses)
    assert len(public) >= 8  # sign-in, sign-up, reset, new password, submission, comment, withdraw, filters...
    assert len(plan) >= len(public) + 6  # moderation, tags, extension, drafting, assessment, report...
    print(
        f"\nform fuzzing: {public_pages} public and {secretariat_pages} secretariat pages, {len(plan)} forms "
        f"({len(public)} public), {sum(statuses.values())} submissions: {dict(sorted(statuses.items()))}"
    )
    if DEEP:
        for form, _ in plan:
            print(f"  {form.method.upper()} {urlsplit(form.action).path} {sorted(form.fields)}")


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client
