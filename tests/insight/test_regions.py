from insight.regions import COUNTRY_REGION, region_of


def test_every_m49_region_and_lookup():
    assert region_of("KE") == "Africa" and region_of("br") == "Americas" and region_of("CN") == "Asia"
    assert region_of("DE") == "Europe" and region_of("FJ") == "Oceania"
    assert region_of("ZZ") is None and region_of(None) is None
    assert region_of("KE", "Europe") == "Europe"
    assert len(COUNTRY_REGION) >= 249
