#!/usr/bin/env bash
# Indexing cost as the archive grows: fahras-index --jobs 2 over corpora of
# several sizes (make_scale.py N OUT: the smaller ones prefixes of the
# larger), one after another, each into a new database. Per corpus: wall
# seconds and articles a second, CPU seconds per 1,000 articles (user + system:
# steadier than wall time on a shared machine), peak RSS (/usr/bin/time -v),
# the database's size and bytes an article, and VmRSS sampled every 20 s with
# the articles committed (WORK/NAME.samples: time, RSS kB, MB on disk, articles).
#
# Usage: bench/index_scale.sh WORK CORPUS.jsonl.gz...
#   e.g. python3 ../shared/corpora/make_scale.py 700000 /tmp/s700.jsonl.gz, the same
#   with 70000 and 350000, then bench/index_scale.sh /tmp/scale /tmp/s{70,350,700}*.gz
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=${1:?usage: bench/index_scale.sh WORK CORPUS.jsonl.gz...}
shift
[ $# -gt 0 ] || { echo "usage: bench/index_scale.sh WORK CORPUS.jsonl.gz..." >&2; exit 2; }
for corpus in "$@"; do
  [ -f "$corpus" ] || { echo "skipped: corpus $corpus not found"; exit 0; }
done
index=$root/build/bin/fahras-index
[ -x "$index" ] || { echo "build first: $index not found" >&2; exit 2; }
mkdir -p "$work"

# Every 20 s while PID lives: time, VmRSS kB, MB on disk, articles committed.
sample() {
  local pid=$1 db=$2
  while kill -0 "$pid" 2>/dev/null; do
    local docs=0 n s
    for s in "$db"/shard-*; do
      n=$(xapian-delve "$s" 2>/dev/null | awk -F' = ' '/number of documents/ {print $2}')
      docs=$((docs + ${n:-0}))
    done
    echo "$(date +%s) $(awk '/VmRSS/ {print $2}' /proc/"$pid"/status 2>/dev/null) $(du -sm "$db" 2>/dev/null | cut -f1) $docs"
    sleep 20
  done
}

printf '| articles | seconds | articles/s | CPU s per 1,000 | peak RSS MiB | database MiB | bytes an article |\n'
printf '|---:|---:|---:|---:|---:|---:|---:|\n'
for corpus in "$@"; do
  name=$(basename "$corpus" .jsonl.gz)
  db=$work/$name.db
  rm -rf "$db"
  /usr/bin/time -v -o "$work/$name.time" "$index" --quiet --jobs 2 --db "$db" "$corpus" \
    > "$work/$name.log" 2>&1 &
  timer=$!
  sleep 1
  sample "$(pgrep -P $timer | head -1)" "$db" > "$work/$name.samples" &
  wait $timer || { echo "fahras-index failed on $corpus, see $work/$name.log" >&2; exit 1; }
  wait
  docs=$(zcat -f "$corpus" | grep -c .)
  bytes=$(du -sb "$db" | cut -f1)
  awk -F': ' -v docs="$docs" -v bytes="$bytes" '
    /Elapsed \(wall clock\)/ {n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]}
    /User time/ {cpu += $2} /System time/ {cpu += $2}
    /Maximum resident/ {rss = $2 / 1024}
    END {printf "| %d | %.0f | %.0f | %.2f | %.0f | %.0f | %.0f |\n",
         docs, s, docs / s, cpu / docs * 1000, rss, bytes / 1048576, bytes / docs}' \
    "$work/$name.time"
done
