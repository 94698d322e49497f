"""Arabic dates by CLDR ("18 أبريل 2005"): Django's own Arabic format puts an Arabic comma before the year."""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y، H:i"
SHORT_DATE_FORMAT = "j/n/Y"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
