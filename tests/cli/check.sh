#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# swanmobile check: every golden bad case fails with exactly its .err on
# stderr, every warn case passes with exactly its .err, the example is
# clean, --json parses, --strict fails on warnings, usage errors exit 2.
# After a deliberate message change: tests/data/refresh.sh, review the diff.
. "$(dirname "$0")/tap.sh"
cd "$SM_SRCDIR" || exit 1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT


# check_case FILE RC: exit status and byte-exact stderr
check_case()
{
	f=$1 want=$2 err=${1%.yaml}.err
	"$SWANMOBILE" check "$f" > "$tmp/out" 2> "$tmp/err"
	rc=$?
	if [ ! -f "$err" ]; then
		not_ok "$f: no $err (run tests/data/refresh.sh)"
	elif [ $rc -ne "$want" ]; then
		not_ok "$f: exit $rc, expected $want"
		diag "$(cat "$tmp/err")"
	elif ! cmp -s "$err" "$tmp/err"; then
		not_ok "$f: stderr differs from $err"
		diag "$(diff -u "$err" "$tmp/err")"
	elif [ -s "$tmp/out" ]; then
		not_ok "$f: unexpected output on stdout"
	else
		ok "$f: exit $want, stderr as in $err"
	fi
}

for f in tests/data/bad/*.yaml; do
	check_case "$f" 1
done
for f in tests/data/warn/*.yaml; do
	check_case "$f" 0
	run "$SWANMOBILE" check --strict "$f"
	expect_rc 1 "$f: --strict fails on warnings"
done

run "$SWANMOBILE" check examples/road-warrior.yaml
expect_rc 0 "the example is valid"
[ -z "$err$out" ] && ok "the example: no errors, no warnings, no output" || not_ok "the example: no errors, no warnings, no output"

# --json: a JSON array on stdout, nothing on stderr
json_ok()
{
	python3 -c 'import json, sys
d = json.load(sys.stdin)
assert isinstance(d, list), "not a list"
for e in d:
    assert set(e) == {"file", "line", "column", "severity", "message"}, e
    assert e["severity"] in ("error", "warning"), e
print(len(d))' 2>&1
}
"$SWANMOBILE" check --json tests/data/bad/enums.yaml > "$tmp/out" 2> "$tmp/err"
rc=$?
[ $rc -eq 1 ] && ok "--json on a bad file exits 1" || not_ok "--json on a bad file exits 1 (got $rc)"
n=$(json_ok < "$tmp/out")
[ "$n" = 7 ] && [ ! -s "$tmp/err" ] && ok "--json prints the 7 errors as JSON on stdout only" || { not_ok "--json prints the 7 errors as JSON on stdout only"; diag "$n" "$(cat "$tmp/err")"; }
"$SWANMOBILE" check --json examples/road-warrior.yaml > "$tmp/out" 2> "$tmp/err"
n=$(json_ok < "$tmp/out")
[ "$n" = 0 ] && ok "--json on the example prints an empty array" || not_ok "--json on the example prints an empty array ($n)"

run "$SWANMOBILE" check --strict examples/road-warrior.yaml
expect_rc 0 "--strict passes the example"

run "$SWANMOBILE" check
expect_rc 2 "no FILE exits 2"
expect_match "$err" '^usage: swanmobile check' "no FILE prints the usage on stderr"
run "$SWANMOBILE" check --frobnicate examples/road-warrior.yaml
expect_rc 2 "an unknown option exits 2"
run "$SWANMOBILE" check examples/road-warrior.yaml examples/road-warrior.yaml
expect_rc 2 "two files exit 2"
run "$SWANMOBILE" check --help
expect_rc 0 "--help exits 0"
run "$SWANMOBILE" check /nonexistent/vpn.yaml
expect_rc 3 "an unreadable file exits 3"
expect_match "$err" "^/nonexistent/vpn.yaml: error: cannot read: No such file or directory$" "an unreadable file is named with the reason"
finish
