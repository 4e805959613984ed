from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from offers.translation_io import TranslationFileError, plan_import


class Command(BaseCommand):
    help = (
        "Read a translated PO file back. The whole file is checked first; if anything is "
        "wrong nothing is changed. With --dry-run, only report what would change."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", help="PO files from export_translations")
        parser.add_argument("--language", help="expected language (default: the file's own)")
        parser.add_argument("--dry-run", action="store_true", help="change nothing")

    def handle(self, *args, files, language=None, dry_run=False, **options):
        for path in files:
            try:
                plan = plan_import(Path(path).read_bytes(), language)
            except OSError as error:
                raise CommandError(f"{path}: {error}") from error
            except TranslationFileError as error:
                problems = "\n  ".join(error.problems)
                raise CommandError(f"{path}: nothing was imported.\n  {problems}") from error
            for change in plan.changes:
                self.stdout.write(f"  {change.label}: {change.old[:40]!r} -> {change.new[:40]!r}")
            if not dry_run:
                plan.apply()
            verb = "Would import" if dry_run else "Imported"
            self.stdout.write(f"{verb} {path} ({plan.language}): {plan.summary()}")
