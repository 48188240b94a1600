#!/usr/bin/env python3
"""Near-duplicate collapse on a Fahras database: cluster sizes, hits folded by
`fahras-query --collapse` for a few queries, and a sample of collapsed pairs to
read (see docs/collapse.md).

Usage: bench/collapse_check.py DB CORPUS.jsonl.gz... [--bin DIR] [--pairs N]
       [--seed S] [--queries FILE]

DB is a database built by fahras-index from the CORPUS files. Collapse keys
(value slot 6) are read with xapian-delve; the pairs are printed with the
beginning of both texts, for a person to judge whether they are one story.
"""
import argparse
import collections
import gzip
import json
import os
import random
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
QUERIES = ["السعودية", "الرياض", "النفط", "الأمم المتحدة", "سوريا", "الهلال",
           "وزير الخارجية", "الملك سلمان", "داعش", "كرة القدم"]


def slot_values(db, slot):
    """docid -> value of `slot`, for every document that has one (xapian-delve -V)."""
    out = subprocess.run(["xapian-delve", "-V%d" % slot, "-1", db], check=True,
                         capture_output=True, text=True, errors="replace").stdout
    values = {}
    for line in out.splitlines():
        m = re.match(r"^(\d+):(.*)$", line)
        if m:
            values[int(m.group(1))] = m.group(2)
    return values


def read_corpus(paths):
    records = {}
    for path in paths:
        opener = gzip.open if path.endswith(".gz") else open
        with opener(path, "rt", encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    r = json.loads(line)
                    records[str(r["id"])] = r
    return records


def shingles(text, k=4):
    words = re.findall(r"\w+", text)
    if len(words) < k:
        return {tuple(words)}
    return {tuple(words[i:i + k]) for i in range(len(words) - k + 1)}


def jaccard(a, b):
    sa, sb = shingles(a), shingles(b)
    return len(sa & sb) / max(1, len(sa | sb))


def matches(binary, db, q):
    """Every match of `q`, without collapsing (ids only: cheap)."""
    out = subprocess.run([binary, "--db", db, "--format", "ids", "--limit", "10000000", q],
                         capture_output=True, text=True, check=False)
    if out.returncode not in (0, 1):
        sys.exit("fahras-query failed: " + out.stderr)
    return len(out.stdout.splitlines())


def query(binary, db, q, collapse, limit):
    args = [binary, "--db", db, "--format", "json", "--limit", str(limit), q]
    if collapse:
        args.insert(1, "--collapse")
    out = subprocess.run(args, capture_output=True, text=True, check=False)
    if out.returncode not in (0, 1):
        sys.exit("fahras-query failed: " + out.stderr)
    return json.loads(out.stdout)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("db")
    p.add_argument("corpus", nargs="+")
    p.add_argument("--bin", default=os.path.join(ROOT, "build", "bin"))
    p.add_argument("--pairs", type=int, default=30)
    p.add_argument("--seed", type=int, default=6)
    p.add_argument("--queries", help="file of queries, one a line")
    args = p.parse_args()

    ids = slot_values(args.db, 2)
    keys = slot_values(args.db, 6)
    clusters = collections.defaultdict(list)
    for docid, key in keys.items():
        clusters[key].append(ids[docid])
    sizes = collections.Counter(len(m) for m in clusters.values())
    in_multi = sum(n * c for n, c in sizes.items() if n >= 2)
    multi = sum(c for n, c in sizes.items() if n >= 2)
    print("## Clusters\n")
    print("articles: %d, with a collapse key: %d, clusters: %d" % (len(ids), len(keys),
                                                                   len(clusters)))
    print("articles in clusters of 2 or more: %d (%.1f%%), in %d clusters" %
          (in_multi, 100.0 * in_multi / max(1, len(ids)), multi))
    print("cluster sizes: " + ", ".join("%d: %d" % (n, sizes[n]) for n in sorted(sizes)
                                        if n >= 2))

    queries = QUERIES
    if args.queries:
        with open(args.queries, encoding="utf-8") as f:
            queries = [l.strip() for l in f if l.strip()]
    binary = os.path.join(args.bin, "fahras-query")
    print("\n## Queries\n")
    print("| query | matches | stories (collapsed) | folded | top 10: hits with copies, copies |")
    print("|---|---:|---:|---:|---|")
    for q in queries:
        full = matches(binary, args.db, q)
        col = query(binary, args.db, q, True, 10)
        with_copies = [h["copies"] for h in col["hits"] if h["copies"] > 0]
        print("| %s | %d | %d | %d | %d, %d |" % (q, full, col["estimate"], full - col["estimate"],
                                                  len(with_copies), sum(with_copies)))

    records = read_corpus(args.corpus)
    rng = random.Random(args.seed)
    # A member of a random cluster of 2 or more, with the cluster's first article
    # (its key); one pair per cluster.
    multi_keys = sorted(k for k, m in clusters.items() if len(m) >= 2)
    sample = rng.sample(multi_keys, min(args.pairs, len(multi_keys)))
    print("\n## Sample of %d collapsed pairs (seed %d)\n" % (len(sample), args.seed))
    for n, key in enumerate(sample, 1):
        other = rng.choice(sorted(m for m in clusters[key] if m != key))
        a, b = records.get(key), records.get(other)
        if a is None or b is None:
            print("%d. %s / %s: not in the corpus files given" % (n, key, other))
            continue
        print("%d. %s (%s, %s) ~ %s (%s, %s); cluster of %d; word 4-shingle Jaccard %.2f" %
              (n, key, a["source"], a["date"], other, b["source"], b["date"],
               len(clusters[key]), jaccard(a["body"], b["body"])))
        for r in (a, b):
            body = " ".join(r["body"].split())
            print("   - %s | %s…" % (r["title"], body[:300]))
        print()


if __name__ == "__main__":
    main()
