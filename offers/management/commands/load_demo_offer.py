from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from offers.demo.loader import load_demo_offer
from offers.roles import EDITORS, PUBLISHERS

DEMO_USERNAME = "demo"
# Only for the demo on a developer's machine: the account exists only when asked for.
DEMO_PASSWORD = "demo-staff-only"  # noqa: S105


class Command(BaseCommand):
    help = "Load (or refresh) the example offer of a fictional council. Safe to run twice."

    def add_arguments(self, parser):
        parser.add_argument(
            "--create-staff",
            action="store_true",
            help="Also create a demo staff account with a published password (demo use only).",
        )

    def handle(self, *args, create_staff=False, **options):
        if create_staff and not (settings.DEMO or settings.DEBUG):
            # Accounts with a published password must never exist on a real site.
            raise CommandError(
                "--create-staff is for the demo only (DJANGO_DEMO=true or DJANGO_DEBUG=true)."
            )
        counts = load_demo_offer()
        summary = ", ".join(f"{number} {name}" for name, number in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Demo offer loaded: {summary}."))
        if create_staff:
            # One account per role, so each can be tried; "demo" can do everything.
            for username, role in [
                (DEMO_USERNAME, None),
                ("demo-editor", EDITORS),
                ("demo-publisher", PUBLISHERS),
            ]:
                user, _created = get_user_model().objects.get_or_create(username=username)
                user.is_staff = True
                user.is_superuser = role is None
                user.set_password(DEMO_PASSWORD)
                user.save()
                if role:
                    user.groups.set([Group.objects.get(name=role)])
            self.stdout.write(
                f"Demo staff sign-in: user {DEMO_USERNAME!r} (everything), 'demo-editor' or "
                f"'demo-publisher', password {DEMO_PASSWORD!r}."
            )
