#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz with clang (ASan + UBSan) into
# build-fuzz/ and runs each for SECONDS (default 60).
#
# Usage: bench/fuzz.sh [SECONDS] [TARGET...]      TARGET: analysis reader query
#
# The corpus each target grows is kept in build-fuzz/corpus/TARGET (seeded
# from tests/fuzz/seeds/TARGET), so a later run goes on from it. A crash,
# leak, sanitizer report or timeout leaves its input in
# build-fuzz/artifacts/TARGET/ and makes the script exit 1; replay one with
#   build-fuzz/bin/fuzz_TARGET build-fuzz/artifacts/TARGET/crash-...
# Environment: CXX (default clang++-14), FUZZ_JOBS (parallel build jobs).
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-60}
shift || true
targets=("$@")
((${#targets[@]})) || targets=(analysis reader query)
cxx=${CXX:-clang++-14}
build=build-fuzz

if ! command -v "$cxx" >/dev/null; then
  echo "fuzz.sh: $cxx not found (apt-get install clang-14 libclang-rt-14-dev)" >&2
  exit 2
fi

cmake -S . -B "$build" -DFAHRAS_FUZZ=ON -DBUILD_TESTING=OFF -DCMAKE_CXX_COMPILER="$cxx" \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" --target fahras-fuzzers -j"${FUZZ_JOBS:-$(nproc)}"

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:symbolize=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

status=0
summary=()
for t in "${targets[@]}"; do
  bin=$build/bin/fuzz_$t
  corpus=$build/corpus/$t
  artifacts=$build/artifacts/$t
  mkdir -p "$corpus" "$artifacts"
  dict=()
  [ -f "tests/fuzz/$t.dict" ] && dict=(-dict="tests/fuzz/$t.dict")
  log=$build/fuzz-$t.log
  echo "== fuzz_$t for ${seconds}s (log: $log)"
  set +e
  "$bin" "$corpus" "tests/fuzz/seeds/$t" "${dict[@]}" \
    -max_total_time="$seconds" -timeout=25 -rss_limit_mb=4096 -max_len=65536 \
    -artifact_prefix="$artifacts/" -print_final_stats=1 >"$log" 2>&1
  rc=$?
  set -e
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
  cov=$(grep -oE 'cov: [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+' || echo "?")
  if ((rc != 0)); then
    status=1
    summary+=("fuzz_$t: FAILED (exit $rc) after $runs runs; see $log and $artifacts/")
    grep -E 'ERROR: |SUMMARY: |invariant failed|runtime error|Test unit written' "$log" | head -20 || true
  else
    summary+=("fuzz_$t: ok, $runs runs in ${seconds}s, coverage $cov, corpus $(ls "$corpus" | wc -l) inputs")
  fi
done
echo
printf '%s\n' "${summary[@]}"
exit $status
