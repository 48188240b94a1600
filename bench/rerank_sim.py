#!/usr/bin/env python3
"""Re-ranking features tried over Fahras's ranking, with cross-validation.

Takes bench/rank_sim.py's ranking at the shipped weights and, for the first 20
passages of each question, adds weight x feature, for these features:
  window   the idf sum of the distinct question words in the passage's best
           window of 20 positions (proximity)
  title    1 when every word of the passage's title is a question word
  defines  1 for a «ما هو X» question when a word of X is followed within four
           words by هو or هي («X هو ...», how a definition opens)
  vectors  (with --news-db) the idf-weighted similarity of each question word
           the passage lacks to its nearest word in the passage, over word
           vectors learnt from a news database (tf-idf of its stems, truncated
           SVD to 256 dimensions; needs python3-numpy, python3-scipy and
           python3-xapian)
Prints each feature's MRR@10 at a few weights, then fits the weights of all
of them by coordinate ascent: the in-sample MRR@10, and the gain on unseen
articles under 2-fold cross-validation (articles, known by the title of the
relevant passage, split at random 8 times).

  bench/rerank_sim.py --collection ../shared/eval/arcd [--news-db DB]

Skips (exit 0, saying why) when the collection folder is absent.
"""

import argparse
import hashlib
import os
import pickle
import random
import re
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rank_sim  # noqa: E402
import trec_metrics  # noqa: E402

WINDOW_HITS = 20
WINDOW = 20
DEFINITION = re.compile(r"^\s*-?\s*(?:(?:ما|من)\s*(?:هو|هي|هى)|ماهو|ماهي|ماهى)\s")
WEIGHTS = (0, 0.25, 0.5, 1, 2, 4, 8)


def best_window(sequence, weights):
    """The largest weight sum of distinct words found within WINDOW positions."""
    hits = [(i, s) for i, s in enumerate(sequence) if s in weights]
    best = 0.0
    for a, (start, _) in enumerate(hits):
        seen = {s for p, s in hits[a:] if p - start < WINDOW}
        best = max(best, sum(weights[s] for s in seen))
    return best


class Vectors:
    """Unit word vectors of a news database's stems (Z terms in 5 or more articles)."""

    def __init__(self, db_path):
        # Named by the database's full path: two databases of one name differ.
        key = hashlib.sha1(os.path.abspath(db_path).encode()).hexdigest()[:12]
        cache = os.path.join(tempfile.gettempdir(), f"fahras-rerank-vectors-{key}.pickle")
        if os.path.exists(cache):
            self.vocab, self.matrix = pickle.load(open(cache, "rb"))
            return
        import numpy as np
        import scipy.sparse
        import scipy.sparse.linalg
        import xapian
        db = xapian.Database(db_path)
        self.vocab = {}
        for t in db.allterms("Z"):
            term = t.term.decode()[1:]
            if t.termfreq >= 5 and not term.startswith("S"):
                self.vocab[term] = len(self.vocab)
        rows, cols, vals, n = [], [], [], 0
        for doc in range(1, db.get_lastdocid() + 1):
            try:
                terms = db.termlist(doc)
            except xapian.DocNotFoundError:
                continue
            terms.skip_to(b"Z")
            for t in terms:
                term = t.term.decode()
                if not term.startswith("Z"):
                    break
                if term[1:] in self.vocab:
                    rows.append(n)
                    cols.append(self.vocab[term[1:]])
                    vals.append(1 + np.log(t.wdf))
            n += 1
        m = scipy.sparse.csr_matrix((np.array(vals, dtype=np.float32), (rows, cols)),
                                    shape=(n, len(self.vocab)))
        df = np.diff(m.tocsc().indptr)
        m = m.multiply(np.log(n / (df + 1)).astype(np.float32)).tocsr()
        _, s, vt = scipy.sparse.linalg.svds(m, k=256)
        self.matrix = (vt.T * s).astype(np.float32)
        self.matrix /= np.linalg.norm(self.matrix, axis=1, keepdims=True) + 1e-9
        pickle.dump((self.vocab, self.matrix), open(cache, "wb"))

    def nearest(self, word, others):
        """Cosine of `word` to its nearest word among `others` (0 when unknown)."""
        rows = [self.vocab[o] for o in others if o in self.vocab]
        if word not in self.vocab or not rows:
            return 0.0
        return float((self.matrix[rows] @ self.matrix[self.vocab[word]]).max())


def features(question_text, question, passage, idf, vectors):
    """{feature: value} of one passage for one question."""
    weights = {stem: idf(stem) for stem, _, stop in question if not stop}
    broads = {broad for _, broad, stop in question if not stop}
    title, body = passage
    sequence = [s for s, _, _ in title] + [""] * 100 + [s for s, _, _ in body]
    title_words = [(s, b) for s, b, stop in title if not stop]
    body_stems = [s for s, _, _ in body]
    values = {
        "window": best_window(sequence, weights),
        "title": float(bool(title_words) and all(s in weights or b in broads for s, b in title_words)),
        "defines": 0.0,
    }
    if DEFINITION.match(question_text):
        for i, s in enumerate(body_stems):
            if s in weights and any(x in ("هو", "هي") for x in body_stems[i + 1:i + 5]):
                values["defines"] = 1.0
                break
    if vectors:
        stems = set(sequence) - {""}
        lacking = [s for s in weights if s not in stems]
        values["vectors"] = sum(weights[s] * max(vectors.nearest(s, stems), 0) for s in lacking)
    return values


class Reranker:
    """rank_sim's ranking of every question, its first WINDOW_HITS passages with their features."""

    def __init__(self, analysis, qrels, topics, vectors):
        self.qrels = qrels
        # A question's article: its relevant passage's title.
        self.article = {q: str(analysis["docs"][next(iter(rel))][0]) for q, rel in qrels.items() if rel}
        self.base = rank_sim.rank(analysis, (0.5, 1.0), False)
        text, _, _ = rank_sim.fields(analysis["docs"])
        total = len(analysis["docs"])

        def idf(stem):
            return rank_sim.idf(text.df[stem], total) if text.df.get(stem) else 0.0

        self.candidates = {
            q: [(score, d, features(topics.get(q, ""), analysis["topics"][q], analysis["docs"][d], idf,
                                    vectors))
                for score, d in ranked[:WINDOW_HITS]]
            for q, ranked in self.base.items()}
        self.names = sorted({name for c in self.candidates.values() for _, _, f in c for name in f})

    def mrr(self, weights, topics=None):
        run, qrels = {}, {}
        for q, ranked in self.base.items():
            if topics is not None and q not in topics:
                continue
            head = [(s + sum(weights.get(k, 0) * f[k] for k in f), d) for s, d, f in self.candidates[q]]
            run[q] = sorted(head, reverse=True) + ranked[WINDOW_HITS:]
            qrels[q] = self.qrels[q]
        return trec_metrics.score(qrels, run)["MRR@10"]

    def fit(self, topics=None):
        weights = {k: 0 for k in self.names}
        best = self.mrr(weights, topics)
        for _ in range(3):
            for name in self.names:
                for w in WEIGHTS:
                    trial = dict(weights, **{name: w})
                    score = self.mrr(trial, topics)
                    if score > best + 1e-9:
                        best, weights = score, trial
        return weights, best

    def cross_validated_gain(self, splits=8):
        """MRR@10 gained on the questions of unseen articles, for each random 2-fold split."""
        article = self.article
        gains = []
        for seed in range(splits):
            articles = sorted(set(article.values()))
            random.Random(seed).shuffle(articles)
            half = set(articles[: len(articles) // 2])
            parts = [{q for q in article if article[q] in half}, {q for q in article if article[q] not in half}]
            gain = 0.0
            for train, test in (parts, parts[::-1]):
                weights, _ = self.fit(train)
                gain += (self.mrr(weights, test) - self.mrr({}, test)) * len(test) / len(article)
            gains.append(gain)
        return gains


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    trec_metrics.add_collection_args(ap)
    ap.add_argument("--cache", help="analysis cache (default: bench/rank_sim.py's)")
    ap.add_argument("--news-db", help="a Fahras database of news to learn word vectors from")
    args = ap.parse_args()
    if trec_metrics.collection_absent(args):
        return 0
    corpus, topics_path, qrels_path = trec_metrics.collection_files(args)
    topics = trec_metrics.read_topics(topics_path)
    analysis = rank_sim.load_analysis(args, corpus, topics_path)
    vectors = Vectors(args.news_db) if args.news_db else None
    reranker = Reranker(analysis, trec_metrics.read_qrels(qrels_path), topics, vectors)
    print(f"ranking alone: MRR@10 {reranker.mrr({}):.4f}")
    for name in reranker.names:
        scores = ", ".join(f"{w:g}: {reranker.mrr({name: w}):.4f}" for w in WEIGHTS[1:])
        print(f"  {name:<8} {scores}", flush=True)
    weights, best = reranker.fit()
    print(f"all fitted: MRR@10 {best:.4f} with {weights}")
    gains = reranker.cross_validated_gain()
    print(f"gain on unseen articles (2-fold, 8 splits): mean {sum(gains) / len(gains):+.4f}, "
          f"each {' '.join(f'{g:+.4f}' for g in gains)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
