# SPDX-License-Identifier: GPL-2.0-or-later
#
# tests/e2e/bed.sh - the road-warrior test bed on top of lib.sh:
#
#   rw ns (client)                 gw ns (gateway)                 lan ns
#   v-rw 198.51.100.2/24 --veth-- v-gw 198.51.100.1/24
#                                  v-gwlan 10.3.0.1/24 --veth-- v-lan 10.3.0.10/24
#
# The outer link uses a documentation range; the LAN (10.3.0.0/24) and the
# virtual address pool (10.3.200.0/24) are the example's and exist only in
# namespaces this test created.  The client reaches the LAN host only
# through the tunnel (before, it has no route there).
#
# Certificates come from strongSwan's pki(1) for the stock baseline; tests
# of the generator use its output instead.

BED_GW_OUT=198.51.100.1
BED_RW_OUT=198.51.100.2
BED_GW_LAN=10.3.0.1
BED_LAN_HOST=10.3.0.10
BED_LAN_NET=10.3.0.0/24
BED_POOL=10.3.200.0/24
BED_HOSTNAME=vpn.example.com

# bed_init: start a test on the bed (e2e_init; skipped when the plugin is
# not built) with the swanmobile under test ($SWANMOBILE), the templates of
# the source tree, and $root for the gateway's generated tree
bed_init()
{
	SWANMOBILE=${SWANMOBILE:-$SM_BUILDDIR/generator/swanmobile}
	e2e_init
	[ -f "$SM_PLUGIN_SO" ] || tap_skip_all "plugin not built ($SM_PLUGIN_SO)"
	root=$E2E_DIR/gwroot
	export SWANMOBILE_TEMPLATES="$SM_SRCDIR/templates"
}

# bed_topology: the three namespaces and two links
bed_topology()
{
	e2e_ns gw && e2e_ns rw && e2e_ns lan &&
	e2e_link gw v-gw "$BED_GW_OUT/24" rw v-rw "$BED_RW_OUT/24" &&
	e2e_link gw v-gwlan "$BED_GW_LAN/24" lan v-lan "$BED_LAN_HOST/24" &&
	ip -n "$E2E_ID-lan" route add default via "$BED_GW_LAN" &&
	e2e_exec gw sysctl -qw net.ipv4.ip_forward=1
}

# bed_pki DIR: a test CA and the gateway's certificate (CN and SANs
# vpn.example.com and 198.51.100.1, serverAuth + ikeIntermediate), plus an
# unrelated CA for the untrusted-CA case
bed_pki()
{
	_p=$1
	mkdir -p "$_p"
	(
		export STRONGSWAN_CONF="$E2E_DIR/swanctl-strongswan.conf"
		pki --gen --type ecdsa --size 256 --outform pem > "$_p/ca.key" &&
		pki --self --ca --lifetime 30 --in "$_p/ca.key" --type ecdsa \
			--dn "C=XX, O=swanmobile test bed, CN=Test Bed CA" --outform pem > "$_p/ca.pem" &&
		pki --gen --type ecdsa --size 256 --outform pem > "$_p/gw.key" &&
		pki --pub --in "$_p/gw.key" --type ecdsa |
			pki --issue --lifetime 30 --cacert "$_p/ca.pem" --cakey "$_p/ca.key" \
				--dn "C=XX, O=swanmobile test bed, CN=$BED_HOSTNAME" \
				--san "$BED_HOSTNAME" --san "$BED_GW_OUT" \
				--flag serverAuth --flag ikeIntermediate --outform pem > "$_p/gw.pem" &&
		pki --gen --type ecdsa --size 256 --outform pem > "$_p/other-ca.key" &&
		pki --self --ca --lifetime 30 --in "$_p/other-ca.key" --type ecdsa \
			--dn "C=XX, O=Somebody Else, CN=Other CA" --outform pem > "$_p/other-ca.pem"
	) 2> "$_p/pki.stderr"
}

# bed_swanctl_dir NAME: NAME's swanctl directory with the subdirectories
# swanctl --load-creds scans
bed_swanctl_dir()
{
	_s=$(e2e_charon_dir "$1")/swanctl
	mkdir -p "$_s/conf.d" "$_s/x509" "$_s/x509ca" "$_s/x509aa" "$_s/x509ocsp" \
		"$_s/x509crl" "$_s/x509ac" "$_s/pubkey" "$_s/private" "$_s/rsa" \
		"$_s/ecdsa" "$_s/bliss" "$_s/pkcs8" "$_s/pkcs12"
	echo "$_s"
}

# bed_setup: topology, test PKI ($E2E_DIR/pki), the gateway's certificate
# and key in gw's swanctl directory and the CA in rw's
bed_setup()
{
	bed_topology || { diag "topology failed"; return 1; }
	bed_pki "$E2E_DIR/pki" ||
		{ diag "pki failed" "$(cat "$E2E_DIR/pki/pki.stderr")"; return 1; }
	_gs=$(bed_swanctl_dir gw)
	cp "$E2E_DIR/pki/ca.pem" "$_gs/x509ca/" &&
	cp "$E2E_DIR/pki/gw.pem" "$_gs/x509/" &&
	cp "$E2E_DIR/pki/gw.key" "$_gs/private/" &&
	cp "$E2E_DIR/pki/ca.pem" "$(bed_swanctl_dir rw)/x509ca/"
}

# bed_gw_generated ROOT YAML [PLUGIN]: 'swanmobile generate --root ROOT YAML'
# ($SWANMOBILE; a second run keeps the keys and certificates of the first),
# then (re)start the gateway with what it wrote: swanctl.conf including
# conf.d/ (as the distribution's package has it), the generated plugin
# settings and mobile profile, the user database below ROOT; with the
# plugin unless PLUGIN is no; generate's output in $E2E_DIR/generate.out
bed_gw_generated()
{
	"$SWANMOBILE" generate --root "$1" "$2" > "$E2E_DIR/generate.out" 2>&1 ||
		{ diag "$(cat "$E2E_DIR/generate.out")"; return 1; }
	printf 'include conf.d/*.conf\n' > "$1/etc/swanctl/swanctl.conf"
	for _sub in x509ocsp x509aa x509ac x509crl pubkey rsa ecdsa bliss pkcs8 pkcs12; do
		mkdir -p "$1/etc/swanctl/$_sub"
	done
	e2e_charon_stop gw
	mkdir -p "$(e2e_charon_dir gw)"
	rm -rf "$(e2e_charon_dir gw)/swanctl"
	ln -s "$1/etc/swanctl" "$(e2e_charon_dir gw)/swanctl"
	E2E_PLUGIN_CONF="$1/etc/strongswan.d/charon/swanmobile*.conf" \
		e2e_strongswan_conf gw "${3:-yes}" "plugins {
		swanmobile {
			database = $(sed -n 's/^ *database = \(.\{1,\}\)$/\1/p' \
				"$1/etc/strongswan.d/charon/swanmobile.conf" |
				sed "s|^/|$1/|")
		}
	}"
	bed_start gw
}

# bed_eap_conn NAME EAP_ID [IKE [ESP [REMOTE_TS [GATEWAY [IKE_ID]]]]]: a
# client connection NAME (swanctl.conf, for inside connections {}) that
# authenticates as EAP_ID with EAP-MSCHAPv2 to GATEWAY ($BED_GW_OUT) and its
# certificate ($BED_HOSTNAME), asks for a virtual IPv4 address and tunnels
# REMOTE_TS ($BED_LAN_NET); IKE and ESP are its proposals (default
# aes256gcm16-prfsha384-ecp384 and aes256gcm16; "" leaves strongSwan's),
# IKE_ID its IKE identity (default: its address)
bed_eap_conn()
{
	printf '\t%s {\n\t\tversion = 2\n\t\tremote_addrs = %s\n\t\tvips = 0.0.0.0\n' \
		"$1" "${6:-$BED_GW_OUT}"
	_v=${3-aes256gcm16-prfsha384-ecp384}
	[ -z "$_v" ] || printf '\t\tproposals = %s\n' "$_v"
	printf '\t\tlocal {\n\t\t\tauth = eap-mschapv2\n'
	[ -z "${7:-}" ] || printf '\t\t\tid = %s\n' "$7"
	printf '\t\t\teap_id = "%s"\n\t\t}\n' "$2"
	printf '\t\tremote {\n\t\t\tauth = pubkey\n\t\t\tid = %s\n\t\t}\n' "$BED_HOSTNAME"
	printf '\t\tchildren {\n\t\t\t%s {\n\t\t\t\tremote_ts = %s\n' "$1" "${5:-$BED_LAN_NET}"
	_v=${4-aes256gcm16}
	[ -z "$_v" ] || printf '\t\t\t\tesp_proposals = %s\n' "$_v"
	printf '\t\t\t}\n\t\t}\n\t}\n'
}

# bed_eap_secret NAME EAP_ID PASSWORD: the client's EAP secret for
# connection NAME (swanctl.conf, for inside secrets {})
bed_eap_secret()
{
	printf '\teap-%s {\n\t\tid = "%s"\n\t\tsecret = "%s"\n\t}\n' "$1" "$2" "$3"
}

# bed_load NAME: swanctl --load-all of NAME's swanctl.conf; fails on errors
bed_load()
{
	_s=$(e2e_charon_dir "$1")/swanctl
	e2e_swanctl "$1" --load-all --noprompt --file "$_s/swanctl.conf" \
		> "$(e2e_charon_dir "$1")/load-all.out" 2>&1 || return 1
	! grep -Eqi 'failed|error|invalid' "$(e2e_charon_dir "$1")/load-all.out"
}

# bed_start_gw / bed_start_rw: start the daemons (gateway with the plugin)
bed_start()
{
	e2e_charon_start "$1" "$1" && bed_load "$1"
}

# bed_mark NAME: remember the current end of NAME's logs
bed_mark()
{
	_d=$(e2e_charon_dir "$1")
	for _l in charon charon-raw; do
		{ wc -c < "$_d/$_l.log" 2>/dev/null || echo 0; } | tr -d ' ' > "$_d/$_l.mark"
	done
}

# bed_since NAME [LOG]: NAME's log (charon or charon-raw) since bed_mark
bed_since()
{
	_d=$(e2e_charon_dir "$1")
	_l=${2:-charon}
	_m=$(cat "$_d/$_l.mark" 2>/dev/null || echo 0)
	tail -c "+$((_m + 1))" "$_d/$_l.log" 2>/dev/null
}

# bed_since_has NAME REGEX: NAME's log since the mark matches REGEX
bed_since_has() { bed_since "$1" | grep -Eq -- "$2"; }

# bed_wait_has NAME REGEX [SECONDS]: like bed_since_has, but waits up to
# SECONDS (default 10) for the line, for messages charon logs after the
# initiator has given up (a loaded machine may be slower than its timeout)
bed_wait_has()
{
	_t=$(( ${3:-10} * 10 ))
	while ! bed_since_has "$1" "$2"; do
		[ "$_t" -gt 0 ] || return 1
		_t=$((_t - 1))
		sleep 0.1
	done
}

# BED_CLIENT: the client instance the helpers below talk to (default rw)
BED_CLIENT=${BED_CLIENT:-rw}

# bed_initiate CONN [CHILD]: initiate CONN and its CHILD (default: CONN) from
# the client with a bounded timeout (E2E_TIMEOUT); output in
# $E2E_DIR/$BED_CLIENT/initiate-CONN.out, exit status of swanctl
bed_initiate()
{
	_out=$(e2e_charon_dir "$BED_CLIENT")/initiate-$1.out
	e2e_swanctl "$BED_CLIENT" --initiate --ike "$1" --child "${2:-$1}" --timeout "$E2E_TIMEOUT" \
		> "$_out" 2>&1
}

# bed_terminate CONN: tear down the client's IKE_SA (if any), wait briefly for
# the gateway to forget it, then remove what the gateway still holds (after
# an EAP failure charon keeps a half-open IKE_SA until it times out)
bed_terminate()
{
	e2e_swanctl "$BED_CLIENT" --terminate --ike "$1" --timeout 5 > /dev/null 2>&1
	_i=0
	while [ $_i -lt 10 ]; do
		[ -z "$(e2e_swanctl gw --list-sas --raw 2>/dev/null | grep uniqueid=)" ] && return 0
		sleep 0.1
		_i=$((_i + 1))
	done
	for _id in $(e2e_swanctl gw --list-sas --raw 2>/dev/null | sed -n 's/.*uniqueid=\([0-9]*\) .*/\1/p'); do
		e2e_swanctl gw --terminate --ike-id "$_id" --force --timeout 2 > /dev/null 2>&1
	done
	return 0
}

# bed_ping_lan: ping the LAN host from the client (through the tunnel)
bed_ping_lan() { e2e_exec rw ping -c 2 -i 0.2 -W 2 -q "$BED_LAN_HOST" > /dev/null 2>&1; }

# bed_client_vip CONN: the client's virtual IP(s) of CONN's IKE_SA
bed_client_vip()
{
	e2e_swanctl "$BED_CLIENT" --list-sas --ike "$1" --raw 2>/dev/null |
		sed -n 's/.*local-vips=\[\([^]]*\)\].*/\1/p'
}

# bed_cp_attrs NAME: the configuration attributes NAME last received in a CP
# payload since bed_mark, decoded from the raw payload dumps of its
# charon-raw.log (written when the instance runs with E2E_LOG_ENC=3) by
# cpattr.awk, one per line:
#   TYPE NAME LENGTH VALUE
# e.g. "25 INTERNAL_DNS_DOMAIN 11 example.com" (see cpattr.awk).
bed_cp_attrs() { bed_since "$1" charon-raw | awk -f "$SM_SRCDIR/tests/e2e/cpattr.awk"; }

# --- cases ------------------------------------------------------------------------
# case_begin NAME CAUSE: start a case (marks the logs); CAUSE is the cause code
# swanmobile diagnose should find in its logs (DESIGN.md vocabulary)
case_begin()
{
	CASE=$1
	CASE_CAUSE=$2
	bed_mark gw
	bed_mark "$BED_CLIENT"
}

# case_end: keep the case's logs as cases/NAME.{initiator,responder}.log
# (and, with E2E_FIXTURES=DIR, as fixtures for the diagnosis tests, without
# the vici chatter of the test harness), then tear the case's SAs down
case_end()
{
	mkdir -p "$E2E_DIR/cases"
	bed_since "$BED_CLIENT" > "$E2E_DIR/cases/$CASE.initiator.log"
	bed_since gw > "$E2E_DIR/cases/$CASE.responder.log"
	if [ -n "${E2E_FIXTURES:-}" ]; then
		mkdir -p "$E2E_FIXTURES"
		for _side in initiator responder; do
			grep -v -E '\[CFG\] vici client [0-9]+ |\[CFG\] vici (initiate|terminate|list|load|unload|get|stats|version)|^$' \
				"$E2E_DIR/cases/$CASE.$_side.log" > "$E2E_FIXTURES/$CASE.$_side.log"
		done
		echo "$CASE_CAUSE" > "$E2E_FIXTURES/$CASE.cause"
	fi
	bed_terminate "${1:-$CASE}"
}

# ini_has REGEX / resp_has REGEX: the initiator's / responder's log of the
# current case matches REGEX
ini_has() { bed_since_has "$BED_CLIENT" "$1"; }
resp_has() { bed_since_has gw "$1"; }

# resp_has_all REGEX...: the responder's log matches every REGEX
resp_has_all()
{
	for _re in "$@"; do
		resp_has "$_re" || return 1
	done
}

# gw_lease_online IDENTITY: the gateway's pools hold an online lease for it
gw_lease_online()
{
	e2e_swanctl gw --list-pools --leases 2>/dev/null |
		grep -Eq "[0-9a-f.:]+ +online +'$1'"
}

# gw_esp_packets_in: the gateway's CHILD_SAs received ESP packets
gw_esp_packets_in() { e2e_swanctl gw --list-sas --raw 2>/dev/null | grep -Eq 'packets-in=[1-9]'; }
