#!/bin/sh
# Terminal traffic, CPU and memory: earmark and other terminal players on the
# same 60 s audio file, each in its own tmux server at 120x40, with an audio
# output that needs no sound card. Then the time from exec to the first
# complete screen of earmark on the demo catalog and on a large one.
#
# usage: bench/tty.sh [builddir] [workdir]
# TTY_RUNS (3): runs of each measure, the median is printed.
# TTY_WINDOW (45): seconds of playback counted, from 3 s after playing starts.
# TTY_PEERS ("cmus moc mpv vlc"): the other players to run.
# TTY_CATALOG: a large catalog to time; without it one of 10,000 episodes and
#   2,000,000 lines is made with bench/search -d (about 2 min) when
#   bench/search is built, else the large catalog is skipped.
# TTY_SERIAL=1: run the players one after the other instead of side by side.
# TTY_PLAY=0: only the first-screen measure.
# Every run is bounded by `timeout`; every tmux server and process started
# here is ended on exit.

set -u
build=$(cd "${1:-.}" && pwd)
src=$(cd "$(dirname "$0")/.." && pwd)
work=${2:-${TMPDIR:-/tmp}/earmark-bench-tty}
runs=${TTY_RUNS:-3}
win=${TTY_WINDOW:-45}
peers=${TTY_PEERS-cmus moc mpv vlc}
earmark="$build/earmark"

[ -x "$earmark" ] || { echo "tty.sh: no $earmark (make earmark first)" >&2; exit 1; }
case "$work" in /|"") echo "tty.sh: bad workdir" >&2; exit 1 ;; esac
rm -rf "$work"
mkdir -p "$work"
work=$(cd "$work" && pwd)

# Sockets of every tmux server started, and pids to end, for the clean-up.
: > "$work/sockets"
: > "$work/pids"
cleanup() {
	while read -r s; do
		tmux -S "$s" kill-server 2>/dev/null
	done < "$work/sockets"
	while read -r p; do
		kill "$p" 2>/dev/null
	done < "$work/pids"
	sleep 0.5
	while read -r p; do
		kill -9 "$p" 2>/dev/null
	done < "$work/pids"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

now_ms() { echo $(($(date +%s%N) / 1000000)); }

# cpu_ticks PID...: utime + stime of the processes, in clock ticks.
cpu_ticks() {
	t=0
	for p in "$@"; do
		v=$(awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$p/stat" 2>/dev/null)
		t=$((t + ${v:-0}))
	done
	echo "$t"
}

# hwm_kb PID...: VmHWM summed over the processes.
hwm_kb() {
	t=0
	for p in "$@"; do
		v=$(awk '/^VmHWM:/ { print $2 }' "/proc/$p/status" 2>/dev/null)
		t=$((t + ${v:-0}))
	done
	echo "$t"
}

# descendants PID: PID's children, grandchildren...
descendants() {
	for c in $(pgrep -P "$1"); do
		echo "$c"
		descendants "$c"
	done
}

# wait_screen SOCK REGEX SECONDS: polls capture-pane until REGEX shows.
wait_screen() {
	end=$(($(now_ms) + $3 * 1000))
	while [ "$(now_ms)" -lt "$end" ]; do
		tmux -S "$1" capture-pane -p 2>/dev/null | grep -Eq -- "$2" && return 0
		sleep 0.05
	done
	return 1
}

# The 60 s file: the first minute of the demo's first episode, and a copy of
# the demo podcast in which that episode is the 60 s file.
demo="$work/demo"
cp -r "$src/assets/demo" "$demo"
audio="$demo/ep1.opus"
if ! timeout 60 ffmpeg -nostdin -loglevel error -y -i "$src/assets/demo/ep1.opus" -t 60 \
    -c copy "$work/ep1-60.opus"; then
	echo "tty.sh: ffmpeg could not cut the 60 s file" >&2
	exit 1
fi
mv "$work/ep1-60.opus" "$audio"
sed -i 's|<itunes:duration>[^<]*</itunes:duration>|<itunes:duration>60</itunes:duration>|' \
    "$demo/feed.xml" 2>/dev/null

# start_session DIR W H CMD...: a tmux server of its own, its output piped
# to DIR/out.
start_session() {
	d=$1 w=$2 h=$3
	shift 3
	echo "$d/sock" >> "$work/sockets"
	mkdir -p "$d/home" "$d/run"
	tmux -S "$d/sock" -f /dev/null new-session -d -x "$w" -y "$h" \
		env TERM=xterm-256color LANG=C.UTF-8 LC_ALL=C.UTF-8 TZ=UTC \
		HOME="$d/home" XDG_DATA_HOME="$d/data" XDG_STATE_HOME="$d/state" \
		XDG_CONFIG_HOME="$d/config" XDG_RUNTIME_DIR="$d/run" \
		EARMARK_DEMO_DIR="$demo" "$@"
	tmux -S "$d/sock" pipe-pane -o "cat >> '$d/out'"
}

# Each player: start_NAME DIR starts it and plays $audio; pids_NAME DIR
# prints the processes to count. Both return 1 when the player did not run.
start_earmark() { # $2: width, $3: height
	start_session "$1" "$2" "$3" "$earmark" --demo --silent
	wait_screen "$1/sock" 'The moment you almost missed' 20 || return 1
	# The episodes pane has the focus; the first episode is the last row.
	tmux -S "$1/sock" send-keys G
	sleep 0.3
	tmux -S "$1/sock" send-keys Enter
	wait_screen "$1/sock" 'playing' 10
}
start_earmark_shown() { start_earmark "$1" 120 40; }
# As shown, with words = off: the line being heard is highlighted, no word.
start_earmark_lines() {
	mkdir -p "$1/config/earmark"
	printf 'words = off\n' > "$1/config/earmark/config"
	start_earmark "$1" 120 40
}
start_earmark_hidden() { start_earmark "$1" 40 12; }
pids_earmark_shown() {
	pp=$(tmux -S "$1/sock" display-message -p '#{pane_pid}')
	echo "$pp"
	descendants "$pp"
}
pids_earmark_hidden() { pids_earmark_shown "$1"; }
pids_earmark_lines() { pids_earmark_shown "$1"; }

start_cmus() {
	command -v cmus >/dev/null || return 1
	mkdir -p "$1/config/cmus"
	printf 'set output_plugin=ao\nset dsp.ao.driver=null\n' > "$1/config/cmus/rc"
	start_session "$1" 120 40 cmus --listen "$1/cmus.sock"
	# Here cmus may keep a blank screen, its main thread blocked reading the
	# terminal: then it counts as not started.
	wait_screen "$1/sock" '[A-Za-z]' 10 || return 1
	i=0
	while [ ! -S "$1/cmus.sock" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
	# libao's null driver through cmus's ao output: no ALSA or Pulse needed.
	timeout 5 cmus-remote --server "$1/cmus.sock" -C 'set dsp.ao.driver=null' \
	    'set output_plugin=ao' || return 1
	timeout 5 cmus-remote --server "$1/cmus.sock" -C "player-play $audio" || return 1
	sleep 1
	timeout 5 cmus-remote --server "$1/cmus.sock" -Q | grep -q '^status playing'
}
pids_cmus() { pids_earmark_shown "$1"; }

start_moc() {
	command -v mocp >/dev/null || return 1
	mkdir -p "$1/moc"
	printf 'SoundDriver = null\n' > "$1/moc/config"
	start_session "$1" 120 40 mocp -M "$1/moc" -C "$1/moc/config" "$demo"
	wait_screen "$1/sock" 'almost missed|ep1' 15 || return 1
	HOME="$1/home" timeout 5 mocp -M "$1/moc" -C "$1/moc/config" -l "$audio" || return 1
	sleep 1
	HOME="$1/home" timeout 5 mocp -M "$1/moc" -C "$1/moc/config" -i | grep -q '^State: PLAY'
}
# The interface and the server, which decodes and plays.
pids_moc() {
	pids_earmark_shown "$1"
	[ -s "$1/moc/pid" ] && cat "$1/moc/pid"
}

start_mpv() {
	command -v mpv >/dev/null || return 1
	start_session "$1" 120 40 mpv --no-config --no-video --ao=null "$audio"
	wait_screen "$1/sock" 'A: *0' 15
}
pids_mpv() { pids_earmark_shown "$1"; }

# VLC refuses to run as root: run it as nobody then.
start_vlc() {
	command -v vlc >/dev/null || return 1
	if [ "$(id -u)" = 0 ]; then
		chmod -R a+rwX "$1" 2>/dev/null
		chmod a+rx "$work" "$demo"
		start_session "$1" 120 40 setpriv --reuid=65534 --regid=65534 --clear-groups \
		    vlc -I ncurses --no-media-library --aout=adummy "$audio"
		chmod a+rwX "$1" 2>/dev/null
	else
		start_session "$1" 120 40 vlc -I ncurses --no-media-library --aout=adummy "$audio"
	fi
	wait_screen "$1/sock" 'Playing|ep1' 15
}
pids_vlc() { pids_earmark_shown "$1"; }

# measure NAME RUN: one run; writes "bytes/s cpu-s/min rss-MB" to DIR/result.
measure() {
	d="$work/play/$1.$2"
	mkdir -p "$d"
	if ! "start_$1" "$d" > "$d/start.log" 2>&1; then
		echo "did not start" > "$d/result"
		tmux -S "$d/sock" capture-pane -p > "$d/screen" 2>/dev/null
		pp=$(tmux -S "$d/sock" display-message -p '#{pane_pid}' 2>/dev/null)
		tmux -S "$d/sock" kill-server 2>/dev/null
		for p in $pp $(cat "$d/moc/pid" 2>/dev/null); do kill "$p" 2>/dev/null; done
		return
	fi
	sleep 3
	pids=$("pids_$1" "$d" | sort -u)
	for p in $pids; do echo "$p" >> "$work/pids"; done
	c0=$(cpu_ticks $pids)
	b0=$(stat -c %s "$d/out" 2>/dev/null || echo 0)
	t0=$(now_ms)
	sleep "$win"
	c1=$(cpu_ticks $pids)
	b1=$(stat -c %s "$d/out" 2>/dev/null || echo 0)
	t1=$(now_ms)
	rss=$(hwm_kb $pids)
	tmux -S "$d/sock" capture-pane -p > "$d/screen" 2>/dev/null
	cp "$d/out" "$d/out.all"
	# The window alone, for looking at what the bytes are.
	tail -c +$((b0 + 1)) "$d/out.all" | head -c $((b1 - b0)) > "$d/window"
	tmux -S "$d/sock" kill-server 2>/dev/null
	for p in $pids; do kill "$p" 2>/dev/null; done
	hz=$(getconf CLK_TCK)
	awk -v b=$((b1 - b0)) -v c=$((c1 - c0)) -v ms=$((t1 - t0)) -v hz="$hz" -v rss="$rss" \
	    -v n="$(echo $pids | wc -w)" 'BEGIN {
		printf "%.1f %.3f %.1f %d\n", b * 1000 / ms, c / hz * 60000 / ms, rss / 1024, n }' \
	    > "$d/result"
}

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)]; else print "-" }'; }

load() { cut -d' ' -f1-3 /proc/loadavg; }

echo "earmark terminal traffic, $(date -u +%Y-%m-%d), $(nproc) cores, $(uname -m)"
echo "load average at start: $(load)"
echo "audio: first 60 s of assets/demo/ep1.opus; window $win s from 3 s after playing starts; $runs runs"

if [ "${TTY_PLAY:-1}" = 1 ]; then
	subjects="earmark_shown earmark_lines earmark_hidden $peers"
	r=1
	while [ "$r" -le "$runs" ]; do
		for s in $subjects; do
			if [ "${TTY_SERIAL:-0}" = 1 ]; then
				measure "$s" "$r"
			else
				measure "$s" "$r" &
			fi
		done
		wait
		echo "run $r done, load average $(load)"
		r=$((r + 1))
	done

	echo
	printf '%-16s %10s %12s %10s  %s\n' player 'B/s' 'CPU s/min' 'peak MB' 'runs (B/s, CPU, MB, processes)'
	for s in $subjects; do
		all=""
		for f in "$work"/play/"$s".*/result; do
			all="$all[$(cat "$f")] "
		done
		ok=$(cat "$work"/play/"$s".*/result | grep -v 'did not' || true)
		if [ -z "$ok" ]; then
			printf '%-16s %10s %12s %10s  %s\n' "$s" - - - "did not run: see $work/play/$s.*/start.log"
			continue
		fi
		printf '%-16s %10s %12s %10s  %s\n' "$s" \
		    "$(echo "$ok" | cut -d' ' -f1 | median)" "$(echo "$ok" | cut -d' ' -f2 | median)" \
		    "$(echo "$ok" | cut -d' ' -f3 | median)" "$all"
	done
	echo "earmark_shown: 120x40, first episode playing, transcript pane following it"
	echo "earmark_hidden: 40x12, one pane at a time, the episodes pane focused"
	echo "earmark_lines: as earmark_shown with words = off (the line highlighted, no word)"

	# Escape sequences that carry the most bytes in one window of each player.
	echo
	echo "bytes by kind, run 1 window:"
	for s in $subjects; do
		f="$work/play/$s.1/window"
		[ -s "$f" ] || continue
		printf '%-16s ' "$s"
		perl -0777 -ne '
			my %n; my $tot = length;
			while (/\G(?:(\e\[[0-9;?]*([A-Za-z@`]))|(\e[()][0-9A-Za-z])|(\e.)|([\x00-\x1f])|([^\e\x00-\x1f]+))/gc) {
				if (defined $1) { my $k = "CSI $2"; $n{$k} += length $1 }
				elsif (defined $3) { $n{"charset"} += length $3 }
				elsif (defined $4) { $n{"ESC other"} += length $4 }
				elsif (defined $5) { $n{"control"} += length $5 }
				else { $n{"text"} += length $6 }
			}
			my @k = sort { $n{$b} <=> $n{$a} } keys %n;
			printf "%d B:", $tot;
			printf " %s %.0f%%", $_, 100 * $n{$_} / $tot for @k[0 .. ($#k < 5 ? $#k : 5)];
			print "\n";' "$f"
	done
fi

# First complete screen. Measured two ways: from the exec of earmark (a
# time stamp written by perl just before it execs earmark) to its first
# doupdate(), which earmark writes to the file EARMARK_TRACE_FIRST_DRAW
# names; and, as a check that the list is on the screen, from tmux
# new-session until capture-pane (polled every 50 ms) shows it, which adds
# tmux's start and the polling.
first_screen() { # $1: label, $2: regex, then earmark's arguments
	label=$1 re=$2
	shift 2
	times=""
	seen=""
	i=0
	while [ "$i" -le "$runs" ]; do
		d="$work/first/$label.$i"
		mkdir -p "$d/home" "$d/run"
		echo "$d/sock" >> "$work/sockets"
		t0=$(now_ms)
		tmux -S "$d/sock" -f /dev/null new-session -d -x 120 -y 40 \
			env TERM=xterm-256color LANG=C.UTF-8 LC_ALL=C.UTF-8 TZ=UTC \
			HOME="$work/first/home" XDG_DATA_HOME="$work/first/data" \
			XDG_STATE_HOME="$work/first/state" XDG_CONFIG_HOME="$work/first/config" \
			XDG_RUNTIME_DIR="$d/run" EARMARK_DEMO_DIR="$demo" \
			EARMARK_TRACE_FIRST_DRAW="$d/drawn" \
			perl -MTime::HiRes=time -e 'open(my $f, ">", shift) or die;
			    printf $f "%.6f\n", time; close $f; exec @ARGV or die' \
			"$d/exec" "$earmark" "$@"
		if wait_screen "$d/sock" "$re" 30; then
			t=$(($(now_ms) - t0))
		else
			t=timeout
		fi
		tmux -S "$d/sock" capture-pane -p > "$d/screen" 2>/dev/null
		pp=$(tmux -S "$d/sock" display-message -p '#{pane_pid}' 2>/dev/null)
		[ -n "$pp" ] && echo "$pp" >> "$work/pids"
		tmux -S "$d/sock" kill-server 2>/dev/null
		# earmark busy at start-up outlives the hang-up of its terminal.
		if [ -n "$pp" ] && kill -0 "$pp" 2>/dev/null; then
			kill "$pp" 2>/dev/null
			sleep 0.5
			kill -9 "$pp" 2>/dev/null
		fi
		x=-
		if [ -s "$d/exec" ] && [ -s "$d/drawn" ]; then
			x=$(awk -v a="$(cat "$d/exec")" -v b="$(cat "$d/drawn")" \
			    'BEGIN { printf "%.1f", (b - a) * 1000 }')
		fi
		# Run 0 makes the demo catalog and warms the page cache; not counted.
		if [ "$i" -gt 0 ]; then
			times="$times $x"
			seen="$seen $t"
		fi
		i=$((i + 1))
		sleep 0.5
	done
	printf 'first screen, %s: median %s ms from exec to the first doupdate (runs:%s)\n' \
	    "$label" "$(echo $times | tr ' ' '\n' | grep -v '^-$' | median)" "$times"
	printf '  seen by capture-pane after tmux new-session: median %s ms (runs:%s)\n' \
	    "$(echo $seen | tr ' ' '\n' | grep -v timeout | median)" "$seen"
}

echo
echo "load average before first-screen runs: $(load)"
first_screen demo '1 The moment you almost missed.*' --demo --silent
big=${TTY_CATALOG:-}
if [ -z "$big" ] && [ -x "$build/bench/search" ]; then
	echo "making the large catalog: bench/search -d -e 10000 -l 200 -r 1"
	if timeout 900 "$build/bench/search" -d -e 10000 -l 200 -r 1 "$work/big" \
	    > "$work/big.log" 2>&1; then
		big="$work/big/direct.db"
	else
		echo "the large catalog was not made in 15 min; see $work/big.log"
	fi
fi
if [ -n "$big" ] && [ -f "$big" ]; then
	eps=$(sqlite3 "$big" 'SELECT count(*) FROM episode' 2>/dev/null || echo '?')
	lines=$(sqlite3 "$big" 'SELECT count(*) FROM line' 2>/dev/null || echo '?')
	first_screen "$eps episodes, $lines lines" 'bench-[0-9]+.*' --catalog "$big" --silent
else
	echo "first screen, large catalog: skipped (no TTY_CATALOG and no bench/search)"
fi
echo "load average at end: $(load)"
