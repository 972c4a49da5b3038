#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# fixtures: the committed charon logs the log diagnosis is tested on
# (tests/fixtures/logs, written by tests/e2e/refresh-fixtures.sh) are
# complete: every NAME.cause has its NAME.initiator.log and
# NAME.responder.log, every log its .cause, and they ship (EXTRA_DIST) and
# are not ignored by git (a "*.log" rule once dropped them from commits).
. "$(dirname "$0")/tap.sh"
logs=tests/fixtures/logs
cd "$SM_SRCDIR" || exit 1

n=0
for cause in "$logs"/*.cause; do
	[ -f "$cause" ] || continue
	n=$((n + 1))
	name=${cause%.cause}
	missing=
	for side in initiator responder; do
		# a gateway that never answered logged nothing: that log is empty
		if [ "$side" = responder ] && [ "$(cat "$cause")" = no-response ]; then
			[ -f "$name.$side.log" ] || missing="$missing $name.$side.log"
		else
			[ -s "$name.$side.log" ] || missing="$missing $name.$side.log"
		fi
	done
	# one cause code, e.g. "p1-dh-group-mismatch"
	if [ "$(wc -l < "$cause")" -ne 1 ] || ! grep -Eqx '[a-z0-9]+(-[a-z0-9]+)*' "$cause"; then
		missing="$missing (a cause code in $cause)"
	fi
	if [ -z "$missing" ]; then
		ok "$name: cause $(cat "$cause"), initiator and responder logs"
	else
		not_ok "$name: cause, initiator and responder logs"
		diag "missing or empty:$missing"
	fi
done
[ "$n" -gt 0 ] && ok "there are fixtures ($n cases)" || not_ok "there are fixtures in $logs"

orphans=
for log in "$logs"/*.log; do
	[ -f "$log" ] || continue
	name=${log%.log}
	[ -f "${name%.*}.cause" ] || orphans="$orphans $log"
done
[ -z "$orphans" ] && ok "every log belongs to a case with a .cause" ||
	{ not_ok "every log belongs to a case with a .cause"; diag "without a .cause:$orphans"; }

# automake ships tests/fixtures/logs as a whole directory
if [ -f Makefile.am ]; then
	sed -e ':a' -e '/\\$/N; s/\\\n//; ta' Makefile.am |
		grep -E '^EXTRA_DIST[[:space:]]*\+?=' | grep -Eq "[[:space:]]$logs/?([[:space:]]|$)" &&
		ok "EXTRA_DIST ships $logs" || not_ok "EXTRA_DIST ships $logs"
else
	tap_skip "EXTRA_DIST ships $logs" "no Makefile.am"
fi

# in a git checkout, git must not ignore them
if [ -e .git ] && command -v git > /dev/null 2>&1; then
	ignored=$(git check-ignore --no-index "$logs"/* 2>/dev/null)
	[ -z "$ignored" ] && ok "git ignores none of the fixtures" ||
		{ not_ok "git ignores none of the fixtures"; diag "$ignored"; }
else
	tap_skip "git ignores none of the fixtures" "not a git checkout"
fi
finish
