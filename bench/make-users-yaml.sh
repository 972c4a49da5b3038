#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# make-users-yaml.sh [N] > FILE: the example VPN description with N users
# (default 100000) appended, for timing the loader:
#
#   bench/make-users-yaml.sh 100000 > bench/out/users.yaml
#   time generator/swanmobile check bench/out/users.yaml
#
# Every other user gets a static address outside the pool, so the address
# checks run too.
n=${1:-100000}
case $n in
	''|*[!0-9]*) echo "usage: $0 [N]" >&2; exit 2 ;;
esac
srcdir=$(cd "$(dirname "$0")/.." && pwd)
cat "$srcdir/examples/road-warrior.yaml"
awk -v n="$n" 'BEGIN {
	for (i = 0; i < n; i++) {
		printf "    - identity: user%06d@example.com\n", i
		printf "      password: pw-%d-%x\n", i, i * 2654435761 % 4294967296
		if (i % 2 == 0 && i < 2 * 65536)
			printf "      address: 10.4.%d.%d\n", int(i / 2 / 256), (i / 2) % 256
	}
}'
