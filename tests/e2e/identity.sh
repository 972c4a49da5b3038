#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# identity: no EAP identity but a user's own name logs in with that user's
# password.  A gateway generated with users.backend: swanctl (the users as
# swanctl ntlm secrets, matched by charon itself):
#   - a listed user connects; an unlisted name with that user's password
#     does not;
#   - 'swanmobile generate' refuses a description that names users '%any',
#     '*@example.org' or like the gateway's own identity, and writes nothing
#     (before, it wrote them as secrets); reloaded, the gateway still turns
#     the unlisted names away;
#   - the controls: the secrets such a description would have produced,
#     written by hand and loaded into the same charon, do let the unlisted
#     names in, so the refusals above are what keeps them out.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/bed.sh"

bed_init
tap_plan 26

# the example with users.backend swanctl and ACCOUNTS (YAML lines) as users
description()
{
	sed -n '/^users:/q;p' "$SM_SRCDIR/examples/road-warrior.yaml"
	printf 'users:\n  backend: swanctl\n  accounts:\n%s\n' "$1"
}

# generate YAML into the gateway's root
generate() { "$SWANMOBILE" generate --root "$root" "$1" > "$E2E_DIR/generate.out" 2>&1; }

# the gateway's tree: every path, and the content of every file
tree_state() { (cd "$root" && find . | sort && find . -type f | sort | xargs sha256sum); }

# nt_hash PASSWORD: its NT hash in hex, by swanmobile's own MD4
nt_hash()
{
	rm -rf "$E2E_DIR/hash"
	printf '%s\n' "$1" | "$SWANMOBILE" user add --db "$E2E_DIR/hash/users.db" --password-stdin h &&
		"$SWANMOBILE" user show --db "$E2E_DIR/hash/users.db" --show-hash h | sed -n 's/^nt-hash: *//p'
}


# connect CONN: initiate and tear down again
connect() { bed_initiate "$1" && bed_terminate "$1"; }

# refused CONN: the initiation fails and the gateway established nothing
refused()
{
	bed_mark gw
	if bed_initiate "$1"; then
		bed_terminate "$1"
		return 1
	fi
	bed_terminate "$1"
	! bed_since_has gw "IKE_SA .* established"
}

bed_topology || { diag "topology failed"; exit 1; }

# --- a legitimate description ------------------------------------------------------------
description '    - identity: jimp@example.com
      password: "abc123"
    - identity: alice@example.org
      password: "alice-pw-1"' > "$E2E_DIR/good.yaml"
check "generate writes the gateway (users.backend swanctl)" generate "$E2E_DIR/good.yaml"
diag "$(cat "$E2E_DIR/generate.out")"
# the distribution's swanctl.conf includes conf.d/; swanctl scans these
printf 'include conf.d/*.conf\n' > "$root/etc/swanctl/swanctl.conf"
for sub in x509ocsp x509aa x509ac x509crl pubkey rsa ecdsa bliss pkcs8 pkcs12; do
	mkdir -p "$root/etc/swanctl/$sub"
done
mkdir -p "$(e2e_charon_dir gw)"
ln -s "$root/etc/swanctl" "$(e2e_charon_dir gw)/swanctl"
e2e_strongswan_conf gw yes "plugins {
	swanmobile {
		eap_users = no
	}
}"
check "the gateway starts and loads the generated tree" bed_start gw
check "it loaded the users as ntlm secrets" \
	grep -q "loaded ntlm secret 'ntlm-rw-2'" "$(e2e_charon_dir gw)/load-all.out"

rs=$(bed_swanctl_dir rw)
cp "$root/etc/swanctl/x509ca/rw-ca.pem" "$rs/x509ca/"
{
	echo "connections {"
	bed_eap_conn alice alice@example.org
	bed_eap_conn mallory mallory@example.org
	bed_eap_conn mallet mallet@example.org
	bed_eap_conn eve eve@example.net
	bed_eap_conn trudy trudy@example.net
	echo "}"
	echo "secrets {"
	bed_eap_secret alice alice@example.org alice-pw-1
	# an unlisted name with a listed user's password
	bed_eap_secret mallory mallory@example.org alice-pw-1
	# unlisted names with the passwords of the refused users below
	bed_eap_secret mallet mallet@example.org domain-pw
	bed_eap_secret eve eve@example.net any-pw
	bed_eap_secret trudy trudy@example.net gateway-pw
	echo "}"
} > "$rs/swanctl.conf"
e2e_strongswan_conf rw no
check "client charon starts" bed_start rw

check "a listed user connects with its password" connect alice
check "an unlisted name with a listed user's password is refused" refused mallory
check "the gateway says it has no key for the unlisted name" \
	e2e_log_has gw "no EAP key found for hosts '$BED_HOSTNAME' - 'mallory@example.org'"

# --- descriptions that name users like wildcards or the gateway ------------------------------
before=$(tree_state)
description '    - identity: jimp@example.com
      password: "abc123"
    - identity: alice@example.org
      password: "alice-pw-1"
    - identity: "*@example.org"
      password: "domain-pw"
    - identity: "%any"
      password: "any-pw"' > "$E2E_DIR/wildcards.yaml"
check_fails "generate refuses users named '*@example.org' and '%any'" generate "$E2E_DIR/wildcards.yaml"
check "it says why, at each identity" sh -c \
	'grep -q "wildcards.yaml:[0-9]*:[0-9]*: error: users.accounts\[2\].identity: .\*@example.org. contains the wildcard" "$1" &&
	 grep -q "wildcards.yaml:[0-9]*:[0-9]*: error: users.accounts\[3\].identity: .%any. stands for any identity" "$1"' \
	sh "$E2E_DIR/generate.out"
diag "$(cat "$E2E_DIR/generate.out")"
check "and writes nothing" test "$(tree_state)" = "$before"
check "the gateway reloads its tree" bed_load gw
check "an unlisted name of the domain stays out" refused mallet
check "any other unlisted name stays out" refused eve

description '    - identity: alice@example.org
      password: "alice-pw-1"
    - identity: VPN.example.com
      password: "gateway-pw"' > "$E2E_DIR/gateway-id.yaml"
check_fails "generate refuses a user named like the gateway's identity" generate "$E2E_DIR/gateway-id.yaml"
check "it says why" grep -q "is the gateway's own IKE identity" "$E2E_DIR/generate.out"
check "and writes nothing" test "$(tree_state)" = "$before"
check "the gateway reloads its tree" bed_load gw
check "an unlisted name with that user's password stays out" refused trudy

# --- controls: the secrets such descriptions would have produced, loaded by hand -------------
# control ID PASSWORD: the generated tree plus one ntlm secret for ID as
# users.backend swanctl wrote it (id = identity, secret = NT hash), loaded
# afresh
control()
{
	printf 'secrets {\n\tntlm-control {\n\t\tid = "%s"\n\t\tsecret = 0x%s\n\t}\n}\n' \
		"$1" "$(nt_hash "$2")" > "$root/etc/swanctl/conf.d/zz-control.conf" &&
	e2e_swanctl gw --load-all --clear --noprompt --file "$root/etc/swanctl/swanctl.conf" \
		> "$E2E_DIR/control.out" 2>&1 &&
	grep -q "loaded ntlm secret 'ntlm-control'" "$E2E_DIR/control.out"
}
check "control: a '*@example.org' secret loads" control '*@example.org' domain-pw
check "control: with it an unlisted name of the domain logs in" connect mallet
check "control: a '%any' secret loads" control '%any' any-pw
check "control: with it any unlisted name logs in" connect eve
check "control: a secret named like the gateway loads" control vpn.example.com gateway-pw
check "control: with it any unlisted name logs in" connect trudy

check "gateway charon stops cleanly" e2e_charon_stop gw
check "client charon stops cleanly" e2e_charon_stop rw
e2e_finish
