#!/usr/bin/env python3
"""fahras-serve under load: concurrent clients on 127.0.0.1, then the same
while fahras-index adds articles to the database being served.

  bench/serve_load.py CORPUS.jsonl.gz... [--clients 8] [--seconds 15] [--add 10000] [--soak N]

Indexes the corpora (all but their last --add articles) into a fresh
database under --work (kept for the next run with the same --work), starts
build/bin/fahras-serve on it, and runs:
  warm-up    passes over every query, shared by the N clients, until the
             service's RSS grows by less than 1% in a pass (at most 12);
  1 client   title queries for --seconds;
  N clients  title and entity queries for --seconds;
  indexing   N clients again while fahras-index adds the held-back articles;
  soak       with --soak R, N clients for R requests more.
Queries: 1,000 article titles (as bench/run_bench.py picks them, top 10) and
the entity names of bench/entities/entities.tsv (top 10). Reports queries/s,
latency p50/p95/p99 per query set, failed requests (anything but a 200), and
the service's RSS after the warm-up and at the end of each phase.

Each client is a process of its own (no client waits for another's turn at
Python's lock) holding one HTTP/1.1 connection open across its requests, as
a browser or an HTTP library does; --new-connections opens one per request
instead. Standard library only (http.client, multiprocessing). Skips, saying
why, when a corpus file is absent.
"""

import argparse
import gzip
import http.client
import multiprocessing
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from run_bench import BIN, write_entities, write_titles  # noqa: E402

MAX_CLIENTS = 64
MAX_SECONDS = 120
WARM_UP_PASSES = 12
SOAK_SECONDS = 3600


def read_topics(path):
    with open(path, encoding="utf-8") as f:
        return [line.rstrip("\n").split("\t", 1)[1] for line in f if "\t" in line]


def split_corpus(paths, hold_back, first_path, rest_path):
    """Writes all articles of `paths` but the last `hold_back` to first_path,
    those to rest_path; returns the two counts."""
    lines = []
    for p in paths:
        with gzip.open(p, "rt", encoding="utf-8") as f:
            lines.extend(line for line in f if line.strip())
    cut = max(0, len(lines) - hold_back)
    with open(first_path, "w", encoding="utf-8") as f:
        f.writelines(lines[:cut])
    with open(rest_path, "w", encoding="utf-8") as f:
        f.writelines(lines[cut:])
    return cut, len(lines) - cut


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        return int(re.search(r"VmRSS:\s+(\d+) kB", f.read()).group(1)) / 1024


class Service:
    def __init__(self, db, work, threads):
        self.log = open(os.path.join(work, "serve.log"), "w+")
        self.process = subprocess.Popen(
            [os.path.join(BIN, "fahras-serve"), "--db", db, "--listen", "127.0.0.1:0",
             "--threads", str(threads), "--access-log", os.path.join(work, "access.log")],
            stderr=self.log)
        for _ in range(600):
            self.log.seek(0)
            m = re.search(r"listening on (http://\S+)", self.log.read())
            if m:
                self.url = m.group(1).rstrip("/")
                return
            if self.process.poll() is not None:
                break
            time.sleep(0.05)
        raise RuntimeError("fahras-serve did not start; see " + self.log.name)

    def stop(self):
        self.process.terminate()
        return self.process.wait(timeout=60)


def percentile(values, p):
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


class Client:
    """One client's connection to the service: kept open across requests
    (opened again after an error) unless `new_connections`."""

    def __init__(self, url, new_connections):
        parsed = urllib.parse.urlsplit(url)
        self.host, self.port = parsed.hostname, parsed.port
        self.new_connections = new_connections
        self.connection = None

    def fetch(self, query):
        """GET /search for `query`: (HTTP status or error text, milliseconds)."""
        target = "/search?" + urllib.parse.urlencode({"q": query, "limit": 10})
        start = time.perf_counter()
        try:
            if self.connection is None:
                self.connection = http.client.HTTPConnection(self.host, self.port, timeout=30)
            self.connection.request("GET", target)
            response = self.connection.getresponse()
            response.read()
            status = response.status
            if self.new_connections or response.will_close:
                self.close()
        except (OSError, http.client.HTTPException) as e:
            self.close()
            status = repr(e)
        return status, (time.perf_counter() - start) * 1000

    def close(self):
        if self.connection is not None:
            self.connection.close()
            self.connection = None


def client_loop(url, new_connections, mixed, first, step, deadline, once, quota, stop,
                results):
    """One client process: asks mixed[first], mixed[first + step], ... (round
    and round) until `deadline` (time.monotonic()), `stop` is set, `quota`
    requests if given, or, with `once`, the end of `mixed`; puts ({set:
    [ms...]}, failures) on `results`."""
    client = Client(url, new_connections)
    latencies, failures = {}, []
    i = first
    try:
        while time.monotonic() < deadline and not stop.is_set():
            if (once and i >= len(mixed)) or (quota and (i - first) // step >= quota):
                break
            name, query = mixed[i % len(mixed)]
            i += step
            status, ms = client.fetch(query)
            if status == 200:
                latencies.setdefault(name, []).append(ms)
            else:
                failures.append(f"{status} for {query!r}")
    except BaseException as e:  # reported, never left for the parent to wait on
        failures.append(f"client {first} stopped: {e!r}")
    finally:
        client.close()
        results.put((latencies, failures))


def run_phase(url, query_sets, clients, seconds, until=None, once=False, requests=0,
              new_connections=False):
    """`clients` processes, each cycling through its share of the queries (by
    set, interleaved), for `seconds` or until `until()` is true; with `once`,
    until every query was asked once; with `requests`, until that many were
    made. Returns {set: [ms...]}, failures (list of str), requests, wall
    seconds."""
    mixed = []
    longest = max(len(q) for q in query_sets.values())
    for i in range(longest):
        for name, queries in query_sets.items():
            if i < len(queries):
                mixed.append((name, queries[i]))
    context = multiprocessing.get_context("fork")
    stop, results = context.Event(), context.Queue()
    began = time.monotonic()
    deadline = began + seconds
    processes = [
        context.Process(target=client_loop,
                        args=(url, new_connections, mixed, k, clients, deadline, once,
                              -(-requests // clients), stop, results))
        for k in range(clients)
    ]
    for p in processes:
        p.start()
    if until:
        while not until() and time.monotonic() < deadline and any(p.is_alive() for p in processes):
            time.sleep(0.05)
        stop.set()
    latencies = {name: [] for name in query_sets}
    failures = []
    for _ in processes:  # read before join: a full pipe would block the child
        lat, fail = results.get()
        for name, ms in lat.items():
            latencies[name].extend(ms)
        failures.extend(fail)
    wall = time.monotonic() - began
    for p in processes:
        p.join()
    requests = sum(len(ms) for ms in latencies.values()) + len(failures)
    return latencies, failures, requests, wall


def batch_ms_per_query(db, titles_path, work, passes=3):
    """Milliseconds a query of `fahras-query --batch` (JSON Lines, top 10:
    the hits' fields, snippets and did-you-mean, as the service gives them)
    over the titles asked `passes` times in one run, start and opening
    included."""
    repeated = os.path.join(work, "titles-repeated.tsv")
    with open(titles_path, encoding="utf-8") as f:
        lines = f.readlines()
    with open(repeated, "w", encoding="utf-8") as f:
        f.writelines(lines * passes)
    started = time.monotonic()
    subprocess.run([os.path.join(BIN, "fahras-query"), "--db", db, "--batch", repeated,
                    "--format", "jsonl", "--limit", "10"], check=True, stdout=subprocess.DEVNULL)
    return (time.monotonic() - started) * 1000 / (len(lines) * passes)


def row(phase, clients, latencies, failures, requests, wall, rss):
    cells = [phase, str(clients), f"{requests / wall:.0f}"]
    for name in ("titles", "entities"):
        ms = latencies.get(name) or []
        cells.append(" / ".join(f"{percentile(ms, p):.1f}" for p in (50, 95, 99)) if ms else "–")
    cells += [str(len(failures)), f"{rss:.0f}"]
    return "| " + " | ".join(cells) + " |"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpora", nargs="+", help="JSONL.gz files (e.g. news-large-*.jsonl.gz)")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--add", type=int, default=10000, help="articles added while loaded")
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--work", help="folder for the database (default: a temporary one)")
    parser.add_argument("--soak", type=int, default=0, metavar="N",
                        help="then N requests more (titles and entities, --clients clients), "
                        "RSS and failures after them")
    parser.add_argument("--new-connections", action="store_true",
                        help="a connection per request instead of one kept open per client")
    args = parser.parse_args()
    missing = [p for p in args.corpora if not os.path.exists(p)]
    if missing:
        print(f"skipped: {', '.join(missing)} absent")
        return 0
    if not 1 <= args.clients <= MAX_CLIENTS or not 0 < args.seconds <= MAX_SECONDS:
        parser.error(f"--clients 1..{MAX_CLIENTS}, --seconds up to {MAX_SECONDS}")
    work = args.work or tempfile.mkdtemp(prefix="fahras-serve-load-")
    os.makedirs(work, exist_ok=True)
    first, rest = os.path.join(work, "first.jsonl"), os.path.join(work, "rest.jsonl")
    indexed, held = split_corpus(args.corpora, args.add, first, rest)
    # The database before the indexing phase is kept (db-base) for the next
    # run with the same --work.
    db, base = os.path.join(work, "db"), os.path.join(work, "db-base")
    shutil.rmtree(db, ignore_errors=True)
    if os.path.isdir(base):
        shutil.copytree(base, db)
    else:
        started = time.monotonic()
        subprocess.run([os.path.join(BIN, "fahras-index"), "--db", db, first], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        print(f"indexed {indexed} articles in {time.monotonic() - started:.0f} s", file=sys.stderr)
        shutil.copytree(db, base)
    titles_path, entities_path = os.path.join(work, "titles.tsv"), os.path.join(work, "entities.tsv")
    write_titles(args.corpora, titles_path)
    write_entities(entities_path)
    sets = {"titles": read_topics(titles_path), "entities": read_topics(entities_path)}

    service = Service(db, work, args.threads)
    pid = service.process.pid

    def phase(query_sets, clients, seconds, **kwargs):
        return run_phase(service.url, query_sets, clients, seconds,
                         new_connections=args.new_connections, **kwargs)

    rows = []
    try:
        # Warm-up: passes over every query until one grows the RSS by less
        # than 1% (each searching thread has its own database handles and
        # caches, and meets the queries in its own order).
        warm_rss, passes = rss_mb(pid), 0
        while passes < WARM_UP_PASSES:
            lat, fail, n, wall = phase(sets, args.clients, MAX_SECONDS, once=True)
            passes += 1
            before, warm_rss = warm_rss, rss_mb(pid)
            if warm_rss < before * 1.01:
                break
        rows.append(row(f"warm-up ({passes} passes over every query)", args.clients, lat, fail,
                        n, wall, warm_rss))
        lat, fail, n, wall = phase({"titles": sets["titles"]}, 1, args.seconds)
        one = n / wall
        one_mean = sum(lat["titles"]) / max(1, len(lat["titles"]))
        rows.append(row("titles", 1, lat, fail, n, wall, rss_mb(pid)))
        lat, fail, n, wall = phase({"titles": sets["titles"]}, args.clients, args.seconds)
        many = n / wall
        rows.append(row("titles", args.clients, lat, fail, n, wall, rss_mb(pid)))
        lat, fail, n, wall = phase(sets, args.clients, args.seconds)
        rows.append(row("titles + entities", args.clients, lat, fail, n, wall, rss_mb(pid)))
        failures = list(fail)
        indexer = subprocess.Popen([os.path.join(BIN, "fahras-index"), "--db", db, rest],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        started = time.monotonic()
        lat, fail, n, wall = phase(sets, args.clients, MAX_SECONDS,
                                   until=lambda: indexer.poll() is not None)
        index_seconds = time.monotonic() - started
        rows.append(row(f"titles + entities, indexing {held}", args.clients, lat, fail, n, wall,
                        rss_mb(pid)))
        failures += fail
        soak_rss = rss_mb(pid)
        if args.soak:
            lat, fail, n, wall = phase(sets, args.clients, SOAK_SECONDS, requests=args.soak)
            rows.append(row(f"titles + entities, {n:,} requests", args.clients, lat, fail, n,
                            wall, rss_mb(pid)))
            failures += fail
        end_rss = rss_mb(pid)
    finally:
        status = service.stop()
    batch_mean = batch_ms_per_query(db, titles_path, work)
    print("| phase | clients | queries/s | titles p50 / p95 / p99 ms | "
          "entities p50 / p95 / p99 ms | failed | RSS MB |")
    print("|---|---:|---:|---|---|---:|---:|")
    for r in rows:
        print(r)
    print()
    print(f"throughput, {args.clients} clients / 1 client (titles): {many / one:.2f}×; "
          f"RSS growth after warm-up: {100 * (end_rss - warm_rss) / warm_rss:+.1f}%"
          + (f" ({100 * (end_rss - soak_rss) / soak_rss:+.1f}% over the soak's requests); "
             if args.soak else "; ") +
          f"indexer status {indexer.returncode} in {index_seconds:.0f} s; "
          f"fahras-serve exit status after SIGTERM: {status}; "
          f"titles, 1 client: mean {one_mean:.2f} ms a request, fahras-query --batch "
          f"{batch_mean:.2f} ms a query; "
          f"{'a connection per request' if args.new_connections else 'connections kept open'}")
    for f in failures[:10]:
        print("failed:", f)
    return 0


if __name__ == "__main__":
    sys.exit(main())
