"""What an official document says, element by element (GB/T 9704-2012 §7), whatever it is
rendered to: the PDF (documents.pdf) and the Word file (documents.docx) draw the same
`Official`, so the two never disagree.

Which format and which elements each document of the system uses is the FORMATS table below;
docs/documents.md explains it."""

from dataclasses import dataclass, field, replace
from datetime import date
from functools import wraps

from django.conf import settings
from django.utils import translation


class Format:
    FILE = "file"  # 文件格式: masthead "<organ>文件", for documents sent up or formally issued
    LETTER = "letter"  # 信函格式: masthead with the organ's name, double red lines, 函
    PLAIN = "plain"  # no masthead: public announcements and working papers


@dataclass(frozen=True)
class Kind:
    format: str
    classified: bool = False  # carries 份号 and 密级 (interview-based: never unmarked)
    urgency: str = ""  # 紧急程度
    upward: bool = False  # sent to a higher body: names its 签发人


# One row per official document the system generates (DESIGN §6).
FORMATS = {
    "entry_notice": Kind(Format.LETTER),  # 进驻通知, from the office to the unit
    "announcement": Kind(Format.PLAIN),  # 巡察公告, posted in public, with the QR code
    "inspection_report": Kind(Format.FILE, classified=True, upward=True),  # 巡察报告
    "feedback": Kind(Format.LETTER, classified=True),  # 反馈意见
    "immediate_notice": Kind(Format.LETTER, urgency="加急"),  # 立行立改通知书
    "clue_transfer": Kind(Format.LETTER, classified=True),  # 问题线索移交函
    "rectification_summary": Kind(Format.PLAIN),  # 整改情况, a working paper
    "filing": Kind(Format.FILE, upward=True),  # 报备 papers sent to the provincial office
}


@dataclass(frozen=True)
class Official:
    kind: str
    title: str
    body: str
    day: date
    organ: str = ""  # 发文机关: the masthead and, unless `issuer` says otherwise, the signature
    document_number: str = ""
    addressee: str = ""
    signer: str = ""  # 签发人
    issuer: str = ""  # 发文机关署名
    copy_number: str = ""  # 份号: which copy this is, six digits
    attachments: tuple = ()  # 附件说明: the names of the attachments, in order
    note: str = ""  # 附注
    cc: str = ""  # 抄送机关
    printer: str = ""  # 印发机关
    printed_on: date | None = None  # 印发日期
    extra: dict = field(default_factory=dict, compare=False)  # e.g. the announcement's QR code

    def __post_init__(self):
        if self.kind not in FORMATS:  # before anything is logged or numbered for it
            raise ValueError(f"No format for official document kind {self.kind!r}.")

    @property
    def spec(self):
        return FORMATS[self.kind]

    @property
    def masthead(self):
        """发文机关标志: "<organ>文件" for the file format, the organ's name for a letter."""
        if self.spec.format == Format.PLAIN or not self.organ:
            return ""
        return f"{self.organ}文件" if self.spec.format == Format.FILE else self.organ

    @property
    def secrecy(self):
        """密级和保密期限 ("秘密★1年"), for classified documents only."""
        if not self.spec.classified:
            return ""
        term = settings.DOCUMENT_SECRECY_TERM
        return f"{settings.DOCUMENT_SECRECY}★{term}" if term else settings.DOCUMENT_SECRECY

    @property
    def signature(self):
        return self.issuer or self.organ

    @property
    def is_letter(self):
        return self.spec.format == Format.LETTER

    @property
    def has_record(self):
        """版记: who else receives it, who printed it and when. Plain papers have none; a
        letter's names only the copies sent (抄送), without printer, date or rules (§10.1)."""
        if self.spec.format == Format.PLAIN:
            return False
        return bool(self.cc) if self.is_letter else bool(self.printer or self.cc)

    def numbered(self, copy):
        """This document as copy `copy` (classified documents are numbered copy by copy)."""
        return replace(self, copy_number=f"{copy:06d}")


def team_organ(team):
    """An inspection team issues under the party group that set it up ("…党组第一巡察组")."""
    return f"{settings.ISSUING_PARTY_GROUP}{team.name}" if team is not None else ""


def written_in_chinese(build):
    """Official documents are Chinese papers whatever language the reader's screen is in: the
    document is built and drawn in Chinese (a fresh override per call, safe across threads)."""
    @wraps(build)
    def in_chinese(*args, **kwargs):
        with translation.override("zh-hans"):
            return build(*args, **kwargs)
    return in_chinese
