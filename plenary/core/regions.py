"""UN M49 regions and sub-regions by ISO 3166-1 alpha-2 code.

A plain table rather than a library: pycountry has the ISO codes but not the M49 grouping, and the grouping
changes rarely (source: UN Statistics Division, Standard country or area codes for statistical use, M49).
"""

AFRICA = "Africa"
AMERICAS = "Americas"
ASIA = "Asia"
EUROPE = "Europe"
OCEANIA = "Oceania"
REGIONS = [AFRICA, AMERICAS, ASIA, EUROPE, OCEANIA]

_SUBREGIONS: dict[str, tuple[str, str]] = {
    "Northern Africa": (AFRICA, "DZ EG LY MA SD TN EH"),
    "Sub-Saharan Africa": (
        AFRICA,
        "IO BI KM DJ ER ET TF KE MG MW MU YT MZ RE RW SC SO SS UG TZ ZM ZW AO CM CF TD CG CD GQ GA ST "
        "BW SZ LS NA ZA BJ BF CV CI GM GH GN GW LR ML MR NE NG SH SN SL TG",
    ),
    "Latin America and the Caribbean": (
        AMERICAS,
        "AI AG AW BS BB BQ VG KY CU CW DM DO GD GP HT JM MQ MS PR BL KN LC MF VC SX TT TC VI BZ CR SV GT "
        "HN MX NI PA AR BO BV BR CL CO EC FK GF GY PY PE GS SR UY VE",
    ),
    "Northern America": (AMERICAS, "BM CA GL PM US"),
    "Central Asia": (ASIA, "KZ KG TJ TM UZ"),
    "Eastern Asia": (ASIA, "CN HK MO KP JP MN KR TW"),
    "South-eastern Asia": (ASIA, "BN KH ID LA MY MM PH SG TH TL VN"),
    "Southern Asia": (ASIA, "AF BD BT IN IR MV NP PK LK"),
    "Western Asia": (ASIA, "AM AZ BH CY GE IQ IL JO KW LB OM QA SA PS SY TR AE YE"),
    "Eastern Europe": (EUROPE, "BY BG CZ HU PL MD RO RU SK UA"),
    "Northern Europe": (EUROPE, "AX DK EE FO FI GG IS IE IM JE LV LT NO SJ SE GB"),
    "Southern Europe": (EUROPE, "AL AD BA HR GI GR VA IT MT ME MK PT SM RS SI ES XK"),
    "Western Europe": (EUROPE, "AT BE FR DE LI LU MC NL CH"),
    "Australia and New Zealand": (OCEANIA, "AU CX CC HM NZ NF"),
    "Melanesia": (OCEANIA, "FJ NC PG SB VU"),
    "Micronesia": (OCEANIA, "GU KI MH FM NR MP PW UM"),
    "Polynesia": (OCEANIA, "AS CK PF NU PN WS TK TO TV WF"),
}

_BY_CODE: dict[str, tuple[str, str]] = {
    code: (region, subregion) for subregion, (region, codes) in _SUBREGIONS.items() for code in codes.split()
}


def region_of(country_code: str) -> str:
    """The M49 region of a country, or '' when the code is unknown or empty."""
    return _BY_CODE.get((country_code or "").upper(), ("", ""))[0]


def subregion_of(country_code: str) -> str:
    return _BY_CODE.get((country_code or "").upper(), ("", ""))[1]
