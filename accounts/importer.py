"""Excel import of organisation units: every row checked; one bad row imports nothing."""

from django.db import transaction
from django.utils.translation import gettext as _

from documents import excel

from . import services
from .models import OrgUnit

HEADERS = ["名称", "简称", "类别", "上级单位", "承办机关类别", "排序"]
KINDS = {"厅机关": OrgUnit.Kind.DEPARTMENT, "处室": OrgUnit.Kind.DIVISION,
         "所属单位": OrgUnit.Kind.UNIT}
ORGAN_KINDS = {"": "", "纪检监察": OrgUnit.OrganKind.DISCIPLINE, "人事": OrgUnit.OrganKind.HR,
               "其他": OrgUnit.OrganKind.OTHER}


def template_workbook():
    example = ["青海省某某研究院", "某某院", "所属单位", "青海省自然资源厅", "", 100]
    return excel.template_workbook("组织机构", HEADERS, example, [30, 14, 10, 24, 14, 8])


def _check(rows):
    existing = set(OrgUnit.objects.values_list("name", flat=True))
    in_file, errors, clean = set(), [], []
    for number, cells in rows:
        name, short_name, kind, parent, organ_kind, order = cells

        def fail(column, message, number=number):
            errors.append(excel.RowError(number, column, message))

        if not name:
            fail("名称", _("Required."))
        elif len(name) > 100:
            fail("名称", _("At most %(limit)s characters.") % {"limit": 100})
        elif name in existing:
            fail("名称", _("Already exists."))
        elif name in in_file:
            fail("名称", _("Appears twice in the file."))
        in_file.add(name)
        if kind not in KINDS:
            fail("类别", _("Use one of: %(choices)s.") % {"choices": "、".join(KINDS)})
        if parent and parent not in existing and parent not in in_file:
            # Parents come first in the file or already exist.
            fail("上级单位", _("Unknown unit “%(unit)s”.") % {"unit": parent})
        if organ_kind not in ORGAN_KINDS:
            fail("承办机关类别", _("Use one of: %(choices)s.")
                 % {"choices": "、".join(k for k in ORGAN_KINDS if k)})
        if order and not order.isdigit():
            fail("排序", _("A whole number."))
        clean.append((name, short_name, KINDS.get(kind), parent, ORGAN_KINDS.get(organ_kind, ""),
                      int(order) if order.isdigit() else 0))
    return clean, errors


def units_import(*, by, upload):
    """Imports all rows or none; returns the number of units created."""
    clean, errors = _check(excel.read_rows(upload, HEADERS))
    if errors:
        raise excel.ImportRefused(errors)
    with transaction.atomic():
        for name, short_name, kind, parent, organ_kind, order in clean:
            services.orgunit_create(
                by=by, name=name, short_name=short_name, kind=kind, sort_order=order,
                parent=OrgUnit.objects.get(name=parent) if parent else None,
                is_receiving_organ=bool(organ_kind), organ_kind=organ_kind)
    return len(clean)
