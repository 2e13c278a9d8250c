# interop.sh — helpers shared by the interop tests (sourced after lib.sh).
#
#   INTEROP_UPS          UPS names used by the interop tests, one per .dev file
#   INTEROP_DEV[name]    the .dev file (tests/data/ddl) each one replays.
#                        Chosen from the real dumps because NUT 2.8.0's dummy-ups
#                        serves them unchanged (no empty values, no runs of
#                        blanks, no '=' or '"' or '#' or bytes >= 0x80 in values,
#                        no over-long values, device.X == ups.X for mfr/model/
#                        serial): the quirks listed in shared data/NOTICE.md
#                        would otherwise make the reference data differ from the
#                        file for reasons that are NUT's and not the protocol's.
#   setup_sides UPSD DRIVER DIR [UPSD DRIVER DIR...]
#                        for each triplet, in instance dir DIR: copy every .dev,
#                        write ups.conf (one section per UPS, with a desc), start
#                        the DRIVER implementation's dummy-ups for each and the
#                        UPSD implementation's upsd (ours|nut); all dirs start in
#                        parallel; returns once every UPS has a real status.
#   normalise_versions   stdin->stdout filter for upsc/pynut_dump output: the
#                        VALUES of driver.version and driver.version.internal are
#                        replaced by <version>; the variables must still exist on
#                        both sides. They are the only ones excluded because they
#                        name the implementation's own release ("2.8.0") and
#                        dummy-ups's internal revision ("0.15"); every other
#                        driver.* variable (driver.name, driver.parameter.*)
#                        reflects ups.conf and must be equal.
#   snapshot_upsc DIR [IMPL]  what upsc (default NUT's) reads from DIR's upsd:
#                        `upsc -l`, `-L`, every variable and ups.status of every
#                        UPS, single variables, `-c`, and the error cases
#                        (unknown variable, unknown UPS), each with
#                        exit status; stderr without the "Init SSL without
#                        certificate database" line (printed by NUT's upsc itself
#                        on every call, whatever the server).
#   snapshot_pynut DIR   pynut_dump.py against DIR's upsd.
#   transcript_test NAME MINLINES [SETUP]   see "transcripts" below (040, 045, 046).

INTEROP_DATA=$top_srcdir/tests/data/ddl
INTEROP_UPS=(cs500 su1500 sc450 px2000 pulsar rpt600)
declare -A INTEROP_DEV=(
	[cs500]=APC__Back-UPS_CS_500__usbhid-ups__2.6.0__01.dev
	[su1500]=APC__Smart-UPS_1500__usbhid-ups__2.6.4__01.dev
	[sc450]=APC__Smart-UPS_SC450_RM__apcsmart__2.6.1__01.dev
	[px2000]=Eaton__5PX_2000__usbhid-ups__2.7.4__01.dev
	[pulsar]=MGE_UPS_SYSTEMS__Pulsar_Evolution_500__usbhid-ups__2.7.2__01.dev
	[rpt600]=Powercom__RPT-600AP__usbhid-ups__2.7.2__01.dev
)

setup_sides() {
	local ups i
	local args=("$@")
	for ((i = 0; i < ${#args[@]}; i += 3)); do
		use_dir "${args[i + 2]}"
		for ups in "${INTEROP_UPS[@]}"; do
			use_dev "$INTEROP_DATA/${INTEROP_DEV[$ups]}" "$ups.dev"
			add_ups "$ups" dummy-ups "$ups.dev" "desc=UPS $ups (${INTEROP_DEV[$ups]%%__*})"
		done
		UT_NOWAIT=1 start_drivers "${args[i + 1]}" "${INTEROP_UPS[@]}"
	done
	for ((i = 0; i < ${#args[@]}; i += 3)); do
		use_dir "${args[i + 2]}"
		wait_drivers "${INTEROP_UPS[@]}"
		start_upsd "${args[i]}"
	done
	for ((i = 0; i < ${#args[@]}; i += 3)); do
		use_dir "${args[i + 2]}"
		for ups in "${INTEROP_UPS[@]}"; do
			wait_status "$ups"
		done
	done
}

normalise_versions() {
	sed -E 's/^((VAR|RW) [^ ]+ )?(driver\.version(\.internal)?): .*/\1\3: <version>/'
}

# One upsc call, recorded with its arguments, exit status and stderr.
ut_upsc_rec() {
	local impl=$1 out err rc
	shift
	out=$(upsc_run "$impl" "$@" 2>"$UT_TMP/.upsc.err")
	rc=$?
	err=$(grep -v '^Init SSL without certificate database$' "$UT_TMP/.upsc.err")
	# The address differs between the two servers compared; the rest must not.
	printf '$ upsc %s\n' "${*//$UPSD_PORT/PORT}"
	[ -n "$out" ] && printf '%s\n' "$out"
	[ -n "$err" ] && printf 'stderr: %s\n' "$err"
	printf 'rc=%s\n' "$rc"
}

snapshot_upsc() {
	local impl=${2:-nut} ups one=${INTEROP_UPS[0]}
	use_dir "$1"
	ut_upsc_rec "$impl" -l "$UPSD_ADDR"
	ut_upsc_rec "$impl" -L "$UPSD_ADDR"
	for ups in "${INTEROP_UPS[@]}"; do
		ut_upsc_rec "$impl" "$ups@$UPSD_ADDR"
		ut_upsc_rec "$impl" "$ups@$UPSD_ADDR" ups.status
	done
	ut_upsc_rec "$impl" "$one@$UPSD_ADDR" device.model
	ut_upsc_rec "$impl" "$one@$UPSD_ADDR" driver.name
	ut_upsc_rec "$impl" "$one@$UPSD_ADDR" no.such.variable
	ut_upsc_rec "$impl" -c "$one@$UPSD_ADDR"
	ut_upsc_rec "$impl" "nosuchups@$UPSD_ADDR"
	ut_upsc_rec "$impl" "nosuchups@$UPSD_ADDR" ups.status
	ut_upsc_rec "$impl" -c "nosuchups@$UPSD_ADDR"
}

snapshot_pynut() {
	use_dir "$1"
	/usr/bin/python3 "$top_srcdir/tests/interop/pynut_dump.py" 127.0.0.1 "$UPSD_PORT" ||
		fail "pynut_dump failed against $1"
}

# ---------------------------------------------------------------- transcripts
# Both servers serve t (Eaton 5PX 2000 dump, desc with an escaped quote and a
# backslash) and u (Powercom RPT-600AP), replayed by NUT's dummy-ups so that
# only the servers differ, with the same upsd.users: admin/secret (SET FSD,
# all instcmds, upsmon primary), mon/pass2 (upsmon secondary), plain/pass3.
transcript_setup() { # DIR UPSD-IMPL
	use_dir "$1"
	use_dev Eaton__5PX_2000__usbhid-ups__2.7.4__01.dev t.dev
	use_dev Powercom__RPT-600AP__usbhid-ups__2.7.2__01.dev u.dev
	write_ups_conf <<'CONF'
[t]
	driver = dummy-ups
	port = t.dev
	desc = "Rack \"A\" 5PX \\ 2000"
[u]
	driver = dummy-ups
	port = u.dev
CONF
	add_user admin secret "actions = SET FSD" "instcmds = ALL" "upsmon primary"
	add_user mon pass2 "upsmon secondary"
	add_user plain pass3
	start_drivers nut t u
	start_upsd "$2"
	wait_status t
	wait_status u
}

# transcript_replay PORT: every session's title, the lines sent ("> ...") and the replies.
transcript_replay() { nutclient -T "$UT_TRANSCRIPT" -c 0.3 -t 2 127.0.0.1 "$1"; }
# Three kinds of reply may differ, and are masked on both sides:
# - the reply to VER names the server;
# - TRACKING ids (random UUIDs; NUT 2.8.0's are the same series on every
#   start, ours are not) become <ID>, in replies and in the lines sent;
# - the prose of DESC/CMDDESC replies: NUT's texts come from its cmdvartab
#   file, which a clean-room implementation must word in its own way. The
#   reply's shape is still compared, and "Description unavailable" (no
#   description known) must match exactly.
transcript_normalise() {
	sed -E 's/[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}/<ID>/g' | awk '
		ver { print "<VER reply>"; ver = 0; next }
		/^(DESC|CMDDESC) [^ ]+ [^ ]+ "/ && !/ "Description unavailable"$/ {
			sub(/ ".*"$/, " \"<description>\"")
		}
		{ print }
		toupper($0) == "> VER" { ver = 1 }'
}

# transcript_test NAME MINLINES [SETUP]: replay tests/interop/NAME.txt against
# NUT's upsd (twice: it must be deterministic, get an answer for every line
# and have at least MINLINES lines) and ours, both fed by the same drivers
# (SETUP DIR UPSD-IMPL starts them and upsd; default transcript_setup: NUT's
# dummy-ups on the same files); ours must match NUT's replies, kept in
# NAME.expected (regenerated with UT_REGEN=1; without NUT's upsd, ours is
# compared with that file alone, and that part says SKIP).
transcript_test() {
	local setup=${3:-transcript_setup}
	UT_TRANSCRIPT=$top_srcdir/tests/interop/$1.txt
	UT_EXPECTED=$top_srcdir/tests/interop/$1.expected
	if nut_has upsd; then
		$setup nut nut
		transcript_replay "$UPSD_PORT" | transcript_normalise >"$UT_TMP/nut1.out"
		transcript_replay "$UPSD_PORT" | transcript_normalise >"$UT_TMP/nut2.out"
		assert_files_eq "$UT_TMP/nut1.out" "$UT_TMP/nut2.out" "transcript not deterministic against NUT"
		if grep -n '^<no reply>\|^<silent>' "$UT_TMP/nut1.out"; then
			fail "NUT did not answer some transcript lines (above): fix the transcript"
		fi
		local n
		n=$(sed -n 's/^# \([0-9]*\) lines sent$/\1/p' "$UT_TMP/nut1.out")
		[ "$n" -ge "$2" ] || fail "transcript has only $n lines"
		if [ -n "${UT_REGEN:-}" ]; then
			cp "$UT_TMP/nut1.out" "$UT_EXPECTED"
			note "regenerated $UT_EXPECTED"
		fi
		assert_files_eq "$UT_EXPECTED" "$UT_TMP/nut1.out" "$1.expected is stale (UT_REGEN=1 to refresh)"
	else
		skip_part "NUT's upsd not installed: ours compared with $1.expected only, not with NUT live"
	fi

	$setup ours ours
	transcript_replay "$UPSD_PORT" | transcript_normalise >"$UT_TMP/ours.out"
	assert_files_eq "$UT_EXPECTED" "$UT_TMP/ours.out" "our upsd vs NUT's replies"
}
