"""A small load generator: several processes, each sending requests one after another on
fresh connections (gunicorn's sync workers close each connection) for a fixed time."""

import http.client
import statistics
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass


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
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]

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
