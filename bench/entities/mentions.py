#!/usr/bin/python3
"""Which articles mention which entity — ground truth for bench/entities/check.py.

Independent of the engine: its own folding, tokenizing and clitic rules, standard
library only.

  bench/entities/mentions.py CORPUS... [--entities TSV] [-o OUT.json]
        [--relaxed-out REL.json] [--alt-out ALT.json]

CORPUS is JSON Lines (.jsonl or .jsonl.gz, one {"id", "title", "body"} per line);
several files are read as one corpus (news-large is two parts). OUT.json (default:
standard output) maps each entity's canonical name to the sorted ids of the
articles that mention it in one of its written forms (title or body).
--relaxed-out writes the same for "the entity or one of its adjectives" (the test
for a precise hit), --alt-out for the alternative (lexical) spellings of the
entities.tsv `alt` column.

Rules (README.md has the long version):
  fold      NFKC; drop harakat U+064B-065F, U+0670, Quranic marks U+06D6-06ED,
            tatweel, zero-width/bidi controls (U+200B-200F, U+202A-202E,
            U+2066-2069, U+FEFF); أ إ آ ٱ -> ا, ى -> ي, ة -> ه, ی -> ي, ک -> ك;
            Arabic-Indic and Persian digits -> 0-9; lower case
  tokens    maximal runs of word characters (Python's \\w) of the folded text
  match     token == P + first word of the form, then the next tokens equal the
            form's other words; P is one of "", و, ف followed by one of "",
            ب, ك, ل. For a name whose first word has the article (ال..., as
            the canonical name is written: not ألمانيا), the ل-form is لل...
            (للولايات). No suffixes: لبناني is the adjective,
            not a mention of لبنان.
  adjective each base (فرنسي) also as +ه (ة), +ين, +ون, +ان, +ات, +تين, +تان,
            with and without ال, with the same proclitics. For precision
            only, like the adjectives: a name that has no article written with
            one (الفيسبوك, الفيتنام).
"""

import argparse
import gzip
import json
import os
import re
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_ENTITIES = os.path.join(HERE, "entities.tsv")

# ---------------------------------------------------------------- folding

_DROP = [*range(0x064B, 0x0660), 0x0670, *range(0x06D6, 0x06EE), 0x0640,
         *range(0x200B, 0x2010), *range(0x202A, 0x202F), *range(0x2066, 0x206A), 0xFEFF]
_MAP = {0x0623: "ا", 0x0625: "ا", 0x0622: "ا", 0x0671: "ا", 0x0649: "ي", 0x0629: "ه",
        0x06CC: "ي", 0x06A9: "ك"}
_TABLE = {c: None for c in _DROP}
_TABLE.update(_MAP)
for _i in range(10):
    _TABLE[0x0660 + _i] = str(_i)
    _TABLE[0x06F0 + _i] = str(_i)

_WORD = re.compile(r"\w+")
# A raw token: word characters plus everything folding removes (so that a
# vocalized or stretched word stays one raw token).
_RAW = re.compile("[\\w" + "".join("\\u%04x" % c for c in _DROP) + "]+")


def fold(text):
    """The folding of the rules above, for a whole text."""
    return unicodedata.normalize("NFKC", text).translate(_TABLE).lower()


def tokens(text):
    """Folded tokens of text."""
    return _WORD.findall(fold(text))


def raw_tokens(text):
    """[(raw token as written, [folded tokens])] — to show what an article wrote."""
    out = []
    for raw in _RAW.findall(text):
        out.append((raw, _WORD.findall(fold(raw))))
    return out


# ---------------------------------------------------------------- entities

CONJ = ("", "و", "ف")
ADJ_SUFFIXES = ("", "ه", "ين", "ون", "ان", "ات", "تين", "تان")
KINDS = ("country", "city", "region", "person", "organisation")
TRAITS = ("stem", "inside", "variant", "short", "multi")


def _split(cell):
    return [f.strip() for f in cell.split("|") if f.strip()] if cell else []


def load_entities(path=DEFAULT_ENTITIES):
    """Read entities.tsv: canonical, kind, forms, adjectives, alt (| separated), traits (,).

    Returns a list of dicts with the raw strings (order of the file)."""
    ents = []
    seen = set()
    with open(path, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) < 3:
                raise SystemExit(f"{path}:{lineno}: need at least canonical, kind, forms")
            cols += [""] * (6 - len(cols))
            canonical, kind, forms, adjs, alt, traits = (c.strip() for c in cols[:6])
            if kind not in KINDS:
                raise SystemExit(f"{path}:{lineno}: kind {kind!r} not one of {KINDS}")
            traits = [t.strip() for t in traits.split(",") if t.strip()]
            bad = [t for t in traits if t not in TRAITS]
            if bad:
                raise SystemExit(f"{path}:{lineno}: trait {bad[0]!r} not one of {TRAITS}")
            if canonical in seen:
                raise SystemExit(f"{path}:{lineno}: {canonical} twice")
            seen.add(canonical)
            forms = _split(forms)
            if canonical not in forms:
                forms.insert(0, canonical)
            ents.append({"name": canonical, "kind": kind, "forms": forms,
                         "adjectives": _split(adjs), "alt": _split(alt), "traits": traits})
    return ents


def proclitic_forms(word, article):
    """Every accepted written token for a (folded) first word: clitics + word.

    article: the word begins with the article ال (so ل + ال is written لل)."""
    if article:
        preps = [word, "ب" + word, "ك" + word, "ل" + word[1:]]  # لل
    else:
        preps = [word, "ب" + word, "ك" + word, "ل" + word]
    return [c + p for c in CONJ for p in preps]


def has_article(name):
    """Whether the first word of name (as written, before folding) is ال + word."""
    w = unicodedata.normalize("NFKC", name).strip()
    return w.startswith("\u0627\u0644") and len(w.split(" ")[0]) > 3


def adjective_words(base):
    """[(folded adjective form, has article)] of a base such as فرنسي or ألماني."""
    b = tokens(base)
    if len(b) != 1:
        raise SystemExit(f"adjective {base!r} must be one word")
    b = b[0]
    if has_article(base):
        b = b[2:]
    out = []
    for s in ADJ_SUFFIXES:
        out.append((b + s, False))
        out.append(("ال" + b + s, True))
    return out


class Matcher:
    """Finds, in a token list, which entities are mentioned (strict, adjective, alt)."""

    def __init__(self, ents):
        self.ents = ents
        # first token -> [(entity index, rest tuple, category)]
        self.table = {}
        for i, e in enumerate(ents):
            # The article is told from the canonical spelling: الأردن has it,
            # ألمانيا (folded المانيا) does not, so ل + ألمانيا is لالمانيا.
            art = has_article(e["name"])
            for f in e["forms"]:
                toks = tokens(f)
                self._add(i, toks, "strict", art)
                if toks and not art:
                    # الفيسبوك, الفيتنام: not a form of the name, but a hit
                    # that has it is about the entity (precision only)
                    self._add(i, ["ال" + toks[0]] + toks[1:], "adj", True)
            for f in e["alt"]:
                self._add(i, tokens(f), "alt", has_article(f))
            for a in e["adjectives"]:
                for w, art_w in adjective_words(a):
                    self._add(i, [w], "adj", art_w)
        self.folded_forms = [[tuple(tokens(f)) for f in e["forms"]] for e in ents]

    def _add(self, i, toks, cat, article):
        if not toks:
            return
        rest = tuple(toks[1:])
        for w in proclitic_forms(toks[0], article and toks[0].startswith("ال")):
            entry = (i, rest, cat)
            lst = self.table.setdefault(w, [])
            if entry not in lst:
                lst.append(entry)

    def scan(self, toks, found):
        """Add (entity index, category) pairs mentioned in toks to the set found."""
        table = self.table
        n = len(toks)
        for j, t in enumerate(toks):
            hits = table.get(t)
            if not hits:
                continue
            for i, rest, cat in hits:
                k = len(rest)
                if k == 0 or (j + k < n and tuple(toks[j + 1:j + 1 + k]) == rest):
                    found.add((i, cat))

    def matches_at(self, toks, j, i, cats=("strict",)):
        """Length of the match of entity i at toks[j] (0 if none)."""
        for ei, rest, cat in self.table.get(toks[j], ()):
            k = len(rest)
            if ei == i and cat in cats and (k == 0 or tuple(toks[j + 1:j + 1 + k]) == rest):
                return k + 1
        return 0


# ---------------------------------------------------------------- corpus

def open_text(path):
    with open(path, "rb") as fh:
        magic = fh.read(2)
    if magic == b"\x1f\x8b":
        return gzip.open(path, "rt", encoding="utf-8")
    return open(path, encoding="utf-8")


def iter_corpus(paths):
    """Yield (id, title, body) of every article of the JSONL files."""
    for path in paths:
        with open_text(path) as fh:
            for lineno, line in enumerate(fh, 1):
                line = line.strip()
                if not line:
                    continue
                try:
                    obj = json.loads(line)
                except ValueError as exc:
                    print(f"{path}:{lineno}: bad JSON ({exc}), skipped", file=sys.stderr)
                    continue
                docid = obj.get("id")
                if docid is None or str(docid).strip() == "":
                    print(f"{path}:{lineno}: no id, skipped", file=sys.stderr)
                    continue
                yield str(docid).strip(), obj.get("title") or "", obj.get("body") or ""


def article_fields(title, body):
    """The texts searched, as separate fields (no phrase across title and body)."""
    return [t for t in (str(title), str(body)) if t]


def compute(paths, ents, progress=False):
    """Returns (strict, relaxed, alt_only): lists (per entity) of id sets.

    strict: a written form; relaxed: a form, an adjective or an alt spelling
    (an article that writes ترمب is about Trump: precision counts it); alt_only:
    an alt spelling and no form."""
    m = Matcher(ents)
    n_e = len(ents)
    strict = [set() for _ in range(n_e)]
    relaxed = [set() for _ in range(n_e)]
    alt_only = [set() for _ in range(n_e)]
    ndocs = 0
    for docid, title, body in iter_corpus(paths):
        found = set()
        for text in article_fields(title, body):
            m.scan(tokens(text), found)
        for i, cat in found:
            if cat == "strict":
                strict[i].add(docid)
                relaxed[i].add(docid)
            elif cat == "adj":
                relaxed[i].add(docid)
        for i, cat in found:
            if cat == "alt":
                relaxed[i].add(docid)
                if (i, "strict") not in found:
                    alt_only[i].add(docid)
        ndocs += 1
        if progress and ndocs % 10000 == 0:
            print(f"  ... {ndocs} articles", file=sys.stderr)
    return strict, relaxed, alt_only, ndocs


def as_json(ents, sets):
    return {e["name"]: sorted(s) for e, s in zip(ents, sets)}


def write_json(obj, path):
    text = json.dumps(obj, ensure_ascii=False, indent=1)
    if path in (None, "-"):
        sys.stdout.write(text + "\n")
    else:
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(text + "\n")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", nargs="+", help="JSONL(.gz) files, read as one corpus")
    ap.add_argument("--entities", default=DEFAULT_ENTITIES)
    ap.add_argument("-o", "--out", default="-", help="mentions JSON (default: stdout)")
    ap.add_argument("--relaxed-out", help="entity-or-adjective mentions JSON")
    ap.add_argument("--alt-out", help="articles with only an alternative spelling")
    ap.add_argument("--progress", action="store_true")
    a = ap.parse_args(argv)
    for p in a.corpus:
        if not os.path.exists(p):
            print(f"skipped: corpus {p} not found")
            return 0
    ents = load_entities(a.entities)
    strict, relaxed, alt_only, ndocs = compute(a.corpus, ents, a.progress)
    write_json(as_json(ents, strict), a.out)
    if a.relaxed_out:
        write_json(as_json(ents, relaxed), a.relaxed_out)
    if a.alt_out:
        write_json(as_json(ents, alt_only), a.alt_out)
    print(f"{ndocs} articles, {len(ents)} entities, "
          f"{sum(len(s) for s in strict)} (entity, article) mentions", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
