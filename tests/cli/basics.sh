#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# swanmobile's dispatch: help, version, unknown commands and exit codes
. "$(dirname "$0")/tap.sh"

run "$SWANMOBILE" --version
expect_rc 0 "--version exits 0"
expect_match "$out" '^swanmobile [0-9]+\.[0-9]+\.[0-9]+$' "--version prints 'swanmobile X.Y.Z'"

run "$SWANMOBILE" --help
expect_rc 0 "--help exits 0"
expect_match "$out" '^  version +print the version' "--help lists the commands from the table"

# the templates' default is the directory configure chose (the Debian
# package's /usr/share/swanmobile/templates), not a path fixed in the code
if [ -n "${SM_TEMPLATESDIR:-}" ]; then
	run "$SWANMOBILE" generate --help
	expect_rc 0 "generate --help exits 0"
	case $out in
		*"(default $SM_TEMPLATESDIR)"*) ok "generate --help names configure's templates directory $SM_TEMPLATESDIR" ;;
		*) not_ok "generate --help names configure's templates directory $SM_TEMPLATESDIR"; diag "$out" ;;
	esac
else
	tap_skip "generate --help names configure's templates directory" "SM_TEMPLATESDIR not set (make check sets it)"
fi

run "$SWANMOBILE" frobnicate
expect_rc 2 "an unknown command exits 2"
expect_match "$err" "unknown command 'frobnicate'" "an unknown command is named on stderr"
expect_match "$err" '^usage: swanmobile' "an unknown command prints the usage on stderr"
[ -z "$out" ] && ok "nothing on stdout for an unknown command" || not_ok "nothing on stdout for an unknown command"

run "$SWANMOBILE"
expect_rc 2 "no command exits 2"
finish
