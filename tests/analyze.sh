#!/bin/sh
# Static analysis, not part of make check: cppcheck over catalog/ player/ tui/
# util/, then GCC's -fanalyzer on a build of earmark (which holds every
# library) in WORKDIR. Fails on any warning that is neither fixed nor listed
# with its reason in tests/cppcheck.supp (or inline) or tests/analyzer.supp.
# usage: tests/analyze.sh [WORKDIR]   (default $TMPDIR/earmark-analyze; -j2)
set -u
src=$(cd "$(dirname "$0")/.." && pwd)
work=${1:-${TMPDIR:-/tmp}/earmark-analyze}
rc=0

echo "analyze: cppcheck"
(cd "$src" && cppcheck --error-exitcode=1 --quiet --std=c11 \
    --enable=warning,style,performance,portability --inline-suppr \
    --suppressions-list=tests/cppcheck.supp -I. catalog player tui util) || rc=1

echo "analyze: gcc -fanalyzer in $work"
mkdir -p "$work"
(cd "$work" && { [ -f Makefile ] || "$src/configure" CC=gcc CFLAGS="-O1 -g -fanalyzer" \
    >/dev/null; } && make clean >/dev/null && make -j2 earmark >build.log 2>&1) || {
	echo "analyze: the build failed; see $work/build.log" >&2
	exit 1
}
# "FILE FUNCTION OPTION" for each warning, from GCC's "In function" lines.
awk -v src="$src/" '/In function / { fn = $0; sub(/.*In function .../, "", fn); sub(/...:$/, "", fn) }
    /: warning: .*\[-Wanalyzer-/ { f = $1; sub(/^(\.\.\/)+/, "", f); sub(/:.*/, "", f)
	if (index(f, src) == 1) f = substr(f, length(src) + 1)
	o = $NF; gsub(/[][]/, "", o); print f, fn, o, "   " $0 }' "$work/build.log" |
    sort -u >"$work/warnings"
grep -v '^#' "$src/tests/analyzer.supp" | awk 'NF >= 3 { print $1, $2, $3 }' >"$work/allowed"
new=$(awk 'NR == FNR { ok[$1 " " $2 " " $3] = 1; next } !(($1 " " $2 " " $3) in ok)' \
    "$work/allowed" "$work/warnings")
echo "analyze: $(wc -l <"$work/warnings") -fanalyzer warnings, $(printf '%s' "$new" | grep -c .) not listed"
if [ -n "$new" ]; then
	printf '%s\n' "$new" | sed 's/^[^ ]* [^ ]* [^ ]* *//'
	rc=1
fi
exit "$rc"
