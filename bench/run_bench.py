#!/usr/bin/env python3
"""Fahras beside the peers (../shared/peers) in one run, one table.

For each corpus: index seconds, docs/s, database bytes, indexer peak RSS
(/usr/bin/time -v), and query latency p50/p95/p99 measured the way the peers
measure theirs (one warm-up pass, then per query: parse, match, fetch ids).
Query sets:
  arcd     the arcd dev questions over the arcd collection, top 100
  titles   1,000 article titles of the corpus as queries, top 10
  entities single-word entity names (bench/entities/entities.tsv), every match
Also the rate of the analysis chain alone (read, decompress, parse, normalize,
tokenize, stem; no Xapian writes) as the ceiling to chase.

  bench/run_bench.py --shared ../shared [--corpora small,large] [--peers "lucene sqlite xapian postgres"]
  bench/run_bench.py --shared ../shared --corpus A.jsonl.gz [--corpus B.jsonl.gz ...]
      [--queries titles,entities,arcd-style] [--peers "lucene xapian"] [--remote]

--corpus runs any JSON Lines corpus (gzip or not) instead of news-small and
news-large, each under its file name (scale-70000 for scale-70000.jsonl.gz).
--queries picks the query sets; besides the three above:
  arcd-style  the arcd dev questions as free text over the corpus itself, top 100
              (cost only: the answers are in another collection)
--remote serves each internal shard of the Fahras database with xapian-tcpsrv
on 127.0.0.1 (a port the system chose) and runs the title queries through them
too, beside the local database.
Every peer indexes a corpus once and answers every query set from that index.

Skips, saying why, when ../shared is absent. Writes the tables to stdout and
the raw JSON lines under --out (default: a temporary folder; results.jsonl holds
every row of the tables).
"""

import argparse
import gzip
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "build", "bin")


def timed(cmd, log):
    """Runs cmd under /usr/bin/time -v; returns (wall seconds, peak RSS MB, stdout)."""
    tfile = log + ".time"
    with open(log, "w") as err:
        out = subprocess.run(["/usr/bin/time", "-v", "-o", tfile] + cmd, stdout=subprocess.PIPE,
                             stderr=err, text=True)
    if out.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed, see {log}")
    text = open(tfile).read()
    wall = re.search(r"Elapsed \(wall clock\) time.*: (.*)", text).group(1)
    secs = 0.0
    for part in wall.split(":"):
        secs = secs * 60 + float(part)
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", text).group(1)) / 1024
    return secs, rss, out.stdout


def du_bytes(path):
    return int(subprocess.run(["du", "-sb", path], stdout=subprocess.PIPE, text=True).stdout.split()[0])


def count_docs(paths):
    n = 0
    for p in paths:
        with gzip.open(p, "rt", encoding="utf-8") as f:
            n += sum(1 for line in f if line.strip())
    return n


def write_titles(paths, out, n=1000, seed=7):
    titles = []
    for p in paths:
        with gzip.open(p, "rt", encoding="utf-8") as f:
            for line in f:
                t = (json.loads(line).get("title") or "").strip()
                if t:
                    titles.append(t.replace("\t", " "))
    random.Random(seed).shuffle(titles)
    with open(out, "w", encoding="utf-8") as f:
        for i, t in enumerate(titles[:n]):
            f.write(f"t{i}\t{t}\n")


def write_entities(out):
    n = 0
    with open(os.path.join(ROOT, "bench", "entities", "entities.tsv"), encoding="utf-8") as src, \
            open(out, "w", encoding="utf-8") as f:
        for line in src:
            if line.startswith("#") or not line.strip():
                continue
            name = line.split("\t")[0].strip()
            if " " not in name:
                f.write(f"e{n}\t{name}\n")
                n += 1


def fahras_search(db, topics, k, log):
    out = subprocess.run([os.path.join(BIN, "fahras-search-bench"), "--db", db, "--topics", topics,
                          "--k", str(k)], stdout=subprocess.PIPE, stderr=open(log, "w"), text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def python_interpreter():
    """The interpreter that sees python3-xapian and python3-psycopg2, as run_all.sh picks it."""
    return os.environ.get("PYTHON") or ("/usr/bin/python3" if os.path.exists("/usr/bin/python3") else "python3")


class Peers:
    """The peers of ../shared/peers, each indexing a corpus once and answering any number of
    query sets from that index (the commands run_all.sh runs, with its logs' layout)."""

    def __init__(self, shared, names, outdir):
        self.here = os.path.join(shared, "peers")
        self.names = names
        self.outdir = outdir
        self.indexed = {}
        os.makedirs(os.path.join(outdir, "index"), exist_ok=True)
        os.makedirs(os.path.join(outdir, "logs"), exist_ok=True)
        self.env = dict(os.environ, LUCENE_BUILD_DIR=os.path.join(outdir, "build"))

    def _step(self, name, kind, cmd):
        log = os.path.join(self.outdir, "logs", f"{name}.{kind}.log")
        out = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=open(log, "w"), text=True, env=self.env)
        lines = out.stdout.strip().splitlines()
        if out.returncode != 0 or not lines:
            print(f"(peer {name} {kind} failed: see {log}; its Debian packages are listed in "
                  f"{self.here}/README.md)", file=sys.stderr)
            return None
        with open(os.path.join(self.outdir, "logs", f"{name}.{kind}.json"), "w") as f:
            f.write(lines[-1] + "\n")
        return json.loads(lines[-1])

    def _cmd(self, peer, *args):
        if peer == "lucene":
            return [os.path.join(self.here, "peer_lucene.sh")] + list(args)
        return [python_interpreter(), os.path.join(self.here, f"peer_{peer}.py")] + list(args)

    def index(self, corpus):
        """Indexes corpus with every peer; returns {peer: index json}."""
        for peer in self.names:
            idx = os.path.join(self.outdir, "index", peer)
            shutil.rmtree(idx, ignore_errors=True)
            res = self._step(peer, "index", self._cmd(peer, "index", corpus, idx))
            if res is not None:
                self.indexed[peer] = res
        return dict(self.indexed)

    def search(self, qset, topics, k):
        """Runs topics (top k) against every index; returns {peer: search json}."""
        results = {}
        for peer in self.indexed:
            idx = os.path.join(self.outdir, "index", peer)
            if peer == "lucene":
                runs = [("lucene", ["--k1", "0.9", "--b", "0.4"]),
                        ("lucene_bm25default", ["--k1", "1.2", "--b", "0.75"])]
            else:
                runs = [(peer, [])]
            for name, extra in runs:
                run = os.path.join(self.outdir, f"{name}.{qset}.run")
                cmd = self._cmd(peer, "search", idx, topics, run, str(k), "--warmup", "1", *extra)
                if peer == "lucene":
                    cmd += ["--peer", name, "--tag", name]
                res = self._step(name, f"{qset}.search", cmd)
                if res is not None:
                    results[name] = res
        return results

    def drop_indexes(self):
        shutil.rmtree(os.path.join(self.outdir, "index"), ignore_errors=True)


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def accepts(port):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


class RemoteShards:
    """Each internal shard of a Fahras database served by its own xapian-tcpsrv on
    127.0.0.1, and a stub naming them (remote lines) and the database's tables
    database (an auto line: Xapian's remote protocol does not carry its tables;
    see docs/scaling.md)."""

    def __init__(self, db, outdir):
        self.servers = []
        lines = [l.split() for l in open(os.path.join(db, "XAPIANDB")) if l.strip() and not l.startswith("#")]
        shards = [os.path.join(db, l[1]) for l in lines if l[0] == "auto" and l[1] != "tables"]
        stub = []
        for shard in shards:
            for _ in range(10):  # a free port may be taken before the server binds it
                port = free_port()
                proc = subprocess.Popen(["xapian-tcpsrv", "--port", str(port), "--interface", "127.0.0.1",
                                         "--quiet", shard], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL, start_new_session=True)
                for _ in range(500):
                    if proc.poll() is not None or accepts(port):
                        break
                    time.sleep(0.02)
                if proc.poll() is None and accepts(port):
                    self.servers.append(proc)
                    stub.append(f"remote 127.0.0.1:{port}")
                    break
                self._kill(proc)
            else:
                self.stop()
                raise RuntimeError(f"xapian-tcpsrv did not start for {shard}")
        stub.append(f"auto {os.path.abspath(os.path.join(db, 'tables'))}")
        self.stub = os.path.join(outdir, os.path.basename(db.rstrip('/')) + ".remote.stub")
        with open(self.stub, "w") as f:
            f.write("\n".join(stub) + "\n")
        self.shards = len(shards)

    @staticmethod
    def _kill(proc):
        """Stops the server and the children it forked per connection (its own session)."""
        try:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=5)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            pass
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait()

    def stop(self):
        for proc in self.servers:
            self._kill(proc)
        self.servers = []

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


def label_of(path):
    name = os.path.basename(path)
    for ext in (".gz", ".jsonl", ".json"):
        if name.endswith(ext):
            name = name[: -len(ext)]
    return name


def ratio(a, b):
    return a / b if a is not None and b else None


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", default=os.path.join(ROOT, "..", "shared"))
    ap.add_argument("--corpora", help="small,large (the default when no --corpus is given)")
    ap.add_argument("--corpus", action="append", default=[], metavar="JSONL.GZ",
                    help="a corpus file to run, named after its file; repeatable")
    ap.add_argument("--queries", default="arcd,titles,entities",
                    help="query sets: arcd (its own collection), titles, entities, arcd-style")
    ap.add_argument("--peers", default="lucene sqlite xapian postgres")
    ap.add_argument("--jobs", default="", help="fahras-index --jobs (default: one per core)")
    ap.add_argument("--no-index-extras", action="store_true",
                    help="skip the fahras-index --jobs 1 run and the analysis-chain-only run")
    ap.add_argument("--remote", action="store_true",
                    help="title queries also through the database's shards served by xapian-tcpsrv")
    ap.add_argument("--drop-peer-indexes", action="store_true", help="delete each peer's index once searched")
    ap.add_argument("--out", help="keep raw results here")
    args = ap.parse_args()
    if not os.path.isdir(os.path.join(args.shared, "corpora")):
        print(f"skipped: {args.shared}/corpora not found")
        return 0
    out = args.out or tempfile.mkdtemp(prefix="fahras-bench-")
    os.makedirs(out, exist_ok=True)
    queries = [q.strip() for q in args.queries.split(",") if q.strip()]
    unknown = set(queries) - {"arcd", "titles", "entities", "arcd-style"}
    if unknown:
        ap.error(f"unknown query sets: {', '.join(sorted(unknown))}")
    peer_names = args.peers.split()
    named = {"small": [os.path.join(args.shared, "corpora", "news-small.jsonl.gz")],
             "large": [os.path.join(args.shared, "corpora", f"news-large-0{i}.jsonl.gz") for i in (0, 1)]}
    corpora = []
    keys = args.corpora if args.corpora is not None else ("" if args.corpus else "small,large")
    for key in filter(None, keys.split(",")):
        if key not in named:
            ap.error(f"unknown corpus {key} (small, large; or give a file with --corpus)")
        corpora.append((key, f"news-{key}", named[key]))
    for path in args.corpus:
        corpora.append((label_of(path), label_of(path), [os.path.abspath(path)]))
    index_rows, query_rows = [], []
    results = open(os.path.join(out, "results.jsonl"), "a")

    def add_query(qset, name, res, corpus, kind):
        query_rows.append((qset, name, res))
        results.write(json.dumps({"row": "query", "corpus": corpus, "set": kind, "engine": name,
                                  "result": res}, ensure_ascii=False) + "\n")
        results.flush()

    def add_index(corpus, name, docs, secs, size, rss):
        index_rows.append((corpus, name, docs, secs, size, rss))
        results.write(json.dumps({"row": "index", "corpus": corpus, "engine": name, "docs": docs,
                                  "seconds": secs, "bytes": size, "peak_rss_mb": rss}) + "\n")
        results.flush()

    arcd = os.path.join(args.shared, "eval", "arcd")
    arcd_topics = os.path.join(arcd, "topics-dev.tsv")
    # arcd: the question set over its own collection.
    if "arcd" in queries and os.path.isdir(arcd):
        db = os.path.join(out, "arcd.db")
        shutil.rmtree(db, ignore_errors=True)
        subprocess.run([os.path.join(BIN, "fahras-index"), "-q", "--db", db,
                        os.path.join(arcd, "collection.jsonl.gz")], check=True)
        add_query("arcd", "fahras", fahras_search(db, arcd_topics, 100, os.path.join(out, "arcd.log")),
                  "arcd", "arcd")
        peers = Peers(args.shared, peer_names, os.path.join(out, "peers-arcd"))
        peers.index(os.path.join(arcd, "collection.jsonl.gz"))
        for name, res in sorted(peers.search("arcd", arcd_topics, 100).items()):
            add_query("arcd", name, res, "arcd", "arcd")
        if args.drop_peer_indexes:
            peers.drop_indexes()

    for key, label, files in corpora:
        if not all(os.path.exists(f) for f in files):
            print(f"({label} skipped: not found)")
            continue
        docs = count_docs(files)
        db = os.path.join(out, f"{key}.db")
        shutil.rmtree(db, ignore_errors=True)
        jobs = ["--jobs", args.jobs] if args.jobs else []
        secs, rss, _ = timed([os.path.join(BIN, "fahras-index"), "-q", "--db", db] + jobs + files,
                             os.path.join(out, f"{key}.index.log"))
        add_index(label, f"fahras (--jobs {args.jobs or os.cpu_count()})", docs, secs, du_bytes(db), rss)
        if args.jobs != "1" and not args.no_index_extras:
            # One shard as well: the rate to compare with a single-threaded peer.
            db1 = os.path.join(out, f"{key}-jobs1.db")
            shutil.rmtree(db1, ignore_errors=True)
            secs1, rss1, _ = timed([os.path.join(BIN, "fahras-index"), "-q", "--db", db1, "--jobs", "1"]
                                   + files, os.path.join(out, f"{key}.index-jobs1.log"))
            add_index(label, "fahras (--jobs 1)", docs, secs1, du_bytes(db1), rss1)
            shutil.rmtree(db1, ignore_errors=True)
        if not args.no_index_extras and os.path.exists(os.path.join(BIN, "fahras-analyze-bench")):
            asecs, arss, _ = timed([os.path.join(BIN, "fahras-analyze-bench")] + files,
                                   os.path.join(out, f"{key}.analyze.log"))
            add_index(label, "analysis chain only", docs, asecs, 0, arss)

        sets = []
        if "titles" in queries:
            titles = os.path.join(out, f"{key}.titles.tsv")
            write_titles(files, titles)
            sets.append(("titles", titles, 10))
        if "entities" in queries:
            entities = os.path.join(out, "entities.tsv")
            write_entities(entities)
            sets.append(("entities", entities, 100000))
        if "arcd-style" in queries:
            if os.path.exists(arcd_topics):
                sets.append(("arcd-style", arcd_topics, 100))
            else:
                print(f"(arcd-style skipped: {arcd_topics} not found)")
        for qset, topics, k in sets:
            add_query(f"{label}/{qset}", "fahras",
                      fahras_search(db, topics, k, os.path.join(out, f"{key}.{qset}.log")), label, qset)
            if qset == "titles" and args.remote:
                with RemoteShards(db, out) as remote:
                    add_query(f"{label}/{qset}", f"fahras, {remote.shards} shards over xapian-tcpsrv",
                              fahras_search(remote.stub, topics, k, os.path.join(out, f"{key}.{qset}.remote.log")),
                              label, qset)

        # Peers: the corpus (its files concatenated) indexed once, every query set run on it.
        pdir = os.path.join(out, f"peers-{key}")
        os.makedirs(pdir, exist_ok=True)
        corpus = files[0]
        if len(files) > 1:
            corpus = os.path.join(pdir, "corpus.jsonl.gz")
            if not os.path.exists(corpus):
                with open(corpus, "wb") as cat:
                    for p in files:
                        cat.write(open(p, "rb").read())
        peers = Peers(args.shared, peer_names, pdir)
        for name, ix in sorted(peers.index(corpus).items()):
            add_index(label, name, ix.get("docs"), ix.get("seconds"), ix.get("index_bytes"), None)
        for qset, topics, k in sets:
            for name, res in sorted(peers.search(qset, topics, k).items()):
                add_query(f"{label}/{qset}", name, res, label, qset)
        if args.drop_peer_indexes:
            peers.drop_indexes()

    print("| corpus | engine | docs | index s | docs/s | database MB | peak RSS MB |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for label, name, docs, secs, size, rss in index_rows:
        rate = docs / secs if secs and docs else 0
        print(f"| {label} | {name} | {docs} | {secs or 0:.1f} | {rate:.0f} | {(size or 0) / 1e6:.0f} | "
              f"{'' if rss is None else f'{rss:.0f}'} |")
    print()
    print("| query set | engine | queries | p50 ms | p95 ms | p99 ms | mean ms |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for qset, name, res in query_rows:
        cells = [res.get(f) for f in ("ms_per_query_p50", "ms_per_query_p95", "ms_per_query_p99", "ms_per_query_mean")]
        fmt = ["" if c is None else f"{c:.3f}" for c in cells]
        print(f"| {qset} | {name} | {res.get('queries', '')} | " + " | ".join(fmt) + " |")
    # Fahras's time over Lucene's (BM25 0.9/0.4) and over plain Xapian's, per query set.
    by = {}
    for qset, name, res in query_rows:
        by.setdefault(qset, {})[name] = res
    if any("lucene" in e or "xapian" in e for e in by.values()):
        print()
        print("| query set | fahras/lucene p50 | fahras/lucene mean | fahras/xapian p50 | fahras/xapian mean |")
        print("|---|---:|---:|---:|---:|")
        for qset, engines in by.items():
            f = engines.get("fahras", {})
            cells = []
            for peer in ("lucene", "xapian"):
                p = engines.get(peer, {})
                for field in ("ms_per_query_p50", "ms_per_query_mean"):
                    r = ratio(f.get(field), p.get(field))
                    cells.append("" if r is None else f"{r:.2f}")
            print(f"| {qset} | " + " | ".join(cells) + " |")
    remote_rows = [(q, n, r) for q, n, r in query_rows if "xapian-tcpsrv" in n]
    if remote_rows:
        print()
        print("| query set | remote/local p50 | remote/local mean |")
        print("|---|---:|---:|")
        for qset, name, res in remote_rows:
            f = by[qset].get("fahras", {})
            cells = [ratio(res.get(x), f.get(x)) for x in ("ms_per_query_p50", "ms_per_query_mean")]
            print(f"| {qset} | " + " | ".join("" if c is None else f"{c:.2f}" for c in cells) + " |")
    print(f"\nraw results: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
