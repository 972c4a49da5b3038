#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# swanmobile user: add/del/passwd/enable/disable/set/list/show/import against a
# private database, file modes, JSON output, messages and exit codes
. "$(dirname "$0")/tap.sh"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
db="$tmp/lib/users.db"
# like the CLI as an administrator runs it: a umask that would let others read
umask 022

user() { "$SWANMOBILE" user "$@" --db "$db"; }
# json_get EXPR: evaluate a Python expression over the JSON on stdin (j)
json_get() { python3 -c "import json,sys; j=json.load(sys.stdin); print($1)"; }

run sh -c 'echo clientPass | "$0" user add --db "$1" --password-stdin alice' "$SWANMOBILE" "$db"
expect_rc 0 "add with --password-stdin exits 0"
[ -z "$out$err" ] && ok "add is silent on success" || not_ok "add is silent on success"
[ "$(stat -c %a "$tmp/lib")" = 700 ] && ok "the directory is created with mode 0700" \
	|| not_ok "the directory is created with mode 0700 ($(stat -c %a "$tmp/lib"))"
[ "$(stat -c %a "$db")" = 600 ] && ok "the database is created with mode 0600" \
	|| not_ok "the database is created with mode 0600 ($(stat -c %a "$db"))"

run sh -c 'echo other | "$0" user add --db "$1" --password-stdin alice' "$SWANMOBILE" "$db"
expect_rc 1 "adding an existing user exits 1"
expect_match "$err" "^swanmobile: user 'alice' already exists \(use 'swanmobile user passwd' to change the password\)$" \
	"the duplicate is named, with the command to use instead"
run sh -c 'echo other | "$0" user add --db "$1" --password-stdin ALICE' "$SWANMOBILE" "$db"
expect_rc 1 "identities differing only in ASCII case are duplicates"

run user show --show-hash alice
expect_match "$out" '^nt-hash:  44ebba8d5312b8d611474411f56989ae$' \
	"the stored hash is the RFC 2759 NT hash of 'clientPass'"
run user show alice
expect_match "$out" '^identity: alice$' "show prints the identity"
if printf '%s\n' "$out" | grep -q nt-hash; then not_ok "show hides the hash without --show-hash"; else ok "show hides the hash without --show-hash"; fi

printf 'p\303\244ssw\303\266rd\r\n' > "$tmp/pw"
run sh -c '"$0" user add --db "$1" --password-stdin --address 10.3.200.7 --dns "192.0.2.53, 2001:DB8::53" "CORP\\bob" < "$2"' \
	"$SWANMOBILE" "$db" "$tmp/pw"
expect_rc 0 "add with a non-ASCII password, CRLF line end, address and DNS"
run user show --show-hash 'corp\BOB'
expect_match "$out" '^nt-hash:  0553152250ac01adb4213cb9938663e4$' \
	"a UTF-8 password is hashed as UTF-16LE and the CR is stripped"
expect_match "$out" '^dns:      192.0.2.53,2001:db8::53$' "DNS servers are stored canonical"

run sh -c 'printf "p\\303(ss\\n" | "$0" user add --db "$1" --password-stdin carol' "$SWANMOBILE" "$db"
expect_rc 1 "a password that is not UTF-8 exits 1"
expect_match "$err" "not valid UTF-8 \(byte 2\)" "the bad byte is located, the password not shown"
run sh -c 'printf "\\n" | "$0" user add --db "$1" --password-stdin carol' "$SWANMOBILE" "$db"
expect_rc 1 "an empty password exits 1"
run sh -c 'echo x | "$0" user add --db "$1" --password-stdin --address 10.3.200.0/24 carol' "$SWANMOBILE" "$db"
expect_rc 1 "an address with a prefix exits 1"
expect_match "$err" "virtual IPv4 address '10.3.200.0/24' is not a single IPv4 address" \
	"the bad address is named"
run sh -c 'echo 44EBBA8D5312B8D611474411F56989AE | "$0" user add --db "$1" --nt-hash-stdin --disabled carol' "$SWANMOBILE" "$db"
expect_rc 0 "add with --nt-hash-stdin and --disabled"
run sh -c 'echo 44EBBA8D | "$0" user add --db "$1" --nt-hash-stdin dave' "$SWANMOBILE" "$db"
expect_rc 1 "a short NT hash exits 1"

run user add --password clientPass dave
expect_rc 2 "there is no option taking the password on the command line"
run user add dave < /dev/null
expect_rc 2 "without a terminal and --password-stdin, add exits 2"
expect_match "$err" "no terminal to ask for the password" "and says why"
run user list extra
expect_rc 2 "list takes no argument"
run user list --show-hash
expect_rc 2 "an option of another subcommand is a usage error"
run "$SWANMOBILE" user frobnicate
expect_rc 2 "an unknown user subcommand exits 2"

run user list --json
expect_rc 0 "list --json exits 0"
if printf '%s' "$out" | python3 -c 'import json,sys; json.load(sys.stdin)' 2>/dev/null; then
	ok "list --json is valid JSON"
else
	not_ok "list --json is valid JSON"; diag "$out"
fi
[ "$(printf '%s' "$out" | json_get "[u['identity'] for u in j]")" = "['alice', 'carol', 'CORP\\\\bob']" ] \
	&& ok "list --json holds every user in order, backslashes escaped" \
	|| not_ok "list --json holds every user in order, backslashes escaped"
[ "$(printf '%s' "$out" | json_get "[u['enabled'] for u in j]")" = "[True, False, True]" ] \
	&& ok "list --json shows the enabled flags" || not_ok "list --json shows the enabled flags"
if printf '%s' "$out" | grep -qi '44ebba8d'; then not_ok "list --json never holds hashes"; else ok "list --json never holds hashes"; fi
run user list
expect_match "$out" '^carol +disabled' "list prints a table with the status"

run user disable alice
expect_rc 0 "disable exits 0"
run user show --json alice
[ "$(printf '%s' "$out" | json_get "j['enabled']")" = False ] && ok "disable clears the flag" || not_ok "disable clears the flag"
run user enable alice
run user show --json alice
[ "$(printf '%s' "$out" | json_get "j['enabled']")" = True ] && ok "enable sets it again" || not_ok "enable sets it again"

run sh -c 'echo newpass | "$0" user passwd --db "$1" --password-stdin alice' "$SWANMOBILE" "$db"
expect_rc 0 "passwd exits 0"
run user show --show-hash alice
if printf '%s\n' "$out" | grep -q 44ebba8d5312b8d611474411f56989ae; then not_ok "passwd changes the hash"; else ok "passwd changes the hash"; fi
run sh -c 'echo x | "$0" user passwd --db "$1" --password-stdin nobody' "$SWANMOBILE" "$db"
expect_rc 1 "passwd of an unknown user exits 1"

run user set --address '' --address6 2001:db8::7 'CORP\bob'
run user show --json 'CORP\bob'
[ "$(printf '%s' "$out" | json_get "(j['address'], j['address6'])")" = "(None, '2001:db8::7')" ] \
	&& ok "set replaces and clears addresses" || not_ok "set replaces and clears addresses"
run user set --dns 192.0.2.54 'CORP\bob'
run user show --json 'CORP\bob'
[ "$(printf '%s' "$out" | json_get "(j['address6'], j['dns'], j['enabled'])")" = "('2001:db8::7', ['192.0.2.54'], True)" ] \
	&& ok "set changes only what it names" || not_ok "set changes only what it names"
run user set --dns 192.0.2.1 nobody
expect_rc 1 "set of an unknown user exits 1"
expect_match "$err" "^swanmobile: user 'nobody' does not exist$" "the unknown user is named"
run user set --address 10.0.0.0/8 nobody
expect_rc 1 "set with a bad address exits 1"
expect_match "$err" "^swanmobile: virtual IPv4 address '10.0.0.0/8' is not a single IPv4 address$" \
	"the bad value is named before the user is looked up"

run user del nobody
expect_rc 1 "deleting an unknown user exits 1"
expect_match "$err" "^swanmobile: user 'nobody' does not exist$" "the unknown user is named"
run user del carol
expect_rc 0 "del exits 0"
run user show carol
expect_rc 1 "a deleted user is gone"

# import
printf 'identity,password,address,dns\nerin,"pa,ss""word",10.3.200.9,\nfrank,secret,,"192.0.2.1 192.0.2.2"\n' > "$tmp/u.csv"
chmod 644 "$tmp/u.csv"
run user import --csv "$tmp/u.csv"
expect_rc 3 "an import file that others can read is refused (exit 3)"
chmod 600 "$tmp/u.csv"
run user import --csv "$tmp/u.csv"
expect_rc 0 "import --csv exits 0"
expect_match "$out" "u.csv: 2 added, 0 updated, 0 unchanged, 0 deleted" "import reports what it did"
run user import --csv "$tmp/u.csv"
expect_rc 1 "importing existing users without --replace exits 1"
expect_match "$err" "u.csv:2: user 'erin' already exists \(use --replace" "names the line and the user"
printf 'identity,password\ngrace,x\nGrace,y\n' > "$tmp/dup.csv"; chmod 600 "$tmp/dup.csv"
run user import --csv "$tmp/dup.csv"
expect_rc 1 "a user twice in one file exits 1"
run user show grace
expect_rc 1 "a failed import writes nothing"

cat > "$tmp/u.yaml" <<'EOF'
gateway: {name: vpn.example.com}
users:
  - identity: heidi
    password: "heidi's secret"
    dns: [192.0.2.53]
  - identity: erin
    nt_hash: 44EBBA8D5312B8D611474411F56989AE
EOF
chmod 600 "$tmp/u.yaml"
run user import --yaml "$tmp/u.yaml" --replace --prune
expect_rc 0 "import --yaml --replace --prune exits 0"
expect_match "$out" "1 added, 1 updated, 0 unchanged, 3 deleted" "the database now equals the list"
printf 'users:\n  - identity: ivan\n    pasword: x\n' > "$tmp/bad.yaml"; chmod 600 "$tmp/bad.yaml"
run user import --yaml "$tmp/bad.yaml"
expect_rc 1 "an unknown YAML key exits 1"
expect_match "$err" "bad.yaml:3:5: unknown key 'pasword'" "with file, line and column"

# concurrent writers: each command changes only what it names, so none undoes
# another.  A transaction of another program holds the write lock while the
# commands start: each has read what it reads before any of them may write,
# then they all write at once, in whatever order they get the lock.
n=12
printf 'identity,password,dns\n' > "$tmp/race.csv"
i=0
while [ $i -lt $n ]; do
	printf 'race%d,old%d,192.0.2.1\n' $i $i >> "$tmp/race.csv"
	i=$((i + 1))
done
chmod 600 "$tmp/race.csv"
run user import --csv "$tmp/race.csv"
expect_rc 0 "import the users of the concurrency test"
# the NT hash of the new password, from a database of its own
run sh -c 'echo newpass | "$0" user add --db "$1" --password-stdin ref' "$SWANMOBILE" "$tmp/ref/users.db"
newhash=$("$SWANMOBILE" user show --json --show-hash --db "$tmp/ref/users.db" ref | json_get "j['nt_hash']")
python3 - "$db" "$tmp/locked" <<'EOF' &
import os, sqlite3, sys, time
con = sqlite3.connect(sys.argv[1], isolation_level=None)
con.execute('BEGIN IMMEDIATE')
open(sys.argv[2], 'w').close()
time.sleep(1)
con.execute('ROLLBACK')
con.close()
EOF
holder=$!
tries=0
while [ ! -e "$tmp/locked" ] && [ $tries -lt 100 ]; do sleep 0.05; tries=$((tries + 1)); done
pids=
i=0
while [ $i -lt $n ]; do
	user set --dns 192.0.2.$((100 + i)) race$i > /dev/null 2>&1 & pids="$pids $!"
	user disable race$i > /dev/null 2>&1 & pids="$pids $!"
	echo newpass | user passwd --password-stdin race$i > /dev/null 2>&1 & pids="$pids $!"
	i=$((i + 1))
done
failed=0
for p in $pids; do wait "$p" || failed=$((failed + 1)); done
wait "$holder"
[ -e "$tmp/locked" ] && [ $failed -eq 0 ] && ok "$((3 * n)) concurrent set/disable/passwd commands exit 0" \
	|| not_ok "$((3 * n)) concurrent set/disable/passwd commands exit 0 ($failed failed)"
lost=$(python3 - "$db" "$n" "$newhash" <<'EOF'
import sqlite3, sys
con = sqlite3.connect(sys.argv[1])
n, newhash = int(sys.argv[2]), sys.argv[3].upper()
rows = {r[0]: r[1:] for r in con.execute(
    "SELECT identity, enabled, hex(nt_hash), dns FROM users WHERE identity LIKE 'race%'")}
for i in range(n):
    enabled, nt_hash, dns = rows[f'race{i}']
    if enabled != 0:
        print(f'race{i}: disable lost')
    if nt_hash != newhash:
        print(f'race{i}: passwd lost')
    if dns != f'192.0.2.{100 + i}':
        print(f'race{i}: set lost ({dns})')
EOF
)
[ -z "$lost" ] && ok "no concurrent change is lost" || { not_ok "no concurrent change is lost"; diag "$lost"; }

rm -rf "$tmp/lib"
run user list
expect_rc 3 "list without a database exits 3"
finish
