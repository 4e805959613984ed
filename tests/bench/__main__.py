"""Run with `make bench`. Prints tables measured in one run; never a pass or fail on time.

Timings on shared machines are noisy, so the figure that matters is the ratio taken in
the same run: cached pages against WhiteNoise serving a static file of the same size,
through the same gunicorn on loopback.

The one pass or fail is about errors, not time: the mixed load at the end exits with
status 1 if any request in it was answered wrongly.
"""

import argparse
import gzip
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LOAD_PAGE = "/en/accommodation/"
# The mixed load asks for this many services of each area, not all 57: a cached page costs
# the same whatever it says, but filling every worker's cache costs a render per page.
SERVICES_PER_AREA = 2


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def environment(workdir):
    return os.environ | {
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_SECURE_COOKIES": "false",
        "DJANGO_HSTS_SECONDS": "0",
        "DATABASE_URL": f"sqlite:///{workdir / 'bench.sqlite3'}",
        "DJANGO_STATIC_ROOT": str(workdir / "static"),
        # Booklets made here and served by gunicorn stay in the throwaway folder.
        "DJANGO_MEDIA_ROOT": str(workdir / "media"),
        "DJANGO_LOG_LEVEL": "ERROR",
    }


def manage(env, *args):
    subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True
    )


def render_times(repeats):
    """Median in-process time per page type, rendered afresh (page cache bypassed)."""
    from django.test import Client

    from tests.conftest import page_types, page_url

    client = Client()
    # A session cookie makes the page cache step aside, as it does for signed-in staff.
    client.cookies["sessionid"] = "bench"
    rows = []
    for name in page_types():
        url = page_url("en", name)
        timings = []
        for _ in range(repeats):
            started = time.perf_counter()
            client.get(url)
            timings.append(time.perf_counter() - started)
        rows.append((name, statistics.median(timings) * 1000))
    return rows


def page_weights():
    """Compressed HTML + CSS of each page type in English and Arabic, as the budgets count."""
    from django.contrib.staticfiles.storage import staticfiles_storage
    from django.test import Client

    from tests.conftest import page_types, page_url

    css = Path(staticfiles_storage.path(staticfiles_storage.stored_name("css/site.css")))
    css_gzip = len(gzip.compress(css.read_bytes(), 9))
    client = Client()
    rows = []
    for language in ("en", "ar"):
        for name in page_types():
            response = client.get(page_url(language, name), headers={"accept-encoding": "gzip"})
            rows.append((f"{name} ({language})", len(response.content), css_gzip))
    return rows


def wait_for(port, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)  # noqa: S310
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not start")


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=5.0, help="length of each load run")
    parser.add_argument("--concurrency", type=int, default=4, help="client processes")
    parser.add_argument("--repeats", type=int, default=30, help="renders per page type")
    parser.add_argument("--booklet-repeats", type=int, default=20, help="warm requests per booklet")
    parser.add_argument("--load-seconds", type=float, default=20.0, help="length of the mixed load")
    parser.add_argument(
        "--booklet-share", type=float, default=0.05, help="share of booklets in the mixed load"
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="localoffer-bench-") as tmp:
        workdir = Path(tmp)
        env = environment(workdir)
        for args_ in (
            ["migrate", "--no-input"],
            ["load_demo_offer"],
            ["collectstatic", "--no-input"],
        ):
            manage(env, *args_)
        os.environ.update(env)
        os.environ["DJANGO_SETTINGS_MODULE"] = "localoffer.settings"
        sys.path.insert(0, str(ROOT))
        import logging

        import django

        django.setup()
        logging.disable(logging.WARNING)  # the "not found" page logs each 404

        print(f"make bench, {time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} cores\n")
        print("In-process render time, page cache bypassed (median of", args.repeats, "):")
        print(f"  {'page type':<32} {'ms':>8}")
        for name, ms in render_times(args.repeats):
            print(f"  {name:<32} {ms:8.2f}")

        print("\nPage weight, gzip (budget: HTML + CSS <= 14,336 bytes):")
        print(f"  {'page':<40} {'HTML':>7} {'CSS':>6} {'total':>7}")
        for name, html, css in page_weights():
            print(f"  {name:<40} {html:7} {css:6} {html + css:7}")

        report_booklets(args.booklet_repeats)

        # A static file exactly as large as the page, served by WhiteNoise from STATIC_ROOT.
        from django.test import Client

        page_bytes = Client().get(LOAD_PAGE).content
        (workdir / "static" / "bench-same-size.html").write_bytes(page_bytes)

        port = free_port()
        server = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "localoffer.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "2",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_for(port)
            report_load(port, len(page_bytes), args)
            errors = report_mixed_load(port, env, args)
        finally:
            server.terminate()
            server.wait(timeout=10)
    if errors:
        sys.exit(1)


def report_booklets(repeats):
    """Every whole-offer booklet: made from nothing (cold), then served from storage
    through the whole Django stack (warm), and the peak memory of the render."""
    from django.core.files.storage import default_storage
    from django.test import Client

    from offers.booklets import render
    from offers.booklets.store import booklet_file, whole_offer_specs

    started = time.perf_counter()
    render.warm()
    print("\nBooklets (bars: whole offer cold <= 3 s, warm <= 50 ms, peak memory <= 250 MB)")
    print(f"  once per worker, loading WeasyPrint and fonts: {time.perf_counter() - started:.2f} s")
    print(f"  {'booklet':<40} {'pages':>5} {'KB':>6} {'cold s':>7} {'warm ms':>8} {'peak MB':>8}")
    made = []
    original = render.pdf_from_html

    def keep(html, *args, **kwargs):  # remember what the render cost
        pdf = original(html, *args, **kwargs)
        made.append(pdf)
        return pdf

    import offers.booklets.store as store

    store.pdf_from_html = keep
    client = Client()
    worst = {"cold": 0.0, "warm": 0.0, "peak": 0}
    try:
        for spec in whole_offer_specs():
            started = time.perf_counter()
            name = booklet_file(spec)
            cold = time.perf_counter() - started
            pdf = made[-1]
            timings = []
            for _ in range(repeats):
                started = time.perf_counter()
                response = client.get(spec.get_absolute_url())
                b"".join(response.streaming_content)
                timings.append(time.perf_counter() - started)
            warm = statistics.median(timings)
            peak = pdf.peak_memory / 2**20
            worst = {
                "cold": max(worst["cold"], cold),
                "warm": max(worst["warm"], warm),
                "peak": max(worst["peak"], peak),
            }
            size = default_storage.size(name) / 1024
            print(
                f"  {spec.filename:<40} {pages_in(pdf):5} {size:6.0f} {cold:7.2f} "
                f"{warm * 1000:8.2f} {peak:8.0f}"
            )
    finally:
        store.pdf_from_html = original
    print(
        f"  slowest cold {worst['cold']:.2f} s, slowest warm {worst['warm'] * 1000:.1f} ms, "
        f"highest peak {worst['peak']:.0f} MB"
    )


def pages_in(pdf):
    """Page count from the PDF's page tree, read with pypdf as a reader would."""
    import io

    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


def report_load(port, size, args):
    from tests.bench.load import run_load

    targets = [
        ("uncached page", LOAD_PAGE, True),
        ("cached page", LOAD_PAGE, False),
        ("static file, same size", "/static/bench-same-size.html", False),
    ]
    for _name, path, unique in targets:  # warm up every worker and the cache
        run_load(port, path, seconds=1, concurrency=args.concurrency, unique=unique)
    print(
        f"\nLoad through gunicorn (2 workers) on loopback, {args.concurrency} clients, "
        f"{args.seconds:g} s each, {size:,} bytes uncompressed:"
    )
    print(f"  {'target':<26} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'errors':>7}")
    results = {}
    for name, path, unique in targets:
        result = run_load(port, path, args.seconds, args.concurrency, unique)
        results[name] = result
        print(
            f"  {name:<26} {result.rate:8.0f} {result.median * 1000:8.2f} "
            f"{result.percentile(0.95) * 1000:8.2f} {result.errors:7}"
        )
    ratio = results["cached page"].rate / results["static file, same size"].rate
    verdict = "meets" if ratio >= 0.9 else "below"
    print(f"\n  cached / static = {ratio:.2f} ({verdict} the bar of 0.90)")
    speedup = results["cached page"].rate / results["uncached page"].rate
    print(f"  cached / uncached = {speedup:.1f}x")


def mixed_targets():
    """(language, path) of the pages the mixed load asks for, in every language, with
    slugs from the demo database loaded above; and of every whole-offer booklet."""
    from django.conf import settings
    from django.urls import reverse
    from django.utils import translation

    from offers.booklets.store import whole_offer_specs
    from offers.models import Area, Service

    names = ["home", "easy_read_home", "glossary", "contacts", "changes", "feedback"]
    pages = []
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            paths = [reverse(f"offers:{name}") for name in names]
            for area in Area.objects.all():
                services = Service.objects.published().for_area(area)[:SERVICES_PER_AREA]
                paths += [area.get_absolute_url(), area.get_easy_read_url()]
                paths += [service.get_absolute_url() for service in services]
        pages += [(language, path) for path in paths]
    booklets = [(spec.language, spec.get_absolute_url()) for spec in whole_offer_specs()]
    return pages, booklets


def report_mixed_load(port, env, args):
    """Readers at random across the public pages and booklets in every language, as
    production would see them: booklets made beforehand and pages already cached. Returns
    the number of errors."""
    from django.conf import settings

    from tests.bench.load import percentile, run_mix, warm

    pages, booklets = mixed_targets()
    started = time.perf_counter()
    # As the README asks of production, so no request waits seconds for a first render.
    manage(env, "render_booklets")
    made = time.perf_counter() - started
    started = time.perf_counter()
    warm(port, pages, args.concurrency)
    warmed = time.perf_counter() - started
    result = run_mix(port, pages, booklets, args.booklet_share, args.load_seconds, args.concurrency)

    print(
        f"\nMixed load through the same gunicorn, {args.concurrency} clients, "
        f"{args.load_seconds:g} s: {len(pages)} pages in {len(settings.LANGUAGES)} languages, "
        f"{len(booklets)} whole-offer booklets ({args.booklet_share:.0%} of requests), gzip"
    )
    print(
        f"  before it: render_booklets {made:.1f} s; "
        f"every page fetched once per client, to fill each worker's cache, {warmed:.1f} s"
    )
    print(f"  {'requests':<10} {'count':>7} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8}")
    everything = result.latencies["page"] + result.latencies["booklet"]
    for name, values in (
        ("all", everything),
        ("pages", result.latencies["page"]),
        ("booklets", result.latencies["booklet"]),
    ):
        print(
            f"  {name:<10} {len(values):7} {len(values) / result.seconds:8.0f} "
            f"{percentile(values, 0.5) * 1000:8.2f} {percentile(values, 0.95) * 1000:8.2f}"
        )
    errors = result.errors.total()
    print(f"  errors     {errors:7} (requests {result.requests}, {result.seconds:.1f} s)")
    if errors:
        print(f"  FAIL: {errors} requests were answered wrongly or not at all, e.g.")
        for why, count in result.errors.most_common(5):
            print(f"    {count:5} x {why}")
    else:
        print("  PASS: every request answered 200 with what was asked")
    return errors


if __name__ == "__main__":
    main()
