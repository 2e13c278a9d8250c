#!/usr/bin/env bash
# Replays transcript.txt (>= 60 protocol lines: valid, invalid, quoted, mixed
# case, extra blanks, pipelined, wrong argument counts, unknown UPS/variables,
# every LIST and GET, USERNAME/PASSWORD/LOGIN sequences, LOGOUT last) against
# NUT's upsd and ours, both fed by NUT's dummy-ups from the same files so that
# only the servers differ. Replies must be identical except the VER line and
# the wording of variable/command descriptions (see transcript_normalise in interop.sh).
# The transcript is first replayed twice against NUT's upsd: it must be
# deterministic and get an answer for every line, or the test is broken.
# NUT's replies are also kept in transcript.expected (regenerate with
# UT_REGEN=1 after changing the transcript); without NUT installed, ours is
# compared with that file alone.
. "$(dirname "$0")/../integration/lib.sh"
. "$(dirname "$0")/interop.sh"
need_ours upsd
nut_has dummy-ups || skip "NUT's dummy-ups (the data source) not installed"
transcript_test transcript 60
