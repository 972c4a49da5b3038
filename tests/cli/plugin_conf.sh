#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The plugin's settings: plugin/format-options.awk turns .opt files into
# strongswan.d snippets (golden case tests/data/format-options/), the built
# plugin/swanmobile.conf documents every key with its configured default,
# and the plugin, its .opt file and swanmobile.conf(5) name the same keys.
. "$(dirname "$0")/tap.sh"

AWK=${AWK:-awk}
fmt=$SM_SRCDIR/plugin/format-options.awk
data=$SM_SRCDIR/tests/data/format-options
opt=$SM_SRCDIR/plugin/swanmobile.opt
conf=${SM_PLUGIN_CONF:-$SM_BUILDDIR/plugin/swanmobile.conf}
tmp=$(mktemp -d /tmp/sm-plugin-conf.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

# the formatter
LC_ALL=C $AWK -v root=charon.plugins -f "$fmt" "$data/sample.opt" > "$tmp/sample.conf" 2> "$tmp/err"
rc=$?
expect_rc 0 "the formatter reads the sample"
if diff -u "$data/sample.conf" "$tmp/sample.conf" > "$tmp/diff"; then
	ok "the sample's snippet matches the golden file"
else
	not_ok "the sample's snippet matches the golden file"
	diag "$(cat "$tmp/diff")"
fi

printf 'a.b = 1\n\tfine\nnot an option\n' > "$tmp/bad.opt"
run env LC_ALL=C $AWK -f "$fmt" "$tmp/bad.opt"
expect_rc 1 "a line that is no option, section or description fails"
expect_match "$err" "^$tmp/bad.opt:3: expected an option" "the error names file and line"
printf '\tdescription\na.b = 1\n' > "$tmp/bad.opt"
run env LC_ALL=C $AWK -f "$fmt" "$tmp/bad.opt"
expect_rc 1 "a description before the first option fails"

# the built snippet
[ -f "$conf" ] && ok "the snippet $conf was built" || not_ok "the snippet $conf was built"
expect_match "$(cat "$conf")" '^swanmobile \{$' "the snippet is a swanmobile section"
expect_match "$(cat "$conf")" '^    load = yes$' "the snippet loads the plugin"
set -- $(grep -E '^    [a-z_]+ =' "$conf" | sed 's/ =.*//')
[ "$*" = load ] && ok "load is the only setting not commented out" ||
	not_ok "load is the only setting not commented out (got: $*)"

# every key of the .opt file, with its default (%USERDB% as configured)
keys=$(sed -n 's/^charon\.plugins\.swanmobile\.\([a-z_]*\) *:*=.*/\1/p' "$opt")
for k in $keys; do
	[ "$k" = load ] && continue
	def=$(sed -n "s/^charon\\.plugins\\.swanmobile\\.$k *= *//p" "$opt" |
		sed "s|%USERDB%|$SM_USERDB|")
	if grep -Fqx "    # $k = $def" "$conf"; then
		ok "the snippet documents $k = $def"
	else
		not_ok "the snippet documents $k = $def"
		diag "$(cat "$conf")"
	fi
done

# the keys the plugin reads, the .opt file and the manual page agree
read_keys=$(grep -ho '"%s\.plugins\.swanmobile\.[a-z_]*"' "$SM_SRCDIR"/plugin/*.c |
	sed 's/.*swanmobile\.\([a-z_]*\)"/\1/' | sort -u)
[ -n "$read_keys" ] && ok "the plugin reads settings ($(echo $read_keys))" ||
	not_ok "the plugin reads settings"
for k in $read_keys; do
	echo "$keys" | grep -qx "$k" && ok "$k is documented in swanmobile.opt" ||
		not_ok "$k is documented in swanmobile.opt"
done
for k in $keys; do
	[ "$k" = load ] && continue
	echo "$read_keys" | grep -qx "$k" && ok "$k of swanmobile.opt is read by the plugin" ||
		not_ok "$k of swanmobile.opt is read by the plugin"
	grep -q "^\\.BR $k " "$SM_SRCDIR/man/swanmobile.conf.5.in" &&
		ok "$k is described in swanmobile.conf(5)" ||
		not_ok "$k is described in swanmobile.conf(5)"
done
finish
