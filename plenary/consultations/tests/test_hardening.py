"""Faults found by probing the public channels, each fixed: markup in feeds, entities in any XML part of a file,
extending a closed call from the page."""

import datetime as dt
import io
import zipfile
from xml.etree import ElementTree

import pytest
from django.urls import reverse
from django.utils import timezone

from plenary.consultations.extraction import DOCX, ODT, extract_text
from plenary.consultations.models import ContributionStatus
from plenary.consultations.tests.factories import docx_bytes, make_call, odt_bytes, submit, upload
from plenary.groups.services import news_save

ATOM = "{http://www.w3.org/2005/Atom}"
MARKUP = '<script>alert("feed")</script><img src=x onerror=alert(1)> & <b>bold</b>\x01\x0b'


def _summaries(body: bytes) -> list[ElementTree.Element]:
    return ElementTree.fromstring(body).findall(f"{ATOM}entry/{ATOM}summary")  # noqa: S314 (our own feed)


def test_feed_summaries_are_plain_text(group, client):
    call = make_call(group)
    contribution, _ = submit(call, title="Markup <i>in</i> the title", text=MARKUP)
    contribution.status = ContributionStatus.PUBLISHED
    contribution.published_at = timezone.now()
    contribution.save()
    news_save(actor=None, group=group, slug="n", title="News", summary=MARKUP, body="b", published_at=timezone.now())
    for url in (
        reverse("consultations:feed", args=[group.slug]),
        reverse("consultations:call_feed", args=[group.slug, call.slug]),
        reverse("groups:news_feed", args=[group.slug]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        summaries = _summaries(response.content)
        assert summaries, url
        for summary in summaries:
            assert summary.get("type") == "text"
            # A reader shows the characters the public typed; it never receives them as markup.
            assert '<script>alert("feed")</script>' in summary.text
            assert "\x01" not in summary.text
        assert b"<script>" not in response.content


def _with_part(document: bytes, name: str, content: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(document)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename != name:
                target.writestr(info, source.read(info))
        target.writestr(name, content)
    return out.getvalue()


LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10 if i > 1 else "&lol;" * 10}">' for i in range(1, 10))
    + "]>"
)


@pytest.mark.parametrize(
    ("maker", "content_type", "part", "root"),
    [
        (odt_bytes, ODT, "settings.xml", "<office:document-settings>&lol9;</office:document-settings>"),
        (odt_bytes, ODT, "META-INF/manifest.xml", "<manifest:manifest>&lol9;</manifest:manifest>"),
        (docx_bytes, DOCX, "word/styles.xml", "<w:styles>&lol9;</w:styles>"),
        (docx_bytes, DOCX, "docProps/core.xml", "<cp:coreProperties>&lol9;</cp:coreProperties>"),
    ],
)
def test_entities_in_any_xml_part_are_refused(tmp_path, maker, content_type, part, root):
    path = tmp_path / "f"
    path.write_bytes(_with_part(maker("Body text"), part, (LAUGHS + root).encode()))
    result = extract_text(str(path), content_type)
    assert result.status == "hostile", result.detail
    assert part in result.detail


def test_entities_in_utf16_are_refused(tmp_path):
    path = tmp_path / "f"
    body = (LAUGHS.replace('"1.0"', '"1.0" encoding="UTF-16"') + "<office:document-settings/>").encode("utf-16")
    path.write_bytes(_with_part(odt_bytes("Body text"), "settings.xml", body))
    assert extract_text(str(path), ODT).status == "hostile"


def test_a_closed_call_offers_no_extension_and_refuses_one(group, clients):
    call = make_call(group, slug="wsis-2005", state="closed")
    page = clients["secretariat"].get(call.get_absolute_url()).content.decode()
    assert "Extend the deadline" not in page
    response = clients["secretariat"].post(
        reverse("consultations:call_extend", args=[group.slug, call.slug]),
        {"closes_at": (timezone.now() + dt.timedelta(days=700)).strftime("%Y-%m-%d %H:%M"), "reason": "Reopen"},
        follow=True,
    )
    assert "a closed call is not reopened" in response.content.decode()
    call.refresh_from_db()
    assert call.state == "closed"
    assert call.original_closes_at is None


@pytest.mark.parametrize(
    ("sent", "shown"),
    [
        ("new\nline.txt", "newline.txt"),
        ("C:\\Users\\ada\\paper.txt", "paper.txt"),
        ("../../etc/passwd", "passwd"),
        ("\u202egnp.exe.txt", "gnp.exe.txt"),
        ("...", "file"),
    ],
)
def test_an_odd_file_name_is_shown_plainly_and_downloads(group, client, sent, shown):
    """A name is kept as its plain last segment: no path, no control character, no direction override that
    disguises its type; the download carries that name."""
    call = make_call(group)
    contribution, _ = submit(call, files=[upload(sent, b"Some words.")])
    contribution.status = ContributionStatus.PUBLISHED
    contribution.save()
    attachment = contribution.attachments.get()
    assert attachment.original_name == shown
    url = reverse(
        "consultations:attachment",
        args=[group.slug, contribution.year, contribution.sequence, attachment.pk],
    )
    response = client.get(url)
    assert response.status_code == 200
    assert shown in response["Content-Disposition"]
