"""Russian by CLDR: a day with its month takes the genitive ("18 апреля 2005 г.")."""

DATE_FORMAT = "j E Y\u202fг."  # CLDR: a narrow no-break space before the abbreviation
DATETIME_FORMAT = "j E Y\u202fг., H:i"
SHORT_DATE_FORMAT = "d.m.Y"
MONTH_DAY_FORMAT = "j E"
