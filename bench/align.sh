#!/bin/sh
# Alignment benchmark: an hour of synthetic speech (espeak-ng, line by line,
# joined with sox) as a 128 kbit/s stereo MP3, decoded and aligned on one core.
#
# usage: bench/align.sh [builddir] [workdir] [minutes]

set -eu
build=$(cd "${1:-.}" && pwd)
work=${2:-${TMPDIR:-/tmp}/earmark-bench-align}
minutes=${3:-60}
src=$(cd "$(dirname "$0")" && pwd)

for tool in espeak-ng sox soxi; do
	command -v "$tool" >/dev/null || { echo "bench/align.sh: $tool is needed" >&2; exit 1; }
done
rm -rf "$work"
mkdir -p "$work"
cd "$work"
echo "earmark align, $(date -u +%Y-%m-%d), $(nproc) cores, $(uname -m)"

# One block of lines at varied speeds and pauses, repeated to the length asked.
i=0
: > block.txt
: > block.starts
at=0
list=
while IFS= read -r line; do
	speed=$((150 + (i * 7) % 40))
	gap=$(awk -v i="$i" 'BEGIN { printf "%.2f", 0.1 + ((i * 37) % 80) / 100 }')
	printf '%s\n' "$line" > "l$i.txt"
	espeak-ng -s "$speed" -f "l$i.txt" -w raw.wav
	sox raw.wav "p$i.wav" pad 0 "$gap"
	printf '%s\n' "$line" >> block.txt
	echo "$at" >> block.starts
	at=$(awk -v a="$at" -v d="$(soxi -D "p$i.wav")" 'BEGIN { printf "%.4f", a + d }')
	list="$list p$i.wav"
	i=$((i + 1))
done < "$src/align-text.txt"
sox $list block.wav
block=$(soxi -D block.wav)
n=$(awk -v b="$block" -v m="$minutes" 'BEGIN { n = int(m * 60 / b); print n < 1 ? 1 : n }')
: > lines.txt
: > starts.txt
k=0
while [ "$k" -lt "$n" ]; do
	cat block.txt >> lines.txt
	awk -v o="$(awk -v b="$block" -v k="$k" 'BEGIN { print b * k }')" \
	    '{ printf "%.4f\n", $1 + o }' block.starts >> starts.txt
	k=$((k + 1))
done
sox block.wav long.wav repeat $((n - 1))
sox long.wav -r 44100 -c 2 -C 128 long.mp3 vol 0.8
echo "audio: $(soxi -d long.mp3), $(wc -l < lines.txt) lines, $(du -h long.mp3 | cut -f1) MP3"
taskset -c 0 "$build/bench/align" long.mp3 lines.txt starts.txt
