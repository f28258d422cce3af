"""How much one field may hold: long enough for any real report or minutes, short enough that
a pasted megabyte gets a clear message instead of a bare 400."""

LONG_TEXT = 20_000
SHORT_TEXT = 2_000

FIRST_YEAR, LAST_YEAR = 2000, 2100


def sensible_date(value):
    """Dates the system works with: a typo like 0202 or 20266 is refused, not stored."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValidationError(_("Enter a date between %(first)s and %(last)s.")
                              % {"first": FIRST_YEAR, "last": LAST_YEAR}, code="date_range")


def sensible_year(value):
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    if not FIRST_YEAR <= value <= LAST_YEAR:
        raise ValidationError(_("Enter a year between %(first)s and %(last)s.")
                              % {"first": FIRST_YEAR, "last": LAST_YEAR}, code="year_range")
