#!/usr/bin/python3
"""Entity completeness of Fahras: does the query for a name find every article
that mentions it, whatever its spelling and clitics, and nothing else?

  bench/entities/check.py --mentions M.json CORPUS... [--db DB]
        [--peers-dir ../shared/peers] [--markdown OUT.md] [--json OUT.json]

CORPUS (JSONL(.gz), several files = one corpus) is needed to judge precision
(does a hit mention the entity or its adjective?) and, without --db, is indexed
into a temporary database with fahras-index. M.json is mentions.py's output for
the same corpus (the truth for recall).

For each entity of entities.tsv, Fahras answers the bare canonical name (quoted
when it has several words) with --limit 100000, and every spelling variant of
that query (no hamza, diacritics, tatweel, Persian yeh/keheh, ة→ه, final ي→ى,
zero-width joiners, presentation forms). Per entity:
  recall         |found ∩ truth| / |truth|
  P@10           hits among the first 10 (fewer if fewer found) that mention the
                 entity or an adjective of it
  set precision  found that mention the entity or an adjective / found
  variants       whether every variant query returned exactly the same ids
With --peers-dir, ../shared/peers/run_all.sh runs the same topics (canonical and
variants) through Lucene and plain Xapian (PEERS, K=--limit, WARMUP=0) and they
are scored beside Fahras. Whatever lives under ../shared is an argument: when it
is absent the script says "skipped: ..." and exits 0 (or, for the peers, goes on
without them).
"""

import argparse
import collections
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True
import mentions as mn  # noqa: E402

TARGETS = {"mean_recall": 0.995, "min_recall": 0.98, "p10": 0.99, "set_precision": 0.985,
           "min_set_precision": 0.90}

# ---------------------------------------------------------------- query variants

_HAMZA = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا"})
_PERSIAN = str.maketrans({"ي": "ی", "ك": "ک"})
# Letters that do not join the following letter.
_RIGHT_JOINING = set("اأإآٱدذرزوؤةى")
_HARAKAT = ("\u064e", "\u0652", "\u0650", "\u064f", "\u0651\u064e")


def _is_arabic_letter(c):
    return "\u0621" <= c <= "\u064a"


def _per_word(s, f):
    return " ".join(f(w) for w in s.split(" "))


def _vocalize(w):
    out, k = [], 0
    if w.startswith("ال"):  # the article stays bare, as usually written
        out.append(w[:2])
        w = w[2:]
    for c in w:
        out.append(c)
        if _is_arabic_letter(c) and c not in "اى":
            out.append(_HARAKAT[k % len(_HARAKAT)])
            k += 1
    return "".join(out)


def _tatweel(w):
    for j in range(len(w) - 1):
        if _is_arabic_letter(w[j]) and w[j] not in _RIGHT_JOINING and _is_arabic_letter(w[j + 1]):
            return w[:j + 1] + "\u0640\u0640\u0640" + w[j + 1:]
    return w


def _zw(w):
    return w[:2] + "\u200c" + w[2:] if len(w) > 3 else w


def _final_ya(w):
    return w[:-1] + "ى" if w.endswith("ي") else w


def _final_ta(w):
    return w[:-1] + "ه" if w.endswith("ة") else w


_FORMS = None


def _presentation_table():
    """letter -> {isolated, final, initial, medial} from Unicode's compatibility data."""
    import unicodedata
    table = {}
    for cp in list(range(0xFE70, 0xFF00)):
        d = unicodedata.decomposition(chr(cp))
        if not d.startswith("<"):
            continue
        tag, _, rest = d.partition(" ")
        parts = rest.split()
        if len(parts) != 1:
            continue
        table.setdefault(chr(int(parts[0], 16)), {})[tag.strip("<>")] = chr(cp)
    return table


def _presentation(w):
    """The word in Arabic presentation forms (how some PDFs and old pages store text)."""
    global _FORMS
    if _FORMS is None:
        _FORMS = _presentation_table()
    out = []
    for j, c in enumerate(w):
        forms = _FORMS.get(c)
        if not forms:
            out.append(c)
            continue
        prev = w[j - 1] if j else ""
        nxt = w[j + 1] if j + 1 < len(w) else ""
        joins_prev = bool(prev) and prev in _FORMS and prev not in _RIGHT_JOINING and "medial" in _FORMS[prev]
        joins_next = bool(nxt) and nxt in _FORMS and c not in _RIGHT_JOINING and "initial" in forms
        if joins_prev and joins_next:
            key = "medial"
        elif joins_prev:
            key = "final"
        elif joins_next:
            key = "initial"
        else:
            key = "isolated"
        out.append(forms.get(key) or forms.get("isolated") or c)
    return "".join(out)


def spelling_variants(name):
    """[(label, text)] of spellings of name that must find what name finds."""
    cands = [
        ("nohamza", name.translate(_HAMZA)),
        ("diacritics", _per_word(name, _vocalize)),
        ("tatweel", _per_word(name, _tatweel)),
        ("persian", name.translate(_PERSIAN)),
        ("ta-ha", _per_word(name, _final_ta)),
        ("ya-alef", _per_word(name, _final_ya)),
        ("zwnj", _per_word(name, _zw)),
        ("presentation", _per_word(name, _presentation)),
    ]
    out, seen = [], {name}
    for label, text in cands:
        if text not in seen:
            seen.add(text)
            out.append((label, text))
    return out


def query_text(name):
    return f'"{name}"' if " " in name.strip() else name


# ---------------------------------------------------------------- running engines

def read_trec(path_or_lines):
    """qid -> [docid in rank order]."""
    runs = collections.defaultdict(list)
    lines = path_or_lines
    if isinstance(path_or_lines, str):
        with open(path_or_lines, encoding="utf-8") as fh:
            lines = fh.read().splitlines()
    rows = []
    for line in lines:
        parts = line.split()
        if len(parts) < 6:
            continue
        rows.append((parts[0], int(parts[3]), -float(parts[4]), parts[2]))
    # keep the engine's rank order
    for qid, rank, _, docid in sorted(rows, key=lambda r: (r[0], r[1])):
        runs[qid].append(docid)
    return runs


def run_fahras(binary, dbs, topics, limit):
    """Answer [(qid, query)] with one fahras-query --batch; returns (runs, seconds)."""
    cmd = [binary]
    for db in dbs:
        cmd += ["--db", db]
    cmd += ["--batch", "-", "--format", "trec", "--limit", str(limit)]
    stdin = "".join(f"{q}\t{t}\n" for q, t in topics)
    t0 = time.perf_counter()
    p = subprocess.run(cmd, input=stdin, capture_output=True, text=True)
    secs = time.perf_counter() - t0
    if p.returncode not in (0, 1):
        raise SystemExit(f"fahras-query failed ({p.returncode}): {p.stderr.strip()}")
    return read_trec(p.stdout.splitlines()), secs


def index_fahras(binary, corpus, db):
    t0 = time.perf_counter()
    p = subprocess.run([binary, "--db", db, "--quiet", *corpus], capture_output=True, text=True)
    if p.returncode != 0:
        raise SystemExit(f"fahras-index failed ({p.returncode}): {p.stderr.strip()[-2000:]}")
    return time.perf_counter() - t0


def run_peers(peers_dir, peers, corpus, topics, outdir, limit):
    """run_all.sh on one corpus file; returns {peer: runs}."""
    script = os.path.join(peers_dir, "run_all.sh")
    if len(corpus) == 1:
        cpath = os.path.abspath(corpus[0])
    else:  # the peers read one file: concatenate the parts (uncompressed)
        cpath = os.path.join(outdir, "corpus.jsonl")
        with open(cpath, "w", encoding="utf-8") as out:
            for path in corpus:
                with mn.open_text(path) as fh:
                    for line in fh:
                        if line.strip():
                            out.write(line if line.endswith("\n") else line + "\n")
    tpath = os.path.join(outdir, "topics.tsv")
    with open(tpath, "w", encoding="utf-8") as fh:
        for q, t in topics:
            fh.write(f"{q}\t{t}\n")
    env = dict(os.environ, PEERS=" ".join(peers), K=str(limit), WARMUP="0", KEEP_INDEXES="0")
    print(f"running peers {peers} (run_all.sh, K={limit}) ...", file=sys.stderr)
    t0 = time.perf_counter()
    p = subprocess.run(["bash", script, cpath, tpath, os.path.join(outdir, "runs")],
                       env=env, capture_output=True, text=True)
    print(f"peers done in {time.perf_counter() - t0:.0f} s (exit {p.returncode})", file=sys.stderr)
    if p.returncode != 0:
        print(p.stderr[-3000:], file=sys.stderr)
    if len(corpus) > 1:
        os.remove(cpath)
    out = {}
    for peer in peers:
        run = os.path.join(outdir, "runs", f"{peer}.run")
        if os.path.exists(run):
            out[peer] = read_trec(run)
        else:
            print(f"peer {peer}: no run file, left out", file=sys.stderr)
    return out


# ---------------------------------------------------------------- scoring

def score_entity(found, truth, relaxed):
    fset = set(found)
    r = {"truth": len(truth), "found": len(fset)}
    r["recall"] = len(fset & truth) / len(truth) if truth else None
    top = found[:10]
    if top:
        r["p10"] = sum(1 for d in top if d in relaxed) / len(top)
    else:
        r["p10"] = 0.0 if truth else None
    r["set_precision"] = len(fset & relaxed) / len(fset) if fset else None
    r["missed"] = sorted(truth - fset)
    r["imprecise"] = [d for d in found if d not in relaxed]
    return r


def score_system(runs, ents, topics_by_entity, truth, relaxed, alt_only):
    """Per-entity scores of one system (runs: qid -> ranked ids)."""
    rows = []
    for i, e in enumerate(ents):
        qid, variants = topics_by_entity[i]
        found = runs.get(qid, [])
        s = score_entity(found, truth[i], relaxed[i])
        s["name"] = e["name"]
        s["kind"] = e["kind"]
        s["traits"] = e.get("traits", [])
        fset = set(found)
        diff = []
        for vqid, label, _text in variants:
            vset = set(runs.get(vqid, []))
            if vset != fset:
                diff.append(f"{label} (+{len(vset - fset)}/-{len(fset - vset)})")
        s["variants"] = len(variants)
        s["variants_differing"] = diff
        s["alt_only"] = len(alt_only[i])
        s["alt_only_found"] = len(alt_only[i] & fset)
        rows.append(s)
    return rows


def _mean(xs):
    xs = [x for x in xs if x is not None]
    return sum(xs) / len(xs) if xs else None


def summarize(rows):
    scored = [r for r in rows if r["recall"] is not None]
    worst = min(scored, key=lambda r: (r["recall"], -r["truth"])) if scored else None
    with_sp = [r for r in rows if r["set_precision"] is not None]
    worst_sp = min(with_sp, key=lambda r: (r["set_precision"], -r["found"])) if with_sp else None
    worst_p10 = min((r for r in scored if r["p10"] is not None),
                    key=lambda r: (r["p10"], -r["truth"]), default=None)
    found_all = sum(r["found"] for r in rows)
    found_ok = sum(r["found"] - len(r["imprecise"]) for r in rows)
    truth_all = sum(r["truth"] for r in scored)
    return {
        "entities": len(rows),
        "entities_with_mentions": len(scored),
        "mean_recall": _mean(r["recall"] for r in scored),
        "micro_recall": (sum(r["truth"] - len(r["missed"]) for r in scored) / truth_all) if truth_all else None,
        "worst": (worst["name"], worst["recall"], worst["truth"]) if worst else None,
        "below_0.98": sum(1 for r in scored if r["recall"] < TARGETS["min_recall"]),
        "worst_p10": (worst_p10["name"], worst_p10["p10"]) if worst_p10 else None,
        "worst_set_precision": (worst_sp["name"], worst_sp["set_precision"], worst_sp["found"])
        if worst_sp else None,
        "mean_p10": _mean(r["p10"] for r in scored),
        "mean_set_precision": _mean(r["set_precision"] for r in scored),
        "micro_set_precision": found_ok / found_all if found_all else None,
        "variants_consistent": sum(1 for r in rows if not r["variants_differing"]),
        "variant_queries": sum(r["variants"] for r in rows),
        "alt_only_found": sum(r["alt_only_found"] for r in rows),
        "alt_only": sum(r["alt_only"] for r in rows),
    }


def fmt(x, nd=3):
    return "n/a" if x is None else f"{x:.{nd}f}"


# ---------------------------------------------------------------- diagnostics

def load_stemtry(path):
    if not path or not os.path.exists(path):
        return None

    cache = {}

    def stem(words):
        todo = sorted({w for w in words if w not in cache})
        for k in range(0, len(todo), 500):
            chunk = todo[k:k + 500]
            p = subprocess.run([path, *chunk], capture_output=True, text=True)
            lines = p.stdout.splitlines()
            for w, line in zip(chunk, lines):
                parts = line.split(" -> ")
                cache[w] = parts[-1] if len(parts) == 3 else "?"
        return {w: cache.get(w, "?") for w in words}
    return stem


def diagnose(ents, rows, corpus, matcher, worst_ids, stem, max_imprecise_docs=60):
    """For the entities worst_ids: the written forms of the missed mentions, and
    the words that made the imprecise hits match."""
    want_missed = {i: set(rows[i]["missed"]) for i in worst_ids}
    want_imp = {i: set(rows[i]["imprecise"][:max_imprecise_docs]) for i in worst_ids}
    all_ids = set().union(*want_missed.values(), *want_imp.values()) if worst_ids else set()
    docs = {}
    if all_ids:
        for docid, title, body in mn.iter_corpus(corpus):
            if docid in all_ids:
                docs[docid] = (title, body)
    out = {}
    for i in worst_ids:
        e = ents[i]
        forms = collections.Counter()
        examples = {}
        for d in sorted(want_missed[i]):
            if d not in docs:
                continue
            for text in mn.article_fields(*docs[d]):
                raws = mn.raw_tokens(text)
                flat = [(ri, t) for ri, (_raw, ts) in enumerate(raws) for t in ts]
                toks = [t for _, t in flat]
                for j in range(len(toks)):
                    n = matcher.matches_at(toks, j, i)
                    if n:
                        folded = " ".join(toks[j:j + n])
                        raw = " ".join(raws[ri][0] for ri in sorted({flat[k][0] for k in range(j, j + n)}))
                        forms[folded] += 1
                        examples.setdefault(folded, (d, raw, _context(toks, j, n)))
        # words of imprecise hits that share a stem with a query word
        qwords = mn.tokens(e["name"])
        imp_words = collections.Counter()
        imp_examples = {}
        if stem and want_imp[i]:
            vocab = collections.defaultdict(set)
            doc_toks = {}
            for d in want_imp[i]:
                if d not in docs:
                    continue
                toks = [t for text in mn.article_fields(*docs[d]) for t in mn.tokens(text)]
                doc_toks[d] = toks
            allw = {t for toks in doc_toks.values() for t in toks}
            stems = stem(list(allw) + qwords)
            qstems = {stems[w] for w in qwords}
            for d, toks in doc_toks.items():
                for j, t in enumerate(toks):
                    if stems.get(t) in qstems and t not in qwords:
                        vocab[t].add(d)
                        imp_examples.setdefault(t, (d, _context(toks, j, 1)))
            for t, ds in vocab.items():
                imp_words[t] = len(ds)
        out[e["name"]] = {
            "missed_forms": forms.most_common(),
            "missed_examples": examples,
            "query_stems": (stem(qwords) if stem else None),
            "missed_form_stems": (stem([f.split(" ")[0] for f in forms]) if stem and forms else {}),
            "imprecise_words": imp_words.most_common(15),
            "imprecise_examples": imp_examples,
            "imprecise_checked": len(want_imp[i]),
        }
    return out


def _context(toks, j, n, width=4):
    return " ".join(toks[max(0, j - width):j]) + " [" + " ".join(toks[j:j + n]) + "] " + \
        " ".join(toks[j + n:j + n + width])


# ---------------------------------------------------------------- report

def trait_table(ents, rows):
    """Markdown lines: per trait of entities.tsv, the entities, their mean
    recall, P@10 and set precision, and the worst entity of each."""
    L = ["| trait | entities | mean R | worst R | mean P@10 | worst P@10 | mean SP | worst SP |",
         "|---|---:|---:|---|---:|---|---:|---|"]
    for trait in mn.TRAITS:
        rs = [r for r in rows if trait in r.get("traits", []) and r["recall"] is not None]
        if not rs:
            continue

        def worst(key):
            vals = [r for r in rs if r[key] is not None]
            if not vals:
                return "n/a"
            w = min(vals, key=lambda r: r[key])
            return f"{w['name']} {fmt(w[key])}"
        L.append(f"| {trait} | {len(rs)} | {fmt(_mean(r['recall'] for r in rs), 4)} | {worst('recall')} | "
                 f"{fmt(_mean(r['p10'] for r in rs), 4)} | {worst('p10')} | "
                 f"{fmt(_mean(r['set_precision'] for r in rs), 4)} | {worst('set_precision')} |")
    L.append("")
    return L


def worst_table(rows, before_rows=None, n=10):
    """Markdown lines: the n entities of lowest set precision (then recall),
    with their scores before (another run's --json) when given."""
    order = sorted((r for r in rows if r["recall"] is not None),
                   key=lambda r: (min(r["set_precision"] or 0, r["recall"]), r["name"]))[:n]
    before = {r["name"]: r for r in before_rows or []}
    L = ["| entity | R | P@10 | SP | hits | before: R · P@10 · SP · hits |", "|---|---:|---:|---:|---:|---|"]
    for r in order:
        b = before.get(r["name"])
        bcell = (f"{fmt(b['recall'])} · {fmt(b['p10'], 2)} · {fmt(b['set_precision'])} · {b['found']}"
                 if b else "")
        L.append(f"| {r['name']} | {fmt(r['recall'])} | {fmt(r['p10'], 2)} | {fmt(r['set_precision'])} | "
                 f"{r['found']} | {bcell} |")
    L.append("")
    return L


def report(ents, systems, summaries, diag, worst_ids, args, info):
    L = []
    names = list(systems)
    L.append(f"# Entity completeness — {info['corpus_label']}")
    L.append("")
    L.append(f"{info['docs']} articles, {len(ents)} entities "
             f"({summaries['fahras']['entities_with_mentions']} mentioned), "
             f"{summaries['fahras']['variant_queries']} spelling-variant queries; "
             f"limit {args.limit}. {info.get('timing', '')}")
    L.append("")
    L.append("## Summary")
    L.append("")
    L.append("| | " + " | ".join(names) + " | target |")
    L.append("|---|" + "---|" * (len(names) + 1))

    def row(label, f, target=""):
        L.append(f"| {label} | " + " | ".join(f(summaries[n]) for n in names) + f" | {target} |")
    row("mean recall", lambda s: fmt(s["mean_recall"], 4), f"≥ {TARGETS['mean_recall']}")
    row("micro recall (all mentions)", lambda s: fmt(s["micro_recall"], 4))
    row("worst entity (recall, mentions)",
        lambda s: f"{s['worst'][0]} {fmt(s['worst'][1])} ({s['worst'][2]})" if s["worst"] else "n/a",
        f"≥ {TARGETS['min_recall']}")
    row("entities below 0.98", lambda s: str(s["below_0.98"]), "0")
    row("mean P@10", lambda s: fmt(s["mean_p10"], 4), f"≥ {TARGETS['p10']}")
    row("worst entity (P@10)",
        lambda s: f"{s['worst_p10'][0]} {fmt(s['worst_p10'][1], 2)}" if s["worst_p10"] else "n/a")
    row("mean set precision", lambda s: fmt(s["mean_set_precision"], 4), f"≥ {TARGETS['set_precision']}")
    row("worst entity (set precision, hits)",
        lambda s: f"{s['worst_set_precision'][0]} {fmt(s['worst_set_precision'][1])} "
        f"({s['worst_set_precision'][2]})" if s["worst_set_precision"] else "n/a",
        f"≥ {TARGETS['min_set_precision']}")
    row("micro set precision", lambda s: fmt(s["micro_set_precision"], 4))
    row("variant-consistent entities",
        lambda s: f"{s['variants_consistent']}/{s['entities']}", "all")
    row("alt-spelling-only articles found (info)",
        lambda s: f"{s['alt_only_found']}/{s['alt_only']}")
    L.append("")
    f = summaries["fahras"]
    ok = (f["mean_recall"] or 0) >= TARGETS["mean_recall"] and f["below_0.98"] == 0 and \
        (f["mean_p10"] or 0) >= TARGETS["p10"] and (f["mean_set_precision"] or 0) >= TARGETS["set_precision"] \
        and (f["worst_set_precision"] or ("", 0))[1] >= TARGETS["min_set_precision"] \
        and f["variants_consistent"] == f["entities"]
    L.append(f"Fahras meets all targets: {'yes' if ok else 'no'}")
    L.append("")
    L.extend(trait_table(ents, systems["fahras"]))
    L.append("Spellings accepted as the same name (the `alt` column of entities.tsv: an article "
             "writing only one of them is on topic for P@10 and set precision, not part of recall): " +
             "; ".join(f"{e['name']}: {', '.join(e['alt'])}" for e in ents if e["alt"]) + ".")
    L.append("")
    L.append("## Per entity")
    L.append("")
    L.append("R = recall, P = P@10, SP = set precision; `truth` = articles mentioning the entity, "
             "`found` = Fahras hits, `missed` = truth − found, `alt` = articles with only an alt "
             "spelling found/all (info), `variants` = variant queries returning other ids.")
    L.append("")
    head = "| entity | kind | truth | found | missed | R | P@10 | SP | variants | alt |"
    sep = "|---|---|---:|---:|---:|---:|---:|---:|---|---:|"
    for n in names[1:]:
        head += f" {n} R · P@10 · SP |"
        sep += "---|"
    L.append(head)
    L.append(sep)
    fr = systems["fahras"]
    for i, e in enumerate(ents):
        r = fr[i]
        var = "same" if not r["variants_differing"] else ", ".join(r["variants_differing"])
        alt = f"{r['alt_only_found']}/{r['alt_only']}" if r["alt_only"] else ""
        cells = [e["name"], e["kind"], str(r["truth"]), str(r["found"]), str(len(r["missed"])),
                 fmt(r["recall"]), fmt(r["p10"], 2), fmt(r["set_precision"]), var, alt]
        for n in names[1:]:
            p = systems[n][i]
            pv = "" if not p["variants_differing"] else " ≠" + str(len(p["variants_differing"]))
            cells.append(f"{fmt(p['recall'])} · {fmt(p['p10'], 2)} · {fmt(p['set_precision'])}{pv}")
        L.append("| " + " | ".join(cells) + " |")
    L.append("")
    if diag:
        L.append(f"## Diagnostics (Fahras): the {args.worst} lowest recalls below 1, then the {args.worst} lowest set precisions below 1")
        L.append("")
        for i in worst_ids:
            e = ents[i]
            r = fr[i]
            d = diag[e["name"]]
            L.append(f"### {e['name']} — recall {fmt(r['recall'])} ({len(r['missed'])} of {r['truth']} missed), "
                     f"P@10 {fmt(r['p10'], 2)}, set precision {fmt(r['set_precision'])} "
                     f"({len(r['imprecise'])} of {r['found']} hits mention neither it nor an adjective)")
            L.append("")
            if d["query_stems"]:
                L.append("query stems: " + ", ".join(f"{w} → {s}" for w, s in d["query_stems"].items()))
                L.append("")
            if d["missed_forms"]:
                L.append("Written forms in the missed articles (folded; count of occurrences; stem by /tmp/stemtry; example):")
                L.append("")
                for form, cnt in d["missed_forms"][:12]:
                    docid, raw, ctx = d["missed_examples"][form]
                    st = d["missed_form_stems"].get(form.split(" ")[0], "")
                    st = f" stem `{st}`" if st else ""
                    L.append(f"- `{form}` ×{cnt}{st} — {docid}: «{raw}» … {ctx}")
                L.append("")
            if r["imprecise"]:
                L.append(f"Imprecise hits (first of {len(r['imprecise'])}): " + ", ".join(r["imprecise"][:5]))
                if d["imprecise_words"]:
                    L.append("")
                    L.append(f"Words sharing a query stem in them (of {d['imprecise_checked']} checked; documents):")
                    L.append("")
                    for w, cnt in d["imprecise_words"][:10]:
                        docid, ctx = d["imprecise_examples"][w]
                        L.append(f"- `{w}` ×{cnt} — {docid}: … {ctx}")
                L.append("")
    return "\n".join(L)


# ---------------------------------------------------------------- main

def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", nargs="+", help="JSONL(.gz) corpus files (one corpus)")
    ap.add_argument("--mentions", required=True, help="mentions.py output for this corpus")
    ap.add_argument("--db", action="append", help="Fahras database (default: index CORPUS into a temp dir)")
    ap.add_argument("--entities", default=mn.DEFAULT_ENTITIES)
    ap.add_argument("--bin", default=os.path.join(ROOT, "build", "bin"))
    ap.add_argument("--limit", type=int, default=100000)
    ap.add_argument("--peers-dir", help="../shared/peers: also run Lucene and plain Xapian")
    ap.add_argument("--peers", default="lucene xapian")
    ap.add_argument("--peers-out", help="keep the peers' runs here (default: a temp dir)")
    ap.add_argument("--stemtry", default="/tmp/stemtry", help="prints stems for the diagnostics if present")
    ap.add_argument("--worst", type=int, default=10, help="entities to diagnose")
    ap.add_argument("--markdown", help="write the report here too")
    ap.add_argument("--json", help="write all scores as JSON here")
    ap.add_argument("--label", help="corpus name for the report")
    ap.add_argument("--before", help="another run's --json: its scores beside the worst entities")
    a = ap.parse_args(argv)

    for p in a.corpus:
        if not os.path.exists(p):
            print(f"skipped: corpus {p} not found (the corpora live in ../shared/corpora)")
            return 0
    if not os.path.exists(a.mentions):
        print(f"skipped: mentions file {a.mentions} not found (make it with mentions.py)")
        return 0
    qbin = os.path.join(a.bin, "fahras-query")
    ibin = os.path.join(a.bin, "fahras-index")
    if not os.path.exists(qbin):
        raise SystemExit(f"{qbin} not found: build first")

    ents = mn.load_entities(a.entities)
    with open(a.mentions, encoding="utf-8") as fh:
        mjson = json.load(fh)
    missing = [e["name"] for e in ents if e["name"] not in mjson]
    if missing:
        raise SystemExit(f"{a.mentions} lacks {', '.join(missing)}: run mentions.py again")

    print("judging the corpus (folding, clitics) ...", file=sys.stderr)
    t0 = time.perf_counter()
    strict, relaxed, alt_only, ndocs = mn.compute(a.corpus, ents)
    judge_s = time.perf_counter() - t0
    truth = [set(mjson[e["name"]]) for e in ents]
    for i, e in enumerate(ents):
        if truth[i] != strict[i]:
            print(f"warning: {e['name']}: mentions file differs from this corpus "
                  f"({len(truth[i])} vs {len(strict[i])} articles)", file=sys.stderr)
        relaxed[i] |= truth[i]

    # topics: canonical query, then its variants
    topics, by_entity = [], []
    for i, e in enumerate(ents):
        qid = f"e{i + 1:03d}"
        topics.append((qid, query_text(e["name"])))
        vs = []
        for k, (label, text) in enumerate(spelling_variants(e["name"])):
            vqid = f"{qid}v{k + 1}"
            topics.append((vqid, query_text(text)))
            vs.append((vqid, label, text))
        by_entity.append((qid, vs))

    tmp = tempfile.mkdtemp(prefix="fahras-entities-")
    info = {"docs": ndocs, "corpus_label": a.label or " + ".join(os.path.basename(p) for p in a.corpus)}
    try:
        timing = [f"judging {judge_s:.0f} s"]
        dbs = a.db
        if not dbs:
            db = os.path.join(tmp, "db")
            print(f"indexing {len(a.corpus)} file(s) into {db} ...", file=sys.stderr)
            timing.append(f"fahras-index {index_fahras(ibin, a.corpus, db):.0f} s")
            dbs = [db]
        runs, qsecs = run_fahras(qbin, dbs, topics, a.limit)
        timing.append(f"{len(topics)} Fahras queries {qsecs:.1f} s")
        systems = {"fahras": score_system(runs, ents, by_entity, truth, relaxed, alt_only)}

        if a.peers_dir:
            if not os.path.exists(os.path.join(a.peers_dir, "run_all.sh")):
                print(f"skipped: peers ({a.peers_dir}/run_all.sh not found)", file=sys.stderr)
            else:
                pout = a.peers_out or os.path.join(tmp, "peers")
                os.makedirs(pout, exist_ok=True)
                t0 = time.perf_counter()
                peer_runs = run_peers(a.peers_dir, a.peers.split(), a.corpus, topics, pout, a.limit)
                timing.append(f"peers {time.perf_counter() - t0:.0f} s")
                for peer, pr in peer_runs.items():
                    systems[peer] = score_system(pr, ents, by_entity, truth, relaxed, alt_only)
        info["timing"] = "Time: " + ", ".join(timing) + "."

        summaries = {n: summarize(rows) for n, rows in systems.items()}
        fr = systems["fahras"]
        order = sorted((i for i in range(len(ents)) if fr[i]["recall"] is not None and fr[i]["recall"] < 1),
                       key=lambda i: (fr[i]["recall"], -len(fr[i]["missed"])))
        worst_ids = order[:a.worst]
        # entities with imprecise hits also deserve a look if recall is fine
        stem = load_stemtry(a.stemtry)
        imprecise_ids = sorted((i for i in range(len(ents)) if fr[i]["set_precision"] is not None
                                and fr[i]["set_precision"] < 1),
                               key=lambda i: fr[i]["set_precision"])[:a.worst]
        diag_ids = worst_ids + [i for i in imprecise_ids if i not in worst_ids]
        diag = diagnose(ents, fr, a.corpus, mn.Matcher(ents), diag_ids, stem)
        text = report(ents, systems, summaries, diag, diag_ids, a, info)
        before_rows = None
        if a.before:
            with open(a.before, encoding="utf-8") as fh:
                before_rows = json.load(fh)["entities"]["fahras"]
        text += "\n## The worst entities (set precision or recall)\n\n" + \
            "\n".join(worst_table(systems["fahras"], before_rows))
        print(text)
        if a.markdown:
            with open(a.markdown, "w", encoding="utf-8") as fh:
                fh.write(text + "\n")
        if a.json:
            with open(a.json, "w", encoding="utf-8") as fh:
                json.dump({"info": info, "summary": summaries,
                           "entities": {n: rows for n, rows in systems.items()},
                           "diagnostics": diag}, fh, ensure_ascii=False, indent=1)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
