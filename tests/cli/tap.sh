# SPDX-License-Identifier: GPL-2.0-or-later
# tests/cli/tap.sh - TAP helpers for CLI tests of the swanmobile binary
SM_SRCDIR=${SM_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
SM_BUILDDIR=${SM_BUILDDIR:-$SM_SRCDIR}
SWANMOBILE=${SWANMOBILE:-$SM_BUILDDIR/generator/swanmobile}
_n=0
_failed=0

ok() { _n=$((_n + 1)); echo "ok $_n - $1"; }
not_ok() { _n=$((_n + 1)); _failed=$((_failed + 1)); echo "not ok $_n - $1"; }
diag() { printf '%s\n' "$@" | sed 's/^/# /'; }

# run CMD...: sets $out (stdout), $err (stderr), $rc
run()
{
	_o=$(mktemp) _e=$(mktemp)
	"$@" > "$_o" 2> "$_e"
	rc=$?
	out=$(cat "$_o") err=$(cat "$_e")
	rm -f "$_o" "$_e"
}

# expect_rc N DESC
expect_rc()
{
	if [ "$rc" -eq "$1" ]; then ok "$2"; else not_ok "$2 (exit $rc, expected $1)"; diag "stdout: $out" "stderr: $err"; fi
}

# expect_match TEXT REGEX DESC
expect_match()
{
	if printf '%s\n' "$1" | grep -Eq -- "$2"; then ok "$3"; else not_ok "$3"; diag "no match for /$2/ in:" "$1"; fi
}

# finish: the plan after the tests ("1..N" at the end is valid TAP; a
# script that dies before it leaves no plan, which the driver reports)
finish() { echo "1..$_n"; [ $_failed -eq 0 ]; }
