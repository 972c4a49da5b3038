#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# swanmobile status, disconnect, doctor and selftest without a charon to
# talk to: usage and exit statuses, what they say when charon does not
# answer, and doctor's checks of files on a generated tree (--root): the
# certificates as clients check them (a good chain; expiring soon; expired;
# no serverAuth; another name; another CA), the user database's mode, a
# generated connection that is missing, all through --json.  The checks
# that need charon are in tests/e2e/ops.sh.
. "$(dirname "$0")/tap.sh"

tmp=$(mktemp -d /tmp/sm-ops.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
root=$tmp/root
nouri=unix://$tmp/no-charon.vici
export SWANMOBILE_TEMPLATES="$SM_SRCDIR/templates"
cd "$SM_SRCDIR" || exit 1

# --- usage ------------------------------------------------------------------------
for c in status disconnect doctor selftest; do
	run "$SWANMOBILE" "$c" --help
	expect_rc 0 "$c --help"
	expect_match "$out" "^usage: swanmobile $c" "$c --help prints its usage"
	run "$SWANMOBILE" "$c" --bogus
	expect_rc 2 "$c with an unknown option exits 2"
done
run "$SWANMOBILE" disconnect
expect_rc 2 "disconnect without USER exits 2"
run "$SWANMOBILE" status extra
expect_rc 2 "status takes no arguments"
run "$SWANMOBILE" status --days 3
expect_rc 2 "status refuses doctor's --days"
run "$SWANMOBILE" doctor --days x
expect_rc 2 "doctor --days needs a number"
run "$SWANMOBILE" selftest --ping 10.0.0.0/8
expect_rc 2 "selftest --ping takes an address, not a prefix"
run "$SWANMOBILE" selftest --timeout 0
expect_rc 2 "selftest --timeout needs 1-600 seconds"
run "$SWANMOBILE" selftest --user '%any' < /dev/null
expect_rc 1 "selftest --user refuses an identity that is not one"
expect_match "$err" "--user" "and says which option"
expect_match "$("$SWANMOBILE" help)" "^  selftest " "help lists selftest"

# --- no charon -------------------------------------------------------------------
# without libvici (configure --without-vici) the commands say so instead
charon_err="cannot connect to charon at '$nouri'"
"$SWANMOBILE" status --uri "$nouri" 2>&1 | grep -q 'without libvici' &&
	charon_err="built without libvici"
run "$SWANMOBILE" status --uri "$nouri"
expect_rc 3 "status without charon exits 3"
expect_match "$err" "$charon_err" "and says why"
[ -z "$out" ] && ok "and prints nothing on stdout" || not_ok "and prints nothing on stdout"
run "$SWANMOBILE" disconnect --uri "$nouri" alice
expect_rc 3 "disconnect without charon exits 3"
expect_match "$err" "$charon_err" "and says why"

# --- doctor on a generated tree -------------------------------------------------------
run "$SWANMOBILE" generate --root "$root" examples/road-warrior.yaml
expect_rc 0 "generate the example below a root"
db=$root/var/lib/swanmobile/users.db

# doctor_json NAME ARGS...: doctor --json in $tmp/NAME.json, exit in $rc
doctor_json()
{
	_n=$1
	shift
	"$SWANMOBILE" doctor --json --uri "$nouri" --root "$root" "$@" > "$tmp/$_n.json" 2> "$tmp/$_n.err"
	rc=$?
}

# verdict NAME CHECK: "STATUS MESSAGE" of the first check CHECK
verdict()
{
	python3 - "$tmp/$1.json" "$2" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
assert set(d) == {"checks", "facts", "summary", "ok"}
assert d["ok"] == (d["summary"]["fail"] == 0)
for c in d["checks"]:
    assert set(c) == {"check", "object", "status", "message", "fix"}
    assert c["status"] in ("pass", "warn", "fail", "skip")
for c in d["checks"]:
    if c["check"] == sys.argv[2]:
        print(c["status"], c["message"])
        break
else:
    print("absent")
EOF
}

# is_charons NAME CHECK STATUS WORDS: like is, for a database that belongs to
# charon's user; the tree belongs to whoever runs the test, so as another
# user than root (charon's, with no charon to ask) doctor rightly fails it
is_charons()
{
	if [ "$(id -u)" = 0 ]; then
		is "$@"
	else
		is "$1" "$2" fail "belongs to $(id -un), but charon runs as root"
	fi
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

doctor_json fresh
[ $rc -eq 1 ] && ok "doctor without charon exits 1" || not_ok "doctor without charon exits 1 ($rc)"
is fresh charon fail "$charon_err"
is fresh plugin skip "charon does not answer"
is fresh connection skip "charon does not answer"
is fresh certificate pass "names 'vpn.example.com', allows serverAuth, valid until"
is fresh certificate pass "neither expires within 30 days (certificate.renew_before in '$root/etc/swanmobile/rw/certificate.conf')"
is_charons fresh userdb pass "mode 0600, owner root, schema 1, integrity ok, 1 user"
is fresh static-address pass "no user of the database has a static address"
run "$SWANMOBILE" doctor --uri "$nouri" --root "$root"
expect_match "$out" "^FAIL  charon " "the text report has a FAIL line for charon"
expect_match "$out" "^ +fix: start charon" "with its fix below"
expect_match "$out" "^[0-9]+ checks: [0-9]+ passed, 0 warnings, [0-9]+ failed, [0-9]+ skipped$" "and a summary"

# the firewall, in a network namespace of its own (the host's tables are
# not the test's): without the table the check fails and names the fix;
# with firewall.enabled false it is skipped
if [ "$(id -u)" = 0 ] && command -v nft > /dev/null && unshare -n true 2> /dev/null; then
	unshare -n "$SWANMOBILE" doctor --json --uri "$nouri" --root "$root" > "$tmp/nofw.json" 2> "$tmp/nofw.err"
	is nofw firewall fail "the table inet swanmobile is not loaded"
	check "its fix is firewall apply with the root" python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
sys.exit([c["fix"] for c in d["checks"] if c["check"] == "firewall"] != ["swanmobile firewall apply --root " + sys.argv[2]])' "$tmp/nofw.json" "$root"
	cp -a "$root" "$tmp/disabled"
	printf 'firewall:\n  enabled: false\n' | cat examples/road-warrior.yaml - > "$tmp/disabled.yaml"
	"$SWANMOBILE" generate --root "$tmp/disabled" "$tmp/disabled.yaml" > /dev/null 2>&1
	unshare -n "$SWANMOBILE" doctor --json --uri "$nouri" --root "$tmp/disabled" > "$tmp/fwoff.json" 2> "$tmp/fwoff.err"
	is fwoff firewall skip "firewall.enabled is false in the VPN description"
else
	tap_skip "doctor's firewall check in a namespace of its own" "needs root, nft and unshare -n"
fi

# the datapath without charon: what the snippet configures against what this
# host offers.  A container without /dev/net/tun, and a host without
# strongSwan's kernel-libipsec, are made real in a mount namespace of the
# check's own (a tmpfs over /dev/net, over strongSwan's plugin directory);
# the kernel's refusal of AES-GCM ESP cannot be made, only found (this
# development machine's kernel refuses it)
if [ "$(id -u)" = 0 ] && unshare -m true 2> /dev/null; then
	cp -a "$root" "$tmp/dp-lib"
	"$SWANMOBILE" generate --root "$tmp/dp-lib" --datapath libipsec examples/road-warrior.yaml > /dev/null 2>&1
	# hidden PATH NAME: doctor --json on dp-lib into $tmp/NAME.json with an
	# empty tmpfs over PATH
	hidden()
	{
		unshare -m sh -c 'mount -t tmpfs none "$1" && shift && exec "$@"' sh "$1" \
			"$SWANMOBILE" doctor --json --uri "$nouri" --root "$tmp/dp-lib" > "$tmp/$2.json" 2> "$tmp/$2.err"
	}
	hidden /dev/net notun
	is notun datapath fail "loads kernel-libipsec, which cannot open /dev/net/tun: No such file or directory"
	ssplugins=$("$SWANMOBILE" datapath | sed -n 's/^kernel-libipsec: *installed in //p')
	if [ -n "$ssplugins" ]; then
		hidden "$ssplugins" noplugin
		is noplugin datapath fail "loads kernel-libipsec, but kernel-libipsec is not installed (no $ssplugins/libstrongswan-kernel-libipsec.so)"
		check "its fix names the package" grep -q '"fix": "install strongSwan.s kernel-libipsec (Debian: apt install libcharon-extra-plugins)"' "$tmp/noplugin.json"
		# generate and datapath --update say so as well
		unshare -m sh -c 'mount -t tmpfs none "$1" && shift && exec "$@"' sh "$ssplugins" \
			"$SWANMOBILE" generate --root "$tmp/dp-lib" --datapath auto examples/road-warrior.yaml > "$tmp/gen-noplugin.out" 2>&1
		dp_esp=$("$SWANMOBILE" datapath --json --root "$tmp/dp-lib" | sed -n 's/.*"kernel_esp": "\([a-z]*\)".*/\1/p')
		if [ "$dp_esp" = no ]; then
			check "generate without kernel-libipsec says what to install" grep -q \
				"kernel-libipsec (.*), but kernel-libipsec is not installed (no $ssplugins/libstrongswan-kernel-libipsec.so): install it (Debian: apt install libcharon-extra-plugins); clients will connect and pass no traffic" \
				"$tmp/gen-noplugin.out"
			unshare -m sh -c 'mount -t tmpfs none "$1" && shift && exec "$@"' sh "$ssplugins" \
				"$SWANMOBILE" datapath --update --root "$tmp/dp-lib" > "$tmp/up-noplugin.out" 2>&1
			rc=$?
			[ $rc -eq 1 ] && ok "datapath --update without kernel-libipsec exits 1" ||
				{ not_ok "datapath --update without kernel-libipsec exits 1 ($rc)"; diag "$(cat "$tmp/up-noplugin.out")"; }
		else
			tap_skip "generate without kernel-libipsec says what to install" "the kernel's ESP: $dp_esp"
			tap_skip "datapath --update without kernel-libipsec exits 1" "the kernel's ESP: $dp_esp"
		fi
	else
		not_ok "swanmobile datapath names strongSwan's plugin directory"
	fi
	"$SWANMOBILE" generate --root "$tmp/dp-lib" --datapath kernel examples/road-warrior.yaml > /dev/null 2>&1
	"$SWANMOBILE" doctor --json --uri "$nouri" --root "$tmp/dp-lib" > "$tmp/noesp.json" 2> "$tmp/noesp.err"
	if [ "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["facts"]["kernel_esp"])' "$tmp/noesp.json")" = no ]; then
		is noesp datapath fail "charon is configured for the kernel's IPsec, but this kernel refuses AES-GCM ESP (the kernel refused an AES-GCM ESP SA: "
	else
		tap_skip "noesp: datapath is fail (kernel configured, kernel refuses ESP)" "this kernel carries AES-GCM ESP"
	fi
else
	tap_skip "doctor's datapath checks without charon" "needs root and unshare -m"
fi

doctor_json soon --days 36500
is soon certificate warn "the CA certificate expires on"

# without --days, each connection's certificate.renew_before as generate
# recorded it: a CA that expires in 60 days is within a renew_before of 90
sed -e 's/^  lifetime: 3650 .*/  lifetime: 60/' \
	-e 's/^  lifetime: 825 .*/  lifetime: 825\n  renew_before: 90/' examples/road-warrior.yaml > "$tmp/renew.yaml"
check "the example with a CA of 60 days and renew_before 90" grep -q "^  renew_before: 90$" "$tmp/renew.yaml"
run "$SWANMOBILE" generate --root "$tmp/renew" "$tmp/renew.yaml"
expect_rc 0 "generate it"
check "generate records renew_before" grep -q "^ *renew_before = 90$" "$tmp/renew/etc/swanmobile/rw/certificate.conf"
"$SWANMOBILE" doctor --json --uri "$nouri" --root "$tmp/renew" > "$tmp/renew.json" 2> "$tmp/renew.err"
is renew certificate warn "the CA certificate expires on"
check "it names where renew_before comes from" grep -q "certificate.renew_before in '$tmp/renew/etc/swanmobile/rw/certificate.conf'" "$tmp/renew.json"
"$SWANMOBILE" doctor --json --uri "$nouri" --root "$tmp/renew" --days 1 > "$tmp/renew1.json" 2> "$tmp/renew1.err"
is renew1 certificate pass "neither expires within 1 day (--days)"

cert=$root/etc/swanctl/x509/rw.pem
key=$root/etc/swanctl/private/rw.key
ca=$root/etc/swanctl/x509ca/rw-ca.pem
cakey=$root/etc/swanmobile/rw/ca.key
cp "$cert" "$tmp/good.pem"
# issue NAME DAYS EXT...: a server certificate from the generated CA
issue()
{
	_name=$1 _days=$2
	shift 2
	printf '%s\n' "[v3]" "$@" > "$tmp/ext.cnf"
	openssl req -new -key "$key" -subj "/CN=vpn.example.com" -out "$tmp/req.csr" 2>/dev/null &&
	openssl x509 -req -in "$tmp/req.csr" -CA "$ca" -CAkey "$cakey" -CAcreateserial \
		-days "$_days" -extfile "$tmp/ext.cnf" -extensions v3 -out "$tmp/$_name.pem" 2>/dev/null
}
check "openssl issues a certificate without serverAuth" issue noauth 100 \
	"subjectAltName = DNS:vpn.example.com" "extendedKeyUsage = clientAuth"
cp "$tmp/noauth.pem" "$cert"
doctor_json noauth
is noauth certificate fail "lacks the serverAuth extended key usage"
check "openssl issues a certificate for another name" issue othername 100 \
	"subjectAltName = DNS:other.example.com" "extendedKeyUsage = serverAuth, 1.3.6.1.5.5.8.2.2"
cp "$tmp/othername.pem" "$cert"
doctor_json othername
is othername certificate fail "has no subjectAltName 'vpn.example.com'"
if command -v pki > /dev/null; then
	printf 'pki {\n\tload = pem pkcs1 pkcs8 x509 pubkey openssl random nonce sha1 sha2\n}\n' > "$tmp/pki.conf"
	STRONGSWAN_CONF=$tmp/pki.conf pki --pub --in "$key" |
		STRONGSWAN_CONF=$tmp/pki.conf pki --issue --cacert "$ca" --cakey "$cakey" \
			--dn "CN=vpn.example.com" --san vpn.example.com --flag serverAuth \
			--not-before "01.01.20 00:00:00" --not-after "01.01.21 00:00:00" \
			--outform pem > "$tmp/expired.pem" 2> "$tmp/pki.err"
	cp "$tmp/expired.pem" "$cert"
	doctor_json expired
	is expired certificate fail "the server certificate expired on 2021-01-01"
else
	tap_skip "doctor names an expired certificate" "no pki(1) to issue one"
fi
# a certificate of another CA: the generated CA key signs a new CA
openssl req -x509 -new -key "$cakey" -subj "/CN=Other CA" -days 3650 -out "$tmp/other-ca.pem" 2>/dev/null
cp "$tmp/other-ca.pem" "$ca"
cp "$tmp/good.pem" "$cert"
doctor_json otherca
is otherca certificate fail "does not chain to the CA certificate"

# --- static addresses given after generate -------------------------------------------
# users given addresses with user add after generate: one the pool leases,
# the pool's network address (which it does not lease) and one outside it
# (user add and set --root: a warning names the pool that leases it)
nt=0123456789abcdef0123456789abcdef
warning="^swanmobile: warning: 10.3.200.7 is inside pool rw-v4 \\(10.3.200.0/24\\) of '$root/etc/swanctl/conf.d/rw.conf': charon may lease it to another client until 'swanmobile generate' runs again"
run sh -c 'echo "$1" | "$2" user add --root "$3" --db "$4" --nt-hash-stdin --address 10.3.200.7 inpool@example.com' \
	sh "$nt" "$SWANMOBILE" "$root" "$db"
expect_rc 0 "user add --address inside the pool succeeds"
expect_match "$err" "$warning" "and warns, naming the pool"
for u in netaddr@example.com:10.3.200.0 outside@example.com:10.9.0.7; do
	run sh -c 'echo "$1" | "$2" user add --root "$3" --db "$4" --nt-hash-stdin --address "$5" "$6"' \
		sh "$nt" "$SWANMOBILE" "$root" "$db" "${u#*:}" "${u%%:*}"
	[ $rc -eq 0 ] && [ -z "$err" ] && ok "user add ${u%%:*} (${u#*:}, not leased): no warning" ||
		{ not_ok "user add ${u%%:*} (${u#*:}, not leased): no warning"; diag "exit $rc: $err"; }
done
run "$SWANMOBILE" user set --root "$root" --db "$db" --address 10.3.200.9 outside@example.com
expect_match "$err" "^swanmobile: warning: 10.3.200.9 is inside pool rw-v4 " "user set --address inside the pool warns"
run "$SWANMOBILE" user set --root "$tmp/nowhere" --db "$db" --address 10.3.200.9 outside@example.com
[ $rc -eq 0 ] && [ -z "$err" ] && ok "no warning without a generated gateway below --root" ||
	{ not_ok "no warning without a generated gateway below --root"; diag "exit $rc: $err"; }
mkdir -m 0700 "$tmp/otherdb"
cp "$db" "$tmp/otherdb/users.db"
run "$SWANMOBILE" user set --root "$root" --db "$tmp/otherdb/users.db" --address 10.3.200.9 outside@example.com
[ $rc -eq 0 ] && [ -z "$err" ] && ok "no warning for a database the gateway does not use" ||
	{ not_ok "no warning for a database the gateway does not use"; diag "exit $rc: $err"; }
run "$SWANMOBILE" user set --root "$root" --db "$db" --address 10.9.0.7 outside@example.com
[ $rc -eq 0 ] && [ -z "$err" ] && ok "user set --address outside the pool: no warning" ||
	{ not_ok "user set --address outside the pool: no warning"; diag "exit $rc: $err"; }
doctor_json inpool
is inpool static-address fail "'inpool@example.com' has the static address 10.3.200.7, inside pool rw-v4 (10.3.200.0/24) of '$root/etc/swanctl/conf.d/rw.conf'"
python3 - "$tmp/inpool.json" <<'EOF' && ok "inpool: one static-address failure, with the fix" || not_ok "inpool: one static-address failure, with the fix"
import json, sys
c = [c for c in json.load(open(sys.argv[1]))["checks"] if c["check"] == "static-address"]
assert len(c) == 1 and c[0]["object"] == "inpool@example.com", c
assert "swanctl --load-pools" in c[0]["fix"], c
EOF
run "$SWANMOBILE" generate --root "$root" examples/road-warrior.yaml
expect_rc 0 "generate again leaves the static addresses out of the pool"
doctor_json regenerated
is regenerated static-address pass "no pool leases any of the 3 static addresses of the database's users"

# --- the user database, the connection -----------------------------------------------
rm -rf "$root"
"$SWANMOBILE" generate --root "$root" examples/road-warrior.yaml > /dev/null 2>&1
chmod 0644 "$db"
doctor_json dbmode
is_charons dbmode userdb fail "has mode 0644: others can read the NT hashes"
chmod 0755 "$(dirname "$db")"
chmod 0600 "$db"
doctor_json dirmode
is dirmode userdb fail "the directory '$(dirname "$db")' has mode 0755"
chmod 0700 "$(dirname "$db")"
printf 'not a database, just text of the right size\n' > "$db.new"
chmod 0600 "$db.new"
mv "$db.new" "$db"
doctor_json damaged
is_charons damaged userdb fail "the plugin cannot use it"
doctor_json noconn --conn nosuch
is noconn gateway fail "no connection 'nosuch' generated below"
rm "$root/etc/swanctl/conf.d/rw.conf"
doctor_json nofile
is nofile connection fail "no connection generated below"
finish
