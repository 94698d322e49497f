import pycountry

from insight.regions import COUNTRY_REGION, COUNTRY_SUBREGION, REGIONS, SUBREGIONS, region_of, region_of_code


def test_every_m49_region_and_lookup():
    assert region_of("KE") == "Africa" and region_of("br") == "Americas" and region_of("CN") == "Asia"
    assert region_of("DE") == "Europe" and region_of("FJ") == "Oceania"
    assert region_of("ZZ") is None and region_of(None) is None
    assert region_of(None, "europe") == "Europe" and region_of(None, "Atlantis") is None


def test_country_names_are_not_read_as_codes():
    # "Germany" once became GE (Asia), "Netherlands" NE (Africa), "Austria" AU (Oceania)
    assert (
        region_of("Germany") == "Europe" and region_of("Netherlands") == "Europe" and region_of("Austria") == "Europe"
    )
    assert region_of("Allemagne") == region_of("Германия") == region_of("德国") == region_of("ألمانيا") == "Europe"
    assert region_of("Germany", "Asia") == "Europe"  # the country decides; a given region only without one
    assert region_of("Narnia", "Africa") == "Africa"


def test_the_table_covers_iso_3166_except_antarctica_and_has_one_place_per_code():
    iso = {c.alpha_2 for c in pycountry.countries}
    assert iso - set(COUNTRY_REGION) == {"AQ"}
    assert set(COUNTRY_REGION) - iso == {"XK"}
    codes = [c for _, (_, cs) in SUBREGIONS.items() for c in cs.split()]
    assert len(codes) == len(set(codes))
    assert set(COUNTRY_REGION.values()) == set(REGIONS)
    assert region_of_code("UM") == "Oceania"


def test_the_web_app_places_every_country_in_the_same_region():
    # plenary.core.regions keeps its own copy (the web app reaches insight only through plenary.analysis)
    from plenary.core import regions as web

    assert {c: web.region_of(c) for c in COUNTRY_REGION} == COUNTRY_REGION
    assert all(web.subregion_of(c) == sub for c, (_, sub) in COUNTRY_SUBREGION.items())
