#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# refresh-fixtures.sh: rerun the baseline cases and store each case's
# initiator and responder logs, with its expected cause code, under
# tests/fixtures/logs/CASE.{initiator,responder}.log and CASE.cause (the
# inputs of the log-diagnosis tests).  Run as root from a built tree after a
# deliberate change; never run by make check.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
out=$top/tests/fixtures/logs
rm -f "$out"/*.log "$out"/*.cause
E2E_FIXTURES=$out SM_SRCDIR=$top SM_BUILDDIR=${SM_BUILDDIR:-$top} \
	E2E_NAME=refresh-fixtures sh "$here/baseline.sh" | grep -v '^ok'
echo "fixtures in $out:"
ls "$out"
