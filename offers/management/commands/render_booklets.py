import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from offers.booklets.render import RenderFailed
from offers.booklets.store import booklet_file, prune, whole_offer_specs


class Command(BaseCommand):
    help = (
        "Make every whole-offer booklet (each language, full and easy read, A4 and A5) for "
        "the content as published now, so no reader waits; then delete older booklets."
    )

    def add_arguments(self, parser):
        parser.add_argument("--language", action="append", help="only this language (repeatable)")
        parser.add_argument(
            "--keep-old", action="store_true", help="keep booklets of earlier versions"
        )

    def handle(self, *args, language=None, keep_old=False, **options):
        known = [code for code, _name in settings.LANGUAGES]
        unknown = sorted(set(language or []) - set(known))
        if unknown:
            raise CommandError(
                f"Unknown language {', '.join(unknown)}; choose from {', '.join(known)}."
            )
        failures = 0
        for spec in whole_offer_specs(language):
            started = time.perf_counter()
            try:
                booklet_file(spec)
            except RenderFailed as error:
                failures += 1
                self.stderr.write(f"{spec.filename}: could not be made: {error}")
                continue
            self.stdout.write(f"{spec.filename}: ready ({time.perf_counter() - started:.1f} s)")
        if not keep_old:
            self.stdout.write(f"Deleted {prune()} booklets of earlier versions.")
        if failures:
            raise CommandError(f"{failures} booklets could not be made.")
