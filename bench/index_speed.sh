#!/usr/bin/env bash
# Indexing speed, database size and peak memory of Fahras beside plain Xapian
# (the peer in ../shared/peers), on the same corpus, in the same run.
#
# Usage: bench/index_speed.sh CORPUS.jsonl.gz [PEERS_DIR]
#   PEERS_DIR defaults to ../shared/peers beside the project; without it only
#   Fahras is measured.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
corpus=${1:?usage: bench/index_speed.sh CORPUS.jsonl.gz [PEERS_DIR]}
peers=${2:-$root/../shared/peers}
[ -f "$corpus" ] || { echo "skipped: corpus $corpus not found"; exit 0; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

measure() {  # name, then the command; prints one table row
  local name=$1; shift
  /usr/bin/time -v -o "$tmp/time" "$@" > "$tmp/out" 2>&1 || { cat "$tmp/out"; exit 1; }
  local secs rss
  secs=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,t,":"); s=0; for(i=1;i<=n;i++) s=s*60+t[i]; print s}' "$tmp/time")
  rss=$(awk -F': ' '/Maximum resident/ {print int($2/1024)}' "$tmp/time")
  echo "$name $secs $rss"
}

docs=$(zcat -f "$corpus" | grep -c .)
printf '| engine | docs | seconds | docs/s | database MB | peak RSS MB |\n|---|---:|---:|---:|---:|---:|\n'
row() {  # name secs rss dbdir
  local mb rate
  mb=$(du -sm "$4" | cut -f1)
  rate=$(awk -v d="$docs" -v s="$2" 'BEGIN {printf "%.0f", d / s}')
  printf '| %s | %s | %.2f | %s | %s | %s |\n' "$1" "$docs" "$2" "$rate" "$mb" "$3"
}
read -r name secs rss < <(measure fahras "${FAHRAS_BIN:-$root/build/bin}/fahras-index" --quiet --db "$tmp/fahras" "$corpus")
row "$name" "$secs" "$rss" "$tmp/fahras"
if [ -x "$peers/peer_xapian.py" ]; then
  read -r name secs rss < <(measure xapian /usr/bin/python3 "$peers/peer_xapian.py" index "$corpus" "$tmp/xapian")
  row "plain Xapian (peer)" "$secs" "$rss" "$tmp/xapian"
else
  echo "(plain Xapian skipped: $peers/peer_xapian.py not found)"
fi
