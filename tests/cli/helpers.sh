#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# helpers: the shell tests' own helpers are tested.  A broken tap_result,
# expect_rc, expect_match, finish or golden-file comparison would hide every
# failure it should report, so each is fed known-bad input (and known-good
# input) in a child shell, and its TAP output, exit status and automake's
# verdict on it are checked: tests/tap.sh through tests/cli/tap.sh and
# tests/e2e/lib.sh, and the golden comparisons of tests/cli/check.sh and
# tests/cli/generate.sh on a copy of the golden files with one changed.
#
# This script reports with printf of its own, never with the helpers it
# checks, so that a broken helper cannot hide its own failure.
SM_SRCDIR=${SM_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
SM_BUILDDIR=${SM_BUILDDIR:-$SM_SRCDIR}
SWANMOBILE=${SWANMOBILE:-$SM_BUILDDIR/generator/swanmobile}
export SM_SRCDIR SM_BUILDDIR SWANMOBILE
tmp=$(mktemp -d /tmp/sm-helpers.XXXXXX) || exit 1
trap 'rm -rf "$tmp"' EXIT
NL='
'

# --- this script's own reporting -------------------------------------------
n=0
failed=0
pass() { n=$((n + 1)); printf 'ok %d - %s\n' "$n" "$1"; }
fail()
{
	n=$((n + 1))
	failed=$((failed + 1))
	printf 'not ok %d - %s\n' "$n" "$1"
	shift
	printf '%s\n' "$@" | sed 's/^/# /'
}
skip() { n=$((n + 1)); printf 'ok %d - %s # SKIP %s\n' "$n" "$1" "$2"; }

# same ACTUAL EXPECTED DESCRIPTION: two texts are equal
same()
{
	if [ "$1" = "$2" ]; then
		pass "$3"
	else
		fail "$3" "expected:" "$2" "got:" "$1"
	fi
}

# --- probes -------------------------------------------------------------------
# probe CODE: run CODE in a child shell that sourced tests/cli/tap.sh; its
# standard output in $pout, its exit status in $prc, standard error in
# $tmp/probe.err.  probe_e2e CODE: the same with tests/e2e/lib.sh.
probe_with()
{
	printf '. "$SM_SRCDIR/%s"\n%s\n' "$1" "$2" > "$tmp/probe.sh"
	pout=$(sh "$tmp/probe.sh" 2> "$tmp/probe.err")
	prc=$?
}
probe() { probe_with tests/cli/tap.sh "$1"; }
probe_e2e() { probe_with tests/e2e/lib.sh "$1"; }

# verdict: automake's tap-driver on the last probe: the result of each test
# point and of the script as a whole, in order (PASS, FAIL, SKIP, XFAIL,
# ERROR), in $verdict, e.g. "PASS FAIL ERROR" for a passed and a failed
# test point and a non-zero exit status; empty if the driver is missing
DRIVER=$SM_SRCDIR/build-aux/tap-driver.sh
verdict()
{
	verdict=
	[ -f "$DRIVER" ] || return 0
	sh "$DRIVER" --test-name probe --log-file "$tmp/probe.log" \
		--trs-file "$tmp/probe.trs" --color-tests no -- \
		sh "$tmp/probe.sh" > /dev/null 2>&1
	verdict=$(sed -n 's/^:test-result: //p' "$tmp/probe.trs" | tr '\n' ' ')
	verdict=${verdict% }
}

# expect_verdict WANT DESCRIPTION: automake's verdict on the last probe
expect_verdict()
{
	verdict
	if [ -z "$verdict" ] && [ ! -f "$DRIVER" ]; then
		skip "$2" "no $DRIVER (run ./autogen.sh)"
	else
		same "$verdict" "$1" "$2"
	fi
}

# --- test points --------------------------------------------------------------
probe 'ok "a"; not_ok "b"; ok "c"'
same "$pout" "ok 1 - a${NL}not ok 2 - b${NL}ok 3 - c" "ok and not_ok number their lines in order"

probe 'tap_result 0 zero; tap_result 1 one; tap_result 2 two; tap_result 255 max'
same "$pout" "ok 1 - zero${NL}not ok 2 - one${NL}not ok 3 - two${NL}not ok 4 - max" \
	"tap_result: 0 is ok, every non-zero status is not ok"
probe 'tap_result "" empty; tap_result x word; tap_result -1 negative'
same "$pout" "not ok 1 - empty${NL}not ok 2 - word${NL}not ok 3 - negative" \
	"tap_result: an empty, non-numeric or negative status is not ok"
probe 'tap_result 1 a; tap_result 0 b; finish'
same "$prc" 1 "tap_result: a failure makes finish fail"

probe 'not_ok "broken # SKIP not really"; finish'
same "$pout" "not ok 1 - broken \\# SKIP not really${NL}1..1" "a hash sign in a description is escaped"
expect_verdict "FAIL ERROR" "a SKIP directive in a failure's description does not turn it into a skip"
probe 'not_ok "path\\# TODO later"; finish'
expect_verdict "FAIL ERROR" "nor does a TODO directive after a backslash (the backslash is escaped too)"
probe 'ok "links # SKIP needs root"; finish'
same "$prc" 1 "ok with a SKIP directive in its description fails (tap_skip is the way to skip)"
expect_verdict "FAIL ERROR" "and the driver reports the failure"
probe "not_ok \"two${NL}ok 7 - lines\"; finish"
same "$pout" "not ok 1 - two ok 7 - lines${NL}1..1" "a description with a newline stays on one line"
expect_verdict "FAIL ERROR" "so its second line cannot pass as a test point"

probe 'not_ok "a\\c b\\n"; ok "\\\\"; finish'
same "$pout" "not ok 1 - a\\c b\\n${NL}ok 2 - \\\\${NL}1..2" "backslashes in descriptions are printed as they are"
expect_verdict "FAIL PASS ERROR" "so '\\c' cannot swallow the next test point"

probe 'tap_skip "needs a thing" "no thing here"; ok after; finish'
same "$pout" "ok 1 - needs a thing # SKIP no thing here${NL}ok 2 - after${NL}1..2" "tap_skip prints a SKIP directive"
expect_verdict "SKIP PASS" "a skipped and a passed test point pass"

probe "diag one \"two${NL}three\""
same "$pout" "# one${NL}# two${NL}# three" "diag prefixes every line of every argument"

# --- the plan -------------------------------------------------------------------
probe 'ok a; ok b; finish'
same "$pout" "ok 1 - a${NL}ok 2 - b${NL}1..2" "finish prints the plan after the tests"
same "$prc" 0 "finish exits 0 when everything passed"
expect_verdict "PASS PASS" "automake passes it"

probe 'ok a; not_ok b; ok c; finish'
same "$prc" 1 "finish returns non-zero after a failure"
same "$(printf '%s\n' "$pout" | tail -n 1)" "1..3" "the plan counts the failure too"
expect_verdict "PASS FAIL PASS ERROR" "automake fails it"

probe 'ok a; exit 0; ok b; finish'
same "$pout" "ok 1 - a" "a script that exits early prints no plan"
expect_verdict "PASS ERROR" "automake reports the missing plan as an error"
probe 'ok a; false || exit 1; finish'
expect_verdict "PASS ERROR ERROR" "and so after exit 1 (no plan, exit status)"

probe 'finish'
same "$pout" "not ok 1 - the script ran at least one test point${NL}1..1" \
	"a script without any test point fails instead of printing 1..0"
expect_verdict "FAIL ERROR" "automake fails it (not a silent skip)"

probe 'tap_skip_all "no charon here"; ok never; finish'
same "$pout" "1..0 # SKIP no charon here" "tap_skip_all prints a skip plan and exits"
same "$prc" 0 "tap_skip_all exits 0"
expect_verdict SKIP "automake skips it"

probe 'tap_plan 3; ok a; ok b; finish'
same "$pout" "ok 1 - a${NL}ok 2 - b${NL}1..3" "tap_plan N declares the plan, printed at the end"
expect_verdict "PASS PASS ERROR" "a declared plan the tests do not meet is an error"
probe 'tap_plan 2; ok a; ok b; finish'
expect_verdict "PASS PASS" "a declared plan the tests meet passes"

# --- check, check_fails, has_line -------------------------------------------
probe 'check yes true; check no false; check_fails inverted false; check_fails wrong true'
same "$pout" "ok 1 - yes${NL}not ok 2 - no${NL}# failed: false${NL}ok 3 - inverted${NL}not ok 4 - wrong${NL}# unexpectedly succeeded: true" \
	"check and check_fails follow the command's exit status"
probe 'setv() { v=set; }; check "a function" setv; echo "v=$v"'
same "$pout" "ok 1 - a function${NL}v=set" "check runs the command in the same shell"
probe 'check "noisy" sh -c "echo ok 5 - fake; echo 1..1; echo not ok 9"; ok after; finish'
same "$pout" "ok 1 - noisy${NL}ok 2 - after${NL}1..2" "what a checked command prints is kept out of the TAP stream"
same "$(cat "$tmp/probe.err")" "ok 5 - fake${NL}1..1${NL}not ok 9" "it goes to standard error (the log)"
expect_verdict "PASS PASS" "automake sees only the real test points"

probe "has_line \"a${NL}-bc${NL}d\" -bc && echo yes; has_line abc b || echo no; has_line 'a.c' abc || echo literal"
same "$pout" "yes${NL}no${NL}literal" "has_line matches whole lines, literally, with a leading '-'"

# --- run and expect_rc ------------------------------------------------------------
probe 'run sh -c "echo out1; echo out2; echo err1 >&2; exit 4"; printf "%s|%s|%s\n" "$out" "$err" "$rc"'
same "$pout" "out1${NL}out2|err1|4" "run sets \$out, \$err and \$rc"
probe 'run sh -c "exit 4"; expect_rc 4 right; expect_rc 0 wrong; expect_rc 5 "off by one"'
same "$(printf '%s\n' "$pout" | grep '^ok\|^not ok')" \
	"ok 1 - right${NL}not ok 2 - wrong (exit 4, expected 0)${NL}not ok 3 - off by one (exit 4, expected 5)" \
	"expect_rc: only the exact exit status passes"
probe 'run true; expect_rc 1 "zero is not one"'
same "$pout" "not ok 1 - zero is not one (exit 0, expected 1)${NL}# stdout: ${NL}# stderr: " \
	"expect_rc: a success is not the expected failure, and the outputs are shown"
probe 'expect_rc 0 "no run"'
same "$(printf '%s\n' "$pout" | head -n 1)" "not ok 1 - no run (exit , expected 0)" \
	"expect_rc without a run fails"

# --- expect_match ---------------------------------------------------------------------
probe 'expect_match "usage: swanmobile check" "^usage: swanmobile" good; expect_match "usage: swanmobile" "^check" bad'
same "$(printf '%s\n' "$pout" | head -n 2)" "ok 1 - good${NL}not ok 2 - bad" \
	"expect_match: a matching regex passes, a regex that must not match fails"
probe 'expect_match "-n foo" "^-n foo$" dash; expect_match "-e" "^-e$" "dash e"; expect_match "--help" "^--help$" "double dash"; expect_match "-n foo" "^foo" "dash, no match"'
same "$(printf '%s\n' "$pout" | grep '^ok\|^not ok')" \
	"ok 1 - dash${NL}ok 2 - dash e${NL}ok 3 - double dash${NL}not ok 4 - dash, no match" \
	"expect_match: text with a leading '-' is text, not an option"
probe 'expect_match "-n" "^-n$" "just -n"; expect_match "a\\tb\\c" "^a\\\\tb\\\\c$" backslashes'
same "$(printf '%s\n' "$pout" | grep '^ok\|^not ok')" "ok 1 - just -n${NL}ok 2 - backslashes" \
	"expect_match: the text is printed as it is (no echo options or escapes)"
probe 'expect_match "a-b" "-b" "regex dash"; expect_match "ab" "-b" "regex dash, no match"'
same "$(printf '%s\n' "$pout" | grep '^ok\|^not ok')" "ok 1 - regex dash${NL}not ok 2 - regex dash, no match" \
	"expect_match: a regex with a leading '-' is a regex, not an option"
probe "t='first line${NL}error: second${NL}third'
expect_match \"\$t\" '^error: second\$' line
expect_match \"\$t\" '^third\$' last
expect_match \"\$t\" '^first.*third' across
expect_match \"\$t\" '^second' anchored"
same "$(printf '%s\n' "$pout" | grep '^ok\|^not ok')" \
	"ok 1 - line${NL}ok 2 - last${NL}not ok 3 - across${NL}not ok 4 - anchored" \
	"expect_match: multi-line text is matched line by line, anchors per line"
probe 'expect_match "" "." empty; expect_match "abc" "(" invalid'
same "$(printf '%s\n' "$pout" | grep '^ok\|^not ok')" "not ok 1 - empty${NL}not ok 2 - invalid" \
	"expect_match: empty text and an invalid regex fail"

# --- the e2e side: tests/e2e/lib.sh uses the same helpers -----------------------
probe_e2e 'check a true; tap_result 0 b; e2e_finish'
same "$pout" "ok 1 - a${NL}ok 2 - b${NL}1..2" "e2e: the plan is counted and printed by e2e_finish"
same "$prc" 0 "e2e: e2e_finish exits 0 when everything passed"
probe_e2e 'check a true; check b false; e2e_finish'
same "$prc" 1 "e2e: e2e_finish exits 1 after a failure"
expect_verdict "PASS FAIL ERROR" "e2e: automake fails it"
probe_e2e 'check a true; exit 1; e2e_finish'
same "$pout" "ok 1 - a" "e2e: a script that dies before e2e_finish prints no plan"
expect_verdict "PASS ERROR ERROR" "e2e: automake reports it as an error"

# --- golden files: check.sh's .err comparison, generate.sh's golden tree ----------
# a copy of the source files the two scripts read, with one golden file changed
copy=$tmp/src
mkdir -p "$copy/tests/cli"
cp "$SM_SRCDIR/tests/tap.sh" "$copy/tests/"
cp "$SM_SRCDIR/tests/cli/tap.sh" "$SM_SRCDIR/tests/cli/check.sh" \
	"$SM_SRCDIR/tests/cli/generate.sh" "$copy/tests/cli/"
cp -R "$SM_SRCDIR/tests/data" "$copy/tests/"
cp -R "$SM_SRCDIR/examples" "$SM_SRCDIR/templates" "$copy/"
chmod -R u+w "$copy"

# check.sh: one .err with a character changed, one without its last newline,
# one missing; an untouched one still passes (the copy works)
bad=$copy/tests/data/bad
sed 's/error/errar/' "$SM_SRCDIR/tests/data/bad/enums.err" > "$bad/enums.err"
printf '%s' "$(cat "$SM_SRCDIR/tests/data/bad/alias.err")" > "$bad/alias.err"
rm "$bad/tag.err"
cmp -s "$SM_SRCDIR/tests/data/bad/enums.err" "$bad/enums.err" &&
	fail "the changed golden file differs" || pass "the changed golden file differs"
pout=$(SM_SRCDIR=$copy sh "$copy/tests/cli/check.sh" 2>&1)
prc=$?
# status TEXT: "ok" or "not ok", of the first test point of $pout whose
# description starts with TEXT ("none" if there is none)
status()
{
	printf '%s\n' "$pout" | awk -v p="$1" '
		/^(not )?ok [0-9]+ - / {
			d = $0
			sub(/^(not )?ok [0-9]+ - /, "", d)
			if (index(d, p) == 1) { print (/^not/ ? "not ok" : "ok"); found = 1; exit }
		}
		END { if (!found) print "none" }'
}
same "$(status 'tests/data/bad/enums.yaml: ')" "not ok" "check.sh: an .err with one character changed fails"
same "$(status 'tests/data/bad/alias.yaml: ')" "not ok" "check.sh: an .err without its final newline fails"
same "$(status 'tests/data/bad/tag.yaml: ')" "not ok" "check.sh: a missing .err fails"
same "$(status 'tests/data/bad/anchor.yaml: ')" "ok" "check.sh: an untouched .err in the same copy passes"
[ "$prc" -ne 0 ] && pass "check.sh exits non-zero" || fail "check.sh exits non-zero" "$pout"

# generate.sh: the golden connection file with a line added
if [ -x "$SWANMOBILE" ]; then
	echo "# one line more" >> "$copy/tests/data/road-warrior.out/etc/swanctl/conf.d/rw.conf"
	pout=$(SM_SRCDIR=$copy sh "$copy/tests/cli/generate.sh" 2>&1)
	prc=$?
	same "$(status 'swanctl connection and pools')" "not ok" \
		"generate.sh: a golden file with a line more fails"
	same "$(status 'plugin settings')" "ok" \
		"generate.sh: an untouched golden file in the same copy passes"
	[ "$prc" -ne 0 ] && pass "generate.sh exits non-zero" || fail "generate.sh exits non-zero" "$pout"
else
	skip "generate.sh: a golden file with a line more fails" "no $SWANMOBILE"
fi

echo "1..$n"
[ "$failed" -eq 0 ]
