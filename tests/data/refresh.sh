#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# refresh.sh - rewrite the expected stderr (*.err) of every golden case in
# tests/data/bad and tests/data/warn from the swanmobile just built, after a
# deliberate change to a message.  Never run by make check: review the diff
# (git diff tests/data) before committing it.
#
#   tests/data/refresh.sh            (from a build in the source tree)
#   SM_BUILDDIR=/path/to/build tests/data/refresh.sh
srcdir=$(cd "$(dirname "$0")/../.." && pwd)
builddir=${SM_BUILDDIR:-$srcdir}
swanmobile=${SWANMOBILE:-$builddir/generator/swanmobile}
[ -x "$swanmobile" ] || { echo "refresh.sh: no $swanmobile; build first" >&2; exit 2; }
# the cases run with paths relative to the source tree, as in check.sh
cd "$srcdir" || exit 2
n=0
for f in tests/data/bad/*.yaml tests/data/warn/*.yaml; do
	"$swanmobile" check "$f" > /dev/null 2> "${f%.yaml}.err"
	n=$((n + 1))
done
echo "refresh.sh: rewrote $n .err files"
if command -v git > /dev/null 2>&1 && [ -e .git ]; then
	git status --short -- tests/data
fi
