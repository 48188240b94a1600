#!/usr/bin/env python3
"""Known-item check on news: each article title as a query, is its article first?

Takes the 1,000 titles bench/run_bench.py uses as its "titles" query set (same
corpus files, same seed), asks
  fahras-query --db DB --batch - --format trec --plain --limit 10
and prints how many queries have an article with exactly that title first, and
the MRR@10 of those articles (several copies of a story may share a title: any
of them counts).

  bench/known_item.py --db DB ../shared/corpora/news-large-0{0,1}.jsonl.gz

Skips (exit 0, saying why) when a corpus file is absent.
"""

import argparse
import collections
import gzip
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from run_bench import write_titles  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", nargs="+", help="the JSONL(.gz) files DB was built from")
    ap.add_argument("--db", required=True, help="Fahras database of the corpus")
    ap.add_argument("--bin", default=os.path.join(ROOT, "build", "bin"))
    args = ap.parse_args()
    missing = [p for p in args.corpus if not os.path.exists(p)]
    if missing:
        print(f"skipped: {', '.join(missing)} not found")
        return 0

    with tempfile.TemporaryDirectory() as tmp:
        topics_path = os.path.join(tmp, "titles.tsv")
        write_titles(args.corpus, topics_path)
        with open(topics_path, encoding="utf-8") as f:
            topics = dict(line.rstrip("\n").split("\t", 1) for line in f)
    # The ids of the articles of each title, titles written as write_titles() writes them.
    wanted = set(topics.values())
    ids_of = collections.defaultdict(set)
    for path in args.corpus:
        with gzip.open(path, "rt", encoding="utf-8") as f:
            for line in f:
                record = json.loads(line)
                title = (record.get("title") or "").strip().replace("\t", " ")
                if title in wanted:
                    ids_of[title].add(str(record["id"]))

    batch = "".join(f"{qid}\t{title}\n" for qid, title in topics.items())
    out = subprocess.run([os.path.join(args.bin, "fahras-query"), "--db", args.db, "--batch", "-",
                          "--format", "trec", "--plain", "--limit", "10"],
                         input=batch, capture_output=True, text=True, check=True).stdout
    ranked = collections.defaultdict(list)
    for line in out.splitlines():
        qid, _, docid, _rank, _score, _tag = line.split()
        ranked[qid].append(docid)

    first = 0
    reciprocal = 0.0
    for qid, title in topics.items():
        for rank, docid in enumerate(ranked[qid], 1):
            if docid in ids_of[title]:
                reciprocal += 1 / rank
                first += rank == 1
                break
    print(f"{len(topics)} titles: the article first for {first}, "
          f"MRR@10 {reciprocal / len(topics):.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
