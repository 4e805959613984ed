import sys

from django.core.management.base import BaseCommand, CommandError

from offers.translation_io import TranslationFileError, export_po


class Command(BaseCommand):
    help = "Write a PO file of every content text, for translators into one language."

    def add_arguments(self, parser):
        parser.add_argument("--language", required=True, help="language code, such as ar")
        parser.add_argument("--output", help="file to write (default: standard output)")

    def handle(self, *args, language, output=None, **options):
        try:
            po = export_po(language)
        except TranslationFileError as error:
            raise CommandError(str(error)) from error
        if output:
            po.save(output)
            self.stderr.write(f"Wrote {len(po)} entries for {language} to {output}.")
        else:
            sys.stdout.write(str(po))
