"""Creates the 三员 of a new instance: the only accounts made outside the application.

After this, the system administrator creates people and units, and the security officer grants
every role, administrators included. Each of the three sets their own password through the
activation link; nobody running this command learns it.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts import services
from accounts.models import Administrator, User
from config.actions import installing

KINDS = {"sysadmin": Administrator.Kind.SYSADMIN,
         "security-officer": Administrator.Kind.SECURITY_OFFICER,
         "auditor": Administrator.Kind.AUDITOR}


class Command(BaseCommand):
    help = ("Creates the system administrator, security officer and security auditor (三员). "
            "Each option takes USERNAME,FULL NAME,E-MAIL; the activation link goes to the "
            "e-mail. Refused for a duty that already has someone: grant further "
            "administrators in the application.")

    def add_arguments(self, parser):
        for option in KINDS:
            parser.add_argument(f"--{option}", required=True, metavar="USERNAME,NAME,EMAIL")
        parser.add_argument(
            "--print-links", action="store_true",
            help="Also print the activation links (when the server cannot send e-mail yet); "
                 "hand each link to its person only.")

    def handle(self, *args, **options):
        people = {kind: self._person(options[option.replace("-", "_")], option)
                  for option, kind in KINDS.items()}
        taken = [kind.label for kind in people if Administrator.objects.filter(kind=kind)]
        if taken:
            raise CommandError(f"Already installed: {', '.join(map(str, taken))}. Further "
                               "administrators are granted by the security officer.")
        if len({p["username"] for p in people.values()}) < len(people):
            raise CommandError("The three duties need three different people (三员分立).")
        try:
            with transaction.atomic(), installing():
                for kind, fields in people.items():
                    if User.objects.filter(username=fields["username"]).exists():
                        raise CommandError(f"{fields['username']} already exists.")
                    user = services.user_create(by=None, **fields)
                    services.role_record_save(record=Administrator(user=user, kind=kind),
                                              by=None)
                    self.stdout.write(f"{kind.label}: {user.username} <{user.email}>")
                    if options["print_links"]:
                        self.stdout.write(f"  {settings.SITE_URL}"
                                          f"{services.activation_path(user)}")
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        self.stdout.write("Activation links sent; each link works once, for three days.")

    def _person(self, value, option):
        parts = [part.strip() for part in value.split(",")]
        if len(parts) != 3 or not all(parts) or "@" not in parts[2]:
            raise CommandError(f"--{option} takes USERNAME,FULL NAME,E-MAIL (got {value!r}).")
        return {"username": parts[0], "full_name": parts[1], "email": parts[2]}
