#!/usr/bin/env bash
# upsc's command line and the ups[@host[:port]] notation (upscli_splitname /
# upscli_splitaddr), without a server: where NUT's upsc is sane ours must say
# the same bytes; where NUT's crashes or reads junk as a number, ours refuses
# with the usual "invalid UPS definition" error.
. "$(dirname "$0")/lib.sh"

need_ours upsc
OUR_UPSC=$(prog_path ours upsc)
NUT_UPSC=$(prog_path nut upsc)
closed=$(free_port)

cmp_upsc() {
	local nout nerr nrc
	run "$NUT_UPSC" "$@"
	nout=$OUT nrc=$RC
	nerr=$(grep -v '^Init SSL without certificate database$' <<<"$ERR")
	run "$OUR_UPSC" "$@"
	assert_eq "$nout" "$OUT" "stdout of upsc $*"
	assert_eq "$nerr" "$ERR" "stderr of upsc $*"
	assert_eq "$nrc" "$RC" "exit status of upsc $*"
}

invalid_ups=$'Error: invalid UPS definition.\nRequired format: upsname[@hostname[:port]]'
invalid_host=$'Error: invalid hostname.\nRequired format: [hostname[:port]]'

# --- what the notation accepts: errors come from the connection, not the parser
assert_rc 1 "$OUR_UPSC" "ups@127.0.0.1:$closed"
assert_eq "Error: Connection failure: Connection refused" "$ERR" "ups@host:port"
assert_rc 1 "$OUR_UPSC" "ups@[127.0.0.1]:$closed"
assert_eq "Error: Connection failure: Connection refused" "$ERR" "ups@[literal]:port"
assert_rc 1 "$OUR_UPSC" "ups@nonexistent.invalid"
assert_eq "Error: No such host" "$ERR" "unresolvable host"
assert_rc 1 "$OUR_UPSC" -l "nonexistent.invalid:$closed"
assert_eq "Error: No such host" "$ERR" "-l unresolvable host"

# --- what it refuses: library message, then upsc's
assert_rc 1 "$OUR_UPSC"
assert_eq "$invalid_ups" "$ERR" "no argument"
assert_rc 1 "$OUR_UPSC" -c
assert_eq "$invalid_ups" "$ERR" "-c without ups"
assert_rc 1 "$OUR_UPSC" "ups@"
assert_eq $'upscli_splitaddr: can\'t parse empty string\n'"$invalid_ups" "$ERR" "ups@"
assert_rc 1 "$OUR_UPSC" "ups@host:"
assert_eq $'upscli_splitaddr: no port specified after \':\' separator\n'"$invalid_ups" "$ERR" "ups@host:"
for port in 0 65536 -1 abc 12ab 1:2 " 1" "+1"; do
	assert_rc 1 "$OUR_UPSC" "ups@127.0.0.1:$port"
	assert_eq $'upscli_splitaddr: no port specified after \':\' separator\n'"$invalid_ups" "$ERR" "port '$port'"
done
assert_rc 1 "$OUR_UPSC" "ups@[::1"
assert_eq $'upscli_splitaddr: missing closing bracket in [domain literal]\n'"$invalid_ups" "$ERR" "unclosed bracket"
assert_rc 1 "$OUR_UPSC" "ups@[::1]x"
assert_match "$ERR" "^upscli_splitaddr: .*"$'\n'"Error: invalid UPS definition" "text after ]"
assert_rc 1 "$OUR_UPSC" "ups@[]"
assert_match "$ERR" "^upscli_splitaddr: .*"$'\n'"Error: invalid UPS definition" "empty []"
assert_rc 1 "$OUR_UPSC" "ups@::1"
assert_match "$ERR" "^upscli_splitaddr: .*"$'\n'"Error: invalid UPS definition" "unbracketed IPv6"
assert_rc 1 "$OUR_UPSC" "@127.0.0.1"
assert_match "$ERR" "^upscli_splitname: .*"$'\n'"Error: invalid UPS definition" "empty ups name"
assert_rc 1 "$OUR_UPSC" "@"
assert_match "$ERR" "Error: invalid UPS definition" "lone @"
assert_rc 1 "$OUR_UPSC" -l ""
assert_eq $'upscli_splitaddr: can\'t parse empty string\n'"$invalid_host" "$ERR" "-l ''"
assert_rc 1 "$OUR_UPSC" -L "host:0"
assert_eq $'upscli_splitaddr: no port specified after \':\' separator\n'"$invalid_host" "$ERR" "-L host:0"

# --- help, version, unknown options
assert_rc 0 "$OUR_UPSC" -h
assert_contains "$OUT" "usage: upsc" "-h on stdout"
assert_contains "$OUT" "-j" "-h mentions -j"
assert_eq "" "$ERR" "-h: nothing on stderr"
assert_rc 0 "$OUR_UPSC" -V
assert_eq "" "$OUT" "-V: nothing on stdout (NUT prints the version on stderr)"
assert_match "$ERR" "^Upsilon upsc [0-9]" "-V on stderr"
assert_rc 1 "$OUR_UPSC" -x
assert_contains "$ERR" "invalid option" "unknown option"
assert_contains "$ERR" "usage: upsc" "unknown option shows the usage"

# --- byte-identical with NUT's upsc where NUT behaves
if ! [ -x "$NUT_UPSC" ]; then
	skip_part "NUT's upsc not installed: byte-for-byte comparisons with it skipped"
	exit 0
fi
for args in "" "ups@" "ups@host:" "ups@host:0" "ups@host:65536" "ups@[::1" \
	"ups@127.0.0.1:$closed" "ups@[127.0.0.1]:$closed" "ups@nonexistent.invalid"; do
	cmp_upsc $args
done
cmp_upsc -c
cmp_upsc -l ""
cmp_upsc -l "127.0.0.1:$closed"
cmp_upsc -L "nonexistent.invalid"
cmp_upsc -c "ups@127.0.0.1:$closed"
cmp_upsc "ups@127.0.0.1:$closed" nodot
exit 0
