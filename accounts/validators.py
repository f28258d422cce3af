"""Password rules for 等保 2.0 level 3 beyond Django's own (length, similarity, common)."""

from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

CLASSES = {
    "lower": str.islower,
    "upper": str.isupper,
    "digit": str.isdigit,
    "other": lambda char: not char.isalnum(),
}


class CharacterClassesValidator:
    """At least three of: lower-case letters, capitals, digits, other characters."""

    def __init__(self, min_classes=3):
        self.min_classes = min_classes

    def validate(self, password, user=None):
        used = sum(any(test(char) for char in password) for test in CLASSES.values())
        if used < self.min_classes:
            raise ValidationError(self.get_help_text(), code="password_too_simple")

    def get_help_text(self):
        return _("Use at least %(count)s of: lower-case letters, capitals, digits and other "
                 "characters.") % {"count": self.min_classes}


class PasswordHistoryValidator:
    """Not one of the person's last passwords."""

    def __init__(self, remembered=5):
        self.remembered = remembered

    def validate(self, password, user=None):
        if user is None or user.pk is None:
            return
        recent = user.password_history.values_list("password", flat=True)[:self.remembered]
        if any(check_password(password, old) for old in recent):
            raise ValidationError(self.get_help_text(), code="password_reused")

    def get_help_text(self):
        return ngettext("Do not reuse your last password.",
                        "Do not reuse any of your last %(count)s passwords.",
                        self.remembered) % {"count": self.remembered}
