#!/usr/bin/env bash
# Crash test of fahras-index on a real corpus: kills it with SIGKILL at random
# moments N times, each time restarting it on the same database, then lets it
# finish, and compares the result with a clean run. After every kill the
# database must open (xapian-delve), hold every article it held before (none
# lost) and each id once (none duplicated); in the end it must hold exactly
# the clean run's articles and answer a few queries as it does.
#
# Usage: bench/crash_test.sh N CORPUS [BATCH_SIZE]
#   e.g. bench/crash_test.sh 20 ../shared/corpora/news-small.jsonl.gz
# Environment: FAHRAS_BIN (default build/bin), SEED (for $RANDOM).
# Exit status: 0 all good (or CORPUS absent: skipped), 1 a problem found, 2 usage.
set -euo pipefail
cd "$(dirname "$0")/.."

if (($# < 2)); then
  echo "usage: bench/crash_test.sh N CORPUS [BATCH_SIZE]" >&2
  exit 2
fi
n=$1
corpus=$2
batch=${3:-200}
bin=${FAHRAS_BIN:-build/bin}
[ -n "${SEED:-}" ] && RANDOM=$SEED

if [ ! -e "$corpus" ]; then
  echo "crash_test.sh: $corpus not found: skipped"
  exit 0
fi
for tool in "$bin/fahras-index" "$bin/fahras-query"; do
  [ -x "$tool" ] || { echo "crash_test.sh: $tool missing (build first: .ci/setup)" >&2; exit 2; }
done
command -v xapian-delve >/dev/null || { echo "crash_test.sh: xapian-delve missing (xapian-tools)" >&2; exit 2; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/fahras-crash-XXXXXX")
pid=
cleanup() {
  [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT

now() { date +%s.%N; }
# "id termfreq" for every id term of database $1, sorted by id.
ids() { xapian-delve -1 -v -A Q "$1" | tail -n +2 | sed 's/^Q//' | LC_ALL=C sort; }
doccount() { xapian-delve "$1" | sed -n 's/^number of documents = //p'; }
queries=('بيروت' 'طهران OR دمشق' '"الأمم المتحدة"' 'الرئيس -الحكومة' 'year:2015' 'لطاجيكستان')
answers() {
  for q in "${queries[@]}"; do
    "$bin/fahras-query" --db "$1" --format ids --limit 1000000 -- "$q" | LC_ALL=C sort | md5sum
  done
}

echo "clean run: $corpus (batch size $batch)"
t0=$(now)
"$bin/fahras-index" --db "$tmp/clean" --batch-size "$batch" -q "$corpus" || {
  echo "crash_test.sh: the clean run failed" >&2
  exit 1
}
clean_seconds=$(echo "$(now) - $t0" | bc)
ids "$tmp/clean" >"$tmp/clean.ids"
total=$(wc -l <"$tmp/clean.ids")
echo "  $total articles in ${clean_seconds}s"

db=$tmp/crash
kills=0 landed=0 lost=0 duplicated=0 unopenable=0
: >"$tmp/before.ids"
for ((i = 1; i <= n; i++)); do
  # Kill within the time the rest of the work should take (plus start-up).
  present=$(wc -l <"$tmp/before.ids")
  window=$(echo "0.3 + $clean_seconds * ($total - $present) / $total" | bc -l)
  at=$(awk -v r="$RANDOM" -v w="$window" 'BEGIN { printf "%.3f", r / 32768 * w }')
  "$bin/fahras-index" --db "$db" --batch-size "$batch" -q "$corpus" >/dev/null 2>"$tmp/err" &
  pid=$!
  sleep "$at"
  if kill -9 "$pid" 2>/dev/null; then landed=$((landed + 1)); fi
  wait "$pid" 2>/dev/null || true
  pid=
  kills=$((kills + 1))

  if [ ! -e "$db/XAPIANDB" ] && [ ! -e "$db/iamglass" ]; then
    state="no database yet"
    [ -s "$tmp/before.ids" ] && { state="DATABASE GONE"; unopenable=$((unopenable + 1)); }
  elif ! xapian-delve "$db" >/dev/null 2>"$tmp/delve.err"; then
    state="CANNOT OPEN: $(head -c 200 "$tmp/delve.err")"
    unopenable=$((unopenable + 1))
  else
    ids "$db" >"$tmp/now.ids"
    dups=$(awk '$2 > 1' "$tmp/now.ids" | wc -l)
    docs=$(doccount "$db")
    extra=$((docs - $(wc -l <"$tmp/now.ids")))
    ((extra > 0)) && dups=$((dups + extra))
    gone=$(LC_ALL=C comm -23 <(cut -d' ' -f1 "$tmp/before.ids") <(cut -d' ' -f1 "$tmp/now.ids") | wc -l)
    lost=$((lost + gone))
    duplicated=$((duplicated + dups))
    state="$docs articles, $gone lost, $dups duplicated"
    cp "$tmp/now.ids" "$tmp/before.ids"
  fi
  printf '  kill %2d after %6.3fs: %s\n' "$i" "$at" "$state"
done

echo "final run"
"$bin/fahras-index" --db "$db" --batch-size "$batch" -q "$corpus" || {
  echo "crash_test.sh: the final run failed (exit $?)" >&2
  exit 1
}
ids "$db" >"$tmp/final.ids"
missing=$(LC_ALL=C comm -23 <(cut -d' ' -f1 "$tmp/clean.ids") <(cut -d' ' -f1 "$tmp/final.ids") | wc -l)
extra=$(LC_ALL=C comm -13 <(cut -d' ' -f1 "$tmp/clean.ids") <(cut -d' ' -f1 "$tmp/final.ids") | wc -l)
final_dups=$(awk '$2 > 1' "$tmp/final.ids" | wc -l)
final_docs=$(doccount "$db")
same_answers=yes
[ "$(answers "$db")" == "$(answers "$tmp/clean")" ] || same_answers=NO
again=$("$bin/fahras-index" --db "$db" "$corpus")

echo
echo "kills: $kills ($landed while indexing), lost: $lost, duplicated: $duplicated, unopenable: $unopenable"
echo "final: $final_docs articles (clean run: $(doccount "$tmp/clean")), $missing missing, $extra extra," \
  "$final_dups duplicated; same answers to ${#queries[@]} queries: $same_answers"
echo "indexed again: $again"
if ((lost || duplicated || unopenable || missing || extra || final_dups)) || [ "$same_answers" != yes ] ||
  [ "$final_docs" != "$(doccount "$tmp/clean")" ] || [[ "$again" != *" 0 added, 0 replaced, "* ]]; then
  echo "FAILED"
  exit 1
fi
echo "OK"
