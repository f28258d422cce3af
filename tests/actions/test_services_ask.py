"""Every service that changes business records asks the actions table first (STYLE §4).

The matrix proves it for the actions it drives; this finds a new service that asks nothing.
A function below either calls `ensure_can` (itself or through a private helper of its module)
or is listed here with the reason it needs no action of its own."""

import importlib
import inspect
import re

MODULES = ["accounts.services", "accounts.importer", "inspections.services.planning",
           "inspections.services.fieldwork", "inspections.services.followup", "teams.services",
           "teams.importer", "rectification.services", "clues.services", "deadlines.services",
           "documents.services", "documents.exports"]

NO_ACTION_OF_THEIR_OWN = {
    # Reads and checks: they change nothing (the sensitive reads only log that they happened).
    "suggested_end_dates", "report_gate_problems", "busy_user_ids", "recusal_conflicts",
    "team_problems", "authorisation_problems", "untrained_members", "team_suggestions",
    "fed_back_findings", "recheck_items",
    "feedback_attendee_candidates",
    "is_unit_contact", "plan_coverage_gaps", "public_preview", "receipt_recipients", "redact",
    "report_gaps", "parse_person_forms", "receiving_organs", "load_calendar",
    "interview_note_read", "petition_reporter_read", "clue_read", "template_workbook",
    "check_happened", "check_chosen_due_date",
    # Steps inside an action whose service asked first (deadlines, numbering, notices, groups).
    "user_groups_sync", "inspection_permissions_revoke", "deadline_create", "deadline_meet",
    "deadline_create_due_on",
    "notify", "about_title", "document_number_issue", "notice_offer",
    # The beat task: the system, not a person, raises reminder levels.
    "deadline_sweep",
    # Imports run each row through the service that asks (orgunit_create, talent_entry_save).
    "units_import", "talent_import",
    # A background copy of a list the user may already read.
    "export_start", "export_run", "builder",
    # The beat task that deletes expired export files.
    "exports_expire",
    # A person's own account (password, second factor): the views pass request.user only.
    "password_set", "password_expired", "password_days_left", "activation_path",
    "requires_second_factor", "has_second_factor", "second_factor_pending",
    "second_factor_secret", "second_factor_confirm", "second_factor_check",
    "backup_codes_left", "backup_codes_renew",
}


def _asks(module, function, seen=()):
    source = inspect.getsource(function)
    if "ensure_can" in source:
        return True
    for name in re.findall(r"\b(_[a-z_]+)\(", source):
        helper = getattr(module, name, None)
        if inspect.isfunction(helper) and helper not in seen and _asks(
                module, helper, (*seen, function)):
            return True
    return False


def test_every_service_asks_its_actions_table():
    silent = []
    for module_name in MODULES:
        module = importlib.import_module(module_name)
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if function.__module__ != module_name or name.startswith("_"):
                continue
            if name not in NO_ACTION_OF_THEIR_OWN and not _asks(module, function):
                silent.append(f"{module_name}.{name}")
    assert not silent, f"services that change records without ensure_can: {silent}"
