#!/usr/bin/env python3
"""Relevance evaluation of Fahras on a TREC-style collection.

Indexes COLLECTION with fahras-index, answers TOPICS with
  fahras-query --batch TOPICS --format trec --plain --limit 100
and prints MRR@10, nDCG@10, MAP@10, Recall@10 and Recall@100 as NIST
trec_eval -c computes them, with the mean query time. Other runs (for example
the peers' from ../shared/peers/run_all.sh) can be scored beside it.

  bench/eval.py --collection ../shared/eval/arcd            # a folder with
        collection.jsonl.gz, topics-dev.tsv and qrels-dev.txt
  bench/eval.py --collection DIR --run lucene=OUT/lucene.run --run xapian=OUT/xapian.run

Skips (exit 0, saying why) when the collection folder is absent.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import trec_metrics  # noqa: E402



def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    trec_metrics.add_collection_args(ap)
    ap.add_argument("--run", action="append", default=[], metavar="NAME=FILE", help="another TREC run to score beside Fahras")
    ap.add_argument("--keep-run", metavar="FILE", help="write Fahras's run here")
    ap.add_argument("--limit", type=int, default=100)
    args = ap.parse_args()

    corpus, topics, qrels_path = trec_metrics.collection_files(args)
    for path in (corpus, topics, qrels_path):
        if not os.path.exists(path):
            print(f"skipped: {path} not found (the evaluation collections live in ../shared/eval)")
            return 0
    qrels = trec_metrics.read_qrels(qrels_path)

    rows = []
    with tempfile.TemporaryDirectory(prefix="fahras-eval-") as tmp:
        db = os.path.join(tmp, "db")
        subprocess.run([os.path.join(args.bin, "fahras-index"), "--quiet", "--db", db, corpus], check=True)
        run_path = args.keep_run or os.path.join(tmp, "fahras.run")
        n_topics = sum(1 for line in open(topics, encoding="utf-8") if line.strip())
        start = time.perf_counter()
        with open(run_path, "w", encoding="utf-8") as out:
            status = subprocess.run([os.path.join(args.bin, "fahras-query"), "--db", db, "--batch", topics,
                                     "--format", "trec", "--plain", "--limit", str(args.limit)], stdout=out).returncode
        seconds = time.perf_counter() - start
        if status not in (0, 1):
            print(f"fahras-query failed with status {status}", file=sys.stderr)
            return 2
        rows.append(("fahras", trec_metrics.score(qrels, trec_metrics.read_run(run_path)),
                     1000 * seconds / max(n_topics, 1)))
    for spec in args.run:
        name, _, path = spec.partition("=")
        rows.append((name, trec_metrics.score(qrels, trec_metrics.read_run(path)), None))

    print("| run | " + " | ".join(trec_metrics.MEASURES) + " | ms/query |")
    print("| --- |" + " ---: |" * (len(trec_metrics.MEASURES) + 1))
    for name, scores, ms in rows:
        cells = [f"{scores.get(m, 0):.4f}" for m in trec_metrics.MEASURES]
        print(f"| {name} | " + " | ".join(cells) + f" | {'' if ms is None else f'{ms:.2f}'} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
