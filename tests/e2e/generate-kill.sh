#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# generate-kill: 'swanmobile generate' killed with SIGKILL before each system
# call that changes the disk (strace's syscall injection), on a fresh root and
# on an update of an existing tree (new DNS server, new MSS, new password, a
# second user, a shorter certificate lifetime).  After every kill:
#   (a) no temporary or unknown file lies where charon or swanctl look;
#   (b) every file is the old or the new complete version, never empty or
#       partial (configuration byte for byte, certificates parse, backups
#       are the replaced certificate);
#   (c) keys are unchanged, or complete and matching their certificates;
#   (d) the user database is absent (fresh root), the old or the new one;
#   (e) swanctl --load-all of the tree into a running charon succeeds;
# and a normal generate afterwards removes the leftovers and produces the
# reference tree.  Needs root (charon in a namespace) and strace.
. "$(dirname "$0")/lib.sh"

SWANMOBILE=${SWANMOBILE:-$SM_BUILDDIR/generator/swanmobile}

e2e_init
command -v strace > /dev/null || tap_skip_all "no strace (install strace)"
strace -qq -o /dev/null true 2> /dev/null || tap_skip_all "strace cannot trace here"
command -v openssl > /dev/null || tap_skip_all "no openssl"
command -v sqlite3 > /dev/null || tap_skip_all "no sqlite3 (install sqlite3)"
tap_plan 18

export SWANMOBILE_TEMPLATES="$SM_SRCDIR/templates"
# the trees on a tmpfs of their own: generate's fsyncs on a disk would
# make the few hundred runs take minutes
w=$E2E_DIR/fs
mkdir -p "$w"
mount -t tmpfs -o size=256m,mode=0755 sm-kill "$w" || tap_skip_all "cannot mount a tmpfs"
trap '_krc=$?; umount "$w"; (exit $_krc); e2e_cleanup' EXIT
# the system calls that change files and directories; a kill point is each
# successful one (openat only with O_CREAT, write not to stdout/stderr)
SYSCALLS=openat,write,pwrite64,fsync,fdatasync,fchmod,fchmodat,chmod,rename,renameat,renameat2,link,linkat,unlink,unlinkat,mkdir,mkdirat,rmdir,ftruncate,symlink,fchown

# the example with an ECDSA server key (an RSA key generation per step
# would dominate the run time) and only the linux client profiles (the
# other profiles are written the same way; linux has the nested
# directories), and a changed version of it
sed -e 's/^  key: rsa-3072 .*/  key: ecdsa-p256/' -e 's/^clients: .*/clients: [linux]/' \
	"$SM_SRCDIR/examples/road-warrior.yaml" > "$w/v1.yaml"
sed -e 's/dns: \[10.3.0.1\]/dns: [10.3.0.2]/' -e 's/password: abc123 .*/password: abc124/' \
	-e 's/^  lifetime: 825 .*/  lifetime: 800/' "$w/v1.yaml" > "$w/v2.yaml"
cat >> "$w/v2.yaml" <<EOF
    - identity: carol@example.com
      password: carol-pw
firewall:
  mss: 1300
EOF

# what Debian's strongswan-swanctl package installs: swanctl.conf (here
# just including conf.d/*.conf) and the directories swanctl --load-all scans
dress()
{
	mkdir -p "$1/etc/swanctl" &&
	printf 'include conf.d/*.conf\n' > "$1/etc/swanctl/swanctl.conf" &&
	for _sub in conf.d x509 x509ca x509ocsp x509aa x509ac x509crl pubkey pkcs12; do
		mkdir -m 755 "$1/etc/swanctl/$_sub" || return 1
	done &&
	for _sub in private rsa ecdsa bliss pkcs8; do
		mkdir -m 700 "$1/etc/swanctl/$_sub" || return 1
	done
}

# the files a tree may hold (outside .swanmobile-tmp/ and backup/)
for f in etc/swanctl/swanctl.conf etc/swanctl/conf.d/rw.conf etc/swanctl/x509ca/rw-ca.pem \
	etc/swanctl/x509/rw.pem etc/swanctl/private/rw.key etc/strongswan.d/charon/swanmobile.conf \
	etc/strongswan.d/charon/swanmobile-rw.conf etc/swanmobile/rw/firewall.nft \
	etc/swanmobile/rw/certificate.conf etc/strongswan.d/charon/swanmobile_datapath.conf \
	etc/swanmobile/rw/ca.key var/lib/swanmobile/users.db var/lib/swanmobile/users.db-wal \
	var/lib/swanmobile/users.db-shm etc/swanmobile/rw/clients/rw-ca.pem \
	etc/swanmobile/rw/clients/rw-ca.crt \
	etc/swanmobile/rw/clients/rw.nmconnection etc/swanmobile/rw/clients/linux/swanctl.conf \
	etc/swanmobile/rw/clients/linux/conf.d/rw.conf \
	etc/swanmobile/rw/clients/linux/x509ca/rw-ca.pem; do
	echo "a: unknown file $f"
done > "$w/known"

# a charon whose vici socket takes the trees' credentials and connections
e2e_ns gw || { diag "cannot create the namespace"; exit 1; }
e2e_strongswan_conf gw no
check "charon starts" e2e_charon_start gw gw

# load ROOT: swanctl --load-all of ROOT's swanctl directory, without errors
load()
{
	e2e_swanctl gw --load-all --noprompt --file "$1/etc/swanctl/swanctl.conf" > "$w/load.out" 2>&1 &&
		! grep -Eqi 'fail|error|invalid' "$w/load.out"
}

# users DB: the database's integrity and its users with their hashes, read
# by SQLite itself (nothing if there is no database)
users()
{
	[ -e "$1" ] || return 0
	sqlite3 -readonly "$1" 'PRAGMA integrity_check;
		SELECT identity, hex(nt_hash), enabled FROM users ORDER BY identity;' 2>&1
}

# pubkeys ROOT: for the keys and certificates of ROOT, sets pk_cakey,
# pk_cacert, pk_key, pk_cert to files holding their public keys (empty if
# the file does not parse, unset if it does not exist), remembered by
# content: openssl is the slow part of a step
pubkeys()
{
	unset pk_cakey pk_cacert pk_key pk_cert
	mkdir -p "$w/pk"
	(cd "$1" && cksum etc/swanmobile/rw/ca.key etc/swanctl/x509ca/rw-ca.pem \
		etc/swanctl/private/rw.key etc/swanctl/x509/rw.pem 2> /dev/null) > "$w/sums"
	while read -r _crc _size _f; do
		_pk=$w/pk/$_crc-$_size-${_f##*/}
		if [ ! -f "$_pk" ]; then
			case $_f in
				*.key) openssl pkey -in "$1/$_f" -pubout 2> /dev/null ;;
				*) openssl x509 -in "$1/$_f" -noout -pubkey 2> /dev/null ;;
			esac > "$_pk"
		fi
		case $_f in
			*/ca.key) pk_cakey=$_pk ;;
			*/rw-ca.pem) pk_cacert=$_pk ;;
			*/rw.key) pk_key=$_pk ;;
			*/rw.pem) pk_cert=$_pk ;;
		esac
	done < "$w/sums"
}

# state ROOT OLD NEW: the checks (a)-(d) of one killed run; prints what is
# wrong as "letter: message" lines
state()
{
	_r=$1 _old=$2 _new=$3
	# (a) every regular file outside .swanmobile-tmp/ and backup/ is known
	find "$_r" -type f ! -path '*/.swanmobile-tmp/*' ! -path '*/etc/swanmobile/rw/backup/*' \
		-printf 'a: unknown file %P\n' | grep -vxF -f "$w/known"
	# (b) configuration: absent only if it was, else old or new byte for byte
	for _f in etc/swanctl/conf.d/rw.conf etc/strongswan.d/charon/swanmobile.conf \
		etc/strongswan.d/charon/swanmobile-rw.conf etc/swanmobile/rw/firewall.nft \
		etc/swanmobile/rw/certificate.conf etc/strongswan.d/charon/swanmobile_datapath.conf; do
		if [ ! -e "$_r/$_f" ]; then
			[ ! -e "$_old/$_f" ] || echo "b: $_f vanished"
		elif ! cmp -s "$_r/$_f" "$_old/$_f" && ! cmp -s "$_r/$_f" "$_new/$_f"; then
			echo "b: $_f is neither the old nor the new version ($(wc -c < "$_r/$_f") bytes)"
		fi
	done
	# (b) certificates and (c) keys: an existing key never changes, every
	# key and certificate parses (is complete), a certificate matches its key
	for _f in etc/swanmobile/rw/ca.key etc/swanctl/x509ca/rw-ca.pem \
		etc/swanctl/private/rw.key etc/swanctl/x509/rw.pem; do
		if [ ! -e "$_r/$_f" ]; then
			[ ! -e "$_old/$_f" ] || echo "c: $_f vanished"
		elif [ -e "$_old/$_f" ] && [ "${_f%.key}" != "$_f" ]; then
			cmp -s "$_r/$_f" "$_old/$_f" || echo "c: the existing key $_f changed"
		fi
	done
	pubkeys "$_r"
	for _pk in ${pk_cakey+"$pk_cakey"} ${pk_cacert+"$pk_cacert"} ${pk_key+"$pk_key"} \
		${pk_cert+"$pk_cert"}; do
		[ -s "$_pk" ] || echo "b: ${_pk##*-} is not complete"
	done
	if [ -n "${pk_cacert:-}" ] && ! cmp -s "${pk_cakey:-/dev/null}" "$pk_cacert"; then
		echo "c: the CA certificate does not match the CA key"
	fi
	if [ -n "${pk_cert:-}" ] && ! cmp -s "${pk_key:-/dev/null}" "$pk_cert"; then
		echo "c: the server certificate does not match the server key"
	fi
	for _f in "$_r"/etc/swanmobile/rw/backup/*; do
		[ -e "$_f" ] || continue
		cmp -s "$_f" "$_old/etc/swanctl/x509/rw.pem" || cmp -s "$_f" "$_old/etc/swanctl/x509ca/rw-ca.pem" ||
			echo "b: backup $(basename "$_f") is not a replaced certificate"
	done
	# (d) the user database: absent if it was, else the old or the new one
	_db=var/lib/swanmobile/users.db
	if [ -e "$_r/$_db" ]; then
		[ -s "$_r/$_db" ] || echo "d: users.db is empty"
		users "$_r/$_db" > "$w/users.now"
		cmp -s "$w/users.now" "$w/users.old" || cmp -s "$w/users.now" "$w/users.new" ||
			echo "d: users.db holds neither the old nor the new users: $(cat "$w/users.now")"
	elif [ -e "$_old/$_db" ]; then
		echo "d: users.db vanished"
	fi
}

# listing ROOT: the tree's paths and modes (backups, SQLite's side files aside)
listing()
{
	(cd "$1" && find . ! -path './etc/swanmobile/rw/backup/*' ! -name '*-wal' ! -name '*-shm' \
		-printf '%p %y %m\n' | sort)
}

# scenario NAME BASE YAML: kill generate YAML on a copy of BASE at every step
scenario()
{
	_sc=$1 _base=$2 _yaml=$3
	t0=$(date +%s.%N)
	rm -rf "$w/ref"
	cp -a "$_base" "$w/ref"
	check "$_sc: the reference run completes" strace -qq -o "$w/trace" -e trace=$SYSCALLS \
		"$SWANMOBILE" generate -q --root "$w/ref" "$_yaml" 2> "$w/ref.err"
	check "$_sc: the reference tree loads into charon" load "$w/ref"
	users "$_base/var/lib/swanmobile/users.db" > "$w/users.old"
	users "$w/ref/var/lib/swanmobile/users.db" > "$w/users.new"
	listing "$w/ref" > "$w/ref.list"
	# kill points: "syscall N" = before the N-th call of syscall (not
	# strace's signal lines: generate's kernel probe is a child process)
	awk '/^(---|\+\+\+) / { next }
	{
		name = $1; sub(/\(.*/, "", name)
		n[name]++
		if ($0 ~ /\) += -1 /) next
		if (name == "openat" && $0 !~ /O_CREAT/) next
		if ((name == "write" || name == "pwrite64") && $1 ~ /^[a-z0-9]+\([12],$/) next
		print name, n[name]
	}' "$w/trace" > "$w/points"
	steps=$(wc -l < "$w/points")
	check "$_sc: $steps kill points" test "$steps" -ge 50
	unkilled= structural= loads= recovery= k=0
	while read -r sys nth; do
		k=$((k + 1))
		rm -rf "$w/step"
		cp -a "$_base" "$w/step"
		strace -qq -o /dev/null -e trace="$sys" -e inject="$sys:signal=KILL:when=$nth" \
			"$SWANMOBILE" generate -q --root "$w/step" "$_yaml" > /dev/null 2>&1
		rc=$?
		[ $rc -eq 137 ] || unkilled="$unkilled $k:$sys#$nth(rc=$rc)"
		state "$w/step" "$_base" "$w/ref" > "$w/state.out"
		[ -s "$w/state.out" ] && structural="$structural
step $k ($sys #$nth): $(cat "$w/state.out")"
		load "$w/step" || loads="$loads
step $k ($sys #$nth): $(cat "$w/load.out")"
		# the next, normal run: leftovers removed, the reference tree
		if ! "$SWANMOBILE" generate -q --root "$w/step" "$_yaml" > "$w/again.out" 2>&1; then
			recovery="$recovery
step $k: generate failed: $(cat "$w/again.out")"
		elif [ -n "$(find "$w/step" -name .swanmobile-tmp)" ]; then
			recovery="$recovery
step $k: left $(find "$w/step" -name .swanmobile-tmp)"
		elif ! listing "$w/step" | cmp -s - "$w/ref.list"; then
			recovery="$recovery
step $k: $(listing "$w/step" | diff "$w/ref.list" -)"
		else
			for f in etc/swanctl/conf.d/rw.conf etc/strongswan.d/charon/swanmobile.conf \
				etc/strongswan.d/charon/swanmobile-rw.conf \
				etc/strongswan.d/charon/swanmobile_datapath.conf; do
				cmp -s "$w/step/$f" "$w/ref/$f" || recovery="$recovery
step $k: $f differs from the reference"
			done
			users "$w/step/var/lib/swanmobile/users.db" | cmp -s - "$w/users.new" ||
				recovery="$recovery
step $k: the users differ from the reference"
			state "$w/step" "$_base" "$w/ref" > "$w/state.out"
			[ -s "$w/state.out" ] && recovery="$recovery
step $k: $(cat "$w/state.out")"
		fi
	done < "$w/points"
	secs=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
	diag "$_sc: $steps kill points in $secs s"
	check "$_sc: killed before each of the $steps steps" test -z "$unkilled"
	[ -z "$unkilled" ] || diag "not killed:$unkilled"
	check "$_sc: after every kill, no temporary or unknown file where charon or swanctl look, every file old or new and complete, keys kept or complete, the users old or new" \
		test -z "$structural"
	[ -z "$structural" ] || diag "$structural"
	check "$_sc: after every kill, swanctl --load-all of the tree succeeds" test -z "$loads"
	[ -z "$loads" ] || diag "$loads"
	check "$_sc: after every kill, the next generate removes the leftovers and produces the reference tree" \
		test -z "$recovery"
	[ -z "$recovery" ] || diag "$recovery"
}

# 1. a fresh root: keys, certificates, configuration, a new database
mkdir -p "$w/fresh"
dress "$w/fresh"
scenario fresh "$w/fresh" "$w/v1.yaml"

# 2. an update: configuration, users and the server certificate change
rm -rf "$w/v1"
cp -a "$w/fresh" "$w/v1"
check "generate the tree to update" sh -c '"$@" 2> /dev/null' sh "$SWANMOBILE" generate -q --root "$w/v1" "$w/v1.yaml"
scenario update "$w/v1" "$w/v2.yaml"
check "the updated tree reissued the server certificate" test -n "$(ls "$w/ref/etc/swanmobile/rw/backup/")"

check "charon stops cleanly" e2e_charon_stop gw
e2e_finish
