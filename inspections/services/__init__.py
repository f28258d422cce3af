"""State changes for plans, rounds and inspections (planning) and fieldwork and findings."""

from .fieldwork import (
    attachment_add,
    fieldwork_record_create,
    finding_return,
    finding_save,
    finding_sign,
    finding_submit,
    inspection_end_onsite,
    interview_note_create,
    interview_note_read,
    report_gate_problems,
    report_save,
    report_submit,
    team_position,
)
from .planning import (
    MAX_WORKING_DAYS,
    MIN_WORKING_DAYS,
    announcement_publish,
    inspection_save,
    notice_issue,
    plan_approve,
    plan_child_add,
    plan_return,
    plan_save,
    plan_submit,
    round_approve,
    round_complete,
    round_record_provincial_approval,
    round_return,
    round_save,
    round_submit,
    suggested_end_dates,
)

__all__ = [
    "MAX_WORKING_DAYS", "MIN_WORKING_DAYS", "announcement_publish", "attachment_add",
    "fieldwork_record_create", "finding_return", "finding_save", "finding_sign",
    "finding_submit", "inspection_end_onsite", "inspection_save", "interview_note_create",
    "interview_note_read", "notice_issue", "plan_approve", "plan_child_add", "plan_return",
    "plan_save", "plan_submit", "report_gate_problems", "report_save", "report_submit",
    "round_approve", "round_complete", "round_record_provincial_approval", "round_return",
    "round_save", "round_submit", "suggested_end_dates", "team_position",
]
