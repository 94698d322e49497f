"""English dates as the United Nations writes them (CLDR en_GB: "18 April 2005"), not Django's US default.

Django's own formats serve fr, es, ru (genitive months: "18 апреля 2005 г."), zh-Hans and the rest; they match
CLDR's long dates, which tests/test_locale_formats.py checks with Babel.
"""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
