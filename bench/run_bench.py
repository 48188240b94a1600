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

Skips, saying why, when ../shared is absent. Writes the table to stdout and
the raw JSON lines under --out (default: a temporary folder).
"""

import argparse
import gzip
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile

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


def peers_run(shared, corpus_files, topics, k, peers, outdir):
    """run_all.sh over one corpus file (concatenated when several); returns {peer: json}."""
    os.makedirs(outdir, exist_ok=True)
    corpus = corpus_files[0]
    if len(corpus_files) > 1:
        corpus = os.path.join(outdir, "corpus.jsonl.gz")
        if not os.path.exists(corpus):
            with open(corpus, "wb") as out:
                for p in corpus_files:
                    out.write(open(p, "rb").read())
    env = dict(os.environ, PEERS=peers, K=str(k), KEEP_INDEXES="1")
    subprocess.run([os.path.join(shared, "peers", "run_all.sh"), corpus, topics, outdir], env=env,
                   stdout=subprocess.DEVNULL, stderr=open(os.path.join(outdir, "run_all.log"), "w"))
    results = {}
    for name in os.listdir(outdir):
        if name.endswith(".json") and name != "corpus.json":
            try:
                results[name[:-5]] = json.load(open(os.path.join(outdir, name)))
            except (ValueError, OSError):
                pass
    wanted = set(peers.split()) | ({"lucene_bm25default"} if "lucene" in peers.split() else set())
    for name in sorted(wanted - set(results)):
        print(f"(peer {name} gave no result: see {outdir}/run_all.log and {outdir}/logs/; "
              f"its Debian packages are listed in {shared}/peers/README.md)", file=sys.stderr)
    return results


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", default=os.path.join(ROOT, "..", "shared"))
    ap.add_argument("--corpora", default="small,large")
    ap.add_argument("--peers", default="lucene sqlite xapian postgres")
    ap.add_argument("--jobs", default="", help="fahras-index --jobs (default: one per core)")
    ap.add_argument("--out", help="keep raw results here")
    args = ap.parse_args()
    if not os.path.isdir(os.path.join(args.shared, "corpora")):
        print(f"skipped: {args.shared}/corpora not found")
        return 0
    out = args.out or tempfile.mkdtemp(prefix="fahras-bench-")
    os.makedirs(out, exist_ok=True)
    corpora = {"small": [os.path.join(args.shared, "corpora", "news-small.jsonl.gz")],
               "large": [os.path.join(args.shared, "corpora", f"news-large-0{i}.jsonl.gz") for i in (0, 1)]}
    index_rows, query_rows = [], []

    # arcd: the question set over its own collection.
    arcd = os.path.join(args.shared, "eval", "arcd")
    if os.path.isdir(arcd):
        db = os.path.join(out, "arcd.db")
        shutil.rmtree(db, ignore_errors=True)
        subprocess.run([os.path.join(BIN, "fahras-index"), "-q", "--db", db,
                        os.path.join(arcd, "collection.jsonl.gz")], check=True)
        topics = os.path.join(arcd, "topics-dev.tsv")
        query_rows.append(("arcd", "fahras", fahras_search(db, topics, 100, os.path.join(out, "arcd.log"))))
        peers = peers_run(args.shared, [os.path.join(arcd, "collection.jsonl.gz")], topics, 100,
                          args.peers, os.path.join(out, "peers-arcd"))
        for name, res in sorted(peers.items()):
            query_rows.append(("arcd", name, res.get("search") or {}))

    for key in args.corpora.split(","):
        files = corpora[key]
        if not all(os.path.exists(f) for f in files):
            print(f"(news-{key} skipped: not found)")
            continue
        docs = count_docs(files)
        db = os.path.join(out, f"{key}.db")
        shutil.rmtree(db, ignore_errors=True)
        jobs = ["--jobs", args.jobs] if args.jobs else []
        secs, rss, _ = timed([os.path.join(BIN, "fahras-index"), "-q", "--db", db] + jobs + files,
                             os.path.join(out, f"{key}.index.log"))
        label = f"fahras (--jobs {args.jobs or os.cpu_count()})"
        index_rows.append((key, label, docs, secs, du_bytes(db), rss))
        if args.jobs != "1":
            # One shard as well: the rate to compare with a single-threaded peer.
            db1 = os.path.join(out, f"{key}-jobs1.db")
            shutil.rmtree(db1, ignore_errors=True)
            secs1, rss1, _ = timed([os.path.join(BIN, "fahras-index"), "-q", "--db", db1, "--jobs", "1"]
                                   + files, os.path.join(out, f"{key}.index-jobs1.log"))
            index_rows.append((key, "fahras (--jobs 1)", docs, secs1, du_bytes(db1), rss1))
            shutil.rmtree(db1, ignore_errors=True)
        asecs, arss, _ = timed([os.path.join(BIN, "fahras-analyze-bench")] + files,
                               os.path.join(out, f"{key}.analyze.log")) \
            if os.path.exists(os.path.join(BIN, "fahras-analyze-bench")) else (None, None, None)
        if asecs:
            index_rows.append((key, "analysis chain only", docs, asecs, 0, arss))

        titles = os.path.join(out, f"{key}.titles.tsv")
        write_titles(files, titles)
        entities = os.path.join(out, "entities.tsv")
        write_entities(entities)
        for qset, topics, k in (("titles", titles, 10), ("entities", entities, 100000)):
            query_rows.append((f"{key}/{qset}", "fahras",
                               fahras_search(db, topics, k, os.path.join(out, f"{key}.{qset}.log"))))
            pdir = os.path.join(out, f"peers-{key}-{qset}")
            os.makedirs(pdir, exist_ok=True)
            for name, res in sorted(peers_run(args.shared, files, topics, k, args.peers, pdir).items()):
                query_rows.append((f"{key}/{qset}", name, res.get("search") or {}))
                if qset == "titles" and res.get("index"):
                    ix = res["index"]
                    index_rows.append((key, name, ix.get("docs"), ix.get("seconds"), ix.get("index_bytes"), None))

    print("| corpus | engine | docs | index s | docs/s | database MB | peak RSS MB |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for key, name, docs, secs, size, rss in index_rows:
        rate = docs / secs if secs else 0
        print(f"| news-{key} | {name} | {docs} | {secs:.1f} | {rate:.0f} | {size / 1e6:.0f} | "
              f"{'' if rss is None else f'{rss:.0f}'} |")
    print()
    print("| query set | engine | queries | p50 ms | p95 ms | p99 ms | mean ms |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for qset, name, res in query_rows:
        cells = [res.get(f) for f in ("ms_per_query_p50", "ms_per_query_p95", "ms_per_query_p99", "ms_per_query_mean")]
        fmt = ["" if c is None else f"{c:.3f}" for c in cells]
        print(f"| {qset} | {name} | {res.get('queries', '')} | " + " | ".join(fmt) + " |")
    print(f"\nraw results: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
