#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# bench-gateway.sh load|handshake: the benchmarks that need real charon
# daemons, stock strongSwan against swanmobile in the same run, on the test
# bed of tests/e2e/lib.sh (one charon per network and mount namespace,
# Debian's charon and swanctl, the freshly built plugin, kernel-libipsec).
# Needs root.  Prints CSV rows (bench,metric,side,users,rep,value,unit) on
# standard output for bench/bench.sh, progress on standard error.
#
#   load       time to make N users available (stock: 'swanctl --load-creds'
#              of N ntlm secrets into a running charon; swanmobile:
#              'swanmobile user import --csv' of the same N users with their
#              NT hashes), time to add one user to N (stock reloads all
#              N + 1 secrets; swanmobile: 'user add --nt-hash-stdin', five
#              users one by one per repetition), and charon's RSS once the
#              N users are available (stock: after the load; swanmobile: a
#              charon started with the plugin on the database).  Each
#              repetition goes over all sizes; they alternate which side
#              goes first.
#   handshake  four gateways at once (stock with 1 and HS_STOCK_MANY ntlm
#              secrets, swanmobile with 1 and HS_SM_MANY users in its
#              database), one client charon with HS_COUNT connections to
#              each (own address, EAP identity and virtual IP each; the
#              one user for all of them on the 1-user gateways); bursts of
#              HS_COUNT parallel setups (bench_handshake), the gateways in
#              turn, HS_REPS rounds in alternating order after one round
#              to warm up; the gateways' RSS after loading and after the
#              bursts.
#
# Environment (defaults are the full run's):
#   LOAD_STOCK    stock sizes (1000 10000 30000)
#   LOAD_SM       swanmobile sizes (1000 10000 30000 100000 1000000)
#   LOAD_REPS     repetitions (3)
#   LOAD_BIG_REPS repetitions of stock above 10k users (2: a minute or more
#                 each)
#   HS_COUNT      setups per burst, at most 250 (100)
#   HS_REPS       bursts per gateway (15)
#   HS_STOCK_MANY secrets of the big stock gateway (10000)
#   HS_SM_MANY    users of the big swanmobile gateway (1000000)
set -u

BENCH_DIR=$(cd "$(dirname "$0")" && pwd)
SM_SRCDIR=${SM_SRCDIR:-$(cd "$BENCH_DIR/.." && pwd)}
SM_BUILDDIR=${SM_BUILDDIR:-$SM_SRCDIR}
E2E_NAME=bench-gateway
. "$SM_SRCDIR/tests/e2e/lib.sh"
. "$SM_SRCDIR/tests/e2e/bed.sh"

SWANMOBILE=${SWANMOBILE:-$SM_BUILDDIR/generator/swanmobile}
USERS=$SM_BUILDDIR/bench/bench_users
HANDSHAKE=$SM_BUILDDIR/bench/bench_handshake
LOAD_STOCK=${LOAD_STOCK:-1000 10000 30000}
LOAD_SM=${LOAD_SM:-1000 10000 30000 100000 1000000}
LOAD_REPS=${LOAD_REPS:-3}
LOAD_BIG_REPS=${LOAD_BIG_REPS:-2}
ADD_ONE=5
HS_COUNT=${HS_COUNT:-100}
HS_REPS=${HS_REPS:-15}
HS_STOCK_MANY=${HS_STOCK_MANY:-10000}
HS_SM_MANY=${HS_SM_MANY:-1000000}

say() { printf '%s\n' "$*" >&2; }
fail() { say "bench-gateway: $*"; exit 1; }

# row BENCH METRIC SIDE USERS REP VALUE UNIT
row() { printf '%s,%s,%s,%s,%s,%s,%s\n' "$@"; }

# seconds CMD...: run CMD (output discarded, standard input from
# $SECONDS_IN or /dev/null), print its wall time; fails with CMD
seconds()
{
	_t0=$(date +%s.%N)
	"$@" < "${SECONDS_IN:-/dev/null}" > /dev/null 2>&1 || return 1
	awk -v a="$_t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.4f\n", b - a }'
}

# rss_mb NAME: resident memory of charon NAME (MB)
rss_mb()
{
	awk '/^VmRSS:/ { printf "%.1f\n", $2 / 1024 }' "/proc/$(e2e_charon_pid "$1")/status"
}

# charon_conf NAME PLUGIN(yes|no) [DB [RESOLVE(yes|no)]]: NAME's
# strongswan.conf, as a gateway has it: Debian's plugins, log level 1
# (charon's default) to a file, kernel-libipsec; without the DoS protection
# (cookies and limits of half-open IKE_SAs), which would make a burst of
# setups from the bed's few client addresses cost a round trip more
charon_conf()
{
	_d=$(e2e_charon_dir "$1")
	mkdir -p "$_d"
	_inc=
	for _f in /etc/strongswan.d/charon/*.conf; do
		[ "$(basename "$_f")" = swanmobile.conf ] || _inc="$_inc
		include $_f"
	done
	cat > "$_d/strongswan.conf" <<EOC
charon {
	load_modular = yes
	dos_protection = no
	plugins {$_inc
		include $SM_BUILDDIR/plugin/swanmobile.conf
		swanmobile {
			load = $2
			database = ${3:-$_d/none.db}
		}
		kernel-libipsec {
			load = yes
		}
		forecast {
			load = no
		}
		resolve {
			load = ${4:-yes}
			file = $_d/resolv.conf
		}
	}
	filelog {
		bench {
			path = $_d/charon.log
			time_format = %H:%M:%S
			default = 1
			append = no
		}
	}
}
EOC
}

# ---------------------------------------------------------------------------
# load
# ---------------------------------------------------------------------------

# secrets_dir N: a swanctl directory whose swanctl.conf holds N ntlm secrets
secrets_dir()
{
	_s=$E2E_DIR/secrets-$1
	if [ ! -f "$_s/swanctl.conf" ]; then
		mkdir -p "$_s"
		for _sub in x509 x509ca x509aa x509ocsp x509crl x509ac pubkey private \
			rsa ecdsa bliss pkcs8 pkcs12; do
			mkdir -p "$_s/$_sub"
		done
		"$USERS" secrets "$1" > "$_s/swanctl.conf" || fail "bench_users failed"
	fi
	echo "$_s"
}

# users_csv N [FIRST]: a CSV file of N users for swanmobile user import
users_csv()
{
	_c=$E2E_DIR/users-$1-${2:-0}.csv
	if [ ! -f "$_c" ]; then
		(umask 077 && "$USERS" csv "$1" "${2:-0}" > "$_c") || fail "bench_users failed"
	fi
	echo "$_c"
}

# load_stock N REP: a fresh stock charon, N secrets loaded, one added
load_stock()
{
	_small=$(secrets_dir "$1") && _big=$(secrets_dir $(($1 + 1))) || exit 1
	charon_conf ld no
	e2e_charon_start ld ld || fail "charon ld did not start"
	row memory rss_idle_mb stock 0 "$2" "$(rss_mb ld)" MB
	_t=$(seconds e2e_swanctl ld --load-creds --noprompt --file "$_small/swanctl.conf") ||
		fail "swanctl --load-creds of $1 secrets failed"
	row load load_s stock "$1" "$2" "$_t" s
	row memory rss_mb stock "$1" "$2" "$(rss_mb ld)" MB
	_t=$(seconds e2e_swanctl ld --load-creds --noprompt --file "$_big/swanctl.conf") ||
		fail "swanctl --load-creds of $(($1 + 1)) secrets failed"
	row load add_one_s stock "$1" "$2" "$_t" s
	e2e_charon_stop ld
}

# load_sm N REP: a fresh database, N users imported, one added
load_sm()
{
	_csv=$(users_csv "$1") || exit 1
	_db=$E2E_DIR/load-db/users.db
	rm -rf "$E2E_DIR/load-db"
	_t=$(seconds "$SWANMOBILE" user import --csv "$_csv" --db "$_db") ||
		fail "swanmobile user import of $1 users failed"
	row load load_s swanmobile "$1" "$2" "$_t" s
	# charon with the plugin on them, as the stock one after its load
	charon_conf lm yes "$_db"
	e2e_charon_start lm lm || fail "charon lm did not start"
	row memory rss_mb swanmobile "$1" "$2" "$(rss_mb lm)" MB
	e2e_charon_stop lm
	# one user at a time, ADD_ONE times: a few ms each, most of it the
	# disk's flush, which varies
	_j=1
	while [ "$_j" -le "$ADD_ONE" ]; do
		_u=$(($1 + _j - 1))
		(umask 077 && "$USERS" hash 1 "$_u" > "$E2E_DIR/add-one.hash") ||
			fail "bench_users failed"
		_t=$(SECONDS_IN=$E2E_DIR/add-one.hash seconds "$SWANMOBILE" user add \
			--nt-hash-stdin --db "$_db" "$(printf 'user%07d@example.com' "$_u")") ||
			fail "swanmobile user add to $1 users failed"
		row load add_one_s swanmobile "$1" $((($2 - 1) * ADD_ONE + _j)) "$_t" s
		_j=$((_j + 1))
	done
}

# one repetition after the other, each over all sizes, so that a busy
# spell of the machine falls on all sizes alike
bench_load()
{
	e2e_ns ld && e2e_ns lm || fail "cannot create a namespace"
	_rep=1
	while [ "$_rep" -le "$LOAD_REPS" ]; do
		for _n in $LOAD_SM; do
			_stock=no
			for _m in $LOAD_STOCK; do
				[ "$_m" = "$_n" ] && _stock=yes
			done
			# stock above 10k users: minutes per repetition
			if [ "$_n" -gt 10000 ] && [ "$_rep" -gt "$LOAD_BIG_REPS" ]; then
				_stock=no
			fi
			say "load: $_n users, repetition $_rep (stock: $_stock)"
			if [ $((_rep % 2)) = 1 ]; then
				[ $_stock = no ] || load_stock "$_n" "$_rep"
				load_sm "$_n" "$_rep"
			else
				load_sm "$_n" "$_rep"
				[ $_stock = no ] || load_stock "$_n" "$_rep"
			fi
		done
		_rep=$((_rep + 1))
	done
}

# ---------------------------------------------------------------------------
# handshake
# ---------------------------------------------------------------------------

# the four gateways: name side users
HS_GATEWAYS="g1:stock:1 g2:stock:$HS_STOCK_MANY g3:swanmobile:1 g4:swanmobile:$HS_SM_MANY"

# gw_conf K: the connection and pool of gateway K (pool 10.(20+K).0.0/20),
# the same for stock and swanmobile
gw_conf()
{
	cat <<EOC
connections {
	rw {
		version = 2
		pools = pool
		proposals = aes256gcm16-prfsha256-ecp256
		send_cert = always
		# the bed's many clients of one user are all to stay up, whatever
		# INITIAL_CONTACT they send
		unique = never
		local {
			auth = pubkey
			certs = gw.pem
			id = $BED_HOSTNAME
		}
		remote {
			auth = eap-mschapv2
			eap_id = %any
		}
		children {
			lan {
				local_ts = 10.3.0.0/24
				esp_proposals = aes256gcm16
			}
		}
	}
}
pools {
	pool {
		addrs = 10.$((20 + $1)).0.0/20
		dns = 10.3.0.1
	}
}
EOC
}

# client_conns K USERS: the client's HS_COUNT connections gK0.. to gateway
# K, each from an address of its own, as road warriors come (also: charon
# would put equal connections into one IKE_SA); user i of a gateway with
# USERS users is the last inserted minus i * USERS / HS_COUNT (all the same
# user if there is only one)
client_conns()
{
	awk -v k="$1" -v users="$2" -v count="$HS_COUNT" \
		-v net="10.$((100 + $1)).0" -v gw="$BED_HOSTNAME" 'BEGIN {
		print "connections {"
		for (i = 0; i < count; i++) {
			u = users - 1 - int(i * users / count)
			printf "\tg%dc%d {\n\t\tversion = 2\n", k, i
			printf "\t\tlocal_addrs = %s.%d\n\t\tremote_addrs = %s.1\n", net, 2 + i, net
			printf "\t\tvips = 0.0.0.0\n\t\tproposals = aes256gcm16-prfsha256-ecp256\n"
			printf "\t\tlocal {\n\t\t\tauth = eap-mschapv2\n"
			printf "\t\t\teap_id = user%07d@example.com\n\t\t}\n", u
			printf "\t\tremote {\n\t\t\tauth = pubkey\n\t\t\tid = %s\n\t\t}\n", gw
			printf "\t\tchildren {\n\t\t\tg%dc%d {\n", k, i
			printf "\t\t\t\tremote_ts = 10.3.0.0/24\n\t\t\t\tesp_proposals = aes256gcm16\n"
			printf "\t\t\t}\n\t\t}\n\t}\n"
		}
		print "}"
		print "secrets {"
		for (i = 0; i < count; i++) {
			u = users - 1 - int(i * users / count)
			printf "\teap-g%dc%d {\n\t\tid = user%07d@example.com\n", k, i, u
			printf "\t\tsecret = pw-%d\n\t}\n", u
		}
		print "}"
	}'
}

bench_handshake()
{
	e2e_ns cl || fail "cannot create a namespace"
	bed_pki "$E2E_DIR/pki" || fail "pki failed: $(cat "$E2E_DIR/pki/pki.stderr")"
	_cs=$(bed_swanctl_dir cl)
	cp "$E2E_DIR/pki/ca.pem" "$_cs/x509ca/"
	: > "$_cs/swanctl.conf"
	for _g in $HS_GATEWAYS; do
		_k=${_g%%:*}
		_k=${_k#g}
		_side=$(echo "$_g" | cut -d: -f2)
		_n=${_g##*:}
		e2e_ns "g$_k" || fail "cannot create a namespace"
		e2e_link "g$_k" v-gw "10.$((100 + _k)).0.1/24" \
			cl "v-cl$_k" "10.$((100 + _k)).0.2/24" || fail "cannot link g$_k"
		_i=3
		while [ "$_i" -le $((HS_COUNT + 1)) ]; do
			ip -n "$E2E_ID-cl" addr add "10.$((100 + _k)).0.$_i/24" dev "v-cl$_k" ||
				fail "cannot add client addresses"
			_i=$((_i + 1))
		done
		# the LAN the clients' CHILD_SAs reach (routes need its address)
		ip -n "$E2E_ID-g$_k" link add v-lan type veth peer name v-lan-host &&
		ip -n "$E2E_ID-g$_k" addr add 10.3.0.1/24 dev v-lan &&
		ip -n "$E2E_ID-g$_k" link set v-lan up &&
		ip -n "$E2E_ID-g$_k" link set v-lan-host up || fail "cannot add g$_k's LAN"
		_gs=$(bed_swanctl_dir "g$_k")
		cp "$E2E_DIR/pki/ca.pem" "$_gs/x509ca/"
		cp "$E2E_DIR/pki/gw.pem" "$_gs/x509/"
		cp "$E2E_DIR/pki/gw.key" "$_gs/private/"
		gw_conf "$_k" > "$_gs/swanctl.conf"
		if [ "$_side" = stock ]; then
			"$USERS" secrets "$_n" >> "$_gs/swanctl.conf" || fail "bench_users failed"
			charon_conf "g$_k" no
		else
			_db=$E2E_DIR/g$_k-db/users.db
			say "handshake: importing $_n users for g$_k"
			_csv=$(users_csv "$_n") || exit 1
			"$SWANMOBILE" user import --csv "$_csv" --db "$_db" > /dev/null ||
				fail "import for g$_k failed"
			charon_conf "g$_k" yes "$_db"
		fi
		e2e_charon_start "g$_k" "g$_k" || fail "charon g$_k did not start"
		say "handshake: loading g$_k ($_side, $_n users)"
		e2e_swanctl "g$_k" --load-all --noprompt --file "$_gs/swanctl.conf" \
			> "$(e2e_charon_dir "g$_k")/load-all.out" 2>&1 || fail "loading g$_k failed"
		row memory rss_loaded_mb "$_side" "$_n" 1 "$(rss_mb "g$_k")" MB
		client_conns "$_k" "$_n" > "$_cs/g$_k.conf"
		echo "include g$_k.conf" >> "$_cs/swanctl.conf"
	done
	# the client: no resolv.conf rewritten per setup
	charon_conf cl no "" no
	e2e_charon_start cl cl || fail "client charon did not start"
	e2e_swanctl cl --load-all --noprompt --file "$_cs/swanctl.conf" \
		> "$(e2e_charon_dir cl)/load-all.out" 2>&1 || fail "loading the client failed"

	# rep 0 warms every gateway up (leases, handles, caches); not reported
	_rep=0
	while [ "$_rep" -le "$HS_REPS" ]; do
		if [ $((_rep % 2)) = 1 ]; then
			_order="1 2 3 4"
		else
			_order="4 3 2 1"
		fi
		say "handshake: round $_rep of $HS_REPS"
		for _k in $_order; do
			for _g in $HS_GATEWAYS; do
				[ "${_g%%:*}" = "g$_k" ] || continue
				_side=$(echo "$_g" | cut -d: -f2)
				_n=${_g##*:}
			done
			_out=$("$HANDSHAKE" -g "$(e2e_charon_dir "g$_k")/run/charon.vici" \
				-p "$(e2e_charon_pid "g$_k")" \
				-c "$(e2e_charon_dir cl)/run/charon.vici" -q "$(e2e_charon_pid cl)" \
				-n "g${_k}c" -C "$HS_COUNT" -G rw -L "$_side,$_n,$_rep") ||
				fail "burst against g$_k failed (logs in $E2E_DIR)"
			[ "$_rep" = 0 ] || printf '%s\n' "$_out"
		done
		_rep=$((_rep + 1))
	done
	for _g in $HS_GATEWAYS; do
		_side=$(echo "$_g" | cut -d: -f2)
		row memory rss_after_mb "$_side" "${_g##*:}" 1 "$(rss_mb "${_g%%:*}")" MB
	done
}

# ---------------------------------------------------------------------------
[ "$(id -u)" = 0 ] || fail "needs root (network and mount namespaces)"
[ -x "$CHARON" ] || fail "no charon at $CHARON"
[ -f "$SM_PLUGIN_SO" ] || fail "plugin not built ($SM_PLUGIN_SO)"
[ -x "$USERS" ] && [ -x "$HANDSHAKE" ] || fail "bench programs not built (make bench)"
[ "$HS_COUNT" -ge 1 ] && [ "$HS_COUNT" -le 250 ] || fail "HS_COUNT must be 1..250"
# lib.sh's prerequisites: a failure stops the benchmark, never skips it
tap_skip_all() { fail "$*"; }
E2E_DIR=$SM_BUILDDIR/bench/run/gateway-$$
E2E_ID=smb$$
e2e_init
for _what in "$@"; do
	case $_what in
	load) bench_load ;;
	handshake) bench_handshake ;;
	*) fail "unknown benchmark '$_what' (load, handshake)" ;;
	esac
done
exit 0
