#!/bin/sh
# Cut benchmark: an hour of tones and noise as a podcast comes (MP3 CBR and
# VBR, Ogg/Vorbis, Ogg/Opus, AAC in MP4), cut near its start and near its
# end, to each destination format. A cut from any of these decodes the clip
# alone (exact seeks); from other formats libvlc decodes from the media's
# start to the clip's end, so the time grows with where the clip ends.
#
# usage: bench/cut.sh [builddir] [workdir] [minutes]

set -eu
build=$(cd "${1:-.}" && pwd)
work=${2:-${TMPDIR:-/tmp}/earmark-bench-cut}
minutes=${3:-60}

for tool in sox opusenc ffmpeg; do
	command -v "$tool" >/dev/null || { echo "bench/cut.sh: $tool is needed" >&2; exit 1; }
done
rm -rf "$work"
mkdir -p "$work"
cd "$work"
echo "earmark cut, $(date -u +%Y-%m-%d), $(nproc) cores, $(uname -m), $minutes min"

secs=$((minutes * 60))
sox -n -r 44100 -c 2 -b 16 src.wav synth "$secs" pinknoise vol 0.2 \
    synth "$secs" sine mix 300-3000 vol 0.3
sox src.wav -C 128 cbr.mp3
sox src.wav -C -4.2 vbr.mp3
sox src.wav -C 3 vorbis.ogg
opusenc --quiet --bitrate 64 src.wav opus.opus
ffmpeg -nostdin -v error -i src.wav -c:a aac -b:a 96k aac.m4a
rm src.wav

for src in cbr.mp3 vbr.mp3 vorbis.ogg opus.opus aac.m4a; do
	for dest in ogg opus mp3; do
		"$build/bench/cut" "$src" 60 90 "start-$src.$dest"
		"$build/bench/cut" "$src" $((secs - 60)) $((secs - 30)) "end-$src.$dest"
	done
done
rm -rf "$work"
