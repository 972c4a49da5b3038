#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# summary.sh [TEST-SUITE-LOG]: turn automake's test-suite.log counts into one
# line "N passed, N failed, N skipped" (XFAIL counts as passed; FAIL, XPASS
# and ERROR as failed).  Exit status 1 when anything failed or no log exists.
log=${1:-test-suite.log}
if [ ! -f "$log" ]; then
	echo "no $log: the build or test run did not complete" >&2
	echo "0 passed, 1 failed, 0 skipped"
	exit 1
fi
awk '
	/^# PASS:/  { pass = $3 }
	/^# XFAIL:/ { xfail = $3 }
	/^# SKIP:/  { skip = $3 }
	/^# FAIL:/  { fail = $3 }
	/^# XPASS:/ { xpass = $3 }
	/^# ERROR:/ { error = $3 }
	END {
		failed = fail + xpass + error
		printf "%d passed, %d failed, %d skipped\n", pass + xfail, failed, skip
		exit failed > 0
	}' "$log"
