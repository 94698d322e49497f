import pytest

from insight.countries import AMBIGUOUS, MISSING, RESOLVED, UNKNOWN, country_name, resolve_country


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("DE", "DE"), ("deu", "DE"), ("276", "DE"), ("Germany", "DE"), ("Allemagne", "DE"), ("Alemania", "DE"),
        ("Германия", "DE"), ("德国", "DE"), ("ألمانيا", "DE"), ("The Netherlands", "NL"), ("Pays-Bas", "NL"),
        ("Austria", "AT"), ("UK", "GB"), ("United Kingdom of Great Britain and Northern Ireland", "GB"),
        ("Côte d'Ivoire", "CI"), ("cote d ivoire", "CI"), ("Russian Federation", "RU"), ("Russia", "RU"),
        ("Germany (DE)", "DE"), ("Viet Nam", "VN"), ("Vietnam", "VN"), ("Kosovo", "XK"), ("  kenya ", "KE"),
    ],
)  # fmt: skip
def test_codes_and_names_in_the_six_un_languages(value, code):
    match = resolve_country(value)
    assert (match.code, match.status) == (code, RESOLVED)


def test_unknown_and_ambiguous_are_reported_not_guessed():
    assert resolve_country("Narnia").status == UNKNOWN and resolve_country("Narnia").code is None
    congo = resolve_country("Congo")
    assert congo.status == AMBIGUOUS and congo.candidates == ("CD", "CG") and congo.code is None
    assert resolve_country("GE").code == "GE"  # a two-letter value is a code...
    assert resolve_country("Ger").status == UNKNOWN  # ...but a name's first letters are not
    assert resolve_country("").status == MISSING and resolve_country(None).status == MISSING
    assert resolve_country("N/A").status == MISSING


def test_names_for_reports():
    assert country_name("DE") == "Germany" and country_name("DE", "fr") == "Allemagne" and country_name(None) is None
