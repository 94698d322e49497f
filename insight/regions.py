"""UN M49 regions and sub-regions by ISO 3166-1 alpha-2 code.

A literal table rather than a dependency: no well-kept library carries the M49 grouping (pycountry has the ISO
codes only, Babel's CLDR data has territory names but not the containment), and the grouping changes about never.
Source: UN Statistics Division, "Standard country or area codes for statistical use (M49)". Antarctica (AQ) belongs
to no M49 region. Kosovo (XK, a code in common use, not ISO) is listed under Southern Europe as the EU does.

The web app's `plenary.core.regions` reads the same table, so a country has one region everywhere.
"""

from __future__ import annotations

AFRICA = "Africa"
AMERICAS = "Americas"
ASIA = "Asia"
EUROPE = "Europe"
OCEANIA = "Oceania"
REGIONS: tuple[str, ...] = (AFRICA, AMERICAS, ASIA, EUROPE, OCEANIA)

SUBREGIONS: dict[str, tuple[str, str]] = {
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

COUNTRY_SUBREGION: dict[str, tuple[str, str]] = {
    code: (region, subregion) for subregion, (region, codes) in SUBREGIONS.items() for code in codes.split()
}
COUNTRY_REGION: dict[str, str] = {code: region for code, (region, _) in COUNTRY_SUBREGION.items()}
_REGION_KEYS = {r.casefold(): r for r in REGIONS}


def region_of_code(code: str | None) -> str | None:
    """The M49 region of an ISO 3166-1 alpha-2 code (exactly that: no name, no guess), or None."""
    return COUNTRY_REGION.get((code or "").strip().upper())


def subregion_of_code(code: str | None) -> str | None:
    found = COUNTRY_SUBREGION.get((code or "").strip().upper())
    return found[1] if found else None


def region_name(value: str | None) -> str | None:
    """A given region name in the table's spelling ("europe" -> "Europe"), or None when it is not an M49 region."""
    return _REGION_KEYS.get((value or "").strip().casefold())


def region_of(country: str | None, region: str | None = None) -> str | None:
    """The record's region: the resolved country's M49 region, else a valid given region, else None.

    `country` may be an ISO code or a name in one of the six UN languages (see `insight.countries`); a country
    that does not resolve gives no region rather than a guessed one.
    """
    from insight.countries import resolve_country

    code = resolve_country(country).code
    if code:
        return region_of_code(code)
    return region_name(region)
