from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, no_translations

from offers.backup import BackupError, plan_import


class Command(BaseCommand):
    help = (
        "Replace the whole offer with a file from export_offer. The whole file is checked "
        "first; if anything is wrong nothing is changed. With --dry-run, only check it."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="JSON file from export_offer")
        parser.add_argument("--dry-run", action="store_true", help="check only, change nothing")

    @no_translations
    def handle(self, *args, file, dry_run=False, **options):
        try:
            plan = plan_import(Path(file).read_bytes())
            if not dry_run:
                plan.apply()
        except OSError as error:
            raise CommandError(f"{file}: {error}") from error
        except BackupError as error:
            problems = "\n  ".join(error.problems)
            raise CommandError(f"{file}: nothing was imported.\n  {problems}") from error
        verb = "Checked (nothing changed, --dry-run)" if dry_run else "Imported"
        self.stdout.write(f"{verb} {file}:")
        for line in plan.summary():
            self.stdout.write(f"  {line}")
