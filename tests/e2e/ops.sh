#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# ops: operating a gateway made by 'swanmobile generate' (issue 14), with
# the commands run in the gateway's network namespace against its vici
# socket:
#   status      lists two connected users with their addresses, and their
#               traffic counters move after a ping (--json parsed)
#   disconnect  drops one of them and not the other; exit 1 when the user
#               is not connected
#   doctor      passes on the healthy gateway (its firewall applied), and
#               names the failure for: the firewall's table removed or
#               changed by hand (and warns about one left loaded where the
#               description disables the firewall), forwarding off, a pool
#               overlapping an interface (and warns about one under a
#               route), the connection's rekey_time or a pool's range
#               changed on disk since charon loaded them, a database of
#               mode 0644, an expired certificate (and warns about one
#               expiring soon), the plugin not loaded, charon stopped
#   selftest    passes (temporary user, removed afterwards, nothing left
#               behind), expects what the mobile profile says (a DNS server
#               changed in the profile only is reported until charon
#               reloads its settings), fails with the reason for a wrong
#               password and for an exhausted pool, refuses a user who is
#               connected, and cleans up when interrupted by SIGTERM
#   split pools a user's static address inside the pool: doctor checks the
#               pool's parts as one, selftest as that user expects the
#               static address and the user's own DNS server
# Topology: bed.sh's gw, rw (jimp@example.com) and lan, and a second client
# rw2 (bob@example.com) on its own link 192.0.2.0/24.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/bed.sh"

bed_init
command -v python3 > /dev/null || tap_skip_all "python3 missing (reads the JSON)"
command -v pki > /dev/null || tap_skip_all "pki missing (strongswan-pki)"
"$SWANMOBILE" status --uri unix:///nonexistent 2>&1 | grep -q 'without libvici' &&
	tap_skip_all "swanmobile was built without libvici"

db=$root/var/lib/swanmobile/users.db
gw_uri="unix://$(e2e_charon_dir gw)/run/charon.vici"
out=$E2E_DIR/out
mkdir -p "$out"

# gateway_from YAML [PLUGIN]: generate into the root and (re)start the
# gateway from it, with the plugin unless PLUGIN=no
gateway_from() { bed_gw_generated "$root" "$1" "${2:-yes}"; }

# client NAME GATEWAY IDENTITY PASSWORD: NAME's swanctl.conf (a Linux
# client of the gateway with strongSwan's default proposals, asking for
# every address) and its charon
client()
{
	_s=$(bed_swanctl_dir "$1")
	{
		echo "connections {"
		bed_eap_conn home "$3" "" "" 0.0.0.0/0 "$2"
		printf '}\nsecrets {\n'
		bed_eap_secret home "$3" "$4"
		echo "}"
	} > "$_s/swanctl.conf"
	cp "$root/etc/swanctl/x509ca/rw-ca.pem" "$_s/x509ca/"
	e2e_strongswan_conf "$1" no
	bed_start "$1"
}

# connect NAME: NAME's client connects (again)
connect() { BED_CLIENT=$1 bed_initiate home; }

# sm ARGS...: swanmobile in the gateway's network namespace
sm() { e2e_exec gw "$SWANMOBILE" "$@"; }

# run NAME ARGS...: sm ARGS with stdout in $out/NAME.out, stderr in
# $out/NAME.err, the exit status in $rc
run()
{
	_n=$1
	shift
	sm "$@" > "$out/$_n.out" 2> "$out/$_n.err"
	rc=$?
}

# py NAME EXPR: EXPR of the JSON d in $out/NAME.out (python3)
py() { python3 -c "import json, sys; d = json.load(open(sys.argv[1])); print($2)" "$out/$1.out"; }

# verdict NAME CHECK [OBJECT]: the status of the first check named CHECK
# (about OBJECT) in doctor's or selftest's JSON, then its message
verdict()
{
	python3 - "$out/$1.out" "$2" "${3:-}" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
for c in d["checks"]:
    if c["check"] == sys.argv[2] and (not sys.argv[3] or c["object"] == sys.argv[3]):
        print(c["status"], c["message"])
        break
else:
    print("absent")
EOF
}

# is NAME CHECK STATUS WORDS [OBJECT]: check has STATUS and its message WORDS
is()
{
	_v=$(verdict "$1" "$2" "${5:-}")
	case $_v in
		"$3 "*"$4"*) ok "$1: $2 is $3 ($4)" ;;
		*) not_ok "$1: $2 is $3 ($4)"; diag "got: $_v" ;;
	esac
}

# --- the gateway and two users -------------------------------------------------
bed_topology || { diag "topology failed"; exit 1; }
e2e_ns rw2 && e2e_link gw v-gw2 192.0.2.1/24 rw2 v-rw2 192.0.2.2/24 ||
	{ diag "second client's link failed"; exit 1; }
check "generate writes the gateway, charon loads it" gateway_from "$SM_SRCDIR/examples/road-warrior.yaml"
echo bobpass | "$SWANMOBILE" user add --db "$db" --password-stdin bob@example.com > /dev/null
check "client rw (jimp@example.com) starts" client rw "$BED_GW_OUT" jimp@example.com abc123
check "client rw2 (bob@example.com) starts" client rw2 192.0.2.1 bob@example.com bobpass
check "jimp connects" connect rw
check "bob connects" connect rw2

# --- status --------------------------------------------------------------------
run status1 status --json --uri "$gw_uri"
[ $rc -eq 0 ] && ok "status --json exits 0" || not_ok "status --json exits 0 ($rc: $(cat "$out/status1.err"))"
check "status lists the two users" test "$(py status1 '" ".join(sorted(s["user"] for s in d["sessions"]))')" = \
	"bob@example.com jimp@example.com"
check "jimp's client address and port" test \
	"$(py status1 '[s["client"] for s in d["sessions"] if s["user"] == "jimp@example.com"][0]')" = \
	"{'address': '198.51.100.2', 'port': 4500}"
check "bob's client address" test \
	"$(py status1 '[s["client"]["address"] for s in d["sessions"] if s["user"] == "bob@example.com"][0]')" = 192.0.2.2
check "both got a virtual IP of the pool" test \
	"$(py status1 'all(len(s["virtual_ips"]) == 1 and s["virtual_ips"][0].startswith("10.3.200.") for s in d["sessions"])')" = True
check "algorithms, since when, and the pool with two online leases" test \
	"$(py status1 'd["sessions"][0]["ike"]["encryption"] is not None and d["sessions"][0]["children"][0]["encryption"] is not None and d["sessions"][0]["connected_seconds"] >= 0 and [(p["name"], p["size"], p["online"]) for p in d["pools"]]')" = \
	"[('rw-v4', 254, 2)]"
run status-text status --uri "$gw_uri"
check "status prints a block per user" grep -q "^jimp@example.com$" "$out/status-text.out"
check "status prints the pool" grep -Eq "rw-v4 +10.3.200.0, 254 addresses: 2 online" "$out/status-text.out"
check "ping through jimp's tunnel" bed_ping_lan
run status2 status --json --uri "$gw_uri"
counters() { py "$1" "[(s['bytes_in'], s['packets_in'], s['bytes_out'], s['packets_out']) for s in d['sessions'] if s['user'] == '$2'][0]"; }
j1=$(counters status1 jimp@example.com)
j2=$(counters status2 jimp@example.com)
check "jimp's counters moved after the ping ($j1 -> $j2)" python3 -c \
	"import sys; a, b = eval(sys.argv[1]), eval(sys.argv[2]); sys.exit(not all(y >= x + 2 for x, y in zip(a, b)) or b[0] <= a[0])" "$j1" "$j2"
check "bob's did not" test "$(counters status1 bob@example.com)" = "$(counters status2 bob@example.com)"

# --- disconnect ----------------------------------------------------------------
run disc1 disconnect --uri "$gw_uri" BOB@Example.COM
[ $rc -eq 0 ] && ok "disconnect bob (any case) exits 0" || not_ok "disconnect bob exits 0 ($rc)"
check "it says whom it disconnected" grep -q "^disconnected bob@example.com: IKE_SA rw #" "$out/disc1.out"
run status3 status --json --uri "$gw_uri"
check "bob is gone, jimp is not" test "$(py status3 '[s["user"] for s in d["sessions"]]')" = "['jimp@example.com']"
bob_gone() { [ -z "$(e2e_swanctl rw2 --list-sas --raw 2>/dev/null | grep ESTABLISHED)" ]; }
check "bob's client learnt it (DELETE)" bob_gone
run disc2 disconnect --uri "$gw_uri" bob@example.com
[ $rc -eq 1 ] && ok "disconnecting bob again exits 1" || not_ok "disconnecting bob again exits 1 ($rc)"
check "and says he is not connected" grep -q "'bob@example.com' is not connected" "$out/disc2.err"

# --- doctor ----------------------------------------------------------------------
doctor() { _dn=$1; shift; run "$_dn" doctor --json --uri "$gw_uri" --root "$root" "$@"; }
run fw-apply firewall apply --root "$root"
[ $rc -eq 0 ] && ok "firewall apply loads the generated ruleset" ||
	{ not_ok "firewall apply loads the generated ruleset (exit $rc)"; diag "$(cat "$out/fw-apply.err")"; }
doctor healthy
[ $rc -eq 0 ] && ok "doctor passes on the healthy gateway (exit 0)" ||
	{ not_ok "doctor passes on the healthy gateway (exit 0, got $rc)"; diag "$(cat "$out/healthy.out")"; }
# with kernel-libipsec (a kernel without ESP) doctor also checks that this
# host has an address in every local traffic selector (local-ts)
dp=$(py healthy 'd["facts"].get("datapath", "")')
local_ts=
[ "$dp" = libipsec ] && local_ts=" local-ts:pass"
check "every check passes (datapath: $dp)" test \
	"$(py healthy '" ".join(c["check"] + ":" + c["status"] for c in d["checks"])')" = \
	"charon:pass plugin:pass ports:pass datapath:pass$local_ts firewall:pass forwarding:pass profile:pass connection:pass pool:pass loaded-certs:pass pool-overlap:pass certificate:pass userdb:pass static-address:pass"
check "ok is true" test "$(py healthy 'd["ok"]')" = True
is healthy firewall pass "the table inet swanmobile is the ruleset of '$root/etc/swanmobile/rw/firewall.nft'"
is healthy profile pass "pushes DNS 10.3.0.1, split domains example.com, example.org, network list 10.3.0.0/24"
is healthy pool pass "loaded as generated: 10.3.200.0/24, 254 addresses, 1 online, 1 offline"

# the firewall: removed, changed by hand, left loaded where the description
# disables it
run fw-remove firewall remove --root "$root"
doctor nofw
[ $rc -eq 1 ] && ok "firewall removed: doctor exits 1" || not_ok "firewall removed: doctor exits 1 ($rc)"
is nofw firewall fail "the table inet swanmobile is not loaded"
check "only the firewall check fails" test "$(py nofw 'd["summary"]["fail"]')" = 1
check "its fix is firewall apply" test \
	"$(py nofw '[c["fix"] for c in d["checks"] if c["check"] == "firewall"][0]')" = "swanmobile firewall apply --root $root"
run fw-apply2 firewall apply --root "$root"
e2e_exec gw nft add rule inet swanmobile input tcp dport 22 accept
doctor fwchanged
[ $rc -eq 1 ] && ok "firewall changed by hand: doctor exits 1" || not_ok "firewall changed by hand: doctor exits 1 ($rc)"
is fwchanged firewall fail "differs from the ruleset '$root/etc/swanmobile/rw/firewall.nft'"
cp -a "$root" "$E2E_DIR/fwoff"
printf 'firewall:\n  enabled: false\n' | cat "$SM_SRCDIR/examples/road-warrior.yaml" - > "$E2E_DIR/fwoff.yaml"
check "generate the example with firewall.enabled false" \
	"$SWANMOBILE" generate --quiet --root "$E2E_DIR/fwoff" "$E2E_DIR/fwoff.yaml"
run fwoff doctor --json --uri "$gw_uri" --root "$E2E_DIR/fwoff"
is fwoff firewall warn "firewall.enabled is false in the VPN description, but the table inet swanmobile is still loaded"
run fw-apply3 firewall apply --root "$root"
doctor fwback
is fwback firewall pass "is the ruleset of"

e2e_exec gw sysctl -qw net.ipv4.ip_forward=0
doctor noforward
[ $rc -eq 1 ] && ok "forwarding off: doctor exits 1" || not_ok "forwarding off: doctor exits 1 ($rc)"
is noforward forwarding fail "forwarding is off"
check "only the forwarding check fails" test "$(py noforward 'd["summary"]["fail"]')" = 1
e2e_exec gw sysctl -qw net.ipv4.ip_forward=1

ip -n "$E2E_ID-gw" addr add 10.3.200.77/24 dev v-gwlan
doctor overlap
[ $rc -eq 1 ] && ok "pool on an interface: doctor exits 1" || not_ok "pool on an interface: doctor exits 1 ($rc)"
is overlap pool-overlap fail "overlaps 10.3.200.77/24 on v-gwlan"
ip -n "$E2E_ID-gw" addr del 10.3.200.77/24 dev v-gwlan

# a route overlapping the pool: a warning naming the route, exit 0
ip -n "$E2E_ID-gw" route add 10.3.200.128/25 dev v-gwlan
doctor route
[ $rc -eq 0 ] && ok "pool under a route: doctor warns, exits 0" || not_ok "pool under a route: doctor warns, exits 0 ($rc)"
is route pool-overlap warn "the pool 10.3.200.0/24 overlaps the route to 10.3.200.128/25 via v-gwlan"
ip -n "$E2E_ID-gw" route del 10.3.200.128/25 dev v-gwlan

# kernel-libipsec without an address of this host in a local traffic
# selector: charon cannot route the child (CHILD_SAs fail)
if [ "$dp" = libipsec ]; then
	ip -n "$E2E_ID-gw" addr del 10.3.0.1/24 dev v-gwlan
	doctor nolan
	ip -n "$E2E_ID-gw" addr add 10.3.0.1/24 dev v-gwlan
	[ $rc -eq 1 ] && ok "libipsec without a LAN address: doctor exits 1" ||
		not_ok "libipsec without a LAN address: doctor exits 1 ($rc)"
	is nolan local-ts fail "this host has none in 10.3.0.0/24 (child 'lan')"
	check "only the local-ts check fails" test "$(py nolan 'd["summary"]["fail"]')" = 1
else
	tap_skip "doctor's local-ts check" "charon carries ESP in the kernel here ($dp)"
fi

# the connection file changed since charon loaded it (not reloaded): first
# the IKE_SA's rekey_time, then the pool's range; restored, both pass again
conf=$root/etc/swanctl/conf.d/rw.conf
cp "$conf" "$E2E_DIR/rw.conf.good"
sed -i 's/^\t\trekey_time = [0-9]*s$/\t\trekey_time = 600s/' "$conf"
check "the file alone says rekey_time = 600s" grep -q "^		rekey_time = 600s$" "$conf"
doctor connchanged
[ $rc -eq 1 ] && ok "connection changed on disk: doctor exits 1" || not_ok "connection changed on disk: doctor exits 1 ($rc)"
is connchanged connection fail "charon's connection differs from '$conf': rekey_time, reauth_time or dpd_delay differ (charon has 25920"
check "only the connection check fails" test "$(py connchanged 'd["summary"]["fail"]')" = 1
cp "$E2E_DIR/rw.conf.good" "$conf"
sed -i 's|^\t\taddrs = 10.3.200.0/24$|\t\taddrs = 10.3.201.0/24|' "$conf"
check "the file alone says addrs = 10.3.201.0/24" grep -q "^		addrs = 10.3.201.0/24$" "$conf"
doctor poolchanged
[ $rc -eq 1 ] && ok "pool changed on disk: doctor exits 1" || not_ok "pool changed on disk: doctor exits 1 ($rc)"
is poolchanged pool fail "charon's pool rw-v4 starts at 10.3.200."
is poolchanged pool fail "'$conf' says 10.3.201.0/24"
check "only the pool check fails" test "$(py poolchanged 'd["summary"]["fail"]')" = 1
cp "$E2E_DIR/rw.conf.good" "$conf"
doctor connback
is connback connection pass "loaded as in '$conf'"
is connback pool pass "loaded as generated: 10.3.200.0/24"

chmod 0644 "$db"
doctor dbmode
[ $rc -eq 1 ] && ok "database 0644: doctor exits 1" || not_ok "database 0644: doctor exits 1 ($rc)"
is dbmode userdb fail "has mode 0644"
chmod 0600 "$db"

doctor soon --days 36500
[ $rc -eq 0 ] && ok "a certificate expiring within --days: doctor warns, exits 0" ||
	not_ok "a certificate expiring within --days: doctor warns, exits 0 ($rc)"
is soon certificate warn "expires on"

cert=$root/etc/swanctl/x509/rw.pem
cp "$cert" "$E2E_DIR/rw.pem.good"
STRONGSWAN_CONF="$E2E_DIR/swanctl-strongswan.conf" pki --pub --in "$root/etc/swanctl/private/rw.key" |
	STRONGSWAN_CONF="$E2E_DIR/swanctl-strongswan.conf" pki --issue \
		--cacert "$root/etc/swanctl/x509ca/rw-ca.pem" --cakey "$root/etc/swanmobile/rw/ca.key" \
		--dn "CN=vpn.example.com" --san vpn.example.com --flag serverAuth --flag ikeIntermediate \
		--not-before "01.01.20 00:00:00" --not-after "01.01.21 00:00:00" --outform pem \
		> "$E2E_DIR/expired.pem" 2> "$E2E_DIR/expired.err"
check "pki issues an expired server certificate" grep -q "BEGIN CERTIFICATE" "$E2E_DIR/expired.pem"
cp "$E2E_DIR/expired.pem" "$cert"
doctor expired
[ $rc -eq 1 ] && ok "expired certificate: doctor exits 1" || not_ok "expired certificate: doctor exits 1 ($rc)"
is expired certificate fail "expired on 2021-01-01"
is expired loaded-certs fail "holds another certificate"
cp "$E2E_DIR/rw.pem.good" "$cert"

# --- selftest ----------------------------------------------------------------------
links() { ip -n "$E2E_ID-gw" -o link show | grep -c ' smst' ; }
temp_users() { "$SWANMOBILE" user list --db "$db" | grep -c '^selftest-'; }
# selftest makes its private directory in $TMPDIR: this test's own, so that
# another test's selftest running meanwhile is not counted
TMPDIR=$E2E_DIR/tmp
export TMPDIR
mkdir -p "$TMPDIR"
tmpdirs() { ls -d "$TMPDIR"/swanmobile-selftest.* 2>/dev/null | wc -l; }
before_dirs=$(tmpdirs)

run st-pass selftest --json --uri "$gw_uri" --root "$root"
[ $rc -eq 0 ] && ok "selftest passes against the generated gateway (exit 0)" ||
	{ not_ok "selftest passes (exit 0, got $rc)"; diag "$(cat "$out/st-pass.out" "$out/st-pass.err")"; }
check "result: passed" test "$(py st-pass 'd["facts"]["result"]')" = passed
is st-pass virtual-ip pass "from the pool rw-v4"
is st-pass dns pass "received 10.3.0.1"
is st-pass domains pass "received example.com, example.org"
is st-pass routes pass "the tunnel carries 10.3.0.0/24"
is st-pass ping pass "3 received"
check "the temporary user is gone" test "$(temp_users)" = 0
check "no test link is left" test "$(links)" = 0
check "no private directory is left" test "$(tmpdirs)" = "$before_dirs"
e2e_swanctl gw --list-sas --raw > "$out/sas" 2>&1
check "the gateway forgot the client" sh -c '! grep -q "203.0.113" "$1"' sh "$out/sas"

# the profile says another DNS server than charon pushes (not reloaded):
# selftest expects the profile's, and names the file and the fix
profile=$root/etc/strongswan.d/charon/swanmobile-rw.conf
cp "$profile" "$E2E_DIR/profile.good"
sed -i 's/dns = 10.3.0.1$/dns = 10.3.0.2/' "$profile"
check "the profile alone says 10.3.0.2" grep -q "dns = 10.3.0.2$" "$profile"
run st-stale selftest --json --uri "$gw_uri" --root "$root"
[ $rc -eq 1 ] && ok "selftest against settings charon has not loaded fails (exit 1)" ||
	not_ok "stale settings: selftest exits 1 (got $rc)"
is st-stale dns fail "expected 10.3.0.2, received 10.3.0.1"
check "its fix names the profile and the reload" sh -c \
	'grep -q "pools.rw.dns in .*swanmobile-rw.conf.*swanctl --reload-settings" "$1"' sh "$out/st-stale.out"
e2e_swanctl gw --reload-settings > /dev/null 2>&1
run st-reloaded selftest --json --uri "$gw_uri" --root "$root"
[ $rc -eq 0 ] && ok "after swanctl --reload-settings selftest passes" ||
	not_ok "reloaded settings: selftest exits 0 (got $rc)"
is st-reloaded dns pass "received 10.3.0.2"
cp "$E2E_DIR/profile.good" "$profile"
e2e_swanctl gw --reload-settings > /dev/null 2>&1

run st-text selftest --uri "$gw_uri" --root "$root"
check "selftest's text report ends with the summary" grep -Eq "^1[0-9] checks: 1[0-9] passed, 0 warnings, 0 failed, 0 skipped$" "$out/st-text.out"

echo wrong-password > "$E2E_DIR/wrong"
run st-wrong selftest --json --user bob@example.com --uri "$gw_uri" --root "$root" < "$E2E_DIR/wrong"
[ $rc -eq 1 ] && ok "selftest with a wrong password fails (exit 1)" || not_ok "selftest with a wrong password fails (exit 1, got $rc)"
is st-wrong connect fail "rejected the password of 'bob@example.com'"

echo abc123 > "$E2E_DIR/right"
run st-busy selftest --json --user jimp@example.com --uri "$gw_uri" --root "$root" < "$E2E_DIR/right"
[ $rc -eq 3 ] && ok "selftest as a connected user cannot run (exit 3)" || not_ok "selftest as a connected user (exit 3, got $rc)"
is st-busy setup fail "'jimp@example.com' is connected now"
check "jimp is still connected" test -n "$(bed_client_vip home)"

# interrupted while it pings a host that does not answer
# (ip netns exec runs swanmobile in its own process: $! is swanmobile)
ip netns exec "$E2E_ID-gw" "$SWANMOBILE" selftest --json --uri "$gw_uri" --root "$root" \
	--ping 10.3.0.99 > "$out/st-int.out" 2> "$out/st-int.err" &
st_pid=$!
# once its user and its link exist (a loaded machine is slow to get there)
_i=0
while [ $_i -lt 100 ] && { [ "$(temp_users)" = 0 ] || [ "$(links)" = 0 ]; }; do
	sleep 0.1
	_i=$((_i + 1))
done
check "selftest added its user and link before the signal" test "$(temp_users)$(links)" = 11
check "its private directory is in \$TMPDIR" test "$(tmpdirs)" = $((before_dirs + 1))
kill -TERM "$st_pid"
wait "$st_pid"
rc=$?
[ $rc -eq 143 ] && ok "SIGTERM: selftest exits 143" || not_ok "SIGTERM: selftest exits 143 (got $rc)"
check "result: interrupted" test "$(py st-int 'd["facts"]["result"]')" = interrupted
is st-int cleanup pass "the temporary user"
check "the temporary user is gone after SIGTERM" test "$(temp_users)" = 0
check "no test link is left after SIGTERM" test "$(links)" = 0
check "no private directory is left after SIGTERM" test "$(tmpdirs)" = "$before_dirs"

# --- a pool split around a user's static address --------------------------------
sed 's|^      password: abc123 .*|      password: abc123\
    - identity: dora@example.com\
      password: dora-pass\
      address: 10.3.200.100\
      dns: [10.3.0.53]|' "$SM_SRCDIR/examples/road-warrior.yaml" > "$E2E_DIR/static.yaml"
check "the example with a static address inside the pool" grep -q "address: 10.3.200.100" "$E2E_DIR/static.yaml"
check "the gateway restarts with it" gateway_from "$E2E_DIR/static.yaml"
check "the pool is split around it" grep -q "rw-v4-2" "$root/etc/swanctl/conf.d/rw.conf"
doctor split
[ $rc -eq 0 ] && ok "split pool: doctor passes (exit 0)" ||
	{ not_ok "split pool: doctor passes (exit 0, got $rc)"; diag "$(cat "$out/split.out")"; }
is split pool pass "10.3.200.1-10.3.200.254 in 2 parts around the users' static addresses, 253 addresses" rw-v4
check "one pool check for the two parts" test "$(py split 'len([c for c in d["checks"] if c["check"] == "pool"])')" = 1
is split static-address pass "no pool leases any of the 1 static address of the database's users"
is split pool-overlap pass "the pool 10.3.200.1-10.3.200.254 in 2 parts overlaps no interface" rw-v4
echo dora-pass > "$E2E_DIR/dora"
run st-static selftest --json --user dora@example.com --uri "$gw_uri" --root "$root" < "$E2E_DIR/dora"
[ $rc -eq 0 ] && ok "selftest as the user with a static address passes" ||
	{ not_ok "static address: selftest exits 0 (got $rc)"; diag "$(cat "$out/st-static.out")"; }
is st-static virtual-ip pass "the user's static address" 10.3.200.100
is st-static dns pass "received 10.3.0.53"

# an exhausted pool: two addresses, both in use
sed 's|^  pool: 10.3.200.0/24 |  pool: 10.3.200.0/30 |' "$SM_SRCDIR/examples/road-warrior.yaml" > "$E2E_DIR/small.yaml"
check "the example with a /30 pool" grep -q '^  pool: 10.3.200.0/30 ' "$E2E_DIR/small.yaml"
check "the gateway restarts with it" gateway_from "$E2E_DIR/small.yaml"
check "jimp connects again" connect rw
check "bob connects again" connect rw2
run st-full selftest --json --uri "$gw_uri" --root "$root"
[ $rc -eq 1 ] && ok "selftest against an exhausted pool fails (exit 1)" || not_ok "exhausted pool: exit 1 (got $rc)"
is st-full connect fail "the pool rw-v4 is exhausted: all 2 addresses"
check "the temporary user is gone" test "$(temp_users)" = 0

# --- doctor: the plugin not loaded, charon stopped ------------------------------------
check "the gateway restarts without the plugin" gateway_from "$E2E_DIR/small.yaml" no
doctor noplugin
[ $rc -eq 1 ] && ok "plugin not loaded: doctor exits 1" || not_ok "plugin not loaded: doctor exits 1 ($rc)"
is noplugin plugin fail "runs without the swanmobile plugin"

e2e_charon_stop gw
doctor stopped
[ $rc -eq 1 ] && ok "charon stopped: doctor exits 1" || not_ok "charon stopped: doctor exits 1 ($rc)"
is stopped charon fail "cannot connect to charon"
is stopped ports fail "nothing listens on UDP 500"
is stopped connection skip "charon does not answer"
run st-stopped selftest --json --uri "$gw_uri" --root "$root"
[ $rc -eq 1 ] && ok "selftest against a stopped charon fails (exit 1)" || not_ok "selftest, charon stopped: exit 1 (got $rc)"
is st-stopped gateway fail "cannot connect to charon"
run status-stopped status --uri "$gw_uri"
[ $rc -eq 3 ] && ok "status against a stopped charon exits 3" || not_ok "status, charon stopped: exit 3 (got $rc)"

e2e_finish
