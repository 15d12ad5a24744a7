#!/bin/sh
# Feed import benchmark: a 5,000-item and a 50,000-item feed imported into a
# fresh catalog and again unchanged, with newsboat on the same files when it
# is installed.
#
# usage: bench/feeds.sh [builddir] [workdir]

set -eu
build=${1:-.}
work=${2:-${TMPDIR:-/tmp}/earmark-bench-feeds}
sizes=${FEEDS_SIZES:-5000 50000}

rm -rf "$work"
mkdir -p "$work"
echo "earmark feed import, $(date -u +%Y-%m-%d), $(nproc) cores, $(uname -m)"
# shellcheck disable=SC2086
"$build/bench/feeds" "$work" $sizes

if ! command -v newsboat >/dev/null 2>&1; then
	echo "newsboat: not installed, skipped"
	exit 0
fi
if [ -x /usr/bin/time ]; then
	timer='/usr/bin/time -f %e_s_%M_kB'
else
	timer=
fi
echo "newsboat $(newsboat -v | head -n 1 | cut -d' ' -f2) for comparison (reload from file://, own cache):"
for n in $sizes; do
	dir="$work/newsboat-$n"
	mkdir -p "$dir"
	echo "file://$work/feed-$n.xml" >"$dir/urls"
	: >"$dir/config"
	for run in first unchanged; do
		printf '    %-24s' "$n items, $run:"
		# shellcheck disable=SC2086
		HOME=$dir $timer newsboat -q -u "$dir/urls" -c "$dir/cache.db" \
		    -C "$dir/config" -x reload 2>&1 >/dev/null | tail -n 1 |
		    sed 's/_s_/ s, peak RSS /; s/_kB/ kB/'
	done
done
