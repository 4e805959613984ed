from pathlib import Path

from django.core.management.base import BaseCommand, no_translations

from offers.backup import dumps, export_offer


class Command(BaseCommand):
    help = (
        "Write the whole offer, every text in every language, as one JSON file: a backup, "
        "or a copy to move to another site with import_offer."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", help="file to write (default: standard output)")

    @no_translations
    def handle(self, *args, output=None, **options):
        text = dumps(export_offer())
        if output:
            Path(output).write_text(text, encoding="utf-8")
            self.stderr.write(f"Wrote the offer to {output}.")
        elif buffer := getattr(self.stdout, "buffer", None):
            buffer.write(text.encode())  # UTF-8 whatever the terminal's locale
            buffer.flush()
        else:
            self.stdout.write(text, ending="")
