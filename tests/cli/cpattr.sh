#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# cpattr: the e2e bed's CP-attribute decoder (tests/e2e/cpattr.awk, used by
# bed_cp_attrs) on charon payload dumps captured in a real run of the bed
# (tests/fixtures/cpattr/README): every attribute type the bed asserts on
# decodes to the value the gateway sent, empty values once, charon's own
# requests and other threads' lines are ignored, the last CP payload wins.
. "$(dirname "$0")/tap.sh"
AWK=${AWK:-awk}
decoder=$SM_SRCDIR/tests/e2e/cpattr.awk
fx=$SM_SRCDIR/tests/fixtures/cpattr
tmp=$(mktemp -d /tmp/sm-cpattr.XXXXXX) || exit 1
trap 'rm -rf "$tmp"' EXIT

# decode FILE...: the decoder's output in $tmp/got; fails if awk does
decode() { "$AWK" -f "$decoder" "$@" > "$tmp/got" 2> "$tmp/err"; }

# same_as TEXT DESCRIPTION: the last decode printed exactly TEXT
same_as()
{
	if [ -n "$1" ]; then printf '%s\n' "$1"; fi > "$tmp/want"
	if cmp -s "$tmp/want" "$tmp/got"; then
		ok "$2"
	else
		not_ok "$2"
		diag "$(diff -u "$tmp/want" "$tmp/got")" "$(cat "$tmp/err")"
	fi
}

# what the bed's gateway pool sent (see the README): the client's log
response='1 INTERNAL_IP4_ADDRESS 4 10.3.200.1
8 INTERNAL_IP6_ADDRESS 17 2001:0db8:0200:0000:0000:0000:0000:0001/64
3 INTERNAL_IP4_DNS 4 10.3.0.1
10 INTERNAL_IP6_DNS 16 2001:0db8:0003:0000:0000:0000:0000:0053
4 INTERNAL_IP4_NBNS 4 10.3.0.2
25 INTERNAL_DNS_DOMAIN 11 example.com
25 INTERNAL_DNS_DOMAIN 11 example.org
28674 UNITY_DEF_DOMAIN 11 example.com
28672 UNITY_BANNER 34 Welcome to the swanmobile test bed
16400 UNKNOWN 7 70726976617465
13 INTERNAL_IP4_SUBNET 8 10.3.0.0/24
15 INTERNAL_IP6_SUBNET 17 2001:0db8:0003:0000:0000:0000:0000:0000/64'
# what the client asked for (empty values): the gateway's log
request='1 INTERNAL_IP4_ADDRESS 0 (empty)
8 INTERNAL_IP6_ADDRESS 0 (empty)
3 INTERNAL_IP4_DNS 0 (empty)
10 INTERNAL_IP6_DNS 0 (empty)'

decode "$fx/response.raw"
same_as "$response" "the client's dump: every attribute the gateway sent, decoded, in order"
has_line "$(cat "$tmp/got")" "13 INTERNAL_IP4_SUBNET 8 10.3.0.0/24" &&
	ok "a netmask becomes a prefix length" || not_ok "a netmask becomes a prefix length"
has_line "$(cat "$tmp/got")" "28672 UNITY_BANNER 34 Welcome to the swanmobile test bed" &&
	ok "a string spread over three dump lines is read whole" ||
	not_ok "a string spread over three dump lines is read whole"

decode "$fx/request.raw"
same_as "$request" "the gateway's dump: the requested attributes, each empty value once"

# the client generated its request before: that payload is not read
sed -n '1,/generating CONFIGURATION payload finished/p' "$fx/response.raw" > "$tmp/generated"
grep -q 'generating rule 1 ATTRIBUTE_TYPE' "$tmp/generated" &&
	ok "the fixture holds a generated CP payload" || not_ok "the fixture holds a generated CP payload"
decode "$tmp/generated"
same_as "" "a CP payload charon generates is not decoded"

# the last CP payload parsed wins
decode "$fx/request.raw" "$fx/response.raw"
same_as "$response" "request, then response: the response's attributes"
decode "$fx/response.raw" "$fx/request.raw"
same_as "$request" "response, then request: the request's attributes"

# lines of other threads inside the payload are ignored: after each
# attribute value's rule line, a dump line of the thread that parsed the
# header (03), and one of a thread whose number ends in the parser's (113)
tid=$(sed -n 's/^\([0-9]*\)\[ENC\] parsing CONFIGURATION payload,.*/\1/p' "$fx/response.raw")
[ -n "$tid" ] && [ "$tid" != 03 ] && ok "the CP payload was parsed by thread $tid" ||
	not_ok "the CP payload was parsed by a thread other than 03 ($tid)"
other=$(grep -m 1 '^03\[ENC\] *[0-9]*: ' "$fx/response.raw")
[ -n "$other" ] && ok "thread 03 dumped bytes too" || not_ok "thread 03 dumped bytes too"
awk -v other="$other" -v tid="$tid" '
	{ print }
	/parsing rule 3 ATTRIBUTE_VALUE/ { print other; x = other; sub(/^03/, "1" tid, x); print x }
	' "$fx/response.raw" > "$tmp/interleaved"
decode "$tmp/interleaved"
same_as "$response" "dump lines of other threads inside the payload are ignored"

# bed_cp_attrs: the log since bed_mark, through the decoder
(
	. "$SM_SRCDIR/tests/e2e/lib.sh"
	. "$SM_SRCDIR/tests/e2e/bed.sh"
	E2E_DIR=$tmp/bed
	d=$(e2e_charon_dir rw)
	mkdir -p "$d"
	: > "$d/charon.log"
	cat "$fx/request.raw" > "$d/charon-raw.log"
	bed_mark rw
	cat "$fx/response.raw" >> "$d/charon-raw.log"
	bed_cp_attrs rw > "$tmp/got"
	bed_mark rw
	bed_cp_attrs rw > "$tmp/got-after"
)
same_as "$response" "bed_cp_attrs decodes the log since bed_mark"
[ ! -s "$tmp/got-after" ] && ok "bed_cp_attrs after a new mark: nothing" ||
	not_ok "bed_cp_attrs after a new mark: nothing"
finish
