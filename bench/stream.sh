#!/bin/sh
# How far a player reading earmark's HTTP stream (--stream) hears behind
# earmark's own output: beeps 3 s apart are played through the silent output
# with the stream on, and the moment each is heard at the output is compared
# with the moment a client (ffmpeg decoding the stream, as a player would)
# has it decoded (beeps 3 s apart, so offsets up to 1.5 s either way are
# told apart). Prints the median and the spread over the run.
# Usage: [SOURCE=http] [CLIENT=mpv] bench/stream.sh BUILD [SECONDS]
# SOURCE=http plays the file from a local HTTP server; CLIENT=mpv reads the
# stream with mpv instead of ffmpeg.
set -eu
build=${1:?usage: bench/stream.sh BUILD [SECONDS]}
secs=${2:-20}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/earmark-bench-stream.XXXXXX")
trap 'rm -rf "$work"' EXIT
make -s -C "$build" bench/stream >/dev/null
# A beep of 100 ms at the start of every third second.
sox -n -r 48000 -c 1 "$work/beep.wav" synth 0.1 sine 1000 vol 0.6 pad 0 2.9
sox $(for i in $(seq "$((secs / 3 + 3))"); do printf '%s ' "$work/beep.wav"; done) "$work/beeps.wav"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
src="$work/beeps.wav"
if [ "${SOURCE:-file}" = http ]; then
	hport=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
	(cd "$work" && exec python3 -m http.server -b 127.0.0.1 "$hport" >/dev/null 2>&1) &
	server=$!
	trap 'kill "$server" 2>/dev/null; rm -rf "$work"' EXIT
	sleep 1
	src="http://127.0.0.1:$hport/beeps.wav"
fi
"$build/bench/stream" "$port" "$src" "$((secs + 2))" > "$work/out.txt" &
player=$!
sleep ${CONNECT_AFTER:-1}
python3 "$here/stream_client.py" "$port" "$secs" ${CLIENT:-} > "$work/in.txt"
wait "$player"
python3 - "$work/out.txt" "$work/in.txt" <<'PY'
import sys
outs = [int(l.split()[1]) for l in open(sys.argv[1]) if l.startswith("out")]
ins = [int(l.split()[1]) for l in open(sys.argv[2]) if l.startswith("in")]
lat = []
for t in ins:
    if outs:
        near = min(outs, key=lambda o: abs(t - o))
        lat.append((t - near) / 1000)
lat = sorted(lat[1:])  # the first beep may come in the initial burst
if not lat:
    sys.exit("no beeps matched")
med = lat[len(lat) // 2]
print(f"a client hears the stream {med:.0f} ms after earmark's output "
      f"(median of {len(lat)} beeps; min {lat[0]:.0f}, max {lat[-1]:.0f}; "
      "negative: before)")
PY
