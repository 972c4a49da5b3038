#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# userdb: EAP-MSCHAPv2 users served by the swanmobile plugin from its SQLite
# database, managed with 'swanmobile user' while charon runs: no reload for
# added, disabled, enabled or deleted users; DOMAIN\user; a database removed
# and restored under a running charon.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/bed.sh"

bed_init

db_dir=$E2E_DIR/db
db=$db_dir/users.db

# user CMD ARGS... [< password]: swanmobile user against the test database
user() { "$SWANMOBILE" user "$@" --db "$db"; }

# client connection NAME for EAP identity ID with password PW
client_conn()
{
	printf 'connections {\n'
	bed_eap_conn "$1" "$2"
	printf '}\nsecrets {\n'
	bed_eap_secret "$1" "$2" "$3"
	printf '}\n'
}

# connect CONN: initiate, ping the LAN, tear down; fails if any step fails
connect()
{
	bed_initiate "$1" || return 1
	bed_ping_lan || return 1
	bed_terminate "$1"
}

bed_setup || exit 1
gs=$(bed_swanctl_dir gw)
rs=$(bed_swanctl_dir rw)
# the gateway has no EAP secrets of its own: every user comes from the plugin
cp "$SM_SRCDIR/tests/e2e/gw-rw.conf" "$gs/swanctl.conf"
{
	client_conn alice alice 'Alice pässwörd 1'
	# secrets go by identity: the wrong password needs an identity of its
	# own that the gateway still maps to alice
	client_conn alice-bad 'OTHER\\alice' 'not alices password'
	client_conn corp 'CORP\\alice' 'Alice pässwörd 1'
	client_conn bob bob 'bob-secret-2'
} > "$rs/swanctl.conf"

# --- a user in the database authenticates ---------------------------------------------
printf '%s\n' 'Alice pässwörd 1' | user add --password-stdin alice
check "user add creates the database" test -f "$db"
check "the database file is mode 0600" test "$(stat -c %a "$db")" = 600
check "its directory is mode 0700" test "$(stat -c %a "$db_dir")" = 700
check "the password is not stored" sh -c '! grep -aq "Alice p" "$1"*' sh "$db"

e2e_strongswan_conf gw yes "plugins {
		swanmobile {
			database = $db
		}
	}"
e2e_strongswan_conf rw no
check "gateway charon starts with the plugin and the database" bed_start gw
check "client charon starts" bed_start rw
check "the plugin serves users from the database" \
	e2e_log_has gw "swanmobile: serving EAP users from '$db'"

case_begin userdb-success established
check "alice (non-ASCII password) connects and reaches the LAN" connect alice
check "the plugin served alice's NT hash" resp_has "swanmobile: serving the NT hash of EAP user 'alice'"
check "EAP-MSCHAPv2 succeeded" resp_has "EAP method EAP_MSCHAPV2 succeeded"
case_end alice

case_begin userdb-wrong-password eap-auth-failed
check_fails "alice with a wrong password is refused" bed_initiate alice-bad
check "the gateway logs the MSCHAPv2 verification failure" resp_has "EAP-MS-CHAPv2 verification failed"
case_end alice-bad

case_begin userdb-domain-user established
check 'CORP\alice finds alice' connect corp
case_end corp
# dash's echo would print that as "CORP" BEL "lice"
tap_line=$(tap_result 0 'CORP\alice finds alice')
check "test descriptions keep their backslashes" \
	has_line "$tap_line" "ok $((_tap_n + 1)) - CORP\\alice finds alice"

# --- changes while charon runs, no reload ------------------------------------------------
case_begin userdb-unknown eap-identity-unknown
check_fails "bob is refused before he is added" bed_initiate bob
check "the gateway has no key for bob" resp_has "no EAP key found for hosts 'vpn.example.com' - 'bob'"
case_end bob

printf '%s\n' bob-secret-2 | user add --password-stdin bob
case_begin userdb-added-live established
check "bob, added while charon runs, connects" connect bob
case_end bob

user disable bob
case_begin userdb-disabled eap-identity-unknown
check_fails "bob, disabled, is refused at the next attempt" bed_initiate bob
check "the plugin logs bob as disabled" resp_has "swanmobile: EAP user 'bob' is disabled"
case_end bob

user enable bob
case_begin userdb-enabled established
check "bob, enabled again, connects" connect bob
case_end bob

user del bob
case_begin userdb-deleted eap-identity-unknown
check_fails "bob, deleted, is refused" bed_initiate bob
check "the gateway has no key for bob any more" resp_has "no EAP key found for hosts 'vpn.example.com' - 'bob'"
case_end bob

printf '%s\n' 'a new password' | user passwd --password-stdin alice
case_begin userdb-password-changed eap-auth-failed
check_fails "alice's old password stops working after passwd" bed_initiate alice
case_end alice
printf '%s\n' 'Alice pässwörd 1' | user passwd --password-stdin alice

# --- the database file disappears and comes back ------------------------------------
mv "$db" "$E2E_DIR/users.db.away"
case_begin userdb-missing eap-identity-unknown
check_fails "with the database gone nobody is authenticated" bed_initiate alice
check "the plugin logs why, clearly" resp_has "swanmobile: .*users.db.* no EAP user is authenticated from it"
case_end alice
check "charon is still running" kill -0 "$(e2e_charon_pid gw)"
check "charon still answers on vici" e2e_answers gw

mv "$E2E_DIR/users.db.away" "$db"
case_begin userdb-restored established
check "with the database restored alice connects again" connect alice
check "the plugin logs the database usable again" resp_has "swanmobile: user database '$db' is usable again"
case_end alice

# a damaged file
cp "$db" "$E2E_DIR/users.db.good"
head -c 4096 /dev/urandom > "$E2E_DIR/garbage" && chmod 600 "$E2E_DIR/garbage" &&
	mv "$E2E_DIR/garbage" "$db"
case_begin userdb-corrupt eap-identity-unknown
check_fails "with a corrupt database nobody is authenticated" bed_initiate alice
check "charon survives a corrupt database" kill -0 "$(e2e_charon_pid gw)"
case_end alice
mv "$E2E_DIR/users.db.good" "$db"
check "the repaired database serves alice again" connect alice

check "no crash in the gateway log" sh -c '! grep -Eq "received SIG|killing ourself" "$1"' \
	sh "$(e2e_charon_dir gw)/charon.log"
check "gateway charon stops cleanly" e2e_charon_stop gw
check "client charon stops cleanly" e2e_charon_stop rw
e2e_finish
