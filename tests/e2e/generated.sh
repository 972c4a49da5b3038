#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# generated: a gateway configured only by 'swanmobile generate' from
# examples/road-warrior.yaml (plus swanctl --load-all, which must report no
# error) accepts real strongSwan clients offering what each platform offers,
# authenticates the example's user with EAP-MSCHAPv2 from the plugin's
# database, pushes the example's settings and passes traffic; the same with
# users.backend: swanctl (NT hashes as swanctl secrets).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/bed.sh"

bed_init

# client connection NAME offering IKE proposals IKE and ESP proposals ESP
client_conn() { bed_eap_conn "$1" jimp@example.com "$2" "$3" 0.0.0.0/0; }

# gateway_from YAML: the gateway generate makes of YAML (bed.sh)
gateway_from() { bed_gw_generated "$root" "$1"; }

bed_topology || { diag "topology failed"; exit 1; }
rs=$(bed_swanctl_dir rw)
{
	echo "connections {"
	# Windows, configured by the generated PowerShell
	client_conn windows aes256gcm16-prfsha384-ecp384 aes256gcm16
	# macOS/iOS configured by hand
	client_conn apple aes256-sha256-modp2048 aes256-sha256
	# strongSwan's Android app and Linux clients: strongSwan's defaults
	client_conn linux default default
	echo "}"
	echo "secrets {"
	bed_eap_secret jimp jimp@example.com abc123
	echo "}"
} > "$rs/swanctl.conf"

check "generate writes the gateway from the example" gateway_from "$SM_SRCDIR/examples/road-warrior.yaml"
check "swanctl --load-all reports no error" sh -c '! grep -Eqi "fail|error|invalid" "$1"' \
	sh "$(e2e_charon_dir gw)/load-all.out"
diag "$(cat "$(e2e_charon_dir gw)/load-all.out")"
check "the gateway loaded connection 'rw'" grep -q "loaded connection 'rw'" "$(e2e_charon_dir gw)/load-all.out"
check "the gateway loaded the server key" grep -q "loaded private key from '.*/private/rw.key'" "$(e2e_charon_dir gw)/load-all.out"
check "the gateway loaded pool rw-v4" grep -q "loaded pool 'rw-v4'" "$(e2e_charon_dir gw)/load-all.out"
check "the plugin serves users from the generated database" e2e_log_has gw "swanmobile: serving EAP users from '$root/"

cp "$root/etc/swanctl/x509ca/rw-ca.pem" "$rs/x509ca/"
E2E_LOG_ENC=3 e2e_strongswan_conf rw no
check "client charon starts" bed_start rw

for client in windows apple linux; do
	case_begin "generated-$client" established
	check "$client: initiate succeeds" bed_initiate "$client"
	vip=$(bed_client_vip "$client")
	check "$client: virtual IP $vip from the pool" sh -c 'case "$1" in 10.3.200.*) exit 0 ;; esac; exit 1' sh "$vip"
	check "$client: ping through the tunnel" bed_ping_lan
	attrs=$(bed_cp_attrs rw)
	case_end "$client"
done
diag "attributes the last client received:" "$attrs"
check "DNS 10.3.0.1 pushed" has_line "$attrs" "3 INTERNAL_IP4_DNS 4 10.3.0.1"
check "split DNS example.com pushed as INTERNAL_DNS_DOMAIN" has_line "$attrs" "25 INTERNAL_DNS_DOMAIN 11 example.com"
check "split DNS example.org pushed as INTERNAL_DNS_DOMAIN" has_line "$attrs" "25 INTERNAL_DNS_DOMAIN 11 example.org"
check "default domain pushed as UNITY_DEF_DOMAIN" has_line "$attrs" "28674 UNITY_DEF_DOMAIN 11 example.com"
check "network list pushed as INTERNAL_IP4_SUBNET" has_line "$attrs" "13 INTERNAL_IP4_SUBNET 8 10.3.0.0/24"
check "the traffic selectors were narrowed to the LAN" \
	grep -Eq "CHILD_SA linux\{[0-9]+\} established .* === 10.3.0.0/24" "$(e2e_charon_dir rw)/charon.log"

# --- users.backend: swanctl ------------------------------------------------------------
sed 's/^  backend: database .*/  backend: swanctl/' "$SM_SRCDIR/examples/road-warrior.yaml" > "$E2E_DIR/swanctl-backend.yaml"
check "generate with users.backend swanctl" gateway_from "$E2E_DIR/swanctl-backend.yaml"
check "swanctl --load-all reports no error" sh -c '! grep -Eqi "fail|error|invalid" "$1"' \
	sh "$(e2e_charon_dir gw)/load-all.out"
check "the gateway loaded the user's NT hash as a swanctl secret" \
	grep -q "loaded ntlm secret 'ntlm-rw-1'" "$(e2e_charon_dir gw)/load-all.out"
check "the secrets file is 0600" test "$(stat -c %a "$root/etc/swanctl/conf.d/rw-secrets.conf")" = 600
check "the secrets file holds no password" sh -c '! grep -q abc123 "$1"' sh "$root/etc/swanctl/conf.d/rw-secrets.conf"
check "the plugin's database is off" e2e_log_has gw "swanmobile: not serving EAP users \(eap_users = no\)"
case_begin generated-swanctl-backend established
check "the example's user connects through swanctl secrets" bed_initiate linux
check "ping through the tunnel" bed_ping_lan
case_end linux

check "gateway charon stops cleanly" e2e_charon_stop gw
check "client charon stops cleanly" e2e_charon_stop rw
e2e_finish
