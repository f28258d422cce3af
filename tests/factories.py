import factory

from accounts import services
from accounts.models import OrgUnit, User
from config.actions import installing

PASSWORD = "correct-horse-battery-9"


class OrgUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrgUnit

    name = factory.Sequence(lambda n: f"测试单位{n}")
    kind = OrgUnit.Kind.UNIT


class ReceivingOrganFactory(OrgUnitFactory):
    name = factory.Sequence(lambda n: f"承办机关{n}")
    kind = OrgUnit.Kind.DIVISION
    is_receiving_organ = True
    organ_kind = OrgUnit.OrganKind.DISCIPLINE


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"测试人员{n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def grant(model, user, **fields):
    """Gives a role through the real service, so groups are synced as in production."""
    m2m = {k: fields.pop(k) for k in list(fields) if k == "supervised_units"}
    with installing():
        services.role_record_save(record=model(user=user, **fields), by=None, m2m=m2m)
    user.__dict__.pop("role_names", None)
    return user



def talent(user, *specialties, **extra):
    from teams.services import talent_entry_save

    with installing():
        return talent_entry_save(by=None, user=user, specialties=list(specialties),
                                 availability=extra.pop("availability", "available"), **extra)


def pdf_bytes(note="evidence"):
    from documents.pdf import blank_pdf

    return blank_pdf(note)


def pdf(name="证据.pdf", body=None):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, body or pdf_bytes(), "application/pdf")


def tamper(path):
    """Changes one byte in the middle of a stored file, as someone editing it on disk would
    (appending after an encrypted file's base64 padding would change nothing it decrypts to)."""
    with open(path, "r+b") as stored:
        content = bytearray(stored.read())
        middle = len(content) // 2
        content[middle] = ord("A") if content[middle] != ord("A") else ord("B")
        stored.seek(0)
        stored.write(content)


def due_later(days=35):
    """A due date any test may choose: a working day about `days` after the clock's today, so
    the rule that due dates lie ahead holds whatever day the suite runs at."""
    from deadlines import calendar, clock
    from deadlines.services import load_calendar

    return calendar.add_days(clock.today(), days, load_calendar()).due


def train(team, *, by):
    """Every active member attends a training session of the team's round (Art 8, 9)."""
    from deadlines import clock
    from teams import services as teams

    return teams.training_record(team=team, by=by, held_on=clock.today(), content="巡察业务培训",
                                 attendees=[m.user for m in team.active_members()])


def form_authorised_team(round_, name, members, inspections, *, office, leader, secretary):
    """A team formed, approved, declared, pledged and authorised through the real services:
    `members` in order leader, deputy, then members."""
    from teams import services as teams

    team = teams.team_create(round_=round_, name=name, by=office)
    positions = ["leader", "deputy"] + ["member"] * (len(members) - 2)
    for person, position in zip(members, positions, strict=True):
        teams.team_member_add(team=team, user=person, position=position, by=office)
    for inspection in inspections:
        teams.team_assign_inspection(team=team, inspection=inspection, by=office)
    team = teams.team_approve(team=team, by=leader, expected_version=team.version,
                              meeting="领导小组2026年第5次会议")
    for membership in team.active_members():
        teams.membership_declare(membership=membership, by=membership.user, declarations=[])
        teams.membership_sign_pledge(membership=membership, by=membership.user)
    train(team, by=office)
    return teams.team_authorise(team=team, by=secretary, expected_version=team.version,
                                document="厅党组会议2026年第20次")
