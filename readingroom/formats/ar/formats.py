"""Arabic date and number formats for the admin and Django's `date` filter.

Django's own Arabic formats leave DATETIME_FORMAT to the English default, so the admin
showed «ديسمبر 1, 2026، 2:05 م». Day before month, no English comma, 24-hour times and
Western digits, as the reading pages write dates; the month names themselves come from
the translations (locale/), which follow QIRAA_MONTH_NAMES.
"""

DATE_FORMAT = "j F Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y، H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "Y-m-d"
SHORT_DATETIME_FORMAT = "Y-m-d H:i"
# Saturday, as calendars in Syria begin the week (CLDR).
FIRST_DAY_OF_WEEK = 6

DATE_INPUT_FORMATS = ["%Y-%m-%d"]
DATETIME_INPUT_FORMATS = ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M:%S.%f", "%Y-%m-%d %H:%M"]
TIME_INPUT_FORMATS = ["%H:%M:%S", "%H:%M:%S.%f", "%H:%M"]

# The articles write «6.5» and «1,000» with Western digits; Django's Arabic swapped them.
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
