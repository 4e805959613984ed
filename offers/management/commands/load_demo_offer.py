from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from offers.demo.loader import load_demo_offer

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
        counts = load_demo_offer()
        summary = ", ".join(f"{number} {name}" for name, number in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Demo offer loaded: {summary}."))
        if create_staff:
            user, _created = get_user_model().objects.get_or_create(username=DEMO_USERNAME)
            user.is_staff = user.is_superuser = True
            user.set_password(DEMO_PASSWORD)
            user.save()
            self.stdout.write(
                f"Demo staff sign-in: user {DEMO_USERNAME!r}, password {DEMO_PASSWORD!r}."
            )
