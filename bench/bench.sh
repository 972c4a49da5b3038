#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# bench.sh [quick|full|report]: make bench.  swanmobile against stock strongSwan,
# both measured in this run on this machine, each measurement repeated with
# the two sides interleaved so that the noise of the machine falls on both
# alike:
#
#   lookups    bench_lookup: one NT-hash lookup through lib->credmgr, stock
#              mem_cred (as vici fills it) and the plugin's credential set,
#              p50/p99, also while 'user import' writes
#   load       bench-gateway.sh load: N users made available, one added,
#              charon's RSS (needs root)
#   handshake  bench-gateway.sh handshake: parallel IKEv2 + EAP-MSCHAPv2 +
#              virtual IP setups against four gateways in the test bed,
#              setups per second and gateway CPU per setup (needs root)
#   generate   bench-generate.sh: swanmobile generate and check
#   diagnose   bench_diagnose: swanmobile diagnose of a large log
#
# Prints one markdown table (plus the targets) and the summary CSV, and
# keeps raw.csv, summary.csv, table.md, bench.log and each part's output in
# bench/out/ of the build tree ('bench.sh report' renders them again).  quick takes under 3 minutes on an idle machine (stock
# lookups up to 10k users, stock loads up to 10k, fewer repetitions), full
# under 15 (stock lookups up to 100k users, stock loads up to 30k, twice at
# 30k: the 100k stock load would take several minutes per repetition and is
# extrapolated from 10k and 30k).
#
# Environment: SM_SRCDIR, SM_BUILDDIR (set by make bench), AWK; BENCH_SKIP
# names parts to leave out (e.g. "handshake diagnose").
set -u
mode=${1:-full}
SM_SRCDIR=${SM_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
SM_BUILDDIR=${SM_BUILDDIR:-$SM_SRCDIR}
AWK=${AWK:-awk}
export SM_SRCDIR SM_BUILDDIR
b=$SM_BUILDDIR/bench
out=$b/out
raw=$out/raw.csv
log=$out/bench.log
parts="lookups load handshake generate diagnose"
# the rows of the bench programs among the other lines of a part's output
ROW_RE='^[a-z]+,[a-z0-9_]+,[a-z_]+,[0-9]+,[0-9]+,-?[0-9.]+,'

# render: the table and the summary from the parts' outputs in bench/out/
# and the facts of the run in bench/out/run.env
render()
{
	. "$out/run.env"
	: > "$raw"
	for _p in $parts; do
		[ ! -f "$out/$_p.out" ] || grep -E "$ROW_RE" "$out/$_p.out" >> "$raw"
	done
	"$AWK" -v what=csv -f "$SM_SRCDIR/bench/report.awk" "$raw" > "$out/summary.csv"
	{
		echo "make bench ($mode), $day: $host, $cpu, $ncpu CPUs, Linux $kernel," \
			"strongSwan $ssver, $smver; load average $load0 at the start," \
			"$load1 at the end; $elapsed s.  Median (min–max) over the repetitions."
		echo
		"$AWK" -v what=md -v import_n="$IMPORT_N" -v stock_max="$stock_max" \
			-v hs_count="$HS_COUNT" -v hs_stock="$HS_STOCK_MANY" \
			-v hs_sm="$HS_SM_MANY" -f "$SM_SRCDIR/bench/report.awk" "$raw"
	} > "$out/table.md"
	echo
	cat "$out/table.md"
	echo
	echo "summary ($out/summary.csv; raw rows in $raw):"
	cat "$out/summary.csv"
}

case $mode in
quick | full) ;;
report)
	# again from the outputs of the last run (after a change to report.awk)
	[ -f "$out/run.env" ] || { echo "bench.sh: no run in $out" >&2; exit 1; }
	render
	exit 0
	;;
*)
	echo "usage: bench.sh [quick|full|report]" >&2
	exit 2
	;;
esac
mkdir -p "$out"
for _p in $parts; do
	rm -f "$out/$_p.out"
done
: > "$log"

IMPORT_N=100000
if [ "$mode" = quick ]; then
	LOOKUP_ARGS="-s 1000,10000,100000,1000000 -S 10000 -r 5 -P 10000"
	export LOAD_STOCK="1000 10000" LOAD_SM="1000 10000 100000" LOAD_REPS=2
	export HS_COUNT=64 HS_REPS=5
	GEN_RUNS=1
	DIAG_ARGS="-s 10 -r 1"
else
	LOOKUP_ARGS="-s 1000,10000,100000,1000000 -S 100000 -r 7 -P 100000"
	export LOAD_STOCK="1000 10000 30000" LOAD_SM="1000 10000 30000 100000 1000000"
	export LOAD_REPS=3 HS_COUNT=100 HS_REPS=15
	GEN_RUNS=3
	DIAG_ARGS="-s 100 -r 3"
fi
export HS_STOCK_MANY=10000 HS_SM_MANY=1000000

say() { printf '%s\n' "$*" | tee -a "$log" >&2; }
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }
skipped() { case " ${BENCH_SKIP:-} " in *" $1 "*) return 0 ;; esac; return 1; }

# part NAME CMD...: run a part, its CSV rows into raw.csv, the rest into
# the log; a failed part is reported and the others still run
failed=
part()
{
	_name=$1
	shift
	if skipped "$_name"; then
		say "== $_name: skipped (BENCH_SKIP)"
		return
	fi
	say "== $_name ($(date +%H:%M:%S), load average $(loadavg))"
	_t0=$(date +%s)
	if "$@" > "$out/$_name.out" 2>> "$log"; then
		say "   $_name took $(($(date +%s) - _t0)) s"
	else
		say "   $_name FAILED after $(($(date +%s) - _t0)) s (see $log)"
		failed="$failed $_name"
	fi
}

lookups()
{
	_csv=$(mktemp /tmp/sm-bench-import.XXXXXX) || return 1
	"$b/bench_users" csv "$IMPORT_N" 2000000 > "$_csv" &&
	# shellcheck disable=SC2086
	"$b/bench_lookup" $LOOKUP_ARGS -i "$_csv" -x "$SM_BUILDDIR/generator/swanmobile"
	_rc=$?
	rm -f "$_csv"
	return $_rc
}

gateway()
{
	if [ "$(id -u)" != 0 ]; then
		echo "bench-gateway.sh needs root (network namespaces)" >&2
		return 1
	fi
	sh "$SM_SRCDIR/bench/bench-gateway.sh" "$@"
}

start=$(date +%s)
load0=$(loadavg)
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | sed -n 1p)
ssver=$(dpkg-query -W -f='${Version}' libstrongswan 2>/dev/null || echo unknown)
smver=$("$SM_BUILDDIR/generator/swanmobile" --version 2>/dev/null | sed -n 1p)
say "make bench ($mode): $(date -u +%Y-%m-%dT%H:%M:%SZ) on $(uname -n), $cpu," \
	"$(nproc) CPUs, $(free -g | awk '/^Mem:/ { print $2 }') GB," \
	"Linux $(uname -r); strongSwan $ssver; $smver"

part lookups lookups
part load gateway load
part handshake gateway handshake
# shellcheck disable=SC2086
part generate sh "$SM_SRCDIR/bench/bench-generate.sh" 100000 $GEN_RUNS
# shellcheck disable=SC2086
part diagnose "$b/bench_diagnose" $DIAG_ARGS "$SM_SRCDIR/tests/fixtures/logs"

cat > "$out/run.env" <<EOF
mode='$mode'
day='$(date -u +%Y-%m-%d)'
host='$(uname -n)'
cpu='$cpu'
ncpu='$(nproc)'
kernel='$(uname -r)'
ssver='$ssver'
smver='$smver'
load0='$load0'
load1='$(loadavg)'
elapsed='$(($(date +%s) - start))'
IMPORT_N='$IMPORT_N'
stock_max='$(echo "$LOOKUP_ARGS" | sed 's/.*-S \([0-9]*\).*/\1/')'
HS_COUNT='$HS_COUNT'
HS_STOCK_MANY='$HS_STOCK_MANY'
HS_SM_MANY='$HS_SM_MANY'
EOF
render
if [ -n "$failed" ]; then
	echo "bench: failed:$failed (see $log)" >&2
	exit 1
fi
exit 0
