#!/bin/sh
# Search benchmark: 2,000 episodes of 1,000 transcript lines imported through
# the feed import, then 100 queries timed three times.
#
# usage: bench/search.sh [builddir] [workdir] [-d | -q]
# -d fills the same tables directly through SQLite instead of the import;
# -q only runs the queries again on the catalog an earlier run left in workdir.

set -eu
build=${1:-.}
work=${2:-${TMPDIR:-/tmp}/earmark-bench-search}
shift $(($# > 2 ? 2 : $#))

case "$*" in
*-q*)	;;
*)	rm -rf "$work" ;;
esac
echo "earmark search, $(date -u +%Y-%m-%d), $(nproc) cores, $(uname -m)"
"$build/bench/search" "$@" "$work"
