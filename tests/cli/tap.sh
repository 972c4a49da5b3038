# SPDX-License-Identifier: GPL-2.0-or-later
# tests/cli/tap.sh - the environment of the CLI tests of the swanmobile
# binary, and the TAP helpers of tests/tap.sh (ok, not_ok, diag, run,
# expect_rc, expect_match, check, finish, ...)
SM_SRCDIR=${SM_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
SM_BUILDDIR=${SM_BUILDDIR:-$SM_SRCDIR}
SWANMOBILE=${SWANMOBILE:-$SM_BUILDDIR/generator/swanmobile}
. "$SM_SRCDIR/tests/tap.sh"
