#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# datapath: a gateway brought up the way README command 1 does it carries a
# client's traffic whatever the kernel's IPsec (issue 17).  'swanmobile
# generate' writes the example's gateway into a root that holds what the
# distribution's packages install (/etc/strongswan.d, /etc/swanctl), then
# the real scripts/gateway up runs in the gateway's network namespace, in a
# mount namespace where /etc/strongswan.d, /etc/swanctl, /etc/sysctl.d,
# /etc/swanmobile, /var/lib/swanmobile, /var/log/swanmobile and /run are
# the root's (or private), strongSwan's plugin directory holds the freshly
# built plugin and PATH the swanmobile just built; charon runs from the
# host's /etc/strongswan.conf as it would.
#   - the probe agrees with ip(8) adding an ESP SA in a throw-away namespace
#   - scripts/gateway up loads the firewall (table inet swanmobile) and
#     turns on IPv4 forwarding in the gateway's namespace
#   - where the kernel has no ESP (this machine): generate and gateway up
#     choose kernel-libipsec and say so in one line; a client pings the LAN
#     host; selftest passes with its ping; doctor's datapath check passes
#     naming kernel-libipsec
#   - where the kernel has ESP: kernel-netlink, and the same client, selftest
#     and doctor checks (skipped where the kernel has none)
#   - gateway.datapath: kernel where the kernel has no ESP: generate warns,
#     gateway up fails before it touches charon; a charon started by hand
#     with the kernel's IPsec sets up no CHILD_SA and fails doctor's
#     datapath check
#   - a charon with neither kernel-netlink nor kernel-libipsec does not
#     start (doctor's check for it cannot be reached with Debian's charon)
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/bed.sh"

SWANMOBILE=${SWANMOBILE:-$SM_BUILDDIR/generator/swanmobile}

e2e_init
[ -f "$SM_PLUGIN_SO" ] || tap_skip_all "plugin not built ($SM_PLUGIN_SO)"
command -v python3 > /dev/null || tap_skip_all "python3 missing (reads the JSON)"
[ -f /etc/strongswan.conf ] && [ -d /etc/strongswan.d/charon ] ||
	tap_skip_all "no /etc/strongswan.conf and /etc/strongswan.d/charon (strongswan-charon)"
"$SWANMOBILE" status --uri unix:///nonexistent 2>&1 | grep -q 'without libvici' &&
	tap_skip_all "swanmobile was built without libvici"

root=$E2E_DIR/gwroot
export SWANMOBILE_TEMPLATES="$SM_SRCDIR/templates"
gwd=$(e2e_charon_dir gw)
gw_uri="unix://$gwd/run/charon.vici"
out=$E2E_DIR/out
mkdir -p "$out"

# py NAME EXPR: EXPR of the JSON d in $out/NAME.out
py() { python3 -c "import json, sys; d = json.load(open(sys.argv[1])); print($2)" "$out/$1.out"; }

# verdict NAME CHECK: status and message of the first check CHECK
verdict()
{
	python3 - "$out/$1.out" "$2" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
for c in d["checks"]:
    if c["check"] == sys.argv[2]:
        print(c["status"], c["message"])
        break
else:
    print("absent")
EOF
}

# is NAME CHECK STATUS WORDS
is()
{
	_v=$(verdict "$1" "$2")
	case $_v in
		"$3 "*"$4"*) ok "$1: $2 is $3 ($4)" ;;
		*) not_ok "$1: $2 is $3 ($4)"; diag "got: $_v" ;;
	esac
}

# the distribution's files in the root, as the packages install them on a
# host (without a swanmobile of the host's)
install_distribution()
{
	mkdir -p "$root/etc/strongswan.d/charon" "$root/etc/swanctl" &&
	for _f in /etc/strongswan.d/*.conf; do
		cp "$_f" "$root/etc/strongswan.d/" || return 1
	done
	for _f in /etc/strongswan.d/charon/*.conf; do
		case $(basename "$_f") in
			swanmobile*) ;;
			*) cp "$_f" "$root/etc/strongswan.d/charon/" || return 1 ;;
		esac
	done
	printf 'include conf.d/*.conf\n' > "$root/etc/swanctl/swanctl.conf"
	for _sub in conf.d x509 x509ca x509ocsp x509aa x509ac x509crl pubkey private \
		rsa ecdsa bliss pkcs8 pkcs12; do
		mkdir -p "$root/etc/swanctl/$_sub" || return 1
	done
}

# generate ARGS...: swanmobile generate --root ROOT ARGS (the example)
generate()
{
	"$SWANMOBILE" generate --root "$root" "$@" "$SM_SRCDIR/examples/road-warrior.yaml" \
		> "$out/generate.out" 2> "$out/generate.err"
}

# gateway_up [ENV...]: the real scripts/gateway up in gw's network namespace
# with the root's /etc and private /run and logs, and the swanmobile just
# built first on PATH; output in $out/up.out, its exit status in $rc;
# charon stays (its pid as the bed's launcher pid)
gateway_up()
{
	mkdir -p "$gwd/run" "$gwd/plugins" "$gwd/sysplugins" "$gwd/log" \
		"$root/etc/sysctl.d" "$E2E_DIR/bin"
	ln -sf "$SWANMOBILE" "$E2E_DIR/bin/swanmobile"
	for _p in "$SS_PLUGINDIR"/*.so; do
		ln -sf "$gwd/sysplugins/$(basename "$_p")" "$gwd/plugins/$(basename "$_p")"
	done
	ln -sf "$SM_PLUGIN_SO" "$gwd/plugins/libstrongswan-swanmobile.so"
	ip netns exec "$E2E_ID-gw" unshare --mount --propagation private -- sh -c '
		r=$1; d=$2; p=$3; shift 3
		mount --bind "$p" "$d/sysplugins" &&
		mount --bind "$d/plugins" "$p" &&
		mount --bind "$r/etc/strongswan.d" /etc/strongswan.d &&
		mount --bind "$r/etc/swanctl" /etc/swanctl &&
		mount --bind "$r/etc/sysctl.d" /etc/sysctl.d &&
		mkdir -p /etc/swanmobile /var/lib/swanmobile /var/log/swanmobile &&
		mount --bind "$r/etc/swanmobile" /etc/swanmobile &&
		mount --bind "$r/var/lib/swanmobile" /var/lib/swanmobile &&
		mount --bind "$d" /var/log/swanmobile &&
		mount --bind "$d/run" /run &&
		exec env "$@" sh "$SM_SRCDIR/scripts/gateway" up' \
		sh "$root" "$gwd" "$SS_PLUGINDIR" SM_SRCDIR="$SM_SRCDIR" \
		PATH="$E2E_DIR/bin:$PATH" "$@" > "$out/up.out" 2>&1
	rc=$?
	if [ -f "$gwd/run/charon.pid" ]; then
		cat "$gwd/run/charon.pid" > "$gwd/charon.launcher-pid"
		case " $_e2e_charons " in
			*" gw "*) ;;
			*) _e2e_charons="$_e2e_charons gw" ;;
		esac
	fi
}

# gateway_by_hand [SETTINGS]: gw's charon from the generated files as the
# bed starts it, but with kernel-libipsec off (what the snippet says with
# gateway.datapath kernel), and SETTINGS in charon.plugins
gateway_by_hand()
{
	e2e_charon_stop gw
	: > "$gwd/charon.log"
	rm -rf "$gwd/swanctl"
	ln -s "$root/etc/swanctl" "$gwd/swanctl"
	E2E_PLUGIN_CONF="$root/etc/strongswan.d/charon/swanmobile*.conf" \
		e2e_strongswan_conf gw yes "plugins {
		swanmobile {
			database = $root/var/lib/swanmobile/users.db
		}
		kernel-libipsec {
			load = no
		}
		${1:-}
	}"
	bed_start gw
}

# client: rw's swanctl.conf (a Linux client of the gateway) and its charon
client()
{
	_s=$(bed_swanctl_dir rw)
	cat > "$_s/swanctl.conf" <<EOC
connections {
	home {
		version = 2
		remote_addrs = $BED_GW_OUT
		vips = 0.0.0.0
		local {
			auth = eap-mschapv2
			eap_id = jimp@example.com
		}
		remote {
			auth = pubkey
			id = vpn.example.com
		}
		children {
			home {
				remote_ts = 0.0.0.0/0
			}
		}
	}
}
secrets {
	eap-jimp {
		id = jimp@example.com
		secret = abc123
	}
}
EOC
	cp "$root/etc/swanctl/x509ca/rw-ca.pem" "$_s/x509ca/"
	e2e_strongswan_conf rw no
	bed_start rw
}

# sm ARGS...: swanmobile in the gateway's namespace against its charon
sm() { _n=$1; shift; e2e_exec gw "$SWANMOBILE" "$@" > "$out/$_n.out" 2> "$out/$_n.err"; rc=$?; }

# carries NAME: jimp connects and pings the LAN host; selftest passes with
# its ping; doctor's datapath check passes with WORDS ($2)
carries()
{
	check "$1: jimp connects" bed_initiate home
	check "$1: jimp pings the LAN host through the gateway" bed_ping_lan
	sm "$1-selftest" selftest --json --uri "$gw_uri" --root "$root"
	[ $rc -eq 0 ] && ok "$1: swanmobile selftest passes" ||
		{ not_ok "$1: swanmobile selftest passes (exit $rc)"; diag "$(cat "$out/$1-selftest.out" "$out/$1-selftest.err")"; }
	is "$1-selftest" ping pass "3 received"
	sm "$1-doctor" doctor --json --uri "$gw_uri" --root "$root"
	is "$1-doctor" datapath pass "$2"
	check "$1: doctor's fact names the datapath" test "$(py "$1-doctor" 'd["facts"]["datapath"]')" = "$3"
}

bed_topology || { diag "topology failed"; exit 1; }
check "the distribution's files in the root" install_distribution

# --- the probe and ip(8) -----------------------------------------------------------
if unshare --net ip xfrm state add src 192.0.2.1 dst 192.0.2.2 proto esp spi 0x100 \
	mode tunnel aead 'rfc4106(gcm(aes))' 0x00112233445566778899aabbccddeeff00112233 128 \
	> "$out/ip-xfrm.out" 2>&1; then
	esp=yes
else
	esp=no
fi
diag "ip xfrm state add (ESP, AES-GCM) in a new namespace: $esp $(cat "$out/ip-xfrm.out")"
"$SWANMOBILE" datapath --json --root "$root" > "$out/probe.out" 2> "$out/probe.err"
check "swanmobile datapath agrees with ip(8): kernel ESP $esp" \
	test "$(py probe 'd["kernel_esp"]')" = "$esp"

# --- auto: what README command 1 does on this kernel -------------------------------
check "generate writes the example's gateway" generate
if [ $esp = no ]; then
	want=libipsec load=yes words="kernel-libipsec" fact=libipsec
else
	want=kernel load=no words="the kernel's IPsec (XFRM, kernel-netlink)" fact=kernel
fi
snippet=$root/etc/strongswan.d/charon/swanmobile_datapath.conf
check "the datapath snippet loads kernel-libipsec: $load" grep -q "^    load = $load$" "$snippet"
check "it records gateway.datapath auto" grep -q "^# gateway.datapath: auto$" "$snippet"
if [ $esp = no ]; then
	check "generate says so in one line, with the throughput caveat" test \
		"$(grep -c "^datapath: this kernel refuses AES-GCM ESP .*kernel-libipsec.*fraction of the kernel's throughput" "$out/generate.out")" = 1
else
	check "generate says nothing about the datapath" sh -c '! grep -q "^datapath:" "$1"' sh "$out/generate.out"
fi
check "no diagnostics" test ! -s "$out/generate.err"
# the gateway as gateway up finds a host: forwarding off (the bed turns it
# on), no table of swanmobile's
e2e_exec gw sysctl -qw net.ipv4.ip_forward=0
check "before gateway up: no table inet swanmobile, forwarding off" sh -c \
	'! ip netns exec "$1" nft list table inet swanmobile > /dev/null 2>&1 &&
	test "$(ip netns exec "$1" sysctl -n net.ipv4.ip_forward)" = 0' sh "$E2E_ID-gw"
gateway_up
[ $rc -eq 0 ] && ok "scripts/gateway up succeeds" ||
	{ not_ok "scripts/gateway up succeeds (exit $rc)"; diag "$(cat "$out/up.out")"; }
check "gateway up loaded table inet swanmobile in the gateway's namespace" \
	e2e_exec gw nft list table inet swanmobile
check "gateway up turned on IPv4 forwarding there" \
	test "$(e2e_exec gw sysctl -n net.ipv4.ip_forward)" = 1
check "it reports the plugin" grep -q "charon is running with the swanmobile plugin" "$out/up.out"
if [ $esp = no ]; then
	check "and the datapath in one line" test "$(grep -c '^datapath: ' "$out/up.out")" = 1
fi
e2e_swanctl gw --stats > "$out/stats" 2>&1
case $want in
	libipsec) check "charon loaded kernel-libipsec" grep -q "loaded plugins:.* kernel-libipsec" "$out/stats" ;;
	kernel) check "charon did not load kernel-libipsec" sh -c '! grep -q "kernel-libipsec" "$1"' sh "$out/stats" ;;
esac
check "client rw starts" client
carries auto "$words" "$fact"
e2e_exec gw ip -o link show > "$out/links"
if [ $esp = no ]; then
	check "the TUN device ipsec0 is up in the gateway's namespace" grep -q " ipsec0: .*UP" "$out/links"
fi
bed_terminate home > /dev/null 2>&1
if [ $esp = no ]; then
	# the same checks through kernel-netlink need a kernel that carries
	# AES-GCM ESP (not this one): counted as skipped, not as passed
	for _c in "jimp connects" "jimp pings the LAN host through the gateway" \
		"swanmobile selftest passes" "doctor's datapath check passes naming the kernel's IPsec"; do
		tap_skip "kernel-netlink: $_c" "this kernel refuses AES-GCM ESP"
	done
fi

# --- the kernel's IPsec forced ------------------------------------------------------
if [ $esp = yes ]; then
	for _i in 1 2 3 4 5 6 7 8 9; do
		tap_skip "gateway.datapath kernel where the kernel has no ESP" "this kernel has ESP"
	done
else
	check "generate --datapath kernel" generate --datapath kernel
	check "it warns that clients will pass no traffic" \
		grep -q "warning: gateway.datapath is kernel, but this kernel refuses AES-GCM ESP" "$out/generate.err"
	old_pid=$(cat "$gwd/run/charon.pid")
	gateway_up
	[ $rc -eq 3 ] && ok "scripts/gateway up fails (exit 3)" ||
		{ not_ok "scripts/gateway up fails (exit 3, got $rc)"; diag "$(cat "$out/up.out")"; }
	check "it says why and that it restarted nothing" \
		grep -q "could not carry ESP on this host (above): nothing restarted" "$out/up.out"
	check "charon was left alone" test "$(cat "$gwd/run/charon.pid")" = "$old_pid"
	# a charon started with the kernel's IPsec anyway (by hand, with the
	# generated files): clients connect and get no CHILD_SA
	check "a charon with the kernel's IPsec only starts" gateway_by_hand
	check_fails "jimp's connection gets no CHILD_SA" bed_initiate home
	check "the gateway could not install the SA in the kernel" \
		grep -q "unable to add SAD entry" "$gwd/charon.log"
	sm kernel-doctor doctor --json --uri "$gw_uri" --root "$root"
	is kernel-doctor datapath fail "charon uses the kernel's IPsec, but this kernel refuses AES-GCM ESP"
fi

# --- no kernel interface for IPsec at all -------------------------------------------
# doctor's "loaded neither kernel-netlink nor kernel-libipsec" cannot be
# reached with a real charon on Linux: libcharon needs a kernel-ipsec and a
# kernel-net provider, and only kernel-netlink provides kernel-net, so a
# charon whose strongswan.conf turns it off (and kernel-libipsec) does not
# start.  That is what this checks; doctor's branch stays for a charon
# with another kernel-ipsec provider (kernel-pfkey) that is not Debian's
check_fails "a charon with neither kernel-netlink nor kernel-libipsec does not start" \
	gateway_by_hand "kernel-netlink {
			load = no
		}"
check "it aborts its initialization" grep -q "initialization failed - aborting charon" "$gwd/charon.log"

e2e_finish
