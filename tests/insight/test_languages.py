"""Language detection: every language, the respondent's own words, mixed texts by majority, given languages checked.

The texts are short sentences written for these tests (examples, not evidence: bench/languages_bench.py measures
accuracy on the Universal Declaration of Human Rights in 75 languages).
"""

import pytest

from insight.languages import detect, detect_language, detect_languages, normalise_language, own_words

SAMPLES = {
    "en": "The working group should publish every paper it receives from the public.",
    "fr": "Le groupe de travail doit publier toutes les contributions qu'il reçoit du public.",
    "es": "El grupo de trabajo debe publicar todas las contribuciones que recibe del público.",
    "ru": "Рабочая группа должна публиковать все материалы, полученные от общественности.",
    "zh": "工作组应当公布从公众收到的所有文件。",
    "ar": "يجب على الفريق العامل أن ينشر جميع المساهمات التي يتلقاها من الجمهور.",
    # EU languages the earlier detector got wrong (Polish as Dutch, Swedish as German, Bulgarian as Russian, ...)
    "pl": "Grupa robocza powinna publikować wszystkie dokumenty otrzymane od społeczeństwa.",
    "sv": "Arbetsgruppen bör offentliggöra alla dokument som den får från allmänheten.",
    "bg": "Работната група следва да публикува всички документи, получени от обществеността.",
    "el": "Η ομάδα εργασίας πρέπει να δημοσιεύει όλα τα έγγραφα που λαμβάνει από το κοινό.",
    "mt": "Il-grupp ta' ħidma għandu jippubblika d-dokumenti kollha li jirċievi mingħand il-pubbliku.",
    "fi": "Työryhmän pitäisi julkaista kaikki yleisöltä saamansa asiakirjat.",
}


@pytest.mark.parametrize("lang", sorted(SAMPLES))
def test_each_language_detected_offline(lang):
    assert detect_language(SAMPLES[lang]) == lang


def test_short_latin_text():
    assert detect_language("Merci beaucoup") == "fr"
    assert detect_language("谢谢") == "zh"


def test_file_names_addresses_and_numbers_are_not_a_language():
    assert detect_language("Contribution_ANEC_position_paper_2005.pdf") is None
    assert detect_language("Stellungnahme_final.docx https://example.org/x 2005/42 info@example.org") is None
    assert own_words("See Stellungnahme_Verband_v2.pdf and www.example.org, ref WGIG/C/2005/0042.") == "See and ref"
    assert detect_language("   ") is None


def test_mixed_text_is_judged_by_its_majority_not_its_opening():
    text = SAMPLES["en"] + " " + " ".join([SAMPLES["fr"], SAMPLES["fr"].replace("public", "monde"), SAMPLES["fr"]])
    assert detect_language(text) == "fr"
    text = SAMPLES["fr"] + " " + " ".join([SAMPLES["en"], SAMPLES["en"].replace("public", "world"), SAMPLES["en"]])
    assert detect_language(text) == "en"


def test_a_given_language_stands_unless_the_text_clearly_contradicts_it():
    texts = [SAMPLES["pl"], "Hello world, this is English.", SAMPLES["sv"], "   "]
    assert detect_languages(texts, ["en", "pt", "sv", "fr"]) == ["pl", "pt", "sv", None]
    # close languages are not a contradiction
    assert detect_languages(["Radna grupa treba objaviti sve dokumente koje primi od javnosti."], ["bs"]) == ["bs"]
    assert detect("Hi").language is None


def test_given_languages_are_normalised():
    assert [normalise_language(x) for x in ("FR", "fr-BE", "fra", "French", "français", "Polish", "xx-yy")] == [
        "fr",
        "fr",
        "fr",
        "fr",
        "fr",
        "pl",
        "xx",
    ]
    assert normalise_language("Klingon") is None and normalise_language(None) is None
