#!/bin/sh
# part-driver.sh: the log driver of the shell tests (SH_LOG_DRIVER). It runs
# automake's own test-driver, then adds one SKIP result to the test's .trs
# for every "SKIP-PART: ..." line in its log (lib.sh's skip_part: a part of
# the test, typically the comparison with NUT, that could not run). The
# test's own result stays as it was; the tally counts the skipped parts
# beside it, so "compared with NUT" is never claimed when NUT was missing.
#   usage: part-driver.sh SHELL TEST-DRIVER [test-driver options] -- TEST [ARGS]
set -u
sh=$1 driver=$2
shift 2
name= log= trs= color=no
# Read the options we need without consuming them.
prev=
for a in "$@"; do
	case $prev in
	--test-name) name=$a ;;
	--log-file) log=$a ;;
	--trs-file) trs=$a ;;
	--color-tests) color=$a ;;
	esac
	[ "$a" = -- ] && break
	prev=$a
done
"$sh" "$driver" "$@"
rc=$?
if [ -n "$log" ] && [ -n "$trs" ] && [ -f "$log" ] && [ -f "$trs" ] &&
	! grep -q '^:global-test-result: SKIP' "$trs"; then
	if [ "$color" = yes ]; then
		blu='\033[1;34m' std='\033[m'
	else
		blu= std=
	fi
	grep '^SKIP-PART: ' "$log" | while IFS= read -r line; do
		echo ":test-result: SKIP" >>"$trs"
		# Same shape as test-driver's own result lines.
		msg=${line#SKIP-PART: }
		printf "${blu}SKIP${std}: %s (part: %s)\n" "$name" "${msg#*: }"
	done
fi
exit $rc
