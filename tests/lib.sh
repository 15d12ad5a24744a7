# Helpers for the screen tests: the real earmark in a real terminal (tmux).
# Each test sources this, then calls screen_start with earmark's arguments.

: "${top_srcdir:?top_srcdir must be set}"
: "${top_builddir:?top_builddir must be set}"

EARMARK="$top_builddir/earmark"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/earmark-screen.XXXXXX")
SOCK="$WORK/tmux.sock"
failures=0
passes=0

export HOME="$WORK/home"
export XDG_DATA_HOME="$WORK/data" XDG_STATE_HOME="$WORK/state" XDG_CONFIG_HOME="$WORK/config"
export XDG_RUNTIME_DIR="$WORK/run"
export EARMARK_DEMO_DIR="$top_srcdir/assets/demo"
mkdir -p "$HOME" "$XDG_RUNTIME_DIR"
# In a sanitizer build the screen tests check memory errors but not leaks:
# LeakSanitizer's tracer now and then crashes itself at exit while libvlc's
# threads wind down ("Tracer caught signal 11"), failing a good run. The unit
# tests, which end libvlc the same way, keep leak checking on.
export LSAN_OPTIONS="suppressions=$top_srcdir/tests/lsan.supp:print_suppressions=0"
export ASAN_OPTIONS="detect_leaks=0"

cleanup() {
	# Every server this test started, not only the last: a test that stops
	# half-way would leave the others running.
	for s in "$WORK"/tmux*.sock; do
		[ -S "$s" ] && tmux -S "$s" kill-server 2>/dev/null
	done
	rm -rf "$WORK"
}
trap cleanup EXIT

# screen_start WIDTH HEIGHT ARGS...: starts earmark in a new tmux server.
screen_start() {
	w=$1 h=$2
	shift 2
	# A new server socket each time: one still shutting down is never reused.
	starts=$((${starts:-0} + 1))
	SOCK="$WORK/tmux.$starts.sock"
	# remain-on-exit from the start: an earmark that stops at once leaves its words.
	printf 'set -g remain-on-exit on\n' > "$WORK/tmux.conf"
	# Without the SSH variables: over SSH, words = auto would turn words off.
	tmux -S "$SOCK" -f "$WORK/tmux.conf" new-session -d -x "$w" -y "$h" \
		env -u SSH_CONNECTION -u SSH_CLIENT -u SSH_TTY TERM="${SCREEN_TERM:-xterm-256color}" LANG="${SCREEN_LANG:-C.UTF-8}" \
		LC_ALL="${SCREEN_LANG:-C.UTF-8}" TZ=UTC \
		HOME="$HOME" XDG_DATA_HOME="$XDG_DATA_HOME" XDG_STATE_HOME="$XDG_STATE_HOME" \
		XDG_CONFIG_HOME="$XDG_CONFIG_HOME" EARMARK_DEMO_DIR="$EARMARK_DEMO_DIR" \
		XDG_RUNTIME_DIR="$XDG_RUNTIME_DIR" \
		LSAN_OPTIONS="$LSAN_OPTIONS" ASAN_OPTIONS="$ASAN_OPTIONS" \
		sh -c 'rm -f "$0"; "$@"; echo $? > "$0"' "$WORK/status" "$EARMARK" "$@"
}

screen() {
	tmux -S "$SOCK" capture-pane -p
}

keys() {
	tmux -S "$SOCK" send-keys "$@"
}

# wait_for REGEX [SECONDS]: waits until the screen matches; 1 on time-out.
wait_for() {
	i=0 limit=$(( ${2:-10} * 10 ))
	while [ "$i" -lt "$limit" ]; do
		screen | grep -Eq -- "$1" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

# wait_exit [SECONDS]: waits for earmark to end; 1 on time-out.
wait_exit() {
	i=0 limit=$(( ${1:-10} * 10 ))
	while [ "$i" -lt "$limit" ]; do
		[ "$(tmux -S "$SOCK" display-message -p '#{pane_dead}' 2>/dev/null)" = 1 ] && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

# exited_ok: earmark has ended with status 0.
exited_ok() {
	i=0
	while [ "$i" -lt 30 ] && [ ! -s "$WORK/status" ]; do
		sleep 0.1
		i=$((i + 1))
	done
	st=$(cat "$WORK/status" 2>/dev/null)
	[ "$st" = 0 ] && return 0
	echo "earmark exited with status ${st:-unknown}"
	return 1
}

# earmark_pid: the process id of earmark inside the pane.
earmark_pid() {
	pgrep -P "$(tmux -S "$SOCK" display-message -p '#{pane_pid}')" -f "$EARMARK"
}

# screen_stop: ends the tmux server and waits until earmark has really gone, so
# the next start never meets a catalog still held by the last one.
screen_stop() {
	pane=$(tmux -S "$SOCK" display-message -p '#{pane_pid}' 2>/dev/null || true)
	pids=
	[ -n "$pane" ] && pids="$pane $(pgrep -P "$pane" 2>/dev/null || true)"
	tmux -S "$SOCK" kill-server 2>/dev/null || true
	i=0
	while [ -n "$pids" ] && [ "$i" -lt 100 ]; do
		alive=
		for p in $pids; do
			kill -0 "$p" 2>/dev/null && alive="$alive $p"
		done
		pids=$alive
		[ -n "$pids" ] && sleep 0.1
		i=$((i + 1))
	done
}

ok() {
	passes=$((passes + 1))
	echo "ok - $1"
}

fail() {
	failures=$((failures + 1))
	echo "FAIL - $1"
	echo "--- screen ---"
	screen 2>/dev/null || true
	echo "--------------"
}

check() {
	desc=$1
	shift
	if "$@"; then ok "$desc"; else fail "$desc"; fi
}

finish() {
	echo "$passes passed, $failures failed"
	[ "$failures" -eq 0 ]
}
