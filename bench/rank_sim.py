#!/usr/bin/env python3
"""Fahras's ranking, re-computed in Python, to try weights in seconds.

Reads what the analysis chain makes of a collection's passages and topics
(fahras-query --analyze --format json: stems and broad stems, from the very
code indexing runs; cached in --cache, to remove after changing the chain)
and ranks each topic's matches as fahras-query does: Xapian's BM25 (k1 1.2, b 0.75, min_normlen 0.5, its idf
with the floor it puts under common terms) over the text terms (title words
counted 3 times), plus the title field and the broad stems, each with its
weight, and the same document lengths as the index (every term's wdf). At
the shipped weights it gives the engine's MRR@10 within 0.001 on arcd dev (the
variant spellings of names are left out). Prints MRR@10 and nDCG@10 for each
combination of the weights given.

  bench/rank_sim.py --collection ../shared/eval/arcd
  bench/rank_sim.py --collection ../shared/eval/arcd --title-weight 0.3,0.5 --broad-weight 0,0.5,1

A rule to try (another broad stem, a new field) goes in `fields()`: docs/quality.md
marks the rows measured this way "simulated".
Skips (exit 0, saying why) when the collection folder is absent.
"""

import argparse
import collections
import concurrent.futures
import gzip
import json
import math
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import trec_metrics  # noqa: E402

K1, B, MIN_NORMLEN = 1.2, 0.75, 0.5
TITLE_WDF = 3


def analyze(tool, text):
    """[(stem, broad, query_stopword)] of `text`, from fahras-query --analyze."""
    if not text.strip():
        return []
    out = subprocess.run([tool, "--analyze", text, "--format", "json"], capture_output=True,
                         text=True)
    if out.returncode not in (0, 1):
        raise RuntimeError(f"fahras-query --analyze failed: {out.stderr.strip()}")
    return [(t["stem"], t["broad"], t["query_stopword"]) for t in json.loads(out.stdout)["tokens"]]


def load_analysis(args, corpus, topics_path):
    """{"docs": {id: [title tokens, body tokens]}, "topics": {id: tokens}}, cached in args.cache
    (default: in the temp folder, by collection name)."""
    name = os.path.basename(os.path.normpath(args.collection))
    args.cache = args.cache or os.path.join(tempfile.gettempdir(), f"fahras-rank-sim-{name}.json")
    if os.path.exists(args.cache):
        return json.load(open(args.cache, encoding="utf-8"))
    tool = os.path.join(args.bin, "fahras-query")
    with gzip.open(corpus, "rt", encoding="utf-8") as f:
        docs = [json.loads(line) for line in f if line.strip()]
    topics = [line.rstrip("\n").split("\t", 1) for line in open(topics_path, encoding="utf-8")]
    topics = [t for t in topics if len(t) == 2]
    with concurrent.futures.ThreadPoolExecutor(os.cpu_count() or 2) as pool:
        titles = pool.map(lambda d: analyze(tool, d.get("title", "")), docs)
        bodies = pool.map(lambda d: analyze(tool, d.get("body", "")), docs)
        questions = pool.map(lambda t: analyze(tool, t[1]), topics)
        analysis = {
            "docs": {d["id"]: [t, b] for d, t, b in zip(docs, titles, bodies)},
            "topics": {t[0]: q for t, q in zip(topics, questions)},
        }
    json.dump(analysis, open(args.cache, "w", encoding="utf-8"), ensure_ascii=False)
    return analysis


class Field:
    """One field's terms: wdf per document, and document frequencies."""

    def __init__(self, wdfs):
        self.wdf = wdfs
        self.df = collections.Counter()
        for counts in wdfs.values():
            self.df.update(counts.keys())


def fields(docs):
    """The index's fields as Fahras builds them: text (Z), title (ZS), broad (XB)."""
    text, title, broad = {}, {}, {}
    for doc_id, (title_tokens, body_tokens) in docs.items():
        z, zs, xb = collections.Counter(), collections.Counter(), collections.Counter()
        for stem, b, _ in title_tokens:
            z[stem] += TITLE_WDF
            zs[stem] += 1
            xb[b] += TITLE_WDF
        for stem, b, _ in body_tokens:
            z[stem] += 1
            xb[b] += 1
        text[doc_id], title[doc_id], broad[doc_id] = z, zs, xb
    return Field(text), Field(title), Field(broad)


def idf(n, total):
    tw = (total - n + 0.5) / (n + 0.5)
    if tw < 2:
        tw = tw * 0.5 + 1
    return math.log(tw)


def rank(analysis, weights, broad_matches):
    """TREC-style run {topic: [(score, doc)]}, top 100, for weights (title, broad)."""
    docs = analysis["docs"]
    text, title, broad = fields(docs)
    total = len(docs)
    length = {d: sum(text.wdf[d].values()) + sum(title.wdf[d].values()) + sum(broad.wdf[d].values())
              for d in docs}
    average = sum(length.values()) / total
    title_weight, broad_weight = weights
    run = {}
    for topic, tokens in analysis["topics"].items():
        words = collections.Counter((stem, b) for stem, b, stop in tokens if not stop)
        scores = {}
        for d in docs:
            norm = max(length[d] / average, MIN_NORMLEN)
            score, matched = 0.0, False
            for (stem, b), wqf in words.items():
                qw = 2 * wqf / (1 + wqf)
                for field, term, weight, matches in ((text, stem, 1.0, True),
                                                     (title, stem, title_weight, True),
                                                     (broad, b, broad_weight, broad_matches)):
                    wdf = field.wdf[d].get(term, 0)
                    if not wdf or not weight:
                        continue
                    tf = (K1 + 1) * wdf / (K1 * ((1 - B) + B * norm) + wdf)
                    score += weight * idf(field.df[term], total) * qw * tf
                    matched = matched or matches
            if matched:
                scores[d] = score
        run[topic] = sorted(((s, d) for d, s in scores.items()), reverse=True)[:100]
    return run


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    trec_metrics.add_collection_args(ap)
    ap.add_argument("--cache", help="analysis cache (default: in the temp folder, by collection name)")
    ap.add_argument("--title-weight", default="0.5", help="comma-separated weights of the title field")
    ap.add_argument("--broad-weight", default="1", help="comma-separated weights of the broad stems")
    ap.add_argument("--broad-matches", action="store_true", help="let broad stems add matches (OR)")
    args = ap.parse_args()
    if trec_metrics.collection_absent(args):
        return 0
    corpus, topics, qrels_path = trec_metrics.collection_files(args)
    qrels = trec_metrics.read_qrels(qrels_path)
    analysis = load_analysis(args, corpus, topics)
    print("| title weight | broad weight | MRR@10 | nDCG@10 |\n| ---: | ---: | ---: | ---: |")
    for tw in (float(w) for w in args.title_weight.split(",")):
        for bw in (float(w) for w in args.broad_weight.split(",")):
            scores = trec_metrics.score(qrels, rank(analysis, (tw, bw), args.broad_matches))
            print(f"| {tw:g} | {bw:g} | {scores['MRR@10']:.4f} | {scores['nDCG@10']:.4f} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
