#!/usr/bin/env bash
# Replays transcript-write.txt — the write path: per-user rights for SET VAR,
# INSTCMD, FSD, PRIMARY/MASTER; SET VAR/INSTCMD argument and value checks;
# SET/GET TRACKING; FSD shown in ups.status — against NUT's upsd and ours, as
# 040-transcript.sh does (same setup, same comparison; see interop.sh).
. "$(dirname "$0")/../integration/lib.sh"
. "$(dirname "$0")/interop.sh"
need_ours upsd
nut_has dummy-ups || skip "NUT's dummy-ups (the data source) not installed"
transcript_test transcript-write 40
