#!/usr/bin/python3
"""Checks `fahras-query --facet source` against counts made without the engine.

  bench/facets_check.py DB CORPUS... [--name طاجيكستان] [--also SPELLING...]
                        [--fahras-query PATH]

DB is a database fahras-index built from the CORPUS files (JSON Lines,
.jsonl or .jsonl.gz; several files = one corpus, a later record with the same
id replacing an earlier one, as the indexer does). For the name (default
«طاجيكستان») the script counts, per source, the articles whose title or body
holds the name, by its own rules:
  - text normalized: NFKC; harakat, Quranic marks, superscript alef, tatweel,
    zero-width and bidi controls removed; hamza seats أ إ آ ٱ → ا; ى → ي;
    Persian ی ک → ي ك;
  - split into words at anything that is not a letter or digit;
  - a word is the name, or the name after clitics: و or ف, then ب ك or ل,
    then ال (or لل for ل + ال), e.g. وبالطاجيكستان, فطاجيكستان, للطاجيكستان;
  - other spellings of the name given with --also count as the name (by
    default, for «طاجيكستان», the variants Fahras ships: طاجكستان, تاجيكستان,
    تاجكستان; --also '' for none).
It then runs `fahras-query --db DB --plain NAME --facet source --format json`
and prints per source: the script's count, fahras-query's facet count, and
the hits fahras-query listed counted by their source in the corpus (which
checks the facet arithmetic apart from the question of which articles
match). Then the articles one side finds and the other does not, with the
words that decided. Exit status 0 if every count agrees, 1 if not, 2 on
error.
"""

import argparse
import collections
import gzip
import json
import os
import re
import subprocess
import sys
import unicodedata

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

_REMOVED = re.compile(
    "[\u064b-\u065f\u0670\u06d6-\u06ed\u0640\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff\u00ad]")
_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ی": "ي", "ک": "ك"})
_WORD = re.compile(r"[^\W_]+")


def normalize(text):
    text = unicodedata.normalize("NFKC", text)
    return _REMOVED.sub("", text).translate(_FOLD)


def name_pattern(names):
    n = "|".join(re.escape(normalize(name)) for name in names if name)
    return re.compile(f"^(?:[وف]?(?:[بكل]?(?:ال)?|لل))(?:{n})$")


def read_corpus(paths):
    records = {}
    for path in paths:
        opener = gzip.open if path.endswith(".gz") else open
        with opener(path, "rt", encoding="utf-8") as f:
            for number, line in enumerate(f, 1):
                if not line.strip():
                    continue
                try:
                    r = json.loads(line)
                except ValueError:
                    print(f"{path}:{number}: not JSON, skipped", file=sys.stderr)
                    continue
                if isinstance(r, dict) and isinstance(r.get("id"), str) and r["id"]:
                    records[r["id"]] = r
    return records


def matching_words(record, pattern):
    text = " ".join(str(record.get(k) or "") for k in ("title", "body"))
    return sorted({w for w in _WORD.findall(normalize(text)) if pattern.match(w)})


def engine(fahras_query, db, name, fmt, extra):
    cmd = [fahras_query, "--db", db, "--plain", "--format", fmt, "--limit", "1000000"] + extra
    r = subprocess.run(cmd + ["--", name], capture_output=True, text=True)
    if r.returncode not in (0, 1):
        sys.exit(f"facets_check: {' '.join(cmd)} failed: {r.stderr.strip()}")
    return r.stdout


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("db")
    ap.add_argument("corpus", nargs="+")
    ap.add_argument("--name", default="طاجيكستان")
    ap.add_argument("--also", action="append",
                    help="another spelling of the name, counted as it (repeatable)")
    ap.add_argument("--fahras-query", default=os.path.join(ROOT, "build", "bin", "fahras-query"))
    ap.add_argument("--show", type=int, default=20, help="differing articles to list (default 20)")
    args = ap.parse_args()
    for path in args.corpus:
        if not os.path.exists(path):
            print(f"skipped: {path} not found")
            return 0

    records = read_corpus(args.corpus)
    also = args.also
    if also is None:
        also = ["طاجكستان", "تاجيكستان", "تاجكستان"] if args.name == "طاجيكستان" else []
    pattern = name_pattern([args.name] + also)
    mine = {}  # id → words that matched
    for rid, r in records.items():
        words = matching_words(r, pattern)
        if words:
            mine[rid] = words
    expected = collections.Counter(records[rid].get("source") or "" for rid in mine)

    result = json.loads(engine(args.fahras_query, args.db, args.name, "json", ["--facet", "source"]))
    got = {v["value"]: v["count"] for v in result["facets"]["source"]}
    found = {h["id"] for h in result["hits"]}

    spellings = "".join(f" or «{a}»" for a in also if a)
    print(f"name «{args.name}»{spellings}: {len(records)} articles, {len(mine)} hold it by this script's "
          f"rules, fahras-query finds {len(found)}")
    hits = collections.Counter((records.get(rid) or {}).get("source") or "" for rid in found)
    print(f"{'source':<30} {'script':>8} {'facet':>8} {'hits':>8}")
    sources = sorted(set(expected) | set(got) | set(hits), key=lambda s: (-expected.get(s, 0), s))
    differ = facet_wrong = 0
    for s in sources:
        if not s:
            continue
        e, g, h = expected.get(s, 0), got.get(s, 0), hits.get(s, 0)
        differ += e != g
        facet_wrong += g != h
        print(f"{s:<30} {e:>8} {g:>8} {h:>8}{'' if e == g == h else '  ≠'}")
    if expected.get("") or hits.get(""):
        print(f"{'(no source: not a facet value)':<30} {expected.get('', 0):>8} {'':>8} "
              f"{hits.get('', 0):>8}")
    print(f"{'total with a source':<30} {sum(n for s, n in expected.items() if s):>8} "
          f"{sum(got.values()):>8} {sum(n for s, n in hits.items() if s):>8}")

    # For articles found by the engine alone, the words that look like the name.
    key = normalize(args.name)[:max(3, len(normalize(args.name)) - 4)]
    only_mine = sorted(set(mine) - found)
    only_engine = sorted(found - set(mine))
    for label, ids in (("held by the script's rules, not found by fahras-query", only_mine),
                       ("found by fahras-query, not held by the script's rules", only_engine)):
        if not ids:
            continue
        print(f"\n{len(ids)} {label}:")
        for rid in ids[:args.show]:
            r = records.get(rid, {})
            words = mine.get(rid) or sorted(
                {w for w in _WORD.findall(normalize(" ".join(
                    str(r.get(k) or "") for k in ("title", "body")))) if key in w})
            print(f"  {rid}  [{r.get('source', '')}]  {' '.join(words[:8])}")
    print()
    print("facet counts equal fahras-query's hits by source" if facet_wrong == 0 else
          f"facet counts differ from fahras-query's hits for {facet_wrong} sources")
    print("the script's counts equal the facet counts" if differ == 0 else
          f"the script's counts differ from the facet counts for {differ} sources")
    return 0 if differ == 0 and facet_wrong == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
