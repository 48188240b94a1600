#!/usr/bin/python3
"""Compares two Fahras databases term for term.

Usage: bench/compare_databases.py OLD NEW
       bench/compare_databases.py --dump DB > FILE

Each database is read shard by shard (the entries of DIR/XAPIANDB, or the
directory itself when it is a plain Xapian database) with Xapian's Python
bindings (python3-xapian). Compared, shard by shard:
  - every term with its term frequency and collection frequency;
  - every document, found by its article id term, with its data, its value
    slots (the collapse key as the grouping it makes), its terms with their within-document frequency and positions;
  - the spelling words with their frequencies, the synonyms, and the user
    metadata (keys that change on every run, the tables' random identity, are
    compared by presence only).
Document numbers may differ (indexing threads interleave), so documents are
keyed by their id term. Prints one line per section, "same" or the first
differences, and exits 0 when everything is the same, 1 otherwise, 2 on an
error (a path that is not a database, bindings missing).
"""
import hashlib
import os
import sys

try:
    import xapian
except ImportError:
    print("compare_databases.py: needs Xapian's Python bindings "
          "(apt-get install python3-xapian)", file=sys.stderr)
    sys.exit(2)

ID_PREFIX = b"Q"
# Metadata whose value is made fresh by each run: compared by presence.
VOLATILE_METADATA = {b"fahras.tables", b"fahras.tables_id", b"fahras.tables_path"}
# The collapse key (slot 6) names the first article of a cluster of copies,
# which depends on the order threads finish in: compared as the partition it
# makes (each key replaced by the smallest id among the articles that share it).
COLLAPSE_SLOT = 6


def shard_paths(root):
    """The shard directories of `root`, in stub order, named by their entry."""
    stub = os.path.join(root, "XAPIANDB")
    if not os.path.isfile(stub):
        if not os.path.isdir(root):
            raise SystemExit(f"compare_databases.py: {root}: not a directory")
        return [(".", root)]
    shards = []
    with open(stub) as f:
        for line in f:
            parts = line.split()
            if len(parts) == 2 and parts[0] == "auto":
                # Shard generations ("shard-0.2") are renamed by compaction:
                # compare by the shard's number.
                name = parts[1].split(".")[0]
                shards.append((name, os.path.join(root, parts[1])))
    return shards


def dump_shard(path):
    """Yields (section, line) pairs describing one shard canonically."""
    db = xapian.Database(path)
    for t in db.allterms():
        yield "terms", b"%s %d %d" % (t.term, t.termfreq, db.get_collection_freq(t.term))
    docs = []
    for posting in db.postlist(""):
        doc = db.get_document(posting.docid)
        ident = None
        lines = []
        for t in doc.termlist():
            if t.term.startswith(ID_PREFIX) and ident is None:
                ident = t.term
            positions = b",".join(b"%d" % p for p in db.positionlist(posting.docid, t.term))
            lines.append(b"  term %s %d %s" % (t.term, t.wdf, positions))
        for v in doc.values():
            lines.append(b"  value %d %s" % (v.num, v.value.hex().encode()))
        lines.append(b"  data " + hashlib.sha256(doc.get_data()).hexdigest().encode())
        docs.append((ident or b"#%d" % posting.docid, lines))
    docs.sort()
    yield "docs", docs
    for s in db.spellings():
        yield "spelling", b"%s %d" % (s.term, s.termfreq)
    for key in db.synonym_keys():
        syns = b" ".join(sorted(s for s in db.synonyms(key)))
        yield "synonyms", key + b" => " + syns
    for key in db.metadata_keys():
        value = db.get_metadata(key)
        if key in VOLATILE_METADATA:
            value = b"(present)" if value else b""
        yield "metadata", key + b" = " + hashlib.sha256(value).hexdigest().encode()


def dump(root):
    """{(shard, section): [lines]} for the database at `root`."""
    out = {}
    docs = {}
    for name, path in shard_paths(root):
        try:
            for section, line in dump_shard(path):
                if section == "docs":
                    docs[name] = line
                else:
                    out.setdefault((name, section), []).append(line)
        except xapian.Error as e:
            raise SystemExit(f"compare_databases.py: {path}: {e}")
    key_line = b"  value %d " % COLLAPSE_SLOT
    group = {}
    for shard_docs in docs.values():
        for ident, lines in shard_docs:
            for line in lines:
                if line.startswith(key_line):
                    key = line[len(key_line):]
                    group[key] = min(group.get(key, ident), ident)
    for name, shard_docs in docs.items():
        lines_out = out.setdefault((name, "documents"), [])
        for ident, lines in shard_docs:
            lines_out.append(b"doc " + ident)
            for line in lines:
                if line.startswith(key_line):
                    line = key_line + b"group of " + group[line[len(key_line):]]
                lines_out.append(line)
    return out


def main(argv):
    if len(argv) == 3 and argv[1] == "--dump":
        for (shard, section), lines in sorted(dump(argv[2]).items()):
            for line in lines:
                sys.stdout.buffer.write(f"{shard} {section} ".encode() + line + b"\n")
        return 0
    if len(argv) != 3 or argv[1].startswith("-"):
        print(__doc__, file=sys.stderr)
        return 2
    old, new = dump(argv[1]), dump(argv[2])
    same = True
    for key in sorted(set(old) | set(new)):
        a, b = old.get(key, []), new.get(key, [])
        label = f"{key[0]} {key[1]}"
        if a == b:
            print(f"{label}: same ({len(a)} lines)")
            continue
        same = False
        sa, sb = set(a), set(b)
        only_old = [x for x in a if x not in sb][:5]
        only_new = [x for x in b if x not in sa][:5]
        print(f"{label}: DIFFERENT ({len(a)} lines before, {len(b)} after; "
              f"{len(sa - sb)} only before, {len(sb - sa)} only after)")
        for x in only_old:
            print("  - " + x.decode("utf-8", "replace"))
        for x in only_new:
            print("  + " + x.decode("utf-8", "replace"))
    print("identical" if same else "databases differ")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
