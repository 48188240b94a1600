#!/usr/bin/env python3
"""The questions of a TREC run whose relevant passage is not first, by kind.

Reads a run (bench/eval.py --keep-run RUN, or a peer's) and sorts each topic
whose first passage is not relevant into the first kind that fits:
  prefix       the first passage is, word for word, the opening of the relevant
               one (the collection holds a passage at two lengths)
  short        the question has three words or fewer (often no subject at all)
  same-title   the first passage has the relevant passage's title
  other        the first passage is of another title
  none         nothing found
Passages are compared after removing punctuation and spaces. Prints the counts
and, with --show N, N questions of each kind; and how many passages are the
opening of a longer one, and for how many questions either version is relevant.

Then, through the analysis chain (fahras-query --analyze, cached as
bench/rank_sim.py caches it), what matching words can still settle: a question
word matches a passage when its stem or broad stem is among the passage's.
For each question whose passage is not first, it tells whether the relevant
passage matches, against every passage ranked above it, a word that passage
does not; if not, only how often and in how long a passage the words occur
can move it up. Prints how many questions are of each sort, and the MRR@10
and nDCG@10 of the run with every passage above a relevant one that lacks one
of its matched words moved below it, nothing else changed: the most a rule
about which words match could give.

  bench/misses.py --collection ../shared/eval/arcd --run RUN [--show 5]

Skips (exit 0, saying why) when the collection folder is absent.
"""

import argparse
import collections
import gzip
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rank_sim  # noqa: E402
import trec_metrics  # noqa: E402

KINDS = ["prefix", "short", "same-title", "other", "none"]


def words(text):
    return re.findall(r"\w+", text)


def kind_of(question, first, relevant, passages):
    if first is None:
        return "none"
    if first in passages and relevant in passages:
        a, b = (" ".join(words(passages[d]["body"])) for d in (first, relevant))
        if len(a) < len(b) and b.startswith(a):
            return "prefix"
    if len(words(question)) <= 3:
        return "short"
    same = passages.get(first, {}).get("title") == passages.get(relevant, {}).get("title")
    return "same-title" if same else "other"


def matched_words(question, passage):
    """Indexes of the question's words whose stem or broad stem the passage holds."""
    stems = {stem for stem, _, _ in passage[0] + passage[1]}
    broads = {broad for _, broad, _ in passage[0] + passage[1]}
    return {i for i, (stem, broad) in enumerate(question) if stem in stems or broad in broads}


def word_ceiling(analysis, qrels, run):
    """What matching words could still settle, as (questions whose passage is not first and
    matches, against each passage above it, a word that passage lacks; the other questions
    whose passage is not first; run with every passage above a relevant one that lacks one of
    its matched words moved below it).
    """
    by_word, by_frequency, moved = 0, 0, {}
    docs = analysis["docs"]
    for q, rel in qrels.items():
        relevant = [d for d, r in rel.items() if r > 0]
        ranked = [d for _, d in sorted(run.get(q, []), reverse=True)]
        if not relevant or relevant[0] not in ranked or q not in analysis["topics"]:
            moved[q] = run.get(q, [])
            continue
        question = [(stem, broad) for stem, broad, stop in analysis["topics"][q] if not stop]
        wanted = matched_words(question, docs[relevant[0]])
        above = ranked[: ranked.index(relevant[0])]
        kept = [d for d in above if wanted <= matched_words(question, docs[d])]
        if above:
            by_word += not kept
            by_frequency += bool(kept)
        order = kept + [relevant[0]] + [d for d in ranked if d not in kept and d != relevant[0]]
        moved[q] = [(len(order) - i, d) for i, d in enumerate(order)]
    return by_word, by_frequency, moved


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    trec_metrics.add_collection_args(ap)
    ap.add_argument("--run", required=True, help="TREC run to look into")
    ap.add_argument("--cache", help="analysis cache (default: bench/rank_sim.py's)")
    ap.add_argument("--show", type=int, default=0, help="questions to print of each kind")
    args = ap.parse_args()
    if trec_metrics.collection_absent(args):
        return 0

    corpus, topics_path, qrels_path = trec_metrics.collection_files(args)
    topics = trec_metrics.read_topics(topics_path)
    qrels = trec_metrics.read_qrels(qrels_path)
    run = trec_metrics.read_run(args.run)
    passages = {}
    with gzip.open(corpus, "rt", encoding="utf-8") as f:
        for line in f:
            p = json.loads(line)
            passages[p["id"]] = p

    by_kind = collections.defaultdict(list)
    asked = 0
    for q, rel in qrels.items():
        relevant = [d for d, r in rel.items() if r > 0]
        if not relevant:
            continue
        asked += 1
        # First as trec_eval orders: score descending, then docid descending.
        ranked = sorted(run.get(q, []), reverse=True)
        first = ranked[0][1] if ranked else None
        if first in relevant:
            continue
        by_kind[kind_of(topics.get(q, ""), first, relevant[0], passages)].append((q, first, relevant[0]))

    # Passages at two lengths: which of the two is relevant, and is it first.
    text = {d: " ".join(words(p["body"])) for d, p in passages.items()}
    by_title = collections.defaultdict(list)
    for d, p in passages.items():
        by_title[p.get("title")].append(d)
    shorter, longer = set(), set()
    for ids in by_title.values():
        for a in ids:
            for b in ids:
                if len(text[a]) < len(text[b]) and text[b].startswith(text[a]):
                    shorter.add(a)
                    longer.add(b)
    print(f"{len(shorter)} passages are the opening of a longer one")
    for name, group in (("shorter", shorter), ("longer", longer)):
        relevant = [q for q, rel in qrels.items() if any(r > 0 and d in group for d, r in rel.items())]
        first = [q for q in relevant if run.get(q) and qrels[q].get(sorted(run[q], reverse=True)[0][1], 0) > 0]
        print(f"  the {name} version is relevant for {len(relevant)} questions, first for {len(first)}")

    missed = sum(len(v) for v in by_kind.values())
    print(f"{missed} of {asked} questions have no relevant passage first")
    for kind in KINDS:
        print(f"  {kind:<10} {len(by_kind[kind])}")
        for q, first, relevant in by_kind[kind][: args.show]:
            print(f"      {topics.get(q, '').strip()}  (first {first}, relevant {relevant})")

    analysis = rank_sim.load_analysis(args, corpus, topics_path)
    by_word, by_frequency, moved = word_ceiling(analysis, qrels, run)
    print("questions whose passage is not first, by what could move it up:")
    print(f"  {by_word:4} a question word it matches and each passage above it does not")
    print(f"  {by_frequency:4} only how often and in how long a passage the words occur")
    now, best = trec_metrics.score(qrels, run), trec_metrics.score(qrels, moved)
    print("every passage above a relevant one that lacks one of its matched question words moved")
    print(f"below it: MRR@10 {now['MRR@10']:.4f} -> {best['MRR@10']:.4f}, "
          f"nDCG@10 {now['nDCG@10']:.4f} -> {best['nDCG@10']:.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
