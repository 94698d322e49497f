"""The report in each of the site's six languages: fixed texts translated, `lang`/`dir` on the page, an Akoma Ntoso
expression per language with its `xml:lang`, Word's language and right-to-left settings, the chart mirrored in
Arabic, and PDFs that embed the Arabic and Chinese fonts and carry the translated headings.

The group's own texts are in English (no translations yet): where the report is in another language they are
marked as English, never passed off as the report's language.
"""

import datetime as dt
import io
import re
import unicodedata

import lxml.html
import pypdfium2 as pdfium
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import gettext
from docx import Document as WordDocument
from docx.oxml.ns import qn
from lxml import etree
from PIL import Image

from plenary.assessment.charts import COLOURS, matrix_chart
from plenary.core.charts import chart_png
from plenary.drafting.models import DraftStatus
from plenary.drafting.services import draft_move
from plenary.drafting.tests.factories import (
    make_assessment,
    make_call,
    make_contribution,
    make_draft,
    make_issues,
    new_version,
)
from plenary.reports.akn import AKN_NS, XML_LANG, render_akn, validate_akn
from plenary.reports.models import BuildStatus
from plenary.reports.pipeline import compile_report, content, render_html, render_pdf
from plenary.reports.services import report_build_request, report_build_run, report_edition_save
from plenary.reports.word import render_docx

LANGUAGES = [code for code, _name in settings.LANGUAGES]
SYMBOL = "WSIS-II/PC-3/DOC/5"
DRAFT_TITLE = "FINALDRAFT recommendations"
# Fixed texts the report prints that the catalogues translate today (headings and table headers).
FIXED = [
    "Assessment of existing arrangements",
    "Consultation synopsis",
    "Members",
    "Meetings",
    "Secretariat",
    "Name",
    "Principle",
    "Rating",
    "Findings",
    "Reference",
]
ISO = {"en": "eng", "fr": "fra", "es": "spa", "ru": "rus", "zh-hans": "zho", "ar": "ara"}


@pytest.fixture
def world(group, users, meeting):
    data = make_issues(group)
    issues, principles = data["issues"], data["principles"]
    call = make_call(group)
    contribution, _ = make_contribution(group, call, title="KEPT contribution", issues=[issues["dns"]])
    _assessment, finding = make_assessment(
        group, issues["dns"], principles, released=True, contributions=[contribution]
    )
    final = make_draft(
        group,
        slug="final-recs",
        title=DRAFT_TITLE,
        status=DraftStatus.REVISED,
        findings=[finding],
        issues=[issues["dns"]],
    )
    new_version(final, {4: "FINALPARA Countries should cooperate against spam."})
    draft_move(actor=None, draft=final, to=DraftStatus.FINAL, check_permission=False)
    report_edition_save(
        actor=users["secretariat"],
        group=group,
        symbol=SYMBOL,
        adopted_on=dt.date(2005, 6, 17),
        adopted_at="Geneva",
        foreword="FOREWORDTEXT The chair thanks every contributor.",
    )
    return {"contribution": contribution, "finding": finding}


def _in(language: str, text: str) -> str:
    with translation.override(language):
        return gettext(text)


def _texts(root, xpath: str) -> list[str]:
    return [" ".join(e.text_content().split()) for e in root.xpath(xpath)]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_html_is_in_the_build_language(group, world, language):
    data = compile_report(group=group, chart=False, language=language)
    root = lxml.html.fromstring(render_html(data))
    assert root.get("lang") == {"zh-hans": "zh-Hans"}.get(language, language)
    assert root.get("dir") == ("rtl" if language == "ar" else "ltr")
    printed = set(_texts(root, "//h1 | //h2 | //h3 | //th"))
    for text in FIXED:
        translated = _in(language, text)
        assert translated in printed, (language, text)
        if language != "en":
            assert translated != text  # a translated catalogue, not the English fallback
            assert text not in printed
    # A heading marked now, translated at merge: until then it stays English and says so (lang, dir, isolated).
    foreword = root.xpath("//section[@id='foreword']/h1")[0]
    if language == "en" or _in(language, "Foreword") != "Foreword":
        assert foreword.text_content() == _in(language, "Foreword") and not foreword.xpath(".//span[@lang]")
    else:
        assert [(s.get("lang"), s.get("dir")) for s in foreword.xpath("span")] == [("en", "ltr")]
        assert foreword.text_content() == "\u2066Foreword\u2069"
    # The group's texts are English: marked so in every other language, left bare in English.
    title = root.xpath("//h2[@id='draft-final-recs']")[0]
    spans = title.xpath(".//span[@lang]")
    if language == "en":
        assert spans == [] and title.text_content() == DRAFT_TITLE
    else:
        assert [(s.get("lang"), s.get("dir"), s.text_content()) for s in spans] == [("en", "ltr", DRAFT_TITLE)]
        # ... and isolated (LRI ... PDI), which WeasyPrint honours where it ignores `unicode-bidi`.
        assert title.text_content() == "\u2066" + DRAFT_TITLE + "\u2069"
    # The document symbol is isolated, so that its slashes keep their order inside Arabic.
    assert root.xpath("//p[@class='symbol']/bdi")[0].text_content() == "\u2066" + SYMBOL + "\u2069"
    # The adoption date as the language writes it (Django's DATE_FORMAT for it).
    with translation.override(language):
        adopted = formats.date_format(dt.date(2005, 6, 17), "DATE_FORMAT")
    assert adopted in root.xpath("//p[@class='adopted']")[0].text_content()


def test_the_page_is_mirrored_in_arabic_only(group, world):
    ar = render_html(compile_report(group=group, chart=False, language="ar"))
    en = render_html(compile_report(group=group, chart=False, language="en"))
    assert "@top-left { content: string(symbol)" in ar and "@top-right { content: string(symbol)" in en
    assert '"Noto Naskh Arabic"' in ar.split("</style>")[0].split("body {")[1].split("}")[0]
    zh = render_html(compile_report(group=group, chart=False, language="zh-hans"))
    assert zh.split("body {")[1].split("}")[0].index('"Noto Sans CJK SC"') < zh.split("body {")[1].index('"Noto Sans"')
    # Sides are logical, so the one sheet mirrors: no physical left/right alignment or margins are left.
    style = ar.split("<style>")[1].split("</style>")[0]
    assert not re.search(r"text-align:\s*(left|right)|margin-(left|right)|border-(left|right)", style)


@pytest.mark.parametrize("language", LANGUAGES)
def test_akn_has_an_expression_per_language(group, world, language):
    data = compile_report(group=group, chart=False, language=language)
    xml = render_akn(data, build_number=1)
    ok, errors = validate_akn(xml)
    assert ok, errors
    root = etree.fromstring(xml)
    ns = {"a": AKN_NS}
    assert root.xpath("//a:FRBRExpression/a:FRBRlanguage/@language", namespaces=ns) == [ISO[language]]
    assert f"/{ISO[language]}@2005-06-17" in root.xpath("//a:FRBRExpression/a:FRBRuri/@value", namespaces=ns)[0]
    tag = {"zh-hans": "zh-Hans"}.get(language, language)
    assert root.xpath("//a:mainBody", namespaces=ns)[0].get(XML_LANG) == tag
    assert root.xpath("//a:preface", namespaces=ns)[0].get(XML_LANG) == tag
    headings = [h.text for h in root.xpath("//a:chapter/a:heading", namespaces=ns)]
    assert _in(language, "Assessment of existing arrangements") in headings
    # An English text inside another language's report says it is English.
    marked = root.xpath(
        "//a:span[@xml:lang='en']/text()", namespaces={**ns, "xml": "http://www.w3.org/XML/1998/namespace"}
    )
    if language == "en":
        assert marked == []
    else:
        assert DRAFT_TITLE in marked or any("FINALPARA" in t for t in marked)


def test_docx_is_right_to_left_in_arabic_and_east_asian_in_chinese(group, world):
    ar = WordDocument(io.BytesIO(render_docx(compile_report(group=group, chart=False, language="ar"))))
    body = ar.element.body
    paragraphs = body.findall(".//" + qn("w:p"))
    assert paragraphs and all(p.find(qn("w:pPr") + "/" + qn("w:bidi")) is not None for p in paragraphs)
    assert all(t.find(qn("w:tblPr") + "/" + qn("w:bidiVisual")) is not None for t in body.iter(qn("w:tbl")))
    runs = list(body.iter(qn("w:r")))
    arabic = [r for r in runs if re.search("[\u0600-\u06ff]", "".join(t.text or "" for t in r.iter(qn("w:t"))))]
    latin = [r for r in runs if SYMBOL in "".join(t.text or "" for t in r.iter(qn("w:t")))]
    assert arabic and all(r.find(qn("w:rPr") + "/" + qn("w:rtl")) is not None for r in arabic)
    assert latin and all(r.find(qn("w:rPr") + "/" + qn("w:rtl")) is None for r in latin)
    assert _in("ar", "Assessment of existing arrangements") in [p.text for p in ar.paragraphs]
    defaults = ar.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    assert defaults.find(qn("w:lang")).get(qn("w:val")) == "ar-SA"
    assert defaults.find(qn("w:rFonts")).get(qn("w:cs")) == "Noto Naskh Arabic"

    zh = WordDocument(io.BytesIO(render_docx(compile_report(group=group, chart=False, language="zh-hans"))))
    defaults = zh.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    assert defaults.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "Noto Sans CJK SC"
    assert defaults.find(qn("w:lang")).get(qn("w:eastAsia")) == "zh-CN"
    assert zh.element.body.find(".//" + qn("w:bidi")) is None
    assert _in("zh-hans", "Consultation synopsis") in [p.text for p in zh.paragraphs]


def _columns(png: bytes, colours: list[str]) -> list[float]:
    """The mean x of the pixels of each colour (the chart's cells), in image coordinates."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    wanted = {tuple(int(c[i : i + 2], 16) for i in (1, 3, 5)): c for c in colours}
    xs: dict[str, list[int]] = {c: [] for c in colours}
    width, height = image.size
    pixels = image.load()
    for y in range(0, height, 2):
        for x in range(0, width, 2):
            colour = wanted.get(pixels[x, y])
            if colour:
                xs[colour].append(x)
    return [sum(v) / len(v) if v else -1 for v in (xs[c] for c in colours)], width


def test_the_chart_is_mirrored_in_arabic(db):
    # Two principles: the first rated adequate (lightest colour), the second not addressed (darkest).
    rows = [
        {"issue": "إدارة أسماء النطاقات", "principle": "الشفافية", "rating": "a", "score": 1},
        {"issue": "إدارة أسماء النطاقات", "principle": "المساءلة", "rating": "n", "score": 4},
    ]
    order = ["الشفافية", "المساءلة"]

    def draw(rtl: bool) -> bytes:
        return chart_png(
            matrix_chart(
                [dict(r) for r in rows],
                issue_title="القضية",
                principle_title="المبدأ",
                issue_order=["إدارة أسماء النطاقات"],
                principle_order=order,
                rtl=rtl,
            )
        )

    (first, last), width = _columns(draw(False), [COLOURS[0], COLOURS[3]])
    assert 0 < first < last  # left to right: the first principle on the left
    assert first > width * 0.4  # the issues' labels on the left, the cells to their right
    (first, last), width = _columns(draw(True), [COLOURS[0], COLOURS[3]])
    assert 0 < last < first  # mirrored: the first principle in the rightmost column
    assert last < width * 0.6  # the issues' labels on the right, the cells to their left


def _pdf_fonts(pdf: bytes) -> set[str]:
    """The base names of the fonts embedded in the PDF (WeasyPrint writes them as /BaseFont /ABCDEF+Name)."""
    document = pdfium.PdfDocument(io.BytesIO(pdf))
    names = set()
    for page in document:
        for obj in page.get_objects(filter=[pdfium.raw.FPDF_PAGEOBJ_TEXT]):
            font = pdfium.raw.FPDFTextObj_GetFont(obj)
            size = pdfium.raw.FPDFFont_GetBaseFontName(font, None, 0)
            buffer = (pdfium.raw.c_char * size)()
            pdfium.raw.FPDFFont_GetBaseFontName(font, buffer, size)
            names.add(buffer.value.decode().split("+")[-1])
    return names


@pytest.mark.parametrize(
    ("language", "font", "script"),
    [("ar", "NotoNaskhArabic", "[\u0600-\u06ff]"), ("zh-hans", "NotoSansCJK", "[\u4e00-\u9fff]")],
)
def test_the_arabic_and_chinese_pdfs_embed_their_fonts_and_headings(group, world, language, font, script):
    data = compile_report(group=group, chart=True, language=language)
    pdf, pages = render_pdf(render_html(data))
    assert pages > 5
    fonts = _pdf_fonts(pdf)
    assert any(name.replace("-", "").startswith(font) for name in fonts), fonts
    document = pdfium.PdfDocument(io.BytesIO(pdf))
    text = "\n".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
    assert re.search(script, text)
    heading = _in(language, "Consultation synopsis")
    # The extracted text keeps the heading's letters (Arabic may come out in presentation forms: compare NFKC).
    flat = unicodedata.normalize("NFKC", text)
    letters = [ch for ch in heading if not ch.isspace()]
    assert all(ch in flat for ch in letters), heading
    assert SYMBOL in text  # the Latin reference kept whole inside Arabic or Chinese


def test_builds_per_language_are_listed_and_downloadable(
    group, users, world, clients, django_capture_on_commit_callbacks
):
    client = clients["secretariat"]
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(reverse("reports:build_request", args=[group.slug]), {"language": "ar"})
    assert response.status_code == 302
    build = group.report_builds.get()
    assert build.language == "ar"
    assert report_build_run(build_id=build.pk).status == BuildStatus.DONE
    english = report_build_request(actor=users["secretariat"], group=group, enqueue=False)
    report_build_run(build_id=english.pk)
    page = client.get(reverse("reports:index", args=[group.slug])).content.decode()
    root = lxml.html.fromstring(page)
    articles = {a.get("lang"): a for a in root.xpath("//article[@lang]")}
    assert set(articles) == {"ar", "en"} and articles["ar"].get("dir") == "rtl"
    ar_links = articles["ar"].xpath(".//a[@hreflang='ar']/@href")
    assert reverse("reports:download", args=[group.slug, build.number, "pdf"]) in ar_links
    response = clients["anonymous"].get(reverse("reports:download", args=[group.slug, build.number, "html"]))
    assert response.status_code == 200 and "-ar.html" in response["Content-Disposition"]
    html = b"".join(response.streaming_content).decode()
    assert '<html lang="ar" dir="rtl">' in html
    latest = clients["anonymous"].get(reverse("reports:latest", args=[group.slug, "akn"]) + "?language=ar")
    assert b'language="ara"' in b"".join(latest.streaming_content)
    assert client.post(reverse("reports:build_request", args=[group.slug]), {"language": "xx"}).status_code == 404
    # The API says each build's language.
    answer = clients["anonymous"].get(f"/api/v1/groups/{group.slug}/reports").json()
    assert {item["number"]: item["language"] for item in answer["items"]} == {build.number: "ar", english.number: "en"}


def test_content_says_which_language_a_text_is_in(group, world):
    # The one door for the group's texts: today the source text, in the working language or the item's own.
    assert content(group, "name", "ar") == (group.name, "en")
    contribution = world["contribution"]
    contribution.language = ""
    assert content(contribution, "title", "fr") == ("KEPT contribution", "")


def test_the_report_prints_the_group_s_translations_where_they_are_current(group, world, users):
    """A draft's title and a paragraph translated into French are printed in French in the French report, marked
    with no other language; a paragraph whose translation went out of date is printed in English, marked so."""
    from plenary.drafting.models import Draft
    from plenary.drafting.services import paragraph_translation_save
    from plenary.groups.services import translation_save

    final = Draft.objects.get(slug="final-recs")
    version = final.versions.order_by("-number").first()
    kept = next(p for p in version.paragraphs.all() if "FINALPARA" in p.text)
    other = next(p for p in version.paragraphs.all() if not p.is_heading and p.key != kept.key)
    translation_save(
        actor=users["secretariat"], obj=final, field="title", language="fr", text="TITREFR recommandations"
    )
    paragraph_translation_save(
        actor=users["secretariat"], draft=final, key=kept.key, language="fr", text="PARAFR Les pays coopèrent."
    )
    root = lxml.html.fromstring(render_html(compile_report(group=group, chart=False, language="fr")))
    title = root.xpath("//h2[@id='draft-final-recs']")[0]
    assert title.text_content() == "TITREFR recommandations" and not title.xpath(".//span[@lang]")
    body = root.text_content()
    assert "PARAFR Les pays coopèrent." in body and "FINALPARA" not in body
    # The untranslated paragraph stays English, marked as such.
    marked = [s for s in root.xpath("//span[@lang='en']") if other.text[:20] in s.text_content()]
    assert marked
    # Spanish has no translation: the English title, marked.
    es = lxml.html.fromstring(render_html(compile_report(group=group, chart=False, language="es")))
    assert es.xpath("//h2[@id='draft-final-recs']//span[@lang='en']")[0].text_content() == DRAFT_TITLE
