#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# bench-generate.sh [N] [RUNS]: time 'swanmobile generate' on the example
# with N users (default 100000), RUNS times each (default 3), in three
# situations: a fresh root (keys generated, every user hashed and added),
# the same file again (nothing changes), and check alone (load + validate).
# Prints the median of each.  Run from the build tree: make bench.
set -eu
n=${1:-100000}
runs=${2:-3}
top=$(cd "$(dirname "$0")/.." && pwd)
sm=${SWANMOBILE:-$top/generator/swanmobile}
out=$(mktemp -d /tmp/sm-bench-generate.XXXXXX)
trap 'rm -rf "$out"' EXIT
export SWANMOBILE_TEMPLATES="${SWANMOBILE_TEMPLATES:-$top/templates}"

sh "$top/bench/make-users-yaml.sh" "$n" > "$out/users.yaml"

# seconds CMD...: wall time of one run
seconds()
{
	t0=$(date +%s.%N)
	"$@" > /dev/null
	awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.3f\n", b - a }'
}

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

i=0
: > "$out/fresh"
: > "$out/again"
: > "$out/check"
while [ $i -lt "$runs" ]; do
	rm -rf "$out/root"
	seconds "$sm" generate --quiet --root "$out/root" "$out/users.yaml" >> "$out/fresh"
	seconds "$sm" generate --quiet --root "$out/root" "$out/users.yaml" >> "$out/again"
	seconds "$sm" check "$out/users.yaml" >> "$out/check"
	i=$((i + 1))
done
echo "swanmobile generate, example + $n users, median of $runs runs:"
echo "  fresh root (keys, hashes, database): $(median < "$out/fresh") s"
echo "  same file again (nothing changes):   $(median < "$out/again") s"
echo "  check only (load and validate):      $(median < "$out/check") s"
