#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# profiles: against a gateway made only by 'swanmobile generate' from
# examples/road-warrior.yaml,
#  - a client configured only from the generated Linux profile (swanmobile
#    profile linux --user ... --password-stdin) connects, and survives a
#    CHILD_SA rekey (with PFS) and an IKE rekey with traffic flowing;
#  - a strongSwan client offering what each platform offers on its defaults
#    or with its generated profile (check --clients) connects or is refused
#    exactly as check predicts, and the rekeys started by the client and by
#    the gateway succeed or fail as predicted, with a ping after each;
#  - the same for issue 12's gateway (ESP without key exchange), where a
#    client requiring PFS connects and then fails its CHILD_SA rekeys.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/bed.sh"

bed_init

# gateway_from YAML: the gateway generate makes of YAML (bed.sh)
gateway_from() { bed_gw_generated "$root" "$1"; }

# wait_either NAME GOOD BAD: wait (5 s at most) until NAME's log since the
# mark has a line matching GOOD (success) or BAD (failure)
wait_either()
{
	_t=50
	while [ $_t -gt 0 ]; do
		bed_since_has "$1" "$2" && return 0
		bed_since_has "$1" "$3" && return 1
		sleep 0.1
		_t=$((_t - 1))
	done
	return 2
}

# rekey WHO KIND NAME: rekey the CHILD_SA or IKE_SA NAME from the client
# or the gateway; 0 if it was rekeyed, 1 if the rekey failed
rekey()
{
	bed_mark "$1"
	e2e_swanctl "$1" --rekey "--$2" "$3" > /dev/null 2>&1 || return 1
	if [ "$2" = child ]; then
		wait_either "$1" "CHILD_SA $3\\{[0-9]+\\} established" "CHILD_SA rekeying failed"
	else
		wait_either "$1" "IKE_SA $3\\[[0-9]+\\] rekeyed between" "IKE_SA rekeying failed"
	fi
}

# predicted yes|no: whether the result (0/1) is what check predicted
predicted() { [ "$1" = yes ] && [ "$2" = 0 ] || { [ "$1" = no ] && [ "$2" != 0 ]; }; }

bed_topology || { diag "topology failed"; exit 1; }
check "generate writes the gateway from the example" gateway_from "$SM_SRCDIR/examples/road-warrior.yaml"

# --- the client set up only by the generated Linux profile --------------------
rs=$(e2e_charon_dir rw)/swanctl
mkdir -p "$(e2e_charon_dir rw)"
echo abc123 | "$SWANMOBILE" profile linux --root "$root" --user jimp@example.com \
	--password-stdin --out "$rs" "$SM_SRCDIR/examples/road-warrior.yaml" > "$E2E_DIR/profile.out" 2>&1
check "swanmobile profile linux --user jimp@example.com --password-stdin" test $? -eq 0
# the directories swanctl --load-all scans, which a package would have
for _sub in x509 x509aa x509ocsp x509crl x509ac pubkey private rsa ecdsa bliss pkcs8 pkcs12; do
	mkdir -p "$rs/$_sub"
done
printf '%s %s\n' "$BED_GW_OUT" "$BED_HOSTNAME" > "$E2E_DIR/hosts"
e2e_strongswan_conf rw no
# the gateway's name resolves in the client's mount namespace
E2E_HOSTS=$E2E_DIR/hosts
check "the client starts with the profile's swanctl directory" bed_start rw
E2E_HOSTS=
check "the profile's connection loads" grep -q "loaded connection 'rw'" "$(e2e_charon_dir rw)/load-all.out"
case_begin profile-linux established
check "linux profile: initiate succeeds" bed_initiate rw
vip=$(bed_client_vip rw)
check "linux profile: virtual IP $vip from the pool" sh -c 'case "$1" in 10.3.200.*) exit 0 ;; esac; exit 1' sh "$vip"
check "linux profile: ping through the tunnel" bed_ping_lan
rekey rw child rw
check "linux profile: the client rekeys the CHILD_SA" test $? -eq 0
child_pfs() { e2e_swanctl rw --list-sas --raw 2>/dev/null | grep -q "child-sas.*dh-group=$1"; }
check "linux profile: with PFS ecp384" child_pfs ECP_384
check "linux profile: ping after the CHILD_SA rekey" bed_ping_lan
rekey rw ike rw
check "linux profile: the client rekeys the IKE_SA" test $? -eq 0
check "linux profile: ping after the IKE rekey" bed_ping_lan
rekey gw child lan
check "linux profile: the gateway rekeys the CHILD_SA" test $? -eq 0
rekey gw ike rw
check "linux profile: the gateway rekeys the IKE_SA" test $? -eq 0
check "linux profile: ping after the gateway's rekeys" bed_ping_lan
case_end rw
e2e_charon_stop rw

# --- every platform's offers, as check predicts -----------------------------------
# platforms YAML TAG [IDS]: a client connection per distinct offer of check
# --clients (IDS: an extended regular expression of the platforms to run),
# then each of them connected, rekeyed and pinged as predicted; platforms
# that offer the same as one before must have the same predictions
platforms()
{
	"$SWANMOBILE" check --clients "$1" > "$E2E_DIR/clients.txt" 2> /dev/null
	check "check --clients lists the platforms" test -s "$E2E_DIR/clients.txt"
	rm -rf "$rs"
	rs=$(bed_swanctl_dir rw)
	cp "$root/etc/swanctl/x509ca/rw-ca.pem" "$rs/x509ca/"
	{
		echo "connections {"
		n=0
		sed 's/ /\n/g' "$E2E_DIR/clients.txt" | sed -n 's/^\(ike\|esp\)_proposals=//p' |
			paste - - | sort -u | while read -r ike esp; do
				n=$((n + 1))
				bed_eap_conn "p$n" jimp@example.com "$ike" "$esp" 0.0.0.0/0
			done
		printf '}\nsecrets {\n'
		bed_eap_secret jimp jimp@example.com abc123
		echo "}"
	} > "$rs/swanctl.conf"
	e2e_strongswan_conf rw no
	check "the platforms' client starts" bed_start rw
	while read -r line; do
		eval "$(printf '%s\n' "$line" | tr ' ' '\n' | sed -n "s/^\([a-z_]*\)=\(.*\)$/p_\1='\2'/p")"
		# the connection of this offer
		n=$(sed 's/ /\n/g' "$E2E_DIR/clients.txt" | sed -n 's/^\(ike\|esp\)_proposals=//p' |
			paste - - | sort -u | grep -nxF "$(printf '%s\t%s' "$p_ike_proposals" "$p_esp_proposals")" | cut -d: -f1)
		conn=p$n
		printf '%s\n' "$p_id" | grep -Eqx "${3:-.*}" || continue
		verdict="$p_connect $p_child_rekey $p_ike_rekey $p_child_rekey_gw $p_ike_rekey_gw"
		if [ -f "$E2E_DIR/$2-$conn" ]; then
			read -r first first_verdict < "$E2E_DIR/$2-$conn"
			[ "$verdict" = "$first_verdict" ] &&
				ok "$2 $p_id: offers what $first offers, and check predicts the same" ||
				not_ok "$2 $p_id: offers what $first offers, but check predicts '$verdict', not '$first_verdict'"
			continue
		fi
		printf '%s %s\n' "$p_id" "$verdict" > "$E2E_DIR/$2-$conn"
		case_begin "profiles-$2-$p_id" established
		bed_initiate "$conn"
		r=$?
		if ! predicted "$p_connect" $r; then
			not_ok "$2 $p_id: connect=$p_connect predicted, initiate returned $r"
			diag "$(tail -n 20 "$(e2e_charon_dir rw)/initiate-$conn.out")"
			case_end "$conn"
			continue
		fi
		if [ "$p_connect" = no ]; then
			ini_has 'NO_PROPOSAL_CHOSEN' && ok "$2 $p_id: refused (NO_PROPOSAL_CHOSEN), as predicted" ||
				not_ok "$2 $p_id: refused (NO_PROPOSAL_CHOSEN), as predicted"
			case_end "$conn"
			continue
		fi
		ok "$2 $p_id: connects, as predicted"
		bed_ping_lan || not_ok "$2 $p_id: ping through the tunnel"
		rekey rw child "$conn"
		predicted "$p_child_rekey" $? && ok "$2 $p_id: its CHILD_SA rekey: $p_child_rekey, as predicted" ||
			{ not_ok "$2 $p_id: its CHILD_SA rekey: $p_child_rekey predicted"; diag "$(bed_since gw | grep -E 'proposal|KEY_EXCHANGE' | tail -n 5)"; }
		check "$2 $p_id: ping after its CHILD_SA rekey" bed_ping_lan
		rekey rw ike "$conn"
		predicted "$p_ike_rekey" $? && ok "$2 $p_id: its IKE rekey: $p_ike_rekey, as predicted" ||
			not_ok "$2 $p_id: its IKE rekey: $p_ike_rekey predicted"
		check "$2 $p_id: ping after its IKE rekey" bed_ping_lan
		# the gateway's own rekeys: a strongSwan client cannot play
		# Windows' refusals (13816, no INVALID_KE_PAYLOAD); those are in
		# the unit tests
		case $p_id in
			windows*) ;;
			*)
				rekey gw child lan
				predicted "$p_child_rekey_gw" $? &&
					ok "$2 $p_id: the gateway's CHILD_SA rekey: $p_child_rekey_gw, as predicted" ||
					not_ok "$2 $p_id: the gateway's CHILD_SA rekey: $p_child_rekey_gw predicted"
				rekey gw ike rw
				predicted "$p_ike_rekey_gw" $? &&
					ok "$2 $p_id: the gateway's IKE rekey: $p_ike_rekey_gw, as predicted" ||
					not_ok "$2 $p_id: the gateway's IKE rekey: $p_ike_rekey_gw predicted"
				check "$2 $p_id: ping after the gateway's rekeys" bed_ping_lan
				;;
		esac
		case_end "$conn"
	done < "$E2E_DIR/clients.txt"
	e2e_charon_stop rw
}

platforms "$SM_SRCDIR/examples/road-warrior.yaml" example
check "on the example, every platform but Windows on its defaults connects and rekeys" sh -c \
	'[ "$(grep -c "connect=yes.*child_rekey=yes child_rekey_gw=yes ike_rekey=yes ike_rekey_gw=yes" "$1")" = 12 ]' \
	sh "$E2E_DIR/clients.txt"

# issue 12's gateway: ESP proposals without key exchange
sed -e '/^    proposals:$/,/^    lifetime/{/^      - /d}' \
	-e 's/^    proposals:$/    proposals: [aes256gcm16, aes128gcm16, aes256-sha256]/' \
	"$SM_SRCDIR/examples/road-warrior.yaml" > "$E2E_DIR/issue12.yaml"
check "generate issue 12's gateway" gateway_from "$E2E_DIR/issue12.yaml"
check "check predicts failing CHILD_SA rekeys for the client requiring PFS" sh -c \
	'"$1" check --clients "$2" 2>/dev/null | grep -q "^id=strongswan-pfs .*connect=yes .*child_rekey=no child_rekey_gw=no"' \
	sh "$SWANMOBILE" "$E2E_DIR/issue12.yaml"
platforms "$E2E_DIR/issue12.yaml" issue12 'strongswan|strongswan-pfs'
check "the gateway refused the key exchange of the rekey" \
	grep -q "no acceptable KEY_EXCHANGE_METHOD" "$(e2e_charon_dir gw)/charon.log"

check "gateway charon stops cleanly" e2e_charon_stop gw
e2e_finish
