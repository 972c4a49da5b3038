#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# bench-generate.sh [N] [RUNS]: time 'swanmobile generate' on the example
# alone and on the example with N users (default 100000), RUNS times each
# (default 3), in three situations: a fresh root (keys generated, every
# user hashed and added), the same file again (nothing changes), and check
# alone (load + validate).  Prints CSV rows for bench/bench.sh on standard
# output (users 0 is the example alone):
#   generate,fresh_s|again_s|check_s,swanmobile,USERS,RUN,SECONDS,s
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

i=1
while [ $i -le "$runs" ]; do
	for users in 0 "$n"; do
		f=$out/users-$users.yaml
		rm -rf "$out/root"
		echo "generate,fresh_s,swanmobile,$users,$i,$(seconds "$sm" generate --quiet --root "$out/root" "$f"),s"
		echo "generate,again_s,swanmobile,$users,$i,$(seconds "$sm" generate --quiet --root "$out/root" "$f"),s"
		echo "generate,check_s,swanmobile,$users,$i,$(seconds "$sm" check "$f"),s"
	done
	i=$((i + 1))
done
