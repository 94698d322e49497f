"""ISO 3166-1 alpha-2 country codes to UN M49 regions (Africa, Americas, Asia, Europe, Oceania).

A small literal table rather than a dependency: the M49 region of a country changes about never, and
pycountry does not carry regions.
"""

from __future__ import annotations

_REGIONS = {
    "Africa": (
        "DZ AO BJ BW BF BI CV CM CF TD KM CG CD CI DJ EG GQ ER SZ ET GA GM GH GN GW KE LS LR LY MG MW ML MR MU YT "
        "MA MZ NA NE NG RE RW SH ST SN SC SL SO ZA SS SD TZ TG TN UG EH ZM ZW IO TF"
    ),
    "Americas": (
        "AI AG AR AW BS BB BZ BM BO BQ BR VG CA KY CL CO CR CU CW DM DO EC SV FK GF GL GD GP GT GY HT HN JM MQ MX "
        "MS NI PA PY PE PR BL KN LC MF PM VC SX SR TT TC US UM UY VE VI GS BV"
    ),
    "Asia": (
        "AF AM AZ BH BD BT BN KH CN CY GE HK IN ID IR IQ IL JP JO KZ KW KG LA LB MO MY MV MN MM NP KP OM PK PS PH "
        "QA SA SG KR LK SY TW TJ TH TL TR TM AE UZ VN YE"
    ),
    "Europe": (
        "AX AL AD AT BY BE BA BG HR CZ DK EE FO FI FR DE GI GR GG VA HU IS IE IM IT JE XK LV LI LT LU MT MD MC ME "
        "NL MK NO PL PT RO RU SM RS SK SI ES SJ SE CH UA GB"
    ),
    "Oceania": "AS AU CK FJ PF GU KI MH FM NR NC NZ NU NF MP PW PG PN WS SB TK TO TV VU WF CX CC HM AQ",
}

COUNTRY_REGION: dict[str, str] = {code: region for region, codes in _REGIONS.items() for code in codes.split()}
REGIONS: tuple[str, ...] = tuple(_REGIONS)


def region_of(country: str | None, region: str | None = None) -> str | None:
    """The record's region: the one given, else the country's M49 region, else None."""
    if region:
        return region
    if not country:
        return None
    return COUNTRY_REGION.get(country.strip().upper()[:2])
