#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# swanmobile check: every golden bad case fails with exactly its .err on
# stderr, every warn case passes with exactly its .err, the example is
# clean, --json parses, --strict fails on warnings, usage errors exit 2.
# After a deliberate message change: tests/data/refresh.sh, review the diff.
. "$(dirname "$0")/tap.sh"
cd "$SM_SRCDIR" || exit 1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT


# check_case FILE RC: exit status and byte-exact stderr
check_case()
{
	f=$1 want=$2 err=${1%.yaml}.err
	"$SWANMOBILE" check "$f" > "$tmp/out" 2> "$tmp/err"
	rc=$?
	if [ ! -f "$err" ]; then
		not_ok "$f: no $err (run tests/data/refresh.sh)"
	elif [ $rc -ne "$want" ]; then
		not_ok "$f: exit $rc, expected $want"
		diag "$(cat "$tmp/err")"
	elif ! cmp -s "$err" "$tmp/err"; then
		not_ok "$f: stderr differs from $err"
		diag "$(diff -u "$err" "$tmp/err")"
	elif [ "$want" -ne 0 ] && [ -s "$tmp/out" ]; then
		not_ok "$f: unexpected output on stdout"
	elif [ "$want" -eq 0 ] && ! head -n 1 "$tmp/out" | grep -q "^clients of '"; then
		not_ok "$f: no client report on stdout"
		diag "$(head -n 5 "$tmp/out")"
	else
		ok "$f: exit $want, stderr as in $err"
	fi
}

for f in tests/data/bad/*.yaml; do
	check_case "$f" 1
done
for f in tests/data/warn/*.yaml; do
	check_case "$f" 0
	run "$SWANMOBILE" check --strict "$f"
	expect_rc 1 "$f: --strict fails on warnings"
done

# no golden stderr, and no --json output, holds a secret of its .yaml: the
# values of password and nt_hash keys (and of misspelt ones), plain, quoted
# (over lines too), in flow mappings, block scalars, written into the key,
# and every s3cret* word (the marker the secret-* cases use)
secrets_py='
import glob, re, sys
KEY = re.compile(r"(?i)(?<![\w-])[\"\x27]?(pas+w?o?r?d|pasword|nt[_-]?h[a-z]*)[\"\x27]?[ \t]*([:=]|[ \t](?=\S))[ \t]*(.*)")
def values(text):
    lines = text.split("\n")
    for i, line in enumerate(lines):
        for m in KEY.finditer(line):
            rest = m.group(3)
            if rest[:1] in "\"\x27":
                q = rest[0]
                end = rest.find(q, 1)
                if end > 0:
                    yield rest[1:end]
                else:
                    # over lines, or never closed
                    yield rest[1:]
                    for more in lines[i + 1:]:
                        yield more.strip().rstrip(q)
                        if q in more:
                            break
                continue
            if rest[:1] in "|>" or rest == "":
                ind = len(line) - len(line.lstrip())
                for more in lines[i + 1:]:
                    if more.strip() and len(more) - len(more.lstrip(" ")) <= ind:
                        break
                    yield more.strip()
                continue
            yield re.split(r"[,}\]]| #", rest)[0].strip()
    for w in re.findall(r"(?i)s3cret[\w-]*", text):
        yield w
bad = 0
for yml in sys.argv[2:]:
    text = open(yml, "rb").read().decode("utf-8", "replace")
    outs = {}
    for out in (yml[:-5] + ".err",
                sys.argv[1] + "/" + yml.split("/")[-1][:-5] + ".json"):
        outs[out] = open(out, "rb").read().decode("utf-8", "replace")
    for v in set(values(text)):
        # too short to tell from other text
        if len(v) < 4:
            continue
        for out, data in outs.items():
            if v in data:
                print("%s: secret %r of %s" % (out, v, yml))
                bad += 1
sys.exit(1 if bad else 0)
'
n=0
for f in tests/data/bad/*.yaml tests/data/warn/*.yaml; do
	"$SWANMOBILE" check --json "$f" > "$tmp/$(basename "${f%.yaml}").json" 2> /dev/null
	n=$((n + 1))
done
if python3 -c "$secrets_py" "$tmp" tests/data/bad/*.yaml tests/data/warn/*.yaml > "$tmp/leaks" 2>&1; then
	ok "no golden .err and no --json output of the $n cases holds a secret of its .yaml"
else
	not_ok "no golden .err and no --json output of the $n cases holds a secret of its .yaml"
	diag "$(cat "$tmp/leaks")"
fi
[ -n "$(ls tests/data/bad/secret-*.yaml 2> /dev/null)" ] && grep -q 'password: <redacted>' tests/data/bad/secret-*.err &&
	ok "the secret-* cases quote their lines with the values redacted" ||
	not_ok "the secret-* cases quote their lines with the values redacted"

# a huge value: the quoted line is cut around the caret, stderr stays small
# (20 MB of 'x', then a bad escape: the error is at its end)
huge()
{
	awk -v head="$1" -v tail="$2" 'BEGIN {
		printf "%s", head
		for (i = 0; i < 20 * 1024 * 1024 / 64; i++)
			printf "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
		printf "%s", tail
	}'
}
huge 'version: 1\ngateway:\n  hostname: vpn.example.com\n  names: ["' '\\q"]\n' > "$tmp/huge.yaml"
"$SWANMOBILE" check "$tmp/huge.yaml" > /dev/null 2> "$tmp/huge.err"
rc=$?
size=$(wc -c < "$tmp/huge.err")
[ $rc -eq 1 ] && [ "$size" -lt 1024 ] && ok "a 20 MB value: exit 1, $size bytes on stderr" ||
	{ not_ok "a 20 MB value: exit 1, under 1 KiB on stderr (exit $rc, $size bytes)"; diag "$(head -c 2000 "$tmp/huge.err")"; }
line=$(sed -n 2p "$tmp/huge.err")
caret=$(sed -n 3p "$tmp/huge.err")
expect_match "$line" '^  \.\.\.x{100}\\q"]$' "its line: '...', the 100 characters before the error, the rest of the line"
expect_match "$caret" '^ {105}\^$' "the caret stands under the error"
huge 'version: 1\ngateway:\n  hostname: vpn.example.com\n  names: [' ']\n' > "$tmp/huge.yaml"
"$SWANMOBILE" check "$tmp/huge.yaml" > /dev/null 2> "$tmp/huge.err"
size=$(wc -c < "$tmp/huge.err")
expect_match "$(cat "$tmp/huge.err")" '^    names: \[x{101}\.\.\.$' "a long line is cut 100 characters after the caret's, with '...'"
[ "$size" -lt 2048 ] && ok "a 20 MB name: $size bytes on stderr" || not_ok "a 20 MB name: under 2 KiB on stderr ($size bytes)"

run "$SWANMOBILE" check examples/road-warrior.yaml
expect_rc 0 "the example is valid"
[ -z "$err" ] && ok "the example: no errors, no warnings" || { not_ok "the example: no errors, no warnings"; diag "$err"; }

# --json: a JSON array on stdout, nothing on stderr
json_ok()
{
	python3 -c 'import json, sys
d = json.load(sys.stdin)
assert isinstance(d, list), "not a list"
for e in d:
    assert set(e) == {"file", "line", "column", "severity", "message"}, e
    assert e["severity"] in ("error", "warning"), e
print(len(d))' 2>&1
}
"$SWANMOBILE" check --json tests/data/bad/enums.yaml > "$tmp/out" 2> "$tmp/err"
rc=$?
[ $rc -eq 1 ] && ok "--json on a bad file exits 1" || not_ok "--json on a bad file exits 1 (got $rc)"
n=$(json_ok < "$tmp/out")
[ "$n" = 7 ] && [ ! -s "$tmp/err" ] && ok "--json prints the 7 errors as JSON on stdout only" || { not_ok "--json prints the 7 errors as JSON on stdout only"; diag "$n" "$(cat "$tmp/err")"; }
"$SWANMOBILE" check --json examples/road-warrior.yaml > "$tmp/out" 2> "$tmp/err"
n=$(json_ok < "$tmp/out")
[ "$n" = 0 ] && ok "--json on the example prints an empty array" || not_ok "--json on the example prints an empty array ($n)"

run "$SWANMOBILE" check --strict examples/road-warrior.yaml
expect_rc 0 "--strict passes the example"

run "$SWANMOBILE" check
expect_rc 2 "no FILE exits 2"
expect_match "$err" '^usage: swanmobile check' "no FILE prints the usage on stderr"
run "$SWANMOBILE" check --frobnicate examples/road-warrior.yaml
expect_rc 2 "an unknown option exits 2"
run "$SWANMOBILE" check examples/road-warrior.yaml examples/road-warrior.yaml
expect_rc 2 "two files exit 2"
run "$SWANMOBILE" check --help
expect_rc 0 "--help exits 0"
run "$SWANMOBILE" check /nonexistent/vpn.yaml
expect_rc 3 "an unreadable file exits 3"
expect_match "$err" "^/nonexistent/vpn.yaml: error: cannot read: No such file or directory$" "an unreadable file is named with the reason"
finish
