"""A small load generator: several processes, each sending requests one after another on
fresh connections (gunicorn's sync workers close each connection) for a fixed time.
`run_load` repeats one address; `run_mix` draws pages and booklets at random."""

import gzip
import http.client
import random
import statistics
import time
import zlib
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass


def percentile(values, fraction):
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


@dataclass
class LoadResult:
    requests: int
    errors: int
    seconds: float
    latencies: list

    @property
    def rate(self):
        return self.requests / self.seconds

    def percentile(self, fraction):
        return percentile(self.latencies, fraction)

    @property
    def median(self):
        return statistics.median(self.latencies) if self.latencies else float("nan")


def _worker(port, path, seconds, unique, worker):
    latencies, errors, number = [], 0, 0
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        target = f"{path}?n={worker}-{number}" if unique else path
        number += 1
        started = time.perf_counter()
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            connection.request("GET", target, headers={"Host": "127.0.0.1"})
            response = connection.getresponse()
            response.read()
            connection.close()
            if response.status != 200:
                errors += 1
                continue
        except OSError:
            errors += 1
            continue
        latencies.append(time.perf_counter() - started)
    return latencies, errors


def run_load(port, path, seconds=5.0, concurrency=4, unique=False):
    """Requests per second and latencies for `path`; `unique` adds a new query each time,
    so every request misses the page cache."""
    started = time.perf_counter()
    with ProcessPoolExecutor(concurrency) as pool:
        futures = [
            pool.submit(_worker, port, path, seconds, unique, worker)
            for worker in range(concurrency)
        ]
        results = [future.result() for future in futures]
    elapsed = time.perf_counter() - started
    latencies = [value for worker_latencies, _ in results for value in worker_latencies]
    errors = sum(worker_errors for _, worker_errors in results)
    return LoadResult(len(latencies), errors, min(elapsed, seconds + 0.5), latencies)


def fetch(port, kind, language, path):
    """GET `path` accepting gzip, as every browser does; why the answer is wrong, or None.

    Only a 200 is right (no If-None-Match is sent, so a 304 would be wrong too), and the
    body must be what was asked: a PDF for a booklet, an HTML page in that language."""
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        connection.request("GET", path, headers={"Host": "127.0.0.1", "Accept-Encoding": "gzip"})
        response = connection.getresponse()
        body = response.read()
        connection.close()
        if response.status != 200:
            return f"status {response.status}"
        encoding = response.getheader("Content-Encoding")
        if encoding == "gzip":
            body = gzip.decompress(body)
        elif encoding:
            return f"Content-Encoding {encoding}"
    except (OSError, EOFError, zlib.error, http.client.HTTPException) as error:
        return type(error).__name__
    if kind == "booklet":
        return None if body.startswith(b"%PDF-") else "not a PDF"
    return None if f'<html lang="{language}"'.encode() in body else f"not a page in {language}"


@dataclass
class MixResult:
    seconds: float
    latencies: dict  # kind -> seconds of each right answer
    errors: Counter  # "why: path" -> how many

    @property
    def requests(self):
        return sum(len(values) for values in self.latencies.values()) + self.errors.total()


def _warm_worker(port, pages, seed):
    random.Random(seed).shuffle(pages)  # each client its own order, to reach every worker
    for language, path in pages:
        fetch(port, "page", language, path)


def warm(port, pages, concurrency=4):
    """One pass over `pages` by each client: gunicorn's workers each keep their own page
    cache, so a single pass would leave many pages cold in one of them."""
    with ProcessPoolExecutor(concurrency) as pool:
        for future in [pool.submit(_warm_worker, port, pages, n) for n in range(concurrency)]:
            future.result()


def _mix_worker(port, pages, booklets, booklet_share, seconds, seed):
    rng = random.Random(seed)  # the same mix each run
    latencies, errors = {"page": [], "booklet": []}, Counter()
    started = time.perf_counter()
    while time.perf_counter() < started + seconds:
        kind, targets = ("booklet", booklets) if rng.random() < booklet_share else ("page", pages)
        language, path = rng.choice(targets)
        sent = time.perf_counter()
        problem = fetch(port, kind, language, path)
        if problem:
            errors[f"{problem}: {path}"] += 1
        else:
            latencies[kind].append(time.perf_counter() - sent)
    return latencies, errors, time.perf_counter() - started


def run_mix(port, pages, booklets, booklet_share=0.05, seconds=20.0, concurrency=4):
    """Random requests for `seconds`: a booklet with chance `booklet_share`, otherwise a
    page; `pages` and `booklets` are (language, path) pairs."""
    with ProcessPoolExecutor(concurrency) as pool:
        futures = [
            pool.submit(_mix_worker, port, pages, booklets, booklet_share, seconds, n)
            for n in range(concurrency)
        ]
        results = [future.result() for future in futures]
    latencies = {
        kind: [value for lat, _, _ in results for value in lat[kind]] for kind in results[0][0]
    }
    errors = sum((errors for _, errors, _ in results), Counter())
    # Measured inside the clients, so starting the processes is not counted.
    return MixResult(max(elapsed for _, _, elapsed in results), latencies, errors)
