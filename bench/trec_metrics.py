"""TREC run scoring, computed as NIST trec_eval -c does.

Each topic's lines are re-sorted by score descending, ties broken by docid
descending, whatever the rank column says; a topic of the qrels with no line
in the run counts 0. Measures: recip_rank cut at 10 (MRR@10), ndcg_cut.10,
map_cut.10, recall.10 and recall.100.
"""

import collections
import math
import os

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def add_collection_args(ap):
    """The options of a tool run over a collection: --collection, --topics, --qrels, --bin."""
    ap.add_argument("--collection", required=True, help="folder with collection.jsonl.gz, topics-dev.tsv, qrels-dev.txt")
    ap.add_argument("--topics", help="topics file (default: COLLECTION/topics-dev.tsv)")
    ap.add_argument("--qrels", help="qrels file (default: COLLECTION/qrels-dev.txt)")
    ap.add_argument("--bin", default=os.path.join(ROOT, "build", "bin"), help="folder of the built tools")


def collection_absent(args):
    """Whether the collection folder of parsed add_collection_args options is absent (then says so)."""
    if os.path.isdir(args.collection):
        return False
    print(f"skipped: no collection folder at {args.collection}")
    return True


def collection_files(args):
    """(corpus, topics, qrels) paths of parsed add_collection_args options."""
    return (os.path.join(args.collection, "collection.jsonl.gz"),
            args.topics or os.path.join(args.collection, "topics-dev.tsv"),
            args.qrels or os.path.join(args.collection, "qrels-dev.txt"))


def read_topics(path):
    """{qid: query} of a topics file of 'qid<TAB>query' lines."""
    with open(path, encoding="utf-8") as f:
        return dict(line.rstrip("\n").split("\t", 1) for line in f if "\t" in line)


def read_qrels(path):
    qrels = collections.defaultdict(dict)
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) == 4:
                qrels[parts[0]][parts[2]] = int(parts[3])
    return qrels


def read_run(path):
    run = collections.defaultdict(list)
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) == 6:
                run[parts[0]].append((float(parts[4]), parts[2]))
    return run


def score(qrels, run):
    """Mean of each measure over the topics of `qrels` that have a relevant document."""
    totals = collections.Counter()
    topics = [q for q, rel in qrels.items() if any(r > 0 for r in rel.values())]
    for q in topics:
        rel = qrels[q]
        ranked = [d for _, d in sorted(run.get(q, []), key=lambda x: (x[0], x[1]), reverse=True)]
        n_rel = sum(1 for r in rel.values() if r > 0)
        hits = [rel.get(d, 0) > 0 for d in ranked]
        first = next((i for i, h in enumerate(hits[:10]) if h), None)
        totals["MRR@10"] += 0 if first is None else 1 / (first + 1)
        dcg = sum(rel.get(d, 0) / math.log2(i + 2) for i, d in enumerate(ranked[:10]))
        ideal = sorted((r for r in rel.values() if r > 0), reverse=True)[:10]
        idcg = sum(r / math.log2(i + 2) for i, r in enumerate(ideal))
        totals["nDCG@10"] += dcg / idcg if idcg else 0
        found, precisions = 0, 0.0
        for i, h in enumerate(hits[:10]):
            if h:
                found += 1
                precisions += found / (i + 1)
        totals["MAP@10"] += precisions / n_rel
        totals["Recall@10"] += sum(hits[:10]) / n_rel
        totals["Recall@100"] += sum(hits[:100]) / n_rel
    return {m: totals[m] / len(topics) for m in MEASURES} if topics else {}


MEASURES = ["MRR@10", "nDCG@10", "MAP@10", "Recall@10", "Recall@100"]
