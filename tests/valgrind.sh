#!/bin/sh
# Runs the Check unit tests and the command-line tests (tests/cli.sh) under
# valgrind memcheck, and fails on any error or leak outside the libraries that
# tests/valgrind.supp names. Not part of make check: use a build without
# sanitizers, e.g.
#   mkdir bv && cd bv && ../configure && make && make check TESTS= && ../tests/valgrind.sh
# Usage: tests/valgrind.sh [TEST...]: names of tests/test_* programs or of
# test scripts (cli.sh, screen.sh, ...); default every test_* and cli.sh. The
# screen tests can run too, though their time limits may be short for valgrind.
set -u
src=$(cd "$(dirname "$0")/.." && pwd)
build=$(pwd)
command -v valgrind >/dev/null 2>&1 || { echo "valgrind not found" >&2; exit 77; }
if [ ! -x "$build/earmark" ]; then
	echo "valgrind: run from a build folder (no earmark in $build)" >&2
	exit 2
fi
if grep -q '^SAN_CFLAGS = .*sanitize' "$build/Makefile" 2>/dev/null; then
	echo "valgrind: $build has sanitizers; use a build without them" >&2
	exit 2
fi
logs=$(mktemp -d "${TMPDIR:-/tmp}/earmark-valgrind.XXXXXX")
VG="valgrind --tool=memcheck --leak-check=full --show-leak-kinds=definite,indirect
    --errors-for-leak-kinds=definite,indirect --track-origins=yes --num-callers=40
    --suppressions=$src/tests/valgrind.supp --gen-suppressions=all"
export top_srcdir="$src" top_builddir="$build" CK_FORK=no CK_DEFAULT_TIMEOUT=600
if [ $# -eq 0 ]; then
	for t in "$build"/tests/test_*; do
		[ -x "$t" ] && set -- "$@" "$(basename "$t")"
	done
	set -- "$@" cli.sh
fi

failed=
for t in "$@"; do
	case $t in
	*.sh)
		# The script runs $top_builddir/earmark: point it at a wrapper.
		wrap=$logs/build
		mkdir -p "$wrap"
		printf '#!/bin/sh\nexec %s --log-file=%s/%s.%%p.log "%s/earmark" "$@"\n' \
		    "$(echo $VG)" "$logs" "$t" "$build" >"$wrap/earmark"
		chmod +x "$wrap/earmark"
		top_builddir=$wrap sh "$src/tests/$t" >"$logs/$t.out" 2>&1
		rc=$?
		;;
	*)
		$VG --log-file="$logs/$t.%p.log" "$build/tests/$t" >"$logs/$t.out" 2>&1
		rc=$?
		;;
	esac
	# Children that exec another program leave logs with no summary.
	bad=$(grep -l 'ERROR SUMMARY: [1-9]' "$logs/$t".*.log 2>/dev/null)
	n=$(ls "$logs/$t".*.log 2>/dev/null | wc -l)
	if [ -n "$bad" ]; then
		failed="$failed $t"
		echo "FAIL $t: memcheck errors in $(echo $bad | wc -w) of $n processes (logs in $logs)"
		for f in $bad; do
			sed -n '/^==[0-9]*== [A-Z].*\(Invalid\|uninit\|lost in\|Mismatched\|overlap\|Syscall\)/,/^==[0-9]*== $/p' "$f" | head -40
		done
	else
		# Those that ran to their end were checked for leaks too.
		m=$(grep -l 'HEAP SUMMARY' "$logs/$t".*.log 2>/dev/null | wc -l)
		echo "ok $t: memcheck clean in $n processes, $m of them checked for leaks at exit"
	fi
	# The test's own verdict is make check's to judge; under valgrind's
	# slowdown timing assertions (tests/test_player) can miss, so say which.
	if [ "$rc" -ne 0 ]; then
		echo "   note: $t itself exited $rc under valgrind:"
		grep -h -E ':[FE]:|^FAIL' "$logs/$t.out" | head -5 | sed 's/^/     /'
	fi
done
if [ -n "$failed" ]; then
	echo "valgrind: errors in:$failed" >&2
	exit 1
fi
rm -rf "$logs"
