#!/usr/bin/env bash
# 300's comparison of our upsc with NUT's, run against our upsd (skipped until
# server/upsd is built); uses our dummy-ups when built, else NUT's.
UPSC_SERVER=ours
. "$(dirname "$0")/300-upsc-nut-upsd.sh"
