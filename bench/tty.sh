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
. "$src/bench/lib.sh"
trap end_players EXIT
trap 'exit 130' INT TERM HUP

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

make_demo tty.sh

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

# Each player's processes to count: pids_NAME DIR (start_NAME is in lib.sh).
pids_earmark_shown() {
	pp=$(tmux -S "$1/sock" display-message -p '#{pane_pid}')
	echo "$pp"
	descendants "$pp"
}
pids_earmark_hidden() { pids_earmark_shown "$1"; }
pids_earmark_words() { pids_earmark_shown "$1"; }
# As shown, with words = on: the word being heard is highlighted too.
start_earmark_words() { start_earmark_with "$1" 'words = on'; }
pids_cmus() { pids_earmark_shown "$1"; }
# The interface and the server, which decodes and plays.
pids_moc() {
	pids_earmark_shown "$1"
	[ -s "$1/moc/pid" ] && cat "$1/moc/pid"
}
pids_mpv() { pids_earmark_shown "$1"; }
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

echo "earmark terminal traffic, $(date -u +%Y-%m-%d), $(nproc) cores, $(uname -m)"
echo "load average at start: $(load)"
echo "audio: first 60 s of assets/demo/ep1.opus; window $win s from 3 s after playing starts; $runs runs"

if [ "${TTY_PLAY:-1}" = 1 ]; then
	subjects="earmark_shown earmark_words earmark_hidden $peers"
	# shellcheck disable=SC2086
	run_all "${TTY_SERIAL:-0}" $subjects

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
	echo "earmark_words: as earmark_shown with words = on (the word being heard highlighted too)"

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
