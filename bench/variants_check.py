#!/usr/bin/python3
"""Variant spellings and did-you-mean on a real corpus, counted independently
of the engine.

  bench/variants_check.py --db DB [--query-bin build/bin/fahras-query] CORPUS...

CORPUS (JSONL(.gz), several files = one corpus) is what DB was indexed from.

Variants: for each pair of spellings below, the script finds the articles that
write each spelling (its own folding of hamza, alef maqsura, teh marbuta and
diacritics; a word may carry a clitic in front: و ف ب ك ل ال and their
combinations) and checks that fahras-query finds, for spelling A, the articles
that write only spelling B (and the reverse), and that it does not with
--no-synonyms.

Did you mean: each misspelling of spelling_cases.tsv (misspelled TAB intended)
is asked with --format json; the script reports the suggestion and whether it
is the intended word (compared after the same folding).

With --strict the exit status tells whether the engine agrees: 1 if a query
for one spelling misses an article that writes only the other (or finds it
with --no-synonyms), or if a misspelling whose intended word the corpus holds
(clitics aside) does not get it, unless given with --expect-miss (then it must
still miss: the list stays true); 2 if a corpus file is missing.
"""

import argparse
import gzip
import json
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

PAIRS = [
    ("طاجيكستان", "طاجكستان"),
    ("بوتين", "بوتن"),
    ("ترامب", "ترمب"),
    ("أمريكا", "أميركا"),
    ("سوريا", "سورية"),
    ("غوغل", "جوجل"),
    ("نتنياهو", "نتانياهو"),
    ("إنجلترا", "إنكلترا"),
    ("ديمقراطية", "ديموقراطية"),
    ("واشنطن", "واشنطون"),
]

DIACRITICS = re.compile("[\u064b-\u065f\u0670\u0640]")
CLITICS = ("وبال", "وال", "فال", "بال", "كال", "ولل", "لل", "ال", "و", "ف", "ب", "ل", "ك")
WORD = re.compile(r"[\w\u064b-\u065f\u0670\u0640]+")


def fold(text):
    text = DIACRITICS.sub("", text)
    for a, b in (("أ", "ا"), ("إ", "ا"), ("آ", "ا"), ("ٱ", "ا"), ("ى", "ي"), ("ة", "ه"),
                 ("ی", "ي"), ("ک", "ك")):
        text = text.replace(a, b)
    return text.lower()


def bare_forms(word):
    """The word and what remains after each clitic it starts with."""
    forms = {word}
    for c in CLITICS:
        if word.startswith(c) and len(word) - len(c) >= 3:
            forms.add(word[len(c):])
    return forms


def read_articles(paths):
    for path in paths:
        opener = gzip.open if path.endswith(".gz") else open
        with opener(path, "rt", encoding="utf-8") as f:
            for line in f:
                r = json.loads(line)
                yield r["id"], fold(r.get("title", "") + " " + r.get("body", ""))


def writers(paths, spellings):
    """spelling → ids of the articles that write it (with or without clitic)."""
    wanted = {fold(s): s for s in spellings}
    found = {s: set() for s in spellings}
    for doc_id, text in read_articles(paths):
        seen = set()
        for w in WORD.findall(text):
            for form in bare_forms(w):
                if form in wanted:
                    seen.add(wanted[form])
        for s in seen:
            found[s].add(doc_id)
    return found


def query_ids(args, text, extra=()):
    out = subprocess.run([args.query_bin, "--db", args.db, "--format", "ids", "--limit", "1000000",
                          *extra, text], capture_output=True, text=True)
    if out.returncode not in (0, 1):
        sys.exit(f"fahras-query failed: {out.stderr}")
    return set(out.stdout.split())


def check_variants(args):
    spellings = [s for pair in PAIRS for s in pair]
    found = writers(args.corpus, spellings)
    print("## Variant spellings\n")
    print("| A | B | articles A only | B only | both | query A finds B-only | "
          "with --no-synonyms | query B finds A-only | with --no-synonyms |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
    for a, b in PAIRS:
        only_a, only_b = found[a] - found[b], found[b] - found[a]
        both = found[a] & found[b]
        qa, qa_off = query_ids(args, a), query_ids(args, a, ["--no-synonyms"])
        qb, qb_off = query_ids(args, b), query_ids(args, b, ["--no-synonyms"])
        print(f"| {a} | {b} | {len(only_a)} | {len(only_b)} | {len(both)} | "
              f"{len(qa & only_b)}/{len(only_b)} | {len(qa_off & only_b)}/{len(only_b)} | "
              f"{len(qb & only_a)}/{len(only_a)} | {len(qb_off & only_a)}/{len(only_a)} |")
    print()
    failures = 0
    for a, b in PAIRS:
        only_a, only_b = found[a] - found[b], found[b] - found[a]
        for q, only in ((a, only_b), (b, only_a)):
            failures += len(only - query_ids(args, q))
            failures += len(only & query_ids(args, q, ["--no-synonyms"]))
    return failures


def corpus_forms(paths):
    """Every word of the corpus, folded, with and without its clitics."""
    forms = set()
    for _, text in read_articles(paths):
        for w in WORD.findall(text):
            forms |= bare_forms(w)
    return forms


def check_spelling(args):
    cases = []
    with open(args.cases, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line and not line.startswith("#"):
                wrong, intended = line.split("\t")[:2]
                cases.append((wrong, intended))
    results = ask(args, [wrong for wrong, _ in cases])
    print("## Did you mean\n")
    print("| misspelled | articles | intended | suggestion | right |")
    print("|---|---:|---|---|:-:|")
    right = right_matching = matching = 0
    for i, (wrong, intended) in enumerate(cases):
        r = results[str(i)]
        suggestion = r.get("suggestion", "")
        found = r.get("total", r.get("estimate", 0))
        ok = fold(suggestion) == fold(intended)
        right += ok
        matching += found > 0
        right_matching += ok and found > 0
        print(f"| {wrong} | {found} | {intended} | {suggestion or '—'} | {'yes' if ok else 'no'} |")
    print(f"\n{right} of {len(cases)} misspellings get the intended correction "
          f"({right / len(cases):.2f}); of the {matching} that match some article, "
          f"{right_matching} ({right_matching / max(matching, 1):.2f}); of the "
          f"{len(cases) - matching} that match none, {right - right_matching}.\n")
    check_correct_names(args)
    return strict_spelling_failures(args, cases, results)


def ask(args, queries):
    """fahras-query's JSON answer (no hits) to each query, by its index as a string."""
    batch = "".join(f"{i}\t{q}\n" for i, q in enumerate(queries))
    out = subprocess.run([args.query_bin, "--db", args.db, "--batch", "-", "--format", "json",
                          "--limit", "0"], input=batch, capture_output=True, text=True)
    if out.returncode not in (0, 1):
        sys.exit(f"fahras-query failed: {out.stderr}")
    return {r["query_id"]: r for r in json.loads(out.stdout)}


def check_correct_names(args):
    """The entities of bench/entities/entities.tsv, correctly spelled: none may get a suggestion."""
    names = []
    with open(args.entities, encoding="utf-8") as f:
        for line in f:
            if line.strip() and not line.startswith("#"):
                name = line.split("\t")[0]
                names.append(f'"{name}"' if " " in name else name)
    results = ask(args, names)
    wrong = [(n, results[str(i)]["suggestion"]) for i, n in enumerate(names)
             if results[str(i)].get("suggestion")]
    print(f"{len(wrong)} of {len(names)} correctly spelled entity queries get a suggestion"
          + (": " + ", ".join(f"{n} → {s}" for n, s in wrong) if wrong else "") + ".\n")


def strict_spelling_failures(args, cases, results):
    """With --strict: the cases whose intended word the corpus holds that are not corrected
    (or are, though listed by --expect-miss), each printed."""
    held = corpus_forms(args.corpus)
    failures = 0
    for i, (wrong, intended) in enumerate(cases):
        if not bare_forms(fold(intended)) & held:
            continue
        ok = fold(results[str(i)].get("suggestion", "")) == fold(intended)
        if ok == (wrong in args.expect_miss):
            why = "corrected, but listed by --expect-miss" if ok else "not corrected"
            print(f"strict: {wrong} → {intended}: {why}")
            failures += 1
    return failures


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", required=True)
    parser.add_argument("--query-bin", default=os.path.join(ROOT, "build/bin/fahras-query"))
    parser.add_argument("--cases", default=os.path.join(HERE, "spelling_cases.tsv"))
    parser.add_argument("--strict", action="store_true",
                        help="exit 1 on a disagreement (see above), 2 if a corpus file is missing")
    parser.add_argument("--expect-miss", action="append", default=[], metavar="MISSPELLED",
                        help="with --strict: a misspelling known not to get its intended word")
    parser.add_argument("--entities", default=os.path.join(HERE, "entities", "entities.tsv"))
    parser.add_argument("--spelling-only", action="store_true", help="leave the variants out")
    parser.add_argument("corpus", nargs="+")
    args = parser.parse_args()
    for path in args.corpus:
        if not os.path.exists(path):
            print(f"skipped: {path} is missing")
            sys.exit(2 if args.strict else 0)
    failures = check_spelling(args)
    if not args.spelling_only:
        failures += check_variants(args)
    if args.strict and failures:
        sys.exit(f"{failures} disagreements")


if __name__ == "__main__":
    main()
