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


def pdf(name="证据.pdf", body=b"%PDF-1.7\nevidence\n"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, body, "application/pdf")
