#!/usr/bin/env bash
# Runs every fuzz target for SECONDS each (default 30) from the committed
# seed corpus, on the stable toolchain (RUSTC_BOOTSTRAP lets cargo fuzz pass
# its -Z sanitizer flags; no nightly is needed). New inputs the fuzzer finds
# go to a scratch corpus under target/, so the committed seeds stay small;
# a crash leaves its input in fuzz/artifacts/<target>/ and fails the run.
#
#   fuzz/run.sh ci                 # CI: a fixed seed and a fixed number of
#                                  # runs per target (~20 s each with ASan):
#                                  # the same inputs on every machine
#   fuzz/run.sh 30                 # 30 s per target, random seed
#   fuzz/run.sh 0 -runs=1000000    # a long run: one million executions each
#   TARGETS="tokenize sources" fuzz/run.sh 60
#   SANITIZER=none fuzz/run.sh 0 -runs=1000000   # faster, without ASan
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-30}"
shift || true
# Runs per target in CI mode, sized from measured ASan speeds.
ci_runs() {
  case "$1" in
    parse_code) echo 400 ;; dates) echo 2500 ;; native_dict) echo 2500 ;;
    petrarch_dict) echo 4000 ;; http_query) echo 5000 ;; tokenize) echo 8000 ;;
    conllu) echo 10000 ;; *) echo 100000 ;;
  esac
}
export RUSTC_BOOTSTRAP=1
targets="${TARGETS:-$(cargo fuzz list)}"
sanitizer="${SANITIZER:-address}"
# One build directory per sanitizer: switching flags in one directory
# would rebuild everything each time. FUZZ_TARGET_DIR moves them (CI keeps
# them in the checkout's build directory while it works in a clone).
dir_args=()
if [ "$sanitizer" != none ]; then dir_args=(--target-dir "${FUZZ_TARGET_DIR:-target}/$sanitizer"); fi
cargo fuzz build -O -s "$sanitizer" "${dir_args[@]}"
logs="target/logs-$sanitizer"
mkdir -p target/corpus "$logs"
status=0
for t in $targets; do
  # CI mode starts from the committed seeds only, as a fresh clone does, in
  # a scratch corpus of its own.
  scratch="target/corpus/$t"
  if [ "$seconds" = ci ]; then scratch="target/corpus-ci/$t"; rm -rf "$scratch"; fi
  mkdir -p "$scratch"
  # Whole-pipeline targets parse every input: shorter inputs, more of them.
  case "$t" in parse_code|dates) max_len=768 ;; *) max_len=4096 ;; esac
  args=(-max_len=$max_len -timeout=60 -rss_limit_mb=4096 -print_final_stats=1)
  if [ "$seconds" = ci ]; then
    args+=(-seed=1 -runs="$(ci_runs "$t")")
  elif [ "$seconds" != 0 ]; then
    args+=(-max_total_time="$seconds")
  fi
  if cargo fuzz run -O -s "$sanitizer" "${dir_args[@]}" "$t" "$scratch" "corpus/$t" -- "${args[@]}" "$@" >"$logs/$t.log" 2>&1; then
    execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$logs/$t.log" | grep -o '[0-9]*$' || echo "?")
    echo "fuzz $t: ok, $execs executions"
  else
    echo "fuzz $t: FAILED (log: fuzz/$logs/$t.log, input in fuzz/artifacts/$t/)"
    tail -40 "$logs/$t.log"
    status=1
  fi
done
exit $status
