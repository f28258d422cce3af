"""The unit holds its meetings, writes its plan and sends its report from the rectification
page, so their deadlines link there."""

from django.urls import reverse

from config.actions import url_if_visible
from deadlines.models import Deadline
from deadlines.pages import register_work_page


def _rectification_page(user, deadline):
    if not deadline.inspection_id:
        return url_if_visible(user, deadline.subject)
    return url_if_visible(user, deadline.inspection, app="rectification", url=reverse(
        "rectification:overview", args=[deadline.inspection_id]))


register_work_page({Deadline.Kind.SPECIAL_MEETING, Deadline.Kind.RECTIFICATION_PLAN,
                    Deadline.Kind.RECTIFICATION_REPORT}, _rectification_page)
