#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# firewall: the ruleset 'swanmobile generate' writes, loaded by 'swanmobile
# firewall apply' in the gateway's namespace, decides what a real client
# reaches through the tunnel (kernel-libipsec: the tunnel is the TUN device
# ipsec0):
#   - an allowed LAN host answers, a denied one (same server, other address)
#     refuses at once; without the rules and forwarding nothing passes;
#   - a host outside the tunnel cannot reach the LAN with a pool address
#     as source (it can without the rules, with Debian's loose rp_filter);
#   - full-tunnel source NAT: the Internet host sees the gateway's address;
#   - a large download through the tunnel works although the client's link
#     silently drops packets over 1300 bytes, because the MSS is clamped
#     (without the clamp it stalls);
#   - applying twice changes nothing; the kernel-IPsec variant loads and,
#     on this kernel-libipsec gateway, lets no tunnel traffic through;
#   - where the kernel has ESP: the gateway with the kernel's IPsec
#     (kernel-netlink) and the kernel-IPsec variant: the allowed host
#     answers, the denied one refuses, the spoofed packet stays out, and
#     without rules and forwarding nothing passes (SKIP where it has none);
#   - no helper process (netprobe.py's servers) outlives the test.
#
#   rw 198.51.100.2 (MTU 1300) --- gw 198.51.100.1 / 10.3.0.1 --- lan 10.3.0.10, .20
#                                  gw 203.0.113.1 --- inet 203.0.113.2 (the Internet)
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/bed.sh"

PROBE="python3 $SM_SRCDIR/tests/e2e/netprobe.py"
PORT=8080
INET_HOST=203.0.113.2
INET_GW=203.0.113.1
DENIED_HOST=10.3.0.20
SPOOF=10.3.200.66

bed_init
command -v nft > /dev/null || tap_skip_all "no nft (install nftables)"
command -v python3 > /dev/null || tap_skip_all "no python3"

# gw_yaml DATAPATH MSS: the example with a full tunnel, a denied LAN host,
# source NAT towards the Internet, kernel-libipsec and the MSS
gw_yaml()
{
	sed -e 's|local_networks: \[10.3.0.0/24\]|local_networks: [0.0.0.0/0]|' \
		-e 's|^  split_dns: .*||' "$SM_SRCDIR/examples/road-warrior.yaml"
	cat <<EOF
firewall:
  datapath: $1
  mss: $2
  nat: true
  nat_interface: v-gwinet
  rules:
    - action: deny
      to: [$DENIED_HOST]
EOF
}

# ruleset NAME DATAPATH MSS: generate NAME's root (the gateway's keys and
# database stay those of the first run), the path of its ruleset
ruleset()
{
	[ "$1" = gwroot ] || cp -a "$root" "$E2E_DIR/$1"
	gw_yaml "$2" "$3" > "$E2E_DIR/$1.yaml"
	"$SWANMOBILE" generate --quiet --root "$E2E_DIR/$1" "$E2E_DIR/$1.yaml" \
		> "$E2E_DIR/$1.out" 2>&1 || { diag "$(cat "$E2E_DIR/$1.out")"; return 1; }
}

# gw_kernel ROOT: restart the gateway's charon from ROOT's generated files
# as bed_gw_generated does, but with kernel-libipsec off (the kernel's
# IPsec, kernel-netlink: what ROOT's datapath snippet says)
gw_kernel()
{
	e2e_charon_stop gw
	rm -rf "$(e2e_charon_dir gw)/swanctl"
	ln -s "$1/etc/swanctl" "$(e2e_charon_dir gw)/swanctl"
	E2E_PLUGIN_CONF="$1/etc/strongswan.d/charon/swanmobile*.conf" \
		e2e_strongswan_conf gw yes "plugins {
		swanmobile {
			database = $(sed -n 's/^ *database = \(.\{1,\}\)$/\1/p' \
				"$1/etc/strongswan.d/charon/swanmobile.conf" | sed "s|^/|$1/|")
		}
		kernel-libipsec {
			load = no
		}
	}"
	bed_start gw
}

# gw_fw ARGS...: swanmobile firewall in the gateway's namespace
gw_fw() { e2e_exec gw "$SWANMOBILE" firewall "$@"; }

# fetch NS HOST SECONDS: download from HOST's server; netprobe's verdict
# in $fetched, its exit status returned
fetch()
{
	fetched=$(e2e_exec "$1" $PROBE fetch "$2" $PORT "$3" 2>&1)
}

# --- the bed -------------------------------------------------------------------
bed_topology || { diag "topology failed"; exit 1; }
e2e_ns inet &&
e2e_link gw v-gwinet "$INET_GW/24" inet v-inet "$INET_HOST/24" &&
ip -n "$E2E_ID-gw" route add default via "$INET_HOST" &&
ip -n "$E2E_ID-lan" addr add "$DENIED_HOST/24" dev v-lan &&
# the client's link drops what is larger than 1300 bytes, without a word
# (a veth drops frames longer than the receiving end's MTU): a path MTU
# black hole; IKE fits, as charon fragments its messages to 1280 bytes
ip -n "$E2E_ID-rw" link set v-rw mtu 1300 &&
# the gateway as swanmobile finds a host: forwarding off, Debian's loose
# reverse-path filter
e2e_exec gw sysctl -qw net.ipv4.ip_forward=0 net.ipv4.conf.all.rp_filter=2 \
	net.ipv4.conf.default.rp_filter=2 net.ipv4.conf.v-gwinet.rp_filter=2 ||
	{ diag "topology failed"; exit 1; }

# servers: the LAN's two addresses (one server), the Internet host, and a
# UDP listener on the LAN that records who reached it (e2e_bg: they end
# with the test, also when it fails)
e2e_bg lan $PROBE serve 0.0.0.0 $PORT 300000 > /dev/null 2>&1
e2e_bg inet $PROBE serve 0.0.0.0 $PORT 1000 > /dev/null 2>&1
: > "$E2E_DIR/udp-sources"
e2e_bg lan $PROBE listen-udp 0.0.0.0 5353 "$E2E_DIR/udp-sources" > /dev/null 2>&1

check "generate the gateway with its firewall" ruleset gwroot libipsec 1100
check "the gateway starts from the generated files" bed_gw_generated "$root" "$E2E_DIR/gwroot.yaml"
rs=$(bed_swanctl_dir rw)
cp "$root/etc/swanctl/x509ca/rw-ca.pem" "$rs/x509ca/"
# the gateway tunnels everything; the client asks for the LAN and the
# Internet host (its own route to the gateway stays), with strongSwan's
# default proposals
{
	echo "connections {"
	bed_eap_conn rw jimp@example.com "" "" "10.3.0.0/24, 203.0.113.0/24"
	printf '}\nsecrets {\n'
	bed_eap_secret jimp jimp@example.com abc123
	echo "}"
} > "$rs/swanctl.conf"
e2e_strongswan_conf rw no
check "client charon starts" bed_start rw

# the host's own firewall: a table swanmobile must leave alone
e2e_exec gw nft -f - <<'EON'
table inet hostfw {
	chain input {
		type filter hook input priority filter + 10; policy accept;
		tcp dport 22 accept
	}
}
EON
e2e_exec gw nft list table inet hostfw > "$E2E_DIR/hostfw.before"

# --- the rules loaded ----------------------------------------------------------
run gw_fw apply --root "$root"
expect_rc 0 "firewall apply in the gateway's namespace"
expect_match "$out" "^loaded table inet swanmobile from $root/etc/swanmobile/rw/firewall.nft$" "it loads the table"
expect_match "$out" "^turned on IPv4 forwarding$" "it turns on IPv4 forwarding"
check "forwarding is on" test "$(e2e_exec gw sysctl -n net.ipv4.ip_forward)" = 1
check "the sysctl.d file keeps it on at boot" grep -qx 'net.ipv4.ip_forward = 1' "$root/etc/sysctl.d/60-swanmobile.conf"
e2e_exec gw nft -a list table inet swanmobile > "$E2E_DIR/handles.1"
run gw_fw apply --root "$root"
expect_rc 0 "firewall apply again"
expect_match "$out" "^unchanged table inet swanmobile" "the second apply changes nothing"
e2e_exec gw nft -a list table inet swanmobile > "$E2E_DIR/handles.2"
check "the table and its rule handles are the same" cmp -s "$E2E_DIR/handles.1" "$E2E_DIR/handles.2"
run gw_fw show --root "$root"
expect_match "$out" "^table inet swanmobile: loaded$" "firewall show: loaded"

case_begin firewall established
check "the client connects" bed_initiate rw
# a download from the allowed host, through the client's link that drops
# packets over 1300 bytes: it completes only because the gateway clamps
# the MSS (1100 here; see the control below)
fetch rw "$BED_LAN_HOST" 5
check "the allowed LAN host answers the client's pool address ($fetched)" \
	sh -c 'case "$1" in peer=10.3.200.*) exit 0 ;; esac; exit 1' sh "$fetched"
check "a 300 kB download completes through the 1300-byte black hole" \
	sh -c 'case "$1" in *" bytes=300000") exit 0 ;; esac; exit 1' sh "$fetched"
fetch rw "$DENIED_HOST" 5
check "the denied LAN host (the same server) is refused at once ($fetched)" test "$fetched" = refused
fetch rw "$INET_HOST" 5
check "full-tunnel NAT: the Internet host sees the gateway's address ($fetched)" \
	test "$fetched" = "peer=$INET_GW bytes=1000"

# a host outside the tunnel sends to the LAN with a client's address
e2e_exec inet ip addr add "$SPOOF/32" dev lo
e2e_exec inet ip route add 10.3.0.0/24 via "$INET_GW"
e2e_exec inet $PROBE send-udp "$SPOOF" "$BED_LAN_HOST" 5353
sleep 0.5
check "a pool address from outside the tunnel does not reach the LAN" \
	sh -c '! grep -q . "$1"' sh "$E2E_DIR/udp-sources"

# --- controls: what passes without the rules, or with other rules -------------
# without the clamp (an MSS above any the hosts use) the download stalls
check "generate the ruleset without a useful clamp" ruleset noclamp libipsec 9000
run gw_fw apply --root "$E2E_DIR/noclamp"
expect_rc 0 "apply it"
fetch rw "$BED_LAN_HOST" 3
check "without the clamp the download stalls in the black hole ($fetched)" \
	sh -c 'case "$1" in "timed out after "*) exit 0 ;; esac; exit 1' sh "$fetched"

# the kernel-IPsec variant loads, and it recognises the tunnel by IPsec
# metadata, which kernel-libipsec's packets do not carry
check "generate the kernel-IPsec variant" ruleset kernel kernel 1100
run gw_fw apply --root "$E2E_DIR/kernel"
expect_rc 0 "the kernel-IPsec variant loads"
check "it checks the packets' IPsec metadata" sh -c \
	'ip netns exec "$1" nft list chain inet swanmobile clients4 | grep -q "meta ipsec missing drop"' sh "$E2E_ID-gw"
fetch rw "$BED_LAN_HOST" 2
check "it drops the tunnel's traffic here: not from kernel IPsec ($fetched)" \
	test "$fetched" = "timed out connecting"

# without the rules (forwarding still on) the spoofed packet gets through,
# with Debian's loose reverse-path filter: the rules are what stops it
run gw_fw remove --root "$root"
expect_rc 0 "firewall remove"
expect_match "$out" "^removed table inet swanmobile$" "it removes the table"
check "and the sysctl.d file" test ! -e "$root/etc/sysctl.d/60-swanmobile.conf"
e2e_exec gw nft list table inet hostfw > "$E2E_DIR/hostfw.after"
check "the host's own table is as it was through apply, reloads and remove" \
	cmp -s "$E2E_DIR/hostfw.before" "$E2E_DIR/hostfw.after"
check "no other table is left" \
	test "$(e2e_exec gw nft list tables)" = "table inet hostfw"
e2e_exec inet $PROBE send-udp "$SPOOF" "$BED_LAN_HOST" 5353
# (waits up to 5 s for it: the listener may be slow on a loaded machine)
check "control: without the rules the spoofed packet reaches the LAN" \
	timeout 5 sh -c 'until grep -qx "$1" "$2"; do sleep 0.1; done' sh "$SPOOF" "$E2E_DIR/udp-sources"

# without the rules and without forwarding nothing passes
e2e_exec gw sysctl -qw net.ipv4.ip_forward=0
fetch rw "$BED_LAN_HOST" 2
check "without rules and forwarding the LAN host is out of reach ($fetched)" \
	test "$fetched" = "timed out connecting"
case_end rw

# --- the kernel's IPsec (kernel-netlink), where the kernel has ESP ---------------
# the same checks with the kernel-IPsec variant of the rules (meta ipsec):
# the gateway's charon from the kernel root with kernel-libipsec off, so the
# kernel decrypts and the packets carry IPsec metadata (the client keeps
# kernel-libipsec: ESP on the wire is the same)
if unshare --net ip xfrm state add src 192.0.2.1 dst 192.0.2.2 proto esp spi 0x100 \
	mode tunnel aead 'rfc4106(gcm(aes))' 0x00112233445566778899aabbccddeeff00112233 128 \
	> "$E2E_DIR/ip-xfrm.out" 2>&1; then
	esp=yes
else
	esp=no
fi
diag "ip xfrm state add (ESP, AES-GCM) in a new namespace: $esp $(cat "$E2E_DIR/ip-xfrm.out")"
if [ $esp = yes ]; then
	run gw_fw apply --root "$E2E_DIR/kernel"
	expect_rc 0 "kernel-netlink: the kernel-IPsec variant loads"
	check "kernel-netlink: forwarding is on" test "$(e2e_exec gw sysctl -n net.ipv4.ip_forward)" = 1
	check "kernel-netlink: the gateway starts without kernel-libipsec" gw_kernel "$E2E_DIR/kernel"
	e2e_swanctl gw --stats > "$E2E_DIR/kernel-stats" 2>&1
	check "kernel-netlink: charon did not load kernel-libipsec" \
		sh -c '! grep -q kernel-libipsec "$1"' sh "$E2E_DIR/kernel-stats"
	case_begin firewall-kernel established
	check "kernel-netlink: the client connects" bed_initiate rw
	check "kernel-netlink: the gateway's SAs are the kernel's" \
		sh -c 'ip netns exec "$1" ip xfrm state | grep -q "proto esp"' sh "$E2E_ID-gw"
	fetch rw "$BED_LAN_HOST" 5
	check "kernel-netlink: the allowed LAN host answers the pool address ($fetched)" \
		sh -c 'case "$1" in "peer=10.3.200."*" bytes=300000") exit 0 ;; esac; exit 1' sh "$fetched"
	fetch rw "$DENIED_HOST" 5
	check "kernel-netlink: the denied LAN host is refused at once ($fetched)" test "$fetched" = refused
	: > "$E2E_DIR/udp-sources"
	e2e_exec inet $PROBE send-udp "$SPOOF" "$BED_LAN_HOST" 5353
	sleep 0.5
	check "kernel-netlink: a pool address from outside the tunnel does not reach the LAN" \
		sh -c '! grep -q . "$1"' sh "$E2E_DIR/udp-sources"
	# control: without the rules and forwarding, nothing passes here either
	run gw_fw remove --root "$E2E_DIR/kernel"
	expect_rc 0 "kernel-netlink: firewall remove"
	e2e_exec gw sysctl -qw net.ipv4.ip_forward=0
	fetch rw "$BED_LAN_HOST" 2
	check "kernel-netlink: without rules and forwarding the LAN host is out of reach ($fetched)" \
		test "$fetched" = "timed out connecting"
	case_end rw
else
	tap_skip "kernel-netlink: the kernel-IPsec rules let the allowed host through, refuse the denied one" \
		"this kernel has no ESP (ip xfrm state add failed: $(head -n 1 "$E2E_DIR/ip-xfrm.out"))"
fi

check "gateway charon stops cleanly" e2e_charon_stop gw
check "client charon stops cleanly" e2e_charon_stop rw
e2e_bg_stop
check "no server or listener is left running in the test's namespaces" e2e_ns_empty
e2e_finish
