#!/bin/sh
# Soak test: earmark plays the demo over and over in tmux while random keys,
# window resizes and clips arrive. It fails when, at the end, earmark's RSS
# has grown more than 10% past its value after the first minute, when it holds
# more file descriptors than after the first minute (both counted with
# playback stopped), or when the catalog fails PRAGMA integrity_check.
# Not part of make check. Use a build without sanitizers (their quarantine
# makes RSS meaningless), and run it under nice:
#
# usage: nice -n 19 bench/soak.sh [builddir] [minutes] [workdir]
# minutes defaults to 30; SOAK_SEED (default 1) seeds the random keys.

set -u
build=$(cd "${1:-.}" && pwd)
minutes=${2:-30}
src=$(cd "$(dirname "$0")/.." && pwd)
work=${3:-${TMPDIR:-/tmp}/earmark-soak}
earmark="$build/earmark"
seed=${SOAK_SEED:-1}

[ -x "$earmark" ] || { echo "soak: no $earmark (make earmark first)" >&2; exit 1; }
[ "$minutes" -ge 2 ] 2>/dev/null || { echo "soak: minutes must be 2 or more" >&2; exit 1; }
command -v tmux >/dev/null || { echo "soak: tmux not found" >&2; exit 1; }
command -v sqlite3 >/dev/null || { echo "soak: sqlite3 not found" >&2; exit 1; }
case "$work" in /|"") echo "soak: bad workdir" >&2; exit 1 ;; esac
rm -rf "$work"
mkdir -p "$work/home" "$work/run"
export HOME="$work/home" XDG_DATA_HOME="$work/data" XDG_STATE_HOME="$work/state"
export XDG_CONFIG_HOME="$work/config" XDG_RUNTIME_DIR="$work/run"
sock="$work/tmux.sock"
db="$work/soak.db"
trap 'tmux -S "$sock" kill-server 2>/dev/null' EXIT

demo=$(cd "$src/assets/demo" && pwd -P)
"$earmark" --catalog "$db" import "$demo/feed.xml" >/dev/null || exit 1
tmux -S "$sock" -f /dev/null new-session -d -x 120 -y 40 \
    env TERM=xterm-256color LANG=C.UTF-8 LC_ALL=C.UTF-8 TZ=UTC \
    "$earmark" --catalog "$db" --silent --remote
tmux -S "$sock" set-option -g remain-on-exit on >/dev/null

pid=
i=0
while [ -z "$pid" ] && [ "$i" -lt 100 ]; do
	sleep 0.1
	pid=$(pgrep -P "$(tmux -S "$sock" display-message -p '#{pane_pid}')" 2>/dev/null)
	pid=${pid:-$(tmux -S "$sock" display-message -p '#{pane_pid}')}
	[ -r "/proc/$pid/status" ] || pid=
	i=$((i + 1))
done
[ -n "$pid" ] || { echo "soak: earmark did not start" >&2; exit 1; }

remote() { "$earmark" remote "$@" 2>&1; }
alive() { [ "$(tmux -S "$sock" display-message -p '#{pane_dead}' 2>/dev/null)" = 0 ]; }
rss() { awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status"; }
fds() { ls "/proc/$pid/fd" | wc -l; }
# Stops playback, lets libvlc close its inputs, and prints "RSS_KB FDS".
quiet_figures() {
	tmux -S "$sock" send-keys Escape Escape
	remote stop >/dev/null
	sleep 2
	echo "$(rss) $(fds)"
}
# Starts the first episode from the episodes pane.
play_first() {
	tmux -S "$sock" send-keys Escape Escape Escape
	remote play | grep -q playing && return
	tmux -S "$sock" send-keys g Tab Tab Tab Tab g
	for k in 1 2 3 4; do
		tmux -S "$sock" send-keys Enter
		sleep 0.5
		remote status | grep -q playing && return
		tmux -S "$sock" send-keys Tab g
	done
}

# Keys a person might press, without q (quit), x (export writes files), R
# (refresh goes to the network) and d (deleting would empty the catalog).
set -- j k Down Up PgDn PgUp g G Tab BTab Enter Space Left Right h l H S-Right \
    , . [ ] + - 0 s p m M b B v L c '<' '>' '{' '}' e u f / n N Escape '?' C-l \
    a z 1 9 BSpace o
nkeys=$#
sizes="120x40 80x24 200x60 60x20 100x30 132x43 40x12"

start=$(date +%s)
end=$((start + minutes * 60))
play_first
samples=0 playing=0 clips=0 keys=0 resizes=0 base_rss= base_fds= peak=0
rnd=$seed
while [ "$(date +%s)" -lt "$end" ] && alive; do
	now=$(date +%s)
	if [ -z "$base_rss" ] && [ "$now" -ge $((start + 60)) ]; then
		set -- $(quiet_figures) "$@"
		base_rss=$1 base_fds=$2
		shift 2
		echo "soak: after 1 min: RSS $base_rss kB, $base_fds fds"
		play_first
	fi
	# A small linear congruential generator: the same seed, the same keys.
	rnd=$(( (rnd * 1103515245 + 12345) % 2147483648 ))
	n=$(( rnd / 65536 % 100 ))
	if [ "$n" -lt 3 ]; then
		s=$(echo $sizes | tr ' ' '\n' | sed -n "$(( rnd / 7 % 7 + 1 ))p")
		tmux -S "$sock" resize-window -x "${s%x*}" -y "${s#*x}" 2>/dev/null
		resizes=$((resizes + 1))
	elif [ "$n" -lt 6 ]; then
		remote clip >/dev/null && clips=$((clips + 1))
	else
		k=$(( rnd / 131 % nkeys + 1 ))
		eval "key=\${$k}"
		tmux -S "$sock" send-keys -- "$key"
		keys=$((keys + 1))
	fi
	if [ $(( (keys + clips + resizes) % 40 )) -eq 0 ]; then
		samples=$((samples + 1))
		if remote status | grep -q playing; then
			playing=$((playing + 1))
		else
			play_first
		fi
		r=$(rss)
		[ "${r:-0}" -gt "$peak" ] && peak=$r
	fi
	sleep 0.$(( rnd % 4 + 1 ))
done

if ! alive; then
	echo "soak: FAIL: earmark ended after $(( $(date +%s) - start )) s"
	tmux -S "$sock" capture-pane -p
	exit 1
fi
set -- $(quiet_figures)
last_rss=$1 last_fds=$2
remote quit >/dev/null
i=0
while alive && [ "$i" -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
integrity=$(sqlite3 "$db" 'PRAGMA integrity_check;')
nclips=$(sqlite3 "$db" 'SELECT count(*) FROM clip;')

echo "soak: $minutes min, $keys keys, $resizes resizes, $clips clips made by" \
    "remote ($nclips clips in the catalog), playing in $playing of $samples samples"
echo "soak: RSS after 1 min $base_rss kB, at the end $last_rss kB, peak $peak kB;" \
    "fds $base_fds then $last_fds; integrity_check: $integrity"
rc=0
if [ "$last_rss" -gt $(( base_rss * 110 / 100 )) ]; then
	echo "soak: FAIL: RSS grew more than 10%"
	rc=1
fi
if [ "$last_fds" -gt "$base_fds" ]; then
	echo "soak: FAIL: file descriptors grew from $base_fds to $last_fds"
	ls -l "/proc/$pid/fd" 2>/dev/null
	rc=1
fi
if [ "$integrity" != ok ]; then
	echo "soak: FAIL: integrity_check"
	rc=1
fi
[ "$rc" -eq 0 ] && echo "soak: ok"
exit "$rc"
