#!/bin/sh
# Screen test of sound elsewhere: earmark plays through PulseAudio over TCP, as
# it does through an SSH reverse tunnel (PULSE_SERVER=tcp:127.0.0.1:PORT). A
# private pulseaudio with only a null sink listens on a free port of 127.0.0.1;
# pactl sees earmark's stream play, cork on pause and go on quit. A server
# that cannot be reached is said in the status line, and play goes on, whether
# the pulse output is named or libvlc falls back from it to an ALSA with no
# device. Nothing but earmark's screen reaches the terminal either way.
set -u
command -v tmux >/dev/null 2>&1 || { echo "tmux not found: skipped"; exit 77; }
command -v pulseaudio >/dev/null 2>&1 || { echo "pulseaudio not found: skipped"; exit 77; }
command -v pactl >/dev/null 2>&1 || { echo "pactl not found: skipped"; exit 77; }
command -v python3 >/dev/null 2>&1 || { echo "python3 not found: skipped"; exit 77; }
. "$(dirname "$0")/lib.sh"

PA="$WORK/pulse"
mkdir -p "$PA/run" "$PA/state" "$XDG_CONFIG_HOME/pulse"
chmod 700 "$PA/run"
# Never start a daemon of the user's own when the server is away.
echo "autospawn = no" > "$XDG_CONFIG_HOME/pulse/client.conf"
export PULSE_CLIENTCONFIG="$XDG_CONFIG_HOME/pulse/client.conf"
pa_pid=

cleanup_pulse() {
	cleanup
	if [ -n "$pa_pid" ]; then
		kill "$pa_pid" 2>/dev/null
		wait "$pa_pid" 2>/dev/null
	fi
}
trap cleanup_pulse EXIT

# free_port: a TCP port of 127.0.0.1 that nothing listens on just now.
free_port() {
	python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])'
}

# pulse_start PORT: a daemon of our own, no real device, no file outside $PA.
# As root pulseaudio only warns ("not intended to be run as root").
pulse_start() {
	HOME="$HOME" XDG_RUNTIME_DIR="$PA/run" PULSE_RUNTIME_PATH="$PA/run" \
	    PULSE_STATE_PATH="$PA/state" \
	    pulseaudio -n --daemonize=no --system=no --use-pid-file=no \
	    --exit-idle-time=-1 --realtime=no --high-priority=no --disable-shm=yes \
	    --log-target=file:"$PA/daemon.log" \
	    -L "module-null-sink sink_name=null" \
	    -L "module-native-protocol-tcp port=$1 listen=127.0.0.1 auth-anonymous=1" \
	    </dev/null >/dev/null 2>&1 &
	pa_pid=$!
	i=0
	while [ "$i" -lt 50 ]; do
		pactl -s "tcp:127.0.0.1:$1" info >/dev/null 2>&1 && return 0
		kill -0 "$pa_pid" 2>/dev/null || break
		sleep 0.1
		i=$((i + 1))
	done
	kill "$pa_pid" 2>/dev/null
	wait "$pa_pid" 2>/dev/null
	pa_pid=
	return 1
}

started=
for try in 1 2 3; do
	port=$(free_port)
	pulse_start "$port" && { started=1; break; }
done
if [ -z "$started" ]; then
	echo "pulseaudio would not start here; its log:"
	tail -n 20 "$PA/daemon.log" 2>/dev/null
	echo "skipped"
	exit 77
fi
export PULSE_SERVER="tcp:127.0.0.1:$port"
echo "pulseaudio $pa_pid on $PULSE_SERVER"

# corked: yes or no for earmark's stream on the server, none without one.
corked() {
	LC_ALL=C pactl list sink-inputs 2>/dev/null | awk -v pid="$1" '
		/^Sink Input #/ { if (mine) exit; c = "" }
		/^[ \t]*Corked:/ { c = $2 }
		/application.process.id = / { gsub(/"/, "", $3); if ($3 == pid) mine = 1 }
		END { print mine ? c : "none" }'
}

# wait_corked PID STATE: waits up to 5 s for earmark's stream to be in STATE.
wait_corked() {
	i=0
	while [ "$i" -lt 50 ]; do
		[ "$(corked "$1")" = "$2" ] && return 0
		sleep 0.1
		i=$((i + 1))
	done
	echo "earmark's stream: $(corked "$1"), not $2"
	return 1
}

# clean_screen: no text of libvlc, ALSA or PulseAudio on the screen, other
# than earmark's own words about the output.
clean_screen() {
	! screen | grep -v "audio output pulse did not start" |
		grep -Ei 'alsa|pulse|vlc|refused|connection|warning|\[[0-9a-f]{6,}\]'
}

# play_time: seconds played, from the status line.
play_time() {
	screen | grep -Eo "(playing|paused) +[0-9]+:[0-9]{2}" | head -n 1 |
		awk '{ split($2, t, ":"); print t[1] * 60 + t[2] }'
}

# mmss SECONDS: as the status line writes it.
mmss() {
	printf '%d:%02d' $(($1 / 60)) $(($1 % 60))
}

# status_row: the status line (second row from the bottom).
status_row() {
	screen | tail -n 2 | head -n 1
}

screen_start 100 30 --demo --audio-output pulse
check "earmark starts with the pulse output" wait_for "Close Listening" 15
keys G Enter
check "the episode plays" wait_for "playing +0:0[1-9] / 1:5[0-9]" 10
pid=$(earmark_pid)
check "earmark's stream plays on the server, not corked" wait_corked "$pid" no
check "pactl names earmark as its program" sh -c 'LC_ALL=C pactl list sink-inputs | grep -q "application.process.binary = \"earmark\""'
check "the status line does not say no sound device" sh -c '! echo "$0" | grep -q "no sound device"' "$(status_row)"
check "nor any other message" sh -c '! echo "$0" | grep -Eq "silent|did not start"' "$(status_row)"
keys Space
check "Space pauses" wait_for "paused +0:0[1-9]" 5
check "and corks the stream" wait_corked "$pid" yes
keys Space
check "Space plays again" wait_for "playing +0:[0-9]{2}" 5
check "and uncorks it" wait_corked "$pid" no
t0=$(play_time)
check "the clock runs with the server's output" wait_for "playing +$(mmss $((t0 + 2)))" 5
check "nothing but earmark's screen reached the terminal" clean_screen
keys q
check "q quits" wait_exit 5
check "with status 0" exited_ok
screen_stop
check "and the stream is gone" wait_corked "$pid" none

# A tunnel that is not there: nothing listens on the port.
kill "$pa_pid" 2>/dev/null
wait "$pa_pid" 2>/dev/null
pa_pid=
export PULSE_SERVER="tcp:127.0.0.1:$(free_port)"
screen_start 100 30 --demo --audio-output pulse
check "earmark starts with the server away" wait_for "Close Listening" 15
check "and says the output did not start" \
	wait_for "audio output pulse did not start \(see the log\): playing silently" 5
keys G Enter
check "the episode plays" wait_for "playing +[0-9]:[0-9]{2} / 1:5[0-9]" 10
t0=$(play_time)
check "on the silent clock, which runs" wait_for "playing +$(mmss $((t0 + 2)))" 5
check "the status line says no sound device" sh -c 'echo "$0" | grep -q "no sound device"' "$(status_row)"
check "nothing but earmark's screen reached the terminal" clean_screen
check "the reason is in the log" \
	grep -q "PulseAudio server connection failure" "$XDG_STATE_HOME/earmark/earmark.log"
keys q
check "q quits" wait_exit 5
check "with status 0" exited_ok
screen_stop

# The same tunnel with no output named: libvlc tries PulseAudio, then ALSA,
# and plays on without sound; earmark says so. Only where ALSA has no
# playback device, or it would play there.
if ls /dev/snd/pcmC*D*p >/dev/null 2>&1; then
	echo "an ALSA playback device is here: the failed-output case is skipped"
else
	rm -f "$XDG_STATE_HOME/earmark/earmark.log"
	screen_start 100 30 --demo
	check "earmark starts with the server away and no output named" \
		wait_for "Close Listening" 15
	keys G Enter
	check "it says no output started once playing" \
		wait_for "the audio output did not start \(see the log\): no sound" 10
	check "the status line says no sound device" \
		sh -c 'echo "$0" | grep -q "no sound device"' "$(status_row)"
	t0=$(play_time)
	check "the clock runs" wait_for "playing +$(mmss $((t0 + 2)))" 5
	check "nothing but earmark's screen reached the terminal" clean_screen
	check "libvlc's reason is in the log" \
		grep -q "Audio output failed" "$XDG_STATE_HOME/earmark/earmark.log"
	keys q
	check "q quits" wait_exit 5
	check "with status 0" exited_ok
	screen_stop
fi
finish
