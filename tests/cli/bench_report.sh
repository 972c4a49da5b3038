#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# bench_report: bench/report.awk, which turns make bench's raw rows into the
# summary CSV and the markdown table with the targets, on made-up rows (no
# benchmark runs here, nothing is timed): medians of odd and even counts,
# minimum and maximum, lines that are no rows ignored, the advantage of
# swanmobile, the quadratic extrapolation of the stock load, and targets
# met and not met.
. "$(dirname "$0")/tap.sh"
AWK=${AWK:-awk}
report=$SM_SRCDIR/bench/report.awk
tmp=$(mktemp -d /tmp/sm-bench-report.XXXXXX) || exit 1
trap 'rm -rf "$tmp"' EXIT

cat > "$tmp/raw.csv" <<'EOF'
lookup,p50,stock,1000,1,80,us
lookup,p50,stock,1000,2,82,us
lookup,p50,stock,1000,3,81,us
lookup,p99,stock,1000,1,90,us
lookup,p50,swanmobile,1000,1,4,us
lookup,p50,swanmobile,1000,2,4,us
lookup,p99,swanmobile,1000,1,5,us
lookup,p50,swanmobile,1000000,1,7,us
lookup,p99,swanmobile,1000000,1,6,us
lookup,p50,swanmobile,100000,1,5,us
# logs kept in /somewhere
load,load_s,stock,10000,1,10,s
load,load_s,stock,30000,1,50,s
load,load_s,stock,30000,2,70,s
load,load_s,swanmobile,100000,1,1,s
load,load_s,swanmobile,100000,2,2,s
load,load_s,swanmobile,100000,3,1,s
load,load_s,swanmobile,100000,4,1.2,s
load,load_s,swanmobile,1000000,1,9,s
load,add_one_s,stock,10000,1,1,s
load,add_one_s,stock,30000,1,20,s
load,add_one_s,swanmobile,100000,1,0.01,s
memory,rss_idle_mb,stock,0,1,10,MB
memory,rss_mb,stock,10000,1,16,MB
memory,rss_mb,stock,30000,1,28,MB
memory,rss_mb,swanmobile,100000,1,12,MB
handshake,setups_per_s,swanmobile,1,1,100,1/s
handshake,setups_per_s,swanmobile,1000000,1,90,1/s
handshake,gw_cpu_ms,swanmobile,1,1,1.5,ms
handshake,gw_cpu_ms,swanmobile,1000000,1,1.5,ms
generate,huge_error_s,swanmobile,50,1,0.9,s
generate,huge_error_s,swanmobile,50,2,1.1,s
generate,huge_error_kb,swanmobile,50,1,0.4,KiB
not,a,row
EOF

# summary: what report.awk made of the rows of bench BENCH, metric METRIC
summary()
{
	"$AWK" -v what=csv -f "$report" "$tmp/raw.csv" > "$tmp/summary.csv" &&
	grep "^$1,$2,$3,$4," "$tmp/summary.csv"
}
table()
{
	"$AWK" -v what=md -v hs_count=8 -v hs_stock=10000 -v hs_sm=1000000 \
		-v import_n=100000 -v stock_max=1000 -f "$report" "$tmp/raw.csv"
}

run summary lookup p50 stock 1000
expect_rc 0 "the summary has the stock lookups at 1k"
check "median, minimum and maximum of three repetitions" \
	has_line "$out" "lookup,p50,stock,1000,81,80,82,3,us"
run summary load load_s swanmobile 100000
check "the median of four repetitions is the mean of the middle two" \
	has_line "$out" "load,load_s,swanmobile,100000,1.1,1,2,4,s"
run "$AWK" -v what=csv -f "$report" "$tmp/raw.csv"
check "lines that are no rows are left out" \
	sh -c '! printf "%s\n" "$1" | grep -Eq "logs kept|^not,"' sh "$out"
check "the summary starts with its header" \
	has_line "$(printf '%s\n' "$out" | sed -n 1p)" \
	"bench,metric,side,users,median,min,max,repetitions,unit"

run table
expect_rc 0 "the table is made"
check "lookups side by side with the advantage of swanmobile" \
	has_line "$out" "| NT-hash lookup through \`lib->credmgr\`, p50 | 1k | 81.0 µs (80.0–82.0) | 4.00 µs (4.00–4.00) | 20.2× |"
# 10 s at 10k and 60 s at 30k: t = 5e-4 N + 5e-8 N^2, 550 s at 100k
check "the stock load of 100k is extrapolated from 10k and 30k (quadratic)" \
	has_line "$out" "| make N users available (stock: \`swanctl --load-creds\`; swanmobile: \`user import --csv\`) | 100k | ≈ 550 s (extrapolated from 10k and 30k) | 1.10 s (1.00–2.00) | 500× |"
# 1 s at 10k and 20 s at 30k: no a*N + b*N^2 with a >= 0 fits
check "faster than quadratic growth: N² from the larger size" \
	has_line "$out" "| add one user to N (stock: \`--load-creds\` of all N + 1; swanmobile: \`user add\`) | 100k | ≈ 222 s (extrapolated from 30k as N²) | 10.0 ms | 22222× |"
# 16 MB at 10k, 28 MB at 30k: 70 MB at 100k
check "stock's memory at 100k is extrapolated linearly" \
	sh -c 'printf "%s\n" "$1" | grep -q "^| charon RSS with N users available.* | 100k | ≈ 70.0 MB (extrapolated from 10k and 30k, linear) | 12.0 MB | 5.83× |"' sh "$out"
check "a target met" \
	has_line "$out" "| 100k users available ≥ 100× faster | stock 550 s (extrapolated), swanmobile 1.10 s: 500× | **met** |"
check "a target not met: 1M users' lookups are not flat" \
	has_line "$out" "| swanmobile's lookup flat from 1k to 1M users, p99 included (flat: 1M's median at most 1.5× 1k's) | p50 4.00 µs → 7.00 µs (1.75×), p99 5.00 µs → 6.00 µs (1.20×) | **not met** |"
check "a target not met: handshakes 10 % slower with 1M users" \
	has_line "$out" "| handshakes/s with 1M users within 5 % of 1 user | 90.0/s vs 100/s (-10.0 %); gateway CPU per setup 1.50 ms vs 1.50 ms (+0.0 %) | **not met** |"
check "a lookup target without stock at 100k says so" \
	has_line "$out" "| lookup ≥ 500× faster than stock at 100k users | not measured (stock measured up to 1k) | — |"
check "check of a 50 MB value in error: time and size of stderr" \
	has_line "$out" "| \`swanmobile check\` of a file whose one 50 MB value ends in an error (stderr: 0.40 KiB) | — | — | 1.00 s (0.90–1.10) | — |"
check "a row where only one side was measured" \
	sh -c 'printf "%s\n" "$1" | grep -q "^| make N users available.* | 1M | — | 9.00 s | — |"' sh "$out"
check "no row where neither side was measured" \
	sh -c '! printf "%s\n" "$1" | grep -q "^| add one user.* | 1M |"' sh "$out"
finish
