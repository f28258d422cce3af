"""Excel import of talent-pool people: every row is checked first; one bad row imports nothing."""

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import OrgUnit, User
from documents import excel

from .models import Specialty, TalentPoolEntry
from .services import talent_entry_save

# Django's own username rule (UnicodeUsernameValidator), checked here to report every row.
USERNAME_PATTERN = re.compile(r"[\w.@+-]+")
HEADERS = ["用户名", "姓名", "单位", "职务", "专业领域", "可抽调状态", "备注"]
SPECIALTY_BY_LABEL = {
    "基层党建": Specialty.PARTY_BUILDING, "纪检监察": Specialty.DISCIPLINE,
    "组织人事": Specialty.PERSONNEL, "财务审计": Specialty.FINANCE_AUDIT,
    "自然资源管理": Specialty.NATURAL_RESOURCES, "政策法规": Specialty.POLICY_LAW,
}
AVAILABILITY_BY_LABEL = {
    "可抽调": "available", "有限可抽调": "limited", "暂不可抽调": "unavailable", "": "available",
}


def template_workbook():
    return excel.template_workbook(
        "人才库", HEADERS,
        ["zhangsan", "张三", "青海省地质调查局", "纪委副书记", "纪检监察、财务审计", "可抽调", ""],
        [14, 10, 28, 20, 28, 12, 20])


def _check(rows):
    units = {u.name: u for u in OrgUnit.objects.all()}
    existing = set(User.objects.values_list("username", flat=True))
    pooled = set(TalentPoolEntry.objects.values_list("user__username", flat=True))
    seen, errors, clean = set(), [], []
    for number, cells in rows:
        username, full_name, unit_name, position, specialties, availability, notes = cells

        def fail(column, message, number=number):
            errors.append(excel.RowError(number, column, message))

        if not username:
            fail("用户名", _("Required."))
        elif len(username) > 150 or not USERNAME_PATTERN.fullmatch(username):
            fail("用户名", _("Use up to 150 letters, digits and @ . + - _ only."))
        elif username in seen:
            fail("用户名", _("Appears twice in the file."))
        elif username in pooled:
            fail("用户名", _("Already in the talent pool."))
        elif username not in existing:
            # Accounts are the system administrator's (三员), not the office's to create.
            fail("用户名", _("No account has this user name: ask the system administrator to "
                           "create it first."))
        seen.add(username)
        for column, value, limit in (("姓名", full_name, 50), ("职务", position, 60)):
            if len(value) > limit:
                fail(column, _("At most %(limit)s characters.") % {"limit": limit})
        if unit_name and unit_name not in units:
            fail("单位", _("Unknown unit “%(unit)s”.") % {"unit": unit_name})
        codes = []
        for label in filter(None, (s.strip() for s in specialties.replace(",", "、")
                                   .replace("，", "、").split("、"))):
            if label not in SPECIALTY_BY_LABEL:
                fail("专业领域", _("Unknown specialty “%(label)s”.") % {"label": label})
            else:
                codes.append(SPECIALTY_BY_LABEL[label])
        if not codes and specialties == "":
            fail("专业领域", _("At least one of: %(choices)s.")
                 % {"choices": "、".join(SPECIALTY_BY_LABEL)})
        if availability not in AVAILABILITY_BY_LABEL:
            fail("可抽调状态", _("“%(value)s” is not valid: use one of %(choices)s.")
                 % {"value": availability,
                    "choices": "、".join(k for k in AVAILABILITY_BY_LABEL if k)})
        clean.append((username, full_name, units.get(unit_name), position, codes,
                      AVAILABILITY_BY_LABEL.get(availability, "available"), notes))
    return clean, errors


def talent_import(*, by, upload):
    """Imports all rows or none; returns the number of people added to the pool."""
    clean, errors = _check(excel.read_rows(upload, HEADERS))
    if errors:
        raise excel.ImportRefused(errors)
    if not clean:
        raise ValidationError(_("The file has no people in it."))
    with transaction.atomic():
        for username, _full_name, _unit, _position, codes, availability, notes in clean:
            talent_entry_save(by=by, user=User.objects.get(username=username),
                              specialties=codes, availability=availability, notes=notes)
    return len(clean)
