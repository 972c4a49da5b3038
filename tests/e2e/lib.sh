# SPDX-License-Identifier: GPL-2.0-or-later
#
# tests/e2e/lib.sh - end-to-end test bed: network namespaces joined by veth
# links, one real charon per namespace, TAP output for automake.
#
# Every charon runs in its own network namespace and its own mount namespace
# in which a per-instance directory is bind-mounted over /run (charon's pid
# file and vici socket are hard-coded there) and, when the freshly built
# plugin is wanted, a plugin directory holding it next to the system's
# plugins is bind-mounted over strongSwan's plugin directory.  Nothing is
# installed and nothing outside the test's namespaces and directory changes.
#
# Names: namespaces are "$E2E_ID-<name>" with E2E_ID unique per run, so
# parallel runs never collide; veth ends are created inside their namespaces.
# Addresses: documentation ranges only (192.0.2.0/24, 198.51.100.0/24,
# 203.0.113.0/24) plus private ranges that exist only inside namespaces the
# test created.
#
# Environment (set by make check; defaults for running a test by hand):
#   SM_PLUGIN_SO     built plugin (plugin/.libs/libstrongswan-swanmobile.so)
#   SM_SRCDIR        source tree;  SM_BUILDDIR  build tree
#   SM_ASAN          "yes" in sanitizer builds (charon cannot load the plugin)
#   E2E_KEEP=1       keep namespaces, daemons and files after the test

SM_SRCDIR=${SM_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
SM_BUILDDIR=${SM_BUILDDIR:-$SM_SRCDIR}
SM_PLUGIN_SO=${SM_PLUGIN_SO:-$SM_BUILDDIR/plugin/.libs/libstrongswan-swanmobile.so}
SS_LIBDIR=${SS_LIBDIR:-/usr/lib/ipsec}
SS_PLUGINDIR=${SS_PLUGINDIR:-$SS_LIBDIR/plugins}
CHARON=${CHARON:-$SS_LIBDIR/charon}
E2E_NAME=${E2E_NAME:-$(basename "$0" .sh)}
E2E_ID=${E2E_ID:-sm$$}
E2E_TIMEOUT=${E2E_TIMEOUT:-15}

# --- TAP ----------------------------------------------------------------------
# tests/tap.sh: ok, not_ok, tap_result, check, check_fails, has_line,
# tap_skip, tap_skip_all, tap_plan, diag, tap_done; the plan is printed by
# e2e_finish after the last test point
. "$SM_SRCDIR/tests/tap.sh"

# --- prerequisites -------------------------------------------------------------
e2e_require()
{
	[ "$(id -u)" = 0 ] || tap_skip_all "needs root (network and mount namespaces)"
	[ "${SM_ASAN:-no}" != yes ] ||
		tap_skip_all "sanitizer build: charon cannot load an ASan-instrumented plugin"
	[ -x "$CHARON" ] || tap_skip_all "no charon at $CHARON (install strongswan-charon)"
	command -v swanctl >/dev/null || tap_skip_all "no swanctl (install strongswan-swanctl)"
	command -v ip >/dev/null || tap_skip_all "no ip(8) (install iproute2)"
	command -v unshare >/dev/null || tap_skip_all "no unshare(1) (install util-linux)"
	ip netns add "$E2E_ID-probe" 2>/dev/null ||
		tap_skip_all "cannot create network namespaces here"
	ip netns del "$E2E_ID-probe"
}

# --- working directory and cleanup -------------------------------------------
E2E_DIR=
_e2e_charons=
_e2e_netns=
_e2e_bg=

e2e_init()
{
	e2e_require
	E2E_DIR=${E2E_DIR:-$SM_BUILDDIR/tests/e2e/run/$E2E_NAME}
	rm -rf "$E2E_DIR"
	mkdir -p "$E2E_DIR"
	trap e2e_cleanup EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
	# quiet swanctl: Debian's builds name plugins of packages that are
	# not installed and print "failed to load" for each otherwise
	cat > "$E2E_DIR/swanctl-strongswan.conf" <<EOC
swanctl {
	load = pem pkcs1 pkcs8 x509 pubkey openssl random nonce sha1 sha2
}
EOC
}

e2e_cleanup()
{
	_rc=$?
	trap - EXIT INT TERM
	if [ "${E2E_KEEP:-0}" = 1 ]; then
		diag "E2E_KEEP=1: kept namespaces ($_e2e_netns) and $E2E_DIR"
		exit $_rc
	fi
	for _c in $_e2e_charons; do
		e2e_charon_stop "$_c" >/dev/null 2>&1
	done
	e2e_bg_stop
	# deleting a namespace does not end its processes: whatever the test
	# left in its namespaces goes first
	for _ns in $_e2e_netns; do
		e2e_ns_kill "$_ns"
		ip netns del "$_ns" 2>/dev/null
	done
	if [ $_rc -eq 0 ] && [ $_tap_failed -eq 0 ]; then
		rm -rf "$E2E_DIR"
	else
		echo "# logs kept in $E2E_DIR"
	fi
	exit $_rc
}

# e2e_finish: the plan, and the exit status for the TAP driver (a script
# that exits before it prints no plan, which the driver reports)
e2e_finish() { tap_done; exit $?; }

# --- namespaces and links -----------------------------------------------------
# e2e_ns NAME: create namespace $E2E_ID-NAME with loopback up
e2e_ns()
{
	ip netns add "$E2E_ID-$1" || return 1
	_e2e_netns="$_e2e_netns $E2E_ID-$1"
	ip -n "$E2E_ID-$1" link set lo up
}

# e2e_link NS1 IF1 ADDR1/LEN NS2 IF2 ADDR2/LEN: veth between two namespaces
e2e_link()
{
	ip link add "$2" netns "$E2E_ID-$1" type veth peer name "$5" netns "$E2E_ID-$4" || return 1
	ip -n "$E2E_ID-$1" addr add "$3" dev "$2" &&
	ip -n "$E2E_ID-$1" link set "$2" up &&
	ip -n "$E2E_ID-$4" addr add "$6" dev "$5" &&
	ip -n "$E2E_ID-$4" link set "$5" up
}

# e2e_exec NS CMD...: run a command in a namespace
e2e_exec() { _ns=$1; shift; ip netns exec "$E2E_ID-$_ns" "$@"; }

# e2e_bg NS CMD...: start a helper (a server, a listener) in a namespace in
# the background; ip netns exec execs CMD, so the process remembered is
# CMD itself (a backgrounded shell function would be a subshell whose
# death leaves CMD running); e2e_bg_stop and the cleanup end it
e2e_bg()
{
	_ns=$1
	shift
	ip netns exec "$E2E_ID-$_ns" "$@" &
	_e2e_bg="$_e2e_bg $!"
}

# e2e_bg_stop: end the helpers of e2e_bg (SIGTERM, then SIGKILL) and wait
# for them
e2e_bg_stop()
{
	for _p in $_e2e_bg; do
		kill -TERM "$_p" 2>/dev/null
	done
	for _p in $_e2e_bg; do
		_i=0
		while kill -0 "$_p" 2>/dev/null && [ $_i -lt 40 ]; do
			sleep 0.05
			_i=$((_i + 1))
		done
		kill -KILL "$_p" 2>/dev/null
		wait "$_p" 2>/dev/null
	done
	_e2e_bg=
}

# e2e_ns_pids NS: the processes in namespace NS (full name), one a line
e2e_ns_pids() { ip netns pids "$1" 2>/dev/null; }

# e2e_ns_kill NS: end every process in namespace NS (full name): SIGTERM,
# then SIGKILL
e2e_ns_kill()
{
	_pids=$(e2e_ns_pids "$1")
	[ -n "$_pids" ] || return 0
	kill -TERM $_pids 2>/dev/null
	_i=0
	while [ -n "$(e2e_ns_pids "$1")" ] && [ $_i -lt 40 ]; do
		sleep 0.05
		_i=$((_i + 1))
	done
	_pids=$(e2e_ns_pids "$1")
	[ -z "$_pids" ] || kill -KILL $_pids 2>/dev/null
}

# e2e_ns_empty: no process is left in the test's namespaces (after its
# daemons and helpers were stopped)
e2e_ns_empty()
{
	for _ns in $_e2e_netns; do
		[ -z "$(e2e_ns_pids "$_ns")" ] ||
			{ diag "left in $_ns: $(e2e_ns_pids "$_ns" | xargs ps -o pid=,args= -p 2>/dev/null)"; return 1; }
	done
	return 0
}

# --- charon instances -----------------------------------------------------------
# e2e_charon_dir NAME: the instance directory
e2e_charon_dir() { echo "$E2E_DIR/$1"; }

# e2e_strongswan_conf NAME [PLUGIN yes|no] [EXTRA]: write NAME's strongswan.conf
# (the stock layout: load_modular with Debian's per-plugin snippets, plus a
# file log, kernel-libipsec for ESP in userspace and a private resolv.conf).
# EXTRA is added inside the charon section.  E2E_PLUGIN_CONF names the
# plugin's settings file (default: the shipped one).  E2E_LOG_ENC=3 logs the encoding
# group's raw payload dumps to charon-raw.log (see bed_cp_attrs).
e2e_strongswan_conf()
{
	_d=$(e2e_charon_dir "$1")
	mkdir -p "$_d"
	# Debian's per-plugin snippets, except the host gateway's swanmobile*.conf
	# (plugin settings, mobile profiles, datapath): the bed's settings must
	# not depend on the host's gateway
	_inc=
	for _f in /etc/strongswan.d/charon/*.conf; do
		case $(basename "$_f") in
			swanmobile*) ;;
			*) _inc="$_inc
		include $_f" ;;
		esac
	done
	cat > "$_d/strongswan.conf" <<EOC
charon {
	load_modular = yes
	plugins {$_inc
		include ${E2E_PLUGIN_CONF:-$SM_BUILDDIR/plugin/swanmobile.conf}
		swanmobile {
			load = ${2:-yes}
		}
		kernel-libipsec {
			load = yes
		}
		# multicast forwarding helper: only noise in the bed
		forecast {
			load = no
		}
		resolve {
			file = $_d/resolv.conf
		}
	}
	filelog {
		e2e {
			path = $_d/charon.log
			time_format = %H:%M:%S
			default = 1
			ike = 2
			cfg = 2
			lib = 2
			flush_line = yes
			append = yes
		}
		# raw payload dumps (E2E_LOG_ENC=3) in a file of their own
		raw {
			path = $_d/charon-raw.log
			default = -1
			enc = ${E2E_LOG_ENC:--1}
			flush_line = yes
			append = yes
		}
	}
	${3:-}
}
EOC
}

# e2e_charon_start NAME NS: start charon NAME in namespace NS with
# $(e2e_charon_dir NAME)/strongswan.conf and the freshly built plugin
# ($SM_PLUGIN_SO, put in a private copy of strongSwan's plugin directory in
# charon's mount namespace; without a built plugin, as for the installed
# packages, charon reads the plugin directory as it is); E2E_HOSTS=FILE is
# bind-mounted over /etc/hosts in its mount namespace (to resolve the
# gateway's name)
e2e_charon_start()
{
	_d=$(e2e_charon_dir "$1")
	mkdir -p "$_d/run"
	rm -f "$_d/run/charon.pid" "$_d/run/charon.vici"
	_shadow=
	if [ -f "$SM_PLUGIN_SO" ]; then
		_shadow=yes
		mkdir -p "$_d/plugins" "$_d/sysplugins"
		for _p in "$SS_PLUGINDIR"/*.so; do
			ln -sf "$_d/sysplugins/$(basename "$_p")" "$_d/plugins/$(basename "$_p")"
		done
		ln -sf "$SM_PLUGIN_SO" "$_d/plugins/libstrongswan-swanmobile.so"
	fi
	ip netns exec "$E2E_ID-$2" unshare --mount --propagation private -- sh -c '
		{ [ -z "$6" ] || { mount --bind "$1" "$2" && mount --bind "$3/plugins" "$1"; }; } &&
		mount --bind "$3/run" /run &&
		{ [ -z "$5" ] || mount --bind "$5" /etc/hosts; } &&
		exec env STRONGSWAN_CONF="$3/strongswan.conf" "$4"' \
		sh "$SS_PLUGINDIR" "$_d/sysplugins" "$_d" "$CHARON" "${E2E_HOSTS:-}" "$_shadow" \
		> "$_d/charon.stderr" 2>&1 &
	echo $! > "$_d/charon.launcher-pid"
	_e2e_charons="$_e2e_charons $1"
	_i=0
	while [ $_i -lt 200 ]; do
		if [ -S "$_d/run/charon.vici" ] && e2e_swanctl "$1" --stats >/dev/null 2>&1; then
			return 0
		fi
		kill -0 "$(cat "$_d/charon.launcher-pid")" 2>/dev/null || break
		sleep 0.05
		_i=$((_i + 1))
	done
	diag "charon $1 did not come up:" "$(cat "$_d/charon.stderr")" "$(tail -n 20 "$_d/charon.log" 2>/dev/null)"
	return 1
}

# e2e_charon_pid NAME
e2e_charon_pid() { cat "$(e2e_charon_dir "$1")/charon.launcher-pid" 2>/dev/null; }

# e2e_charon_stop NAME: SIGTERM, wait, then SIGKILL; returns 1 if it had to kill
e2e_charon_stop()
{
	_pid=$(e2e_charon_pid "$1")
	[ -n "$_pid" ] || return 0
	kill -TERM "$_pid" 2>/dev/null || { rm -f "$(e2e_charon_dir "$1")/charon.launcher-pid"; return 0; }
	_i=0
	while kill -0 "$_pid" 2>/dev/null && [ $_i -lt 100 ]; do
		sleep 0.05
		_i=$((_i + 1))
	done
	rm -f "$(e2e_charon_dir "$1")/charon.launcher-pid"
	if kill -0 "$_pid" 2>/dev/null; then
		kill -KILL "$_pid" 2>/dev/null
		return 1
	fi
	wait "$_pid" 2>/dev/null
	return 0
}

# e2e_swanctl NAME ARGS...: swanctl against NAME's vici socket
e2e_swanctl()
{
	_d=$(e2e_charon_dir "$1")
	shift
	STRONGSWAN_CONF="$E2E_DIR/swanctl-strongswan.conf" swanctl "$@" --uri "unix://$_d/run/charon.vici"
}

# e2e_answers NAME: NAME's charon answers on its vici socket
e2e_answers() { e2e_swanctl "$1" --stats > /dev/null 2>&1; }

# e2e_log_has NAME REGEX: NAME's charon log has a line matching REGEX
e2e_log_has() { grep -Eq -- "$2" "$(e2e_charon_dir "$1")/charon.log"; }
