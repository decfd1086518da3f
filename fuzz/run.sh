#!/usr/bin/env bash
# Runs every fuzz target for SECONDS each (default 30) from the committed
# seed corpus, on the stable toolchain (RUSTC_BOOTSTRAP lets cargo fuzz pass
# its -Z sanitizer flags; no nightly is needed). New inputs the fuzzer finds
# go to a scratch corpus under target/, so the committed seeds stay small;
# a crash leaves its input in fuzz/artifacts/<target>/ and fails the run.
#
#   fuzz/run.sh 30                 # CI: 30 s per target
#   fuzz/run.sh 0 -runs=1000000    # a long run: one million executions each
#   TARGETS="tokenize sources" fuzz/run.sh 60
#   SANITIZER=none fuzz/run.sh 0 -runs=1000000   # faster, without ASan
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-30}"
shift || true
export RUSTC_BOOTSTRAP=1
targets="${TARGETS:-$(cargo fuzz list)}"
sanitizer="${SANITIZER:-address}"
cargo fuzz build -O -s "$sanitizer"
mkdir -p target/corpus target/logs
status=0
for t in $targets; do
  mkdir -p "target/corpus/$t"
  # Whole-pipeline targets parse every input: shorter inputs, more of them.
  case "$t" in parse_code|dates) max_len=768 ;; *) max_len=4096 ;; esac
  args=(-max_len=$max_len -timeout=20 -rss_limit_mb=4096 -print_final_stats=1)
  if [ "$seconds" != 0 ]; then args+=(-max_total_time="$seconds"); fi
  if cargo fuzz run -O -s "$sanitizer" "$t" "target/corpus/$t" "corpus/$t" -- "${args[@]}" "$@" >"target/logs/$t.log" 2>&1; then
    execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "target/logs/$t.log" | grep -o '[0-9]*$' || echo "?")
    echo "fuzz $t: ok, $execs executions"
  else
    echo "fuzz $t: FAILED (log: fuzz/target/logs/$t.log, input in fuzz/artifacts/$t/)"
    tail -40 "target/logs/$t.log"
    status=1
  fi
done
exit $status
