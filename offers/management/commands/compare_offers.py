from django.core.management.base import BaseCommand, CommandError

from offers.compare import CompareError, as_text, compare_with_ours, load_offer, read_source


class Command(BaseCommand):
    help = (
        "Compare this site's published offer with other councils' open data (their "
        "offer.json, a file or an http(s) address): per area and per topic the law asks "
        "for, what each offers that the other does not, and where amounts differ."
    )

    def add_arguments(self, parser):
        parser.add_argument("sources", nargs="+", metavar="FILE_OR_URL")

    def handle(self, *args, sources, **options):
        try:
            loaded = [(source, load_offer(read_source(source), source)) for source in sources]
        except CompareError as error:
            raise CommandError("\n".join(error.problems)) from error
        reports = [as_text(comparison) for comparison in compare_with_ours(loaded)]
        self.stdout.write("\n".join(reports), ending="")
