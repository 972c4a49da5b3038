#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# swanmobile diagnose: options, exit codes, text and JSON output, standard
# input, --since, and the gateway's own log (file or journalctl)
. "$(dirname "$0")/tap.sh"

F=$SM_SRCDIR/tests/fixtures/logs
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export TZ=UTC

run "$SWANMOBILE" diagnose --help
expect_rc 0 "--help exits 0"
expect_match "$out" '--since TIME' "--help explains --since"

run "$SWANMOBILE" diagnose --frobnicate
expect_rc 2 "an unknown option exits 2"
expect_match "$err" "unknown option '--frobnicate'" "the unknown option is named"

run "$SWANMOBILE" diagnose --since yesterday-ish "$F/eap-success.responder.log"
expect_rc 2 "a --since it does not understand exits 2"
expect_match "$err" "not 'yesterday-ish'" "the --since value is named"

run "$SWANMOBILE" diagnose "$tmp/no-such.log"
expect_rc 3 "an unreadable log exits 3"
expect_match "$err" "no-such.log: No such file or directory" "the unreadable file is named"

printf 'hello\nworld\n' > "$tmp/other.log"
run "$SWANMOBILE" diagnose "$tmp/other.log"
expect_rc 1 "a file without charon lines exits 1"
expect_match "$err" "no charon log lines in $tmp/other.log" "it says so"

# both sides, text
run "$SWANMOBILE" diagnose "$F/ike-encryption-mismatch.initiator.log" "$F/ike-encryption-mismatch.responder.log"
expect_rc 0 "a log with a failure is read (exit 0)"
expect_match "$out" '^attempt 1: p1-encryption-mismatch$' "the cause code heads the attempt"
expect_match "$out" 'encryption: received AES_CBC_128, configured AES_CBC_256' "the values that differ are named"
expect_match "$out" 'fix: +swanmobile.yaml: ike.proposals' "the YAML key to change is named"
expect_match "$out" 'pfSense: VPN > IPsec > Tunnels > Phase 1: Encryption Algorithm' "the pfSense setting is named"
expect_match "$out" 'responder.log:[0-9]+: .*received proposals: IKE:AES_CBC_128' "evidence lines carry file:line"
expect_match "$out" '^1 attempt: 0 established, 1 failed$' "a summary ends the report"

# JSON
run "$SWANMOBILE" diagnose --json "$F/eap-unknown-user.initiator.log" "$F/eap-unknown-user.responder.log"
expect_rc 0 "--json exits 0"
expect_match "$out" '^\{"schema": 1, "attempts": \[$' "JSON starts with the schema version"
expect_match "$out" '^ \{"cause": "eap-identity-unknown", ' "one object per attempt, cause first"
expect_match "$out" '"values": \[\{"what": "EAP identity", "received": "dave"' "the unknown user is named"
expect_match "$out" '"sides": \[\{"file": "[^"]*responder.log", "role": "responder".*\{"file": "[^"]*initiator.log", "role": "initiator"' "both sides are listed"

# standard input, a healthy log
run sh -c '"$1" diagnose - < "$2"' sh "$SWANMOBILE" "$F/eap-success.responder.log"
expect_rc 0 "'-' reads standard input"
expect_match "$out" '^attempt 1: established$' "a healthy log says established"
expect_match "$out" "user: +jimp@example.com, virtual IP 10.3.200.1" "with the user and virtual IP"
expect_match "$out" '^1 attempt: 1 established, 0 failed$' "and counts it as established"

# --since: two cases' gateway logs one after the other (the bed runs
# eap-unknown-user before ike-encryption-mismatch)
cat "$F/eap-unknown-user.responder.log" "$F/ike-encryption-mismatch.responder.log" > "$tmp/two.log"
second=$(head -n 1 "$F/ike-encryption-mismatch.responder.log" | cut -c1-8)
run "$SWANMOBILE" diagnose "$tmp/two.log"
expect_match "$out" '^2 attempts: 0 established, 2 failed$' "without --since both attempts are reported"
run "$SWANMOBILE" diagnose --since "$second" "$tmp/two.log"
expect_match "$out" '^1 attempt: 0 established, 1 failed$' "--since $second leaves the later attempt"
expect_match "$out" '^attempt 1: p1-encryption-mismatch$' "which is the later one"

# no FILE: the gateway's log file (SM_CHARON_LOG, as scripts/gateway uses)
run env SM_CHARON_LOG="$F/ts-mismatch.responder.log" "$SWANMOBILE" diagnose
expect_rc 0 "no FILE reads the gateway's log file"
expect_match "$out" '^attempt 1: p2-traffic-selector-mismatch$' "and diagnoses it"

# no FILE and no log file: journalctl with a fixed argv, through a pipe
# (its JSON export: charon-systemd's fields give thread and IKE_SA)
mkdir "$tmp/bin"
sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' \
	-e 's/^\(..\):\(..\):\(..\) \([0-9]*\)\[\([A-Z]*\)\] \(.*\)$/{"__REALTIME_TIMESTAMP":"1733\1\2\3000000","SYSLOG_IDENTIFIER":"charon-systemd","THREAD":"\4","GROUP":"\5","MESSAGE":"\6"}/' \
	"$F/ike-dh-mismatch.responder.log" > "$tmp/journal.json"
cat > "$tmp/bin/journalctl" <<EOF
#!/bin/sh
printf '%s\n' "\$*" > "$tmp/argv"
cat "$tmp/journal.json"
EOF
chmod +x "$tmp/bin/journalctl"
run env PATH="$tmp/bin:$PATH" SM_CHARON_LOG="$tmp/none.log" "$SWANMOBILE" diagnose
expect_rc 0 "without a log file the journal is read"
expect_match "$out" '^attempt 1: p1-dh-group-mismatch$' "journalctl's output is diagnosed"
expect_match "$(cat "$tmp/argv")" '^--no-pager --quiet -o json -u strongswan.service$' "journalctl gets a fixed argv"

printf '#!/bin/sh\necho "no journal here" >&2\nexit 1\n' > "$tmp/bin/journalctl"
run env PATH="$tmp/bin:$PATH" SM_CHARON_LOG="$tmp/none.log" "$SWANMOBILE" diagnose
expect_rc 3 "a failing journalctl exits 3"
expect_match "$err" "journalctl failed" "and says so"
finish
