#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# provider: the plugin's attribute provider against a gateway made only by
# 'swanmobile generate', with two client namespaces whose IKE identity is
# their own address (as Windows' built-in client sends it):
# - a user with a static address inside the pool gets it, by EAP identity,
#   with its own DNS server; a user without one gets a pool address that is
#   never the static one, even when it connects first;
# - the attributes (DNS, INTERNAL_DNS_DOMAIN list, default domain, subnets)
#   come from the plugin, decoded from the CP payload;
# - a second session of one user from elsewhere gets the address and the
#   older session is deleted (unique = replace: the newest wins);
# - with a client connected, a changed DNS server in the YAML file +
#   generate + swanctl --reload-settings reaches the next client while the
#   first stays up.
#
#   rw  198.51.100.2 --- 198.51.100.1  gw  203.0.113.1 --- 203.0.113.2 rw2
#                                       |  10.3.0.1 --- lan 10.3.0.10
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/bed.sh"

RW2_OUT=203.0.113.2
GW_OUT2=203.0.113.1
# alice's static address: the first one charon would lease from the pool
ALICE_VIP=10.3.200.1
# the profile's DNS servers, in an order neither sorted nor reversed
PROFILE_DNS="10.3.0.1, 10.3.0.9, 10.3.0.5"

bed_init
tap_plan 33

# the description: the example with a static user and a dynamic one
vpn_yaml()
{
	cat <<EOY
version: 1
name: rw
gateway:
  hostname: $BED_HOSTNAME
mobile:
  pool: $BED_POOL
  dns: [$1]
  default_domain: example.com
  split_dns: [example.com, example.org]
  network_list: true
children:
  - name: lan
    local_networks: [$BED_LAN_NET]
users:
  accounts:
    - identity: jimp@example.com
      password: abc123
    - identity: carol
      password: carol-pass
    - identity: alice
      password: alice-pass
      address: $ALICE_VIP
      dns: [10.3.0.53]
EOY
}

# generate DNS: write the YAML with that DNS server and generate into root
generate()
{
	vpn_yaml "$1" > "$E2E_DIR/vpn.yaml"
	"$SWANMOBILE" generate --root "$root" "$E2E_DIR/vpn.yaml" > "$E2E_DIR/generate.out" 2>&1 ||
		{ diag "$(cat "$E2E_DIR/generate.out")"; return 1; }
}

# gateway_start: the generated tree with what a Debian package adds
gateway_start()
{
	printf 'include conf.d/*.conf\n' > "$root/etc/swanctl/swanctl.conf"
	for _sub in x509ocsp x509aa x509ac x509crl pubkey rsa ecdsa bliss pkcs8 pkcs12; do
		mkdir -p "$root/etc/swanctl/$_sub"
	done
	mkdir -p "$(e2e_charon_dir gw)"
	ln -s "$root/etc/swanctl" "$(e2e_charon_dir gw)/swanctl"
	E2E_PLUGIN_CONF="$root/etc/strongswan.d/charon/swanmobile*.conf" \
		e2e_strongswan_conf gw yes "plugins {
		swanmobile {
			database = $root/var/lib/swanmobile/users.db
		}
	}"
	bed_start gw
}

# client_conn NAME EAP_ID IKE_ID GATEWAY: a client connection whose IKE
# identity is its own address
client_conn()
{
	bed_eap_conn "$1" "$2" aes256gcm16-prfsha384-ecp384 aes256gcm16 \
		"$BED_LAN_NET" "$4" "$3"
}

secrets()
{
	cat <<EOC
secrets {
	eap-jimp { id = jimp@example.com
		secret = abc123 }
	eap-carol { id = carol
		secret = carol-pass }
	eap-alice { id = alice
		secret = alice-pass }
}
EOC
}

# on CLIENT: initiate CONN (output in initiate-CONN.out)
initiate() { BED_CLIENT=$1 bed_initiate "$2"; }
vip() { BED_CLIENT=$1 bed_client_vip "$2"; }
attrs() { bed_cp_attrs "$1"; }
ping_lan() { e2e_exec "$1" ping -c 2 -i 0.2 -W 2 -q "$BED_LAN_HOST" > /dev/null 2>&1; }
# CLIENT has an established IKE_SA of CONN
established()
{
	e2e_swanctl "$1" --list-sas --ike "$2" --raw 2>/dev/null | grep -q 'state=ESTABLISHED'
}
# CLIENT's IKE_SA of CONN goes away within 5 s
gone()
{
	_i=0
	while [ $_i -lt 50 ]; do
		established "$1" "$2" || return 0
		sleep 0.1
		_i=$((_i + 1))
	done
	return 1
}

clients_start() { bed_start rw && bed_start rw2; }
# jimp's session is established and passes traffic
still_up() { established rw jimp && ping_lan rw; }

# --- topology, gateway, clients ----------------------------------------------------------
bed_topology || { diag "topology failed"; exit 1; }
e2e_ns rw2 && e2e_link gw v-gw2 "$GW_OUT2/24" rw2 v-rw2 "$RW2_OUT/24" ||
	{ diag "second client link failed"; exit 1; }

check "generate writes the gateway" generate "$PROFILE_DNS"
check "the connection lists the plugin's profile before the pools" \
	grep -q "pools = rw, rw-v4$" "$root/etc/swanctl/conf.d/rw.conf"
check "the pool leaves out alice's static address" \
	grep -q "addrs = 10.3.200.2-10.3.200.254" "$root/etc/swanctl/conf.d/rw.conf"
check "gateway charon starts with the generated tree" gateway_start
diag "$(cat "$(e2e_charon_dir gw)/load-all.out")"
check "the plugin loaded the profile" e2e_log_has gw "swanmobile: loaded 1 mobile profile"

rs=$(bed_swanctl_dir rw)
{
	echo "connections {"
	client_conn jimp jimp@example.com "$BED_RW_OUT" "$BED_GW_OUT"
	client_conn alice alice "$BED_RW_OUT" "$BED_GW_OUT"
	echo "}"
	secrets
} > "$rs/swanctl.conf"
r2s=$(bed_swanctl_dir rw2)
{
	echo "connections {"
	client_conn alice alice "$RW2_OUT" "$GW_OUT2"
	client_conn carol carol "$RW2_OUT" "$GW_OUT2"
	echo "}"
	secrets
} > "$r2s/swanctl.conf"
cp "$root/etc/swanctl/x509ca/rw-ca.pem" "$rs/x509ca/"
cp "$root/etc/swanctl/x509ca/rw-ca.pem" "$r2s/x509ca/"
E2E_LOG_ENC=3 e2e_strongswan_conf rw no
E2E_LOG_ENC=3 e2e_strongswan_conf rw2 no
check "client charons start" clients_start

# --- a user without a static address connects first ---------------------------------------
bed_mark gw
bed_mark rw
check "jimp connects (IKE identity $BED_RW_OUT)" initiate rw jimp
jimp_vip=$(vip rw jimp)
check "jimp gets a pool address that is not alice's ($jimp_vip)" \
	test "$jimp_vip" = 10.3.200.2
a=$(attrs rw)
diag "attributes jimp received:" "$a"
# the client lists the servers as the CP payload carries them
dns_lines() { printf '%s\n' "$1" | grep ' INTERNAL_IP4_DNS ' | tr '\n' ';'; }
check "the DNS servers $PROFILE_DNS, in the configured order" test "$(dns_lines "$a")" = \
	"3 INTERNAL_IP4_DNS 4 10.3.0.1;3 INTERNAL_IP4_DNS 4 10.3.0.9;3 INTERNAL_IP4_DNS 4 10.3.0.5;"
check "INTERNAL_DNS_DOMAIN example.com" has_line "$a" "25 INTERNAL_DNS_DOMAIN 11 example.com"
check "INTERNAL_DNS_DOMAIN example.org" has_line "$a" "25 INTERNAL_DNS_DOMAIN 11 example.org"
check "default domain as UNITY_DEF_DOMAIN" has_line "$a" "28674 UNITY_DEF_DOMAIN 11 example.com"
check "the LAN as INTERNAL_IP4_SUBNET" has_line "$a" "13 INTERNAL_IP4_SUBNET 8 10.3.0.0/24"
check "no attribute twice" sh -c '[ -z "$(printf "%s\n" "$1" | sort | uniq -d)" ]' sh "$a"
check "ping through jimp's tunnel" ping_lan rw

# --- alice: her static address by EAP identity, her DNS ----------------------------------
bed_mark gw
bed_mark rw2
check "alice connects from rw2 (IKE identity $RW2_OUT)" initiate rw2 alice
check "alice gets her static address $ALICE_VIP" test "$(vip rw2 alice)" = "$ALICE_VIP"
check "the plugin assigned it" resp_has "swanmobile: assigning static address $ALICE_VIP to 'alice'"
a=$(attrs rw2)
diag "attributes alice received:" "$a"
check "alice's own DNS server replaces the profile's" \
	test "$(dns_lines "$a")" = "3 INTERNAL_IP4_DNS 4 10.3.0.53;"
check "ping through alice's tunnel" ping_lan rw2
check "jimp is still up" established rw jimp

# --- alice again, from rw: the newest session gets the address ------------------------------
bed_mark gw
check "alice connects a second time, from rw" initiate rw alice
check "the new session gets $ALICE_VIP" test "$(vip rw alice)" = "$ALICE_VIP"
check "the gateway deletes the older session (unique = replace)" gone rw2 alice
check "ping through alice's new tunnel" ping_lan rw
check "jimp is still up" established rw jimp

# --- a changed DNS server reaches the next client, the first stays up ---------------------------
check "generate with DNS 10.3.0.2" generate 10.3.0.2
check "the profile holds the new server" grep -q "dns = 10.3.0.2" \
	"$root/etc/strongswan.d/charon/swanmobile-rw.conf"
check "swanctl --reload-settings" e2e_swanctl gw --reload-settings
bed_mark rw2
check "carol connects after the reload" initiate rw2 carol
a=$(attrs rw2)
diag "attributes carol received:" "$a"
check "carol gets the new DNS server" has_line "$a" "3 INTERNAL_IP4_DNS 4 10.3.0.2"
check "jimp stayed up through the reload" still_up

check "gateway charon stops cleanly" e2e_charon_stop gw
e2e_charon_stop rw
e2e_charon_stop rw2
e2e_finish
