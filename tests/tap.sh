# SPDX-License-Identifier: GPL-2.0-or-later
#
# tests/tap.sh - TAP output for every shell test: sourced by tests/cli/tap.sh
# (CLI tests) and tests/e2e/lib.sh (end-to-end tests), checked by
# tests/cli/helpers.sh, which feeds each helper known-good and known-bad
# input.  Needs nothing but a POSIX shell (and grep, sed, tr, mktemp).
#
# The plan comes last: tap_done (finish, e2e_finish) prints "1..N" after the
# last test point, N being the number of test points printed, so nobody
# counts tests by hand.  A script that dies before tap_done prints no plan,
# and automake's tap-driver reports it as an ERROR, never as a pass.
# tap_plan N may declare the number up front: tap_done then prints "1..N"
# as declared, and the driver reports any difference.
#
# Descriptions are printed as they are (printf, never echo, which would
# interpret backslashes), on one line and with '#' escaped, so that a file
# name or message in a description can neither start a new test line nor
# turn a failure into a TODO or SKIP.

_tap_n=0
_tap_failed=0
_tap_planned=
_tap_nl='
'

# _tap_desc TEXT: TEXT as a safe TAP description (in $_tap_d)
_tap_desc()
{
	_tap_d=$1
	case $_tap_d in
	*"$_tap_nl"* | *'#'*)
		_tap_d=$(printf '%s' "$_tap_d" | tr '\n' ' ' |
			sed -e 's/\\/\\\\/g' -e 's/#/\\#/g')
		;;
	esac
}

# tap_result STATUS DESCRIPTION: one test point, "ok" when STATUS is 0
# (anything else, including a non-number, is "not ok")
tap_result()
{
	_tap_n=$((_tap_n + 1))
	_tap_desc "$2"
	if [ "$1" -eq 0 ] 2>/dev/null; then
		printf 'ok %d - %s\n' "$_tap_n" "$_tap_d"
	else
		printf 'not ok %d - %s\n' "$_tap_n" "$_tap_d"
		_tap_failed=$((_tap_failed + 1))
	fi
}

# ok DESCRIPTION / not_ok DESCRIPTION: a passed / failed test point; a
# "# SKIP" or "# TODO" written into a description would be escaped into a
# pass, so it fails instead (tap_skip says that a test could not run)
ok()
{
	case $1 in
	*'# SKIP'* | *'# skip'* | *'# TODO'* | *'# todo'*)
		tap_result 1 "$1"
		printf '# a directive in a description: use tap_skip DESCRIPTION REASON\n'
		;;
	*) tap_result 0 "$1" ;;
	esac
}
not_ok() { tap_result 1 "$1"; }

# tap_skip DESCRIPTION REASON: a test point that cannot run here
tap_skip()
{
	_tap_n=$((_tap_n + 1))
	_tap_desc "$1"
	_tap_r=$_tap_d
	_tap_desc "$2"
	printf 'ok %d - %s # SKIP %s\n' "$_tap_n" "$_tap_r" "$_tap_d"
}

# diag TEXT...: each line of each TEXT as a TAP comment
diag() { printf '%s\n' "$@" | sed 's/^/# /'; }

# tap_plan N: declare N test points (optional; printed by tap_done)
tap_plan() { _tap_planned=$1; }

# tap_skip_all REASON: the whole test cannot run here (never a silent pass)
tap_skip_all() { printf '1..0 # SKIP %s\n' "$*"; exit 0; }

# tap_done: print the plan; status 0 if every test point passed.  A script
# that printed no test point and did not call tap_skip_all fails: a test
# whose loop ran zero times must not look like a skipped one.
tap_done()
{
	if [ "$_tap_n" -eq 0 ] && [ -z "$_tap_planned" ]; then
		not_ok "the script ran at least one test point"
	fi
	echo "1..${_tap_planned:-$_tap_n}"
	[ "$_tap_failed" -eq 0 ]
}

# finish: tap_done, for the last line of a CLI test
finish() { tap_done; }

# check DESCRIPTION COMMAND...: one test point from a command's exit status.
# COMMAND runs in this shell (functions may set variables); its standard
# output goes to standard error, so that it cannot be read as TAP.
check()
{
	_desc=$1
	shift
	if "$@" >&2; then
		tap_result 0 "$_desc"
	else
		tap_result 1 "$_desc"
		diag "failed: $*"
	fi
}

# check_fails DESCRIPTION COMMAND...: a test point that passes when COMMAND fails
check_fails()
{
	_desc=$1
	shift
	if "$@" >&2; then
		tap_result 1 "$_desc"
		diag "unexpectedly succeeded: $*"
	else
		tap_result 0 "$_desc"
	fi
}

# has_line TEXT LINE: TEXT has a line equal to LINE
has_line() { printf '%s\n' "$1" | grep -Fqx -- "$2"; }

# run CMD...: sets $out (stdout), $err (stderr), $rc (trailing newlines of
# the outputs are dropped, as by $(...))
run()
{
	_o=$(mktemp) _e=$(mktemp)
	"$@" > "$_o" 2> "$_e"
	rc=$?
	out=$(cat "$_o") err=$(cat "$_e")
	rm -f "$_o" "$_e"
}

# expect_rc N DESCRIPTION: the last run exited with N
expect_rc()
{
	if [ "$rc" -eq "$1" ] 2>/dev/null; then
		ok "$2"
	else
		not_ok "$2 (exit $rc, expected $1)"
		diag "stdout: $out" "stderr: $err"
	fi
}

# expect_match TEXT REGEX DESCRIPTION: a line of TEXT matches the extended
# regular expression REGEX
expect_match()
{
	if printf '%s\n' "$1" | grep -Eq -- "$2"; then
		ok "$3"
	else
		not_ok "$3"
		diag "no match for /$2/ in:" "$1"
	fi
}
