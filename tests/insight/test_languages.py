from insight.languages import detect_language, detect_languages

SAMPLES = {
    "en": "The working group should publish every paper it receives from the public.",
    "fr": "Le groupe de travail doit publier toutes les contributions qu'il reçoit du public.",
    "es": "El grupo de trabajo debe publicar todas las contribuciones que recibe del público.",
    "ru": "Рабочая группа должна публиковать все материалы, полученные от общественности.",
    "zh": "工作组应当公布从公众收到的所有文件。",
    "ar": "يجب على الفريق العامل أن ينشر جميع المساهمات التي يتلقاها من الجمهور.",
}


def test_six_un_languages_detected_offline():
    for lang, text in SAMPLES.items():
        assert detect_language(text) == lang, lang


def test_short_latin_text_falls_back_to_lingua():
    assert detect_language("Merci beaucoup") == "fr"


def test_given_language_is_kept_and_empty_text_is_unknown():
    assert detect_languages(["Hello world, this is English.", "   "], ["pt", None]) == ["pt", None]
