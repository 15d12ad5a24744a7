#!/bin/sh
# Sync mode benchmark: the time of one stamp on estimated transcripts of
# 1,000, 3,000 and 10,000 lines, each stamp moving the rest of the transcript.
#
# usage: bench/stamps.sh [builddir] [workdir]

set -eu
build=${1:-.}
work=${2:-${TMPDIR:-/tmp}/earmark-bench-stamps}
src=$(cd "$(dirname "$0")/.." && pwd)

rm -rf "$work"
mkdir -p "$work"
echo "earmark sync-mode stamps, $(date -u +%Y-%m-%d), $(nproc) cores, $(uname -m)"
"$build/bench/stamps" "$work" "$src/assets/demo/feed.xml" ${STAMPS_SIZES:-1000 3000 10000}
