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
users:
  accounts:
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
printf 'users:\n  accounts:\n    - identity: ivan\n      pasword: x\n' > "$tmp/bad.yaml"; chmod 600 "$tmp/bad.yaml"
run user import --yaml "$tmp/bad.yaml"
expect_rc 1 "an unknown YAML key exits 1"
expect_match "$err" "bad.yaml:4:7: error: users.accounts\[0\]: unknown key 'pasword'; did you mean 'password'\?" \
	"with file, line and column"

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

# --- one identity and password rule for every entry point ---------------------
db="$tmp/rules/users.db"
# add_pw IDENTITY PASSWORD-FILE: user add with the password from a file
add_pw() { "$SWANMOBILE" user add --db "$db" --password-stdin "$1" < "$2"; }
echo pw-ok > "$tmp/pw1"
# identities strongSwan would not take as a literal name, and why
for id in '%any:stands for any identity' '*@example.org:wildcard' \
	'192.0.2.7:is an IP address' '2001:db8::/64:is an IP address' \
	'CN=bob, O=Example:distinguished name' 'email:bob@example.org:identity type' \
	'@bob.example.org:type marker' '%admin:reserves' 'CORP\:no user name'; do
	name=${id%:*} why=${id##*:}
	run add_pw "$name" "$tmp/pw1"
	expect_rc 1 "user add refuses '$name'"
	expect_match "$err" "^swanmobile: identity '.*' .*$why" "and says why ('$why')"
done
# invisible, control and non-NFC characters, broken UTF-8
for id in 'evil\342\200\256gpj.exe:U.202E' 'al\342\200\213ice:U.200B' 'bob\302\205:U.0085' \
	'x\357\273\277:U.FEFF' 'a\342\201\240b:U.2060' 'a\342\200\217b:U.200F' \
	'Ju\314\210rgen:Normalization Form C' 'a\340\201\201:not valid UTF-8' \
	'\355\240\200x:not valid UTF-8' ' jimp@example.com:begins or ends with a space'; do
	name=$(printf "${id%:*}") why=${id##*:}
	run add_pw "$name" "$tmp/pw1"
	expect_rc 1 "user add refuses an identity with $why"
	expect_match "$err" "$why" "and names $why"
done
run "$SWANMOBILE" user list --db "$db"
expect_rc 3 "nothing was written for refused identities"

# NFC and NFD spellings of one name: only the NFC one is a user
run add_pw "$(printf 'J\303\274rgen')" "$tmp/pw1"
expect_rc 0 "the NFC spelling of a name is added"
run add_pw "$(printf 'Ju\314\210rgen')" "$tmp/pw1"
expect_rc 1 "its NFD spelling cannot become a second user"
run add_pw 'CORP\dora' "$tmp/pw1"
expect_rc 0 "DOMAIN\\user stays valid"

# passwords: 1 to 256 UTF-16 code units, no controls or invisible characters
python3 -c 'print("x" * 256)' > "$tmp/pw256"
python3 -c 'print("x" * 257)' > "$tmp/pw257"
python3 -c 'print("s3cret-" + "x" * 4993)' > "$tmp/pw5000"
python3 -c 'print("\U0001F600" * 128)' > "$tmp/pw-emoji128"
python3 -c 'print("\U0001F600" * 129)' > "$tmp/pw-emoji129"
printf 's3cret\342\200\256x\n' > "$tmp/pw-rlo"
printf 's3cret\302\233x\n' > "$tmp/pw-c1"
printf 's3cret\000tail\n' > "$tmp/pw-nul"
run add_pw max "$tmp/pw256"
expect_rc 0 "a password of 256 characters is accepted"
run add_pw over "$tmp/pw257"
expect_rc 1 "a password of 257 characters is refused"
expect_match "$err" "^swanmobile: the password is longer than 256 characters" \
	"as longer than the MS-CHAPv2 limit"
run add_pw huge "$tmp/pw5000"
expect_rc 1 "a password of 5000 characters is refused"
expect_match "$err" "longer than 256 characters" "with the same reason"
run add_pw emoji "$tmp/pw-emoji128"
expect_rc 0 "128 characters beyond U+FFFF (256 UTF-16 units) are accepted"
run add_pw emoji2 "$tmp/pw-emoji129"
expect_rc 1 "129 of them (258 UTF-16 units) are refused"
run add_pw rlo "$tmp/pw-rlo"
expect_rc 1 "a password with a bidi override is refused"
run add_pw c1 "$tmp/pw-c1"
expect_rc 1 "a password with a C1 control is refused"
run add_pw nul "$tmp/pw-nul"
expect_rc 1 "a password with a NUL byte is refused, not cut short"
case "$err" in *s3cret*|*xxxx*|*tail*) not_ok "password errors never show the password"; diag "$err" ;;
	*) ok "password errors never show the password" ;; esac
run "$SWANMOBILE" user show --db "$db" rlo
expect_rc 1 "a refused password adds no user"

# CSV: the same rules, with the line of the record
csvimp() { chmod 600 "$1"; "$SWANMOBILE" user import --db "$db" --csv "$1"; }
printf 'identity,password\nok1,pw\n"*@example.org",pw\n' > "$tmp/wild.csv"
run csvimp "$tmp/wild.csv"
expect_rc 1 "CSV import refuses a wildcard identity"
expect_match "$err" "wild.csv:3: identity '\*@example.org' contains the wildcard" "on its line"
printf 'identity,password\n%%any,pw\n' > "$tmp/any.csv"
run csvimp "$tmp/any.csv"
expect_rc 1 "CSV import refuses %any"
expect_match "$err" "any.csv:2: identity '%any' stands for any identity" "and says why"
printf 'identity,password\nbob\302\205,pw\n' > "$tmp/c1.csv"
run csvimp "$tmp/c1.csv"
expect_rc 1 "CSV import refuses a C1 control"
expect_match "$err" "c1.csv:2: identity contains the control character U\+0085" "and names it"
printf 'identity,password\nal\342\200\213ice,pw\n' > "$tmp/zw.csv"
run csvimp "$tmp/zw.csv"
expect_rc 1 "CSV import refuses a zero-width space"
expect_match "$err" "zw.csv:2: identity contains the invisible formatting character U.200B" "and names it"
printf 'identity,password\nev\342\200\256il,pw\n' > "$tmp/bidi.csv"
run csvimp "$tmp/bidi.csv"
expect_rc 1 "CSV import refuses a bidi override"
printf 'identity,password\na\340\201\201,pw\n' > "$tmp/overlong.csv"
run csvimp "$tmp/overlong.csv"
expect_rc 1 "CSV import refuses a 3-byte overlong form"
expect_match "$err" "overlong.csv:2: identity is not valid UTF-8 \(byte 2\)" "as invalid UTF-8"
{ printf 'identity,password\ncsv-long,'; cat "$tmp/pw5000"; } > "$tmp/long.csv"
run csvimp "$tmp/long.csv"
expect_rc 1 "CSV import refuses a 5000-character password"
expect_match "$err" "long.csv:2: password is longer than 256 characters" "on its line"
case "$err" in *s3cret*) not_ok "the CSV error does not show the password" ;;
	*) ok "the CSV error does not show the password" ;; esac
printf 'identity,password\ncsv-rlo,"pw\342\200\256"\n' > "$tmp/pwrlo.csv"
run csvimp "$tmp/pwrlo.csv"
expect_rc 1 "CSV import refuses a password with a bidi override"
# a quoted field that spans lines: the record's first line is named (the
# reader's line counting is tested in test_csv), the password is not shown
printf 'identity,password\nml1,"s3cret\nlines"\nml2,pw\n' > "$tmp/ml.csv"
run csvimp "$tmp/ml.csv"
expect_rc 1 "a line break inside a password is refused"
expect_match "$err" "ml.csv:2: password contains a control character" "on the record's first line"
case "$err" in *s3cret*) not_ok "without the password" ;; *) ok "without the password" ;; esac
run "$SWANMOBILE" user show --db "$db" ok1
expect_rc 1 "a refused CSV file adds no user"
# an empty enabled column means enabled
printf 'identity,password,enabled\ncsv-e1,pw,\ncsv-e2,pw,false\ncsv-e3,pw,true\n' > "$tmp/en.csv"
run csvimp "$tmp/en.csv"
expect_rc 0 "an empty enabled column is accepted"
run "$SWANMOBILE" user list --db "$db" --json
[ "$(printf '%s' "$out" | json_get "[u['enabled'] for u in j if u['identity'].startswith('csv-e')]")" = "[True, False, True]" ] \
	&& ok "empty enabled means enabled, false disabled" \
	|| not_ok "empty enabled means enabled, false disabled"
printf 'identity,password,enabled\ncsv-e4,pw,yes\n' > "$tmp/en2.csv"
run csvimp "$tmp/en2.csv"
expect_rc 1 "enabled takes only true, false or nothing"

# YAML import: the project's loader and schema
db="$tmp/yaml/users.db"
yimp() { chmod 600 "$1"; "$SWANMOBILE" user import --db "$db" --yaml "$@"; }
ycount() { "$SWANMOBILE" user list --db "$db" --json | json_get "len(j)"; }
# the README's example: a complete VPN description
cp "$SM_SRCDIR/examples/road-warrior.yaml" "$tmp/vpn.yaml"
run yimp "$tmp/vpn.yaml" --replace --prune
expect_rc 0 "import --yaml of the example VPN description (README) exits 0"
expect_match "$out" "vpn.yaml: 1 added, 0 updated, 0 unchanged, 0 deleted" "and imports its users.accounts"
run "$SWANMOBILE" user show --db "$db" --show-hash jimp@example.com
expect_match "$out" "^nt-hash:  " "the example's user is in the database"
# a users file: users (and version) only
cat > "$tmp/users.yaml" <<'EOF'
version: 1
users:
  accounts:
    - identity: kim@example.org
      password: "kim's secret"
    - identity: lee@example.org
      nt_hash: 44EBBA8D5312B8D611474411F56989AE
      enabled: false
EOF
run yimp "$tmp/users.yaml"
expect_rc 0 "a users file is imported"
expect_match "$out" "2 added" "with both users"
# refused values, each with its position; nothing is written
badyaml()
{
	printf "users:\n  accounts:\n    - identity: %s\n      $2\n" "$1" > "$tmp/b.yaml"
	yimp "$tmp/b.yaml" --replace --prune
}
for pw in 'password: null:empty value' 'password: ~:empty value' 'password::empty value' \
	'password: yes:read as a number or boolean' 'password: 123456:read as a number or boolean' \
	"password: !!binary c2VjcmV0:tags are not supported"; do
	run badyaml mia "${pw%:*}"
	expect_rc 1 "import --yaml refuses '${pw%:*}'"
	expect_match "$err" "b.yaml:[34]:[0-9]+: error: .*${pw##*:}" "as ${pw##*:}, by position"
done
run badyaml mia 'password: "pw"\n      nt_hash: 44EBBA8D5312B8D611474411F56989AE'
expect_rc 1 "import --yaml refuses password and nt_hash for one user"
expect_match "$err" "b.yaml:5:16: error: users.accounts\[0\]: give either password or nt_hash, not both" \
	"at the second secret's position"
run badyaml '"%any"' 'password: "pw"'
expect_rc 1 "import --yaml refuses %any (the same identity rule)"
expect_match "$err" "b.yaml:3:17: error: users.accounts\[0\].identity: '%any' stands for any identity" \
	"with file, line and column"
run badyaml '" jimp@example.com"' 'password: "pw"'
expect_rc 1 "import --yaml refuses a leading space"
run badyaml mia 'password: "pw"\n      password: "again"'
expect_rc 1 "import --yaml refuses a duplicate key"
expect_match "$err" "b.yaml:5:7: error: duplicate key 'password'" "by position"
[ "$(ycount)" = 3 ] && ok "refused files write nothing, even with --replace --prune" \
	|| not_ok "refused files write nothing, even with --replace --prune ($(ycount) users)"
# what the old parser ignored after the list
cp "$tmp/users.yaml" "$tmp/trail.yaml"
printf 'trailing: [unclosed\n' >> "$tmp/trail.yaml"
run yimp "$tmp/trail.yaml" --replace --prune
expect_rc 1 "a syntax error after the list is an error"
expect_match "$err" "trail.yaml:9:[0-9]+: error: invalid YAML" "named with its position"
cp "$tmp/users.yaml" "$tmp/twodocs.yaml"
printf -- '---\nusers:\n  accounts: []\n' >> "$tmp/twodocs.yaml"
run yimp "$tmp/twodocs.yaml" --replace --prune
expect_rc 1 "a second document is an error"
expect_match "$err" "twodocs.yaml:9:1: error: a second YAML document starts here" "named with its position"
printf 'users:\n  accounts: []\nextra: 1\n' > "$tmp/extra.yaml"
run yimp "$tmp/extra.yaml" --replace --prune
expect_rc 1 "a file with other keys must be a complete VPN description"
expect_match "$err" "missing required key 'version'" "and is checked as one"
printf 'users:\n  - identity: nina\n    password: "pw"\n' > "$tmp/oldlist.yaml"
run yimp "$tmp/oldlist.yaml" --replace --prune
expect_rc 1 "a users list without accounts: is refused"
expect_match "$err" "oldlist.yaml:2:3: error: users: expected a mapping, got a list; the list of users goes under 'accounts:'" \
	"with a hint"
printf 'users:\n  backend: database\n' > "$tmp/noacc.yaml"
run yimp "$tmp/noacc.yaml" --replace --prune
expect_rc 1 "a users file without accounts is refused (it would prune everyone)"
expect_match "$err" "noacc.yaml:2:3: error: users: missing required key 'accounts'" "and says so"
sed 's/^  pool: 10.3.200.0\/24 .*/  pool: 10.3.200.1\/24/' "$SM_SRCDIR/examples/road-warrior.yaml" > "$tmp/badvpn.yaml"
run yimp "$tmp/badvpn.yaml" --replace --prune
expect_rc 1 "an invalid VPN description is refused as a whole"
expect_match "$err" "badvpn.yaml:[0-9]+:[0-9]+: error: mobile.pool: " "for its error outside users"
[ "$(ycount)" = 3 ] && ok "and none of these wrote anything" \
	|| not_ok "and none of these wrote anything ($(ycount) users)"
printf 'users:\n  accounts: []\n' > "$tmp/empty.yaml"
run yimp "$tmp/empty.yaml" --replace --prune
expect_rc 0 "an explicit empty accounts list with --prune empties the database"
expect_match "$out" "3 deleted" "deleting every user"

# generate/check: the same rules, and golden errors quote no secret
for f in user-password-rules user-secrets; do
	run "$SWANMOBILE" check "$SM_SRCDIR/tests/data/bad/$f.yaml"
	case "$err" in *secret-*|*xxxxxxxx*|*8846f7eaee8fb117ad06bdd830b7586*|*correct-horse*)
		not_ok "check's errors for $f quote no password or hash"; diag "$err" ;;
	*) ok "check's errors for $f quote no password or hash" ;; esac
done
finish
