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

# the templates' default is where configure put them (--with-templatesdir)
if [ -n "$SM_TEMPLATESDIR" ]; then
	for cmd in generate profile; do
		run "$SWANMOBILE" $cmd --help
		expect_match "$out" "--templates DIR .*\(default $SM_TEMPLATESDIR\)" "$cmd: the templates' default is the configured directory"
	done
else
	tap_skip "the templates' default" "SM_TEMPLATESDIR is set by make check"
fi

# every subcommand reads its options the same way (getopt_long): unknown
# options, missing arguments and arguments to options that take none are
# usage errors (exit 2) that name the option; a value after '=' is never
# repeated (it may be a secret); "--" ends the options
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
example=$SM_SRCDIR/examples/road-warrior.yaml
# (each command with an option that takes no argument)
for c in "check --json" "generate --json" "renew --json" "user list --json" \
	"diagnose --json" "firewall show --quiet" "profile windows --quiet" \
	"status --json" "disconnect --help" "doctor --json" "selftest --json" \
	"datapath --json"; do
	cmd=${c% *} flag=${c##* }
	run "$SWANMOBILE" $cmd --frobnicate=hunter2 "$example"
	expect_rc 2 "$cmd: an unknown option exits 2"
	expect_match "$err" "^swanmobile( ${cmd%% *})?( [a-z]+)?: unknown option '--frobnicate'" "$cmd: the unknown option is named"
	case $err in *hunter2*) not_ok "$cmd: the value of an unknown option is not repeated";;
		*) ok "$cmd: the value of an unknown option is not repeated";; esac
	run "$SWANMOBILE" $cmd -Z "$example"
	expect_rc 2 "$cmd: an unknown short option exits 2"
	expect_match "$err" "unknown option '-Z'" "$cmd: the unknown short option is named"
	run "$SWANMOBILE" $cmd $flag=hunter2 "$example"
	expect_rc 2 "$cmd: an argument to an option that takes none exits 2"
	expect_match "$err" "option '$flag' takes no argument" "$cmd: and says so"
	case $err in *hunter2*) not_ok "$cmd: the argument of $flag is not repeated";;
		*) ok "$cmd: the argument of $flag is not repeated";; esac
	[ -z "$out" ] && ok "$cmd: nothing on stdout for a usage error" || not_ok "$cmd: nothing on stdout for a usage error"
done
run "$SWANMOBILE" generate --root
expect_rc 2 "generate: a missing argument exits 2"
expect_match "$err" "^swanmobile generate: option '--root' needs an argument" "generate: the option is named"
expect_match "$err" '^usage: swanmobile generate' "generate: and the usage follows"
run "$SWANMOBILE" renew -d
expect_rc 2 "renew: a missing argument of a short option exits 2"
expect_match "$err" "option '-d' needs an argument" "renew: the short option is named"
run "$SWANMOBILE" user add --db
expect_rc 2 "user: a missing argument exits 2"
expect_match "$err" "^swanmobile: option '--db' needs an argument \(see 'swanmobile user --help'\)" "user: the option is named"
for c in "diagnose --since" "firewall apply --root" "profile --user" \
	"status --uri" "disconnect --uri" "doctor --root" "selftest --user" \
	"datapath --root"; do
	cmd=${c% *} opt=${c##* }
	run "$SWANMOBILE" $cmd $opt
	expect_rc 2 "$cmd: a missing argument exits 2"
	expect_match "$err" "^swanmobile $cmd: option '$opt' needs an argument" "$cmd: the option is named"
	expect_match "$err" "^usage: swanmobile ${cmd%% *}" "$cmd: and the usage follows"
done
# an option of another command of the same family
for c in "status --days 3" "disconnect --json alice" "datapath --uri x"; do
	cmd=${c%% *} opt=${c#* }
	opt=${opt%% *}
	run "$SWANMOBILE" $c
	expect_rc 2 "$cmd: $opt is a usage error"
	expect_match "$err" "^swanmobile $cmd: (option '$opt' does not apply to this command|unknown option '$opt')" "$cmd: and names it"
done
run "$SWANMOBILE" doctor --days=hunter2
expect_rc 2 "doctor: --days that is no number exits 2"
expect_match "$err" "^swanmobile doctor: --days expects a number of days \(0-36500\)" "and names the range"
case $err in *hunter2*) not_ok "doctor: the value of --days is not repeated";;
	*) ok "doctor: the value of --days is not repeated";; esac
# options and arguments in any order
run "$SWANMOBILE" disconnect alice --uri "unix://$tmp/no-charon.vici"
expect_rc 3 "disconnect USER --uri URI: the option after the argument is read"
expect_match "$err" "(cannot connect to charon at 'unix://$tmp/no-charon.vici'|without libvici)" "and the URI is the one given"
run "$SWANMOBILE" generate --d "$example"
expect_rc 2 "an ambiguous abbreviation exits 2"
expect_match "$err" "ambiguous option '--d'" "and is called ambiguous"
run "$SWANMOBILE" check --str "$example"
expect_rc 0 "an unambiguous abbreviation is the option"
# "--": what follows is a file or an identity, even with a leading '-'
cp "$example" "$tmp/--json"
(cd "$tmp" && "$SWANMOBILE" check -- --json) > "$tmp/out" 2> "$tmp/err"
# (as text: the client report on stdout, not JSON)
[ $? -eq 0 ] && [ ! -s "$tmp/err" ] && ! grep -q '^[[{]' "$tmp/out" &&
	ok "check -- --json reads the file '--json'" || not_ok "check -- --json reads the file '--json'"
run "$SWANMOBILE" check -- --strict --json
expect_rc 2 "after --, every word is a file: two are too many"
expect_match "$err" "one FILE only" "and says so"
echo pw | "$SWANMOBILE" user add --db "$tmp/db/users.db" --password-stdin -- --json
run "$SWANMOBILE" user show --db "$tmp/db/users.db" -- --json
expect_rc 0 "user show -- --json shows the user '--json'"
expect_match "$out" "^identity: --json$" "as text: --json is the identity, not the option"
run "$SWANMOBILE" generate --dry-run -- "$tmp/missing.yaml" --quiet
expect_rc 2 "generate: after --, --quiet is a second file"
cp "$SM_SRCDIR/tests/fixtures/logs/eap-success.responder.log" "$tmp/--since"
(cd "$tmp" && "$SWANMOBILE" diagnose -- --since) > "$tmp/out" 2> "$tmp/err"
[ $? -eq 0 ] && [ ! -s "$tmp/err" ] && grep -q '^attempt 1: established$' "$tmp/out" &&
	ok "diagnose -- --since reads the log '--since'" || not_ok "diagnose -- --since reads the log '--since'"
run "$SWANMOBILE" firewall show --root "$tmp/none" -- --quiet
expect_rc 2 "firewall: after --, --quiet is an argument (and show takes none)"
expect_match "$err" "^swanmobile firewall show: unexpected argument" "and says so"
run "$SWANMOBILE" profile windows --root "$tmp/none" -- --quiet
expect_rc 3 "profile: after --, --quiet is the file"
expect_match "$err" '^--quiet: error: cannot read' "and it is the file it cannot read"
finish
