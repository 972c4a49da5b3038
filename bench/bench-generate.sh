#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# bench-generate.sh [N] [RUNS]: time 'swanmobile generate' on the example
# alone and on the example with N users (default 100000), RUNS times each
# (default 3), in three situations: a fresh root (keys generated, every
# user hashed and added), the same file again (nothing changes), and check
# alone (load + validate); and check of a file whose one 50 MB value ends in
# an error (the quoted line is cut around the caret: the review measured
# 37 s and 100 MB of stderr before the cap).  Prints CSV rows for
# bench/bench.sh on standard output (users 0 is the example alone):
#   generate,fresh_s|again_s|check_s,swanmobile,USERS,RUN,SECONDS,s
#   generate,huge_error_s|huge_error_kb,swanmobile,50,RUN,VALUE,s|KiB
# Run from the build tree: make bench.
set -eu
n=${1:-100000}
runs=${2:-3}
top=$(cd "$(dirname "$0")/.." && pwd)
sm=${SWANMOBILE:-$top/generator/swanmobile}
out=$(mktemp -d /tmp/sm-bench-generate.XXXXXX)
trap 'rm -rf "$out"' EXIT
export SWANMOBILE_TEMPLATES="${SWANMOBILE_TEMPLATES:-$top/templates}"

cp "$top/examples/road-warrior.yaml" "$out/users-0.yaml"
sh "$top/bench/make-users-yaml.sh" "$n" > "$out/users-$n.yaml"

# seconds CMD...: wall time of one run
seconds()
{
	t0=$(date +%s.%N)
	"$@" > /dev/null
	awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.3f\n", b - a }'
}

# 50 MB of 'x' in a list item, then a bad escape: the error is at its end
awk 'BEGIN {
	printf "version: 1\ngateway:\n  hostname: vpn.example.com\n  names: [\""
	for (i = 0; i < 50 * 1024 * 1024 / 64; i++)
		printf "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
	printf "\\q\"]\n"
}' > "$out/huge.yaml"

i=1
while [ $i -le "$runs" ]; do
	for users in 0 "$n"; do
		f=$out/users-$users.yaml
		rm -rf "$out/root"
		echo "generate,fresh_s,swanmobile,$users,$i,$(seconds "$sm" generate --quiet --root "$out/root" "$f"),s"
		echo "generate,again_s,swanmobile,$users,$i,$(seconds "$sm" generate --quiet --root "$out/root" "$f"),s"
		echo "generate,check_s,swanmobile,$users,$i,$(seconds "$sm" check "$f"),s"
	done
	t0=$(date +%s.%N)
	"$sm" check "$out/huge.yaml" > /dev/null 2> "$out/huge.err" || true
	echo "generate,huge_error_s,swanmobile,50,$i,$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.3f", b - a }'),s"
	echo "generate,huge_error_kb,swanmobile,50,$i,$(awk -v n="$(wc -c < "$out/huge.err")" 'BEGIN { printf "%.2f", n / 1024 }'),KiB"
	i=$((i + 1))
done
