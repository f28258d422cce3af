from .fieldwork import (
    ArchiveRecord,
    Attachment,
    BasisClause,
    FieldworkMethod,
    FieldworkRecord,
    Finding,
    FindingSignoff,
    Hearing,
    InterviewNote,
    PartyHearing,
    Petition,
    PetitionReporter,
    Report,
)
from .followup import (
    EscalationRequest,
    GoodPractice,
    ImmediateRectification,
    MaterialRequest,
    MidtermReport,
)
from .office import FilingRecord, OfficePaper
from .planning import (
    MAX_WORKING_DAYS,
    MIN_WORKING_DAYS,
    Announcement,
    ContentArea,
    Inspection,
    InspectionMode,
    InspectionType,
    Notice,
    Plan,
    PlanReview,
    PlanStage,
    PlanUnit,
    Round,
    private_upload_path,
)

__all__ = [
    "MAX_WORKING_DAYS", "MIN_WORKING_DAYS", "Announcement", "ArchiveRecord", "Attachment",
    "BasisClause", "ContentArea",
    "EscalationRequest", "FieldworkMethod", "FieldworkRecord", "FilingRecord", "GoodPractice",
    "OfficePaper",
    "ImmediateRectification", "MaterialRequest",
    "MidtermReport", "Finding", "FindingSignoff", "Hearing", "Inspection",
    "InspectionMode", "InspectionType", "InterviewNote", "Notice", "PartyHearing", "Petition",
    "PetitionReporter", "Plan", "PlanReview", "PlanStage", "PlanUnit", "Report", "Round",
    "private_upload_path",
]
