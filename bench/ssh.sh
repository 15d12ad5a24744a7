#!/bin/sh
# Bytes on the wire over ssh: earmark and other terminal players, each run
# inside `ssh -tt` to a private sshd on 127.0.0.1, the ssh client itself in a
# tmux server at 120x40, playing the same 60 s audio file with an output that
# needs no sound card. The TCP payload of each connection is read from the
# server's socket (`ss -ti`: bytes_sent, bytes_received) at the start and the
# end of a window of playback.
#
# usage: bench/ssh.sh [builddir] [workdir]
# SSH_RUNS (3): runs of each measure, the median is printed.
# SSH_WINDOW (45): seconds of playback counted, from 3 s after playing starts.
# SSH_PEERS ("cmus moc mpv vlc"): the other players to run.
# SSH_SERIAL=1: run the players one after the other instead of side by side.
# Needs sshd (openssh-server), ssh, ssh-keygen, ss, tmux and ffmpeg. The sshd
# runs from a config, host key and authorized key made in the work folder,
# on a free port of 127.0.0.1; nothing of the system's ssh setup is used or
# changed. Run as root, sshd needs its privilege separation folder
# /run/sshd: it is made when missing and removed again on exit.

set -u
build=$(cd "${1:-.}" && pwd)
src=$(cd "$(dirname "$0")/.." && pwd)
work=${2:-${TMPDIR:-/tmp}/earmark-bench-ssh}
runs=${SSH_RUNS:-3}
win=${SSH_WINDOW:-45}
peers=${SSH_PEERS-cmus moc mpv vlc}
earmark="$build/earmark"
sshd=$(command -v sshd || echo /usr/sbin/sshd)

[ -x "$earmark" ] || { echo "ssh.sh: no $earmark (make earmark first)" >&2; exit 1; }
for t in ssh ssh-keygen ss tmux ffmpeg; do
	command -v "$t" >/dev/null || { echo "ssh.sh: needs $t" >&2; exit 1; }
done
[ -x "$sshd" ] || { echo "ssh.sh: needs sshd (openssh-server)" >&2; exit 1; }
case "$work" in /|"") echo "ssh.sh: bad workdir" >&2; exit 1 ;; esac
rm -rf "$work"
mkdir -p "$work"
work=$(cd "$work" && pwd)
chmod 755 "$work"

: > "$work/sockets"
: > "$work/pids"
made_privsep=0
. "$src/bench/lib.sh"
cleanup() {
	[ -s "$work/sshd/sshd.pid" ] && kill "$(cat "$work/sshd/sshd.pid")" 2>/dev/null
	end_players
	[ "$made_privsep" = 1 ] && rmdir /run/sshd 2>/dev/null
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

# The private sshd: a port nobody listens on, keys made here.
s="$work/sshd"
mkdir -p "$s"
chmod 700 "$s"
ssh-keygen -q -t ed25519 -N '' -C earmark-bench-host -f "$s/host_key" || exit 1
ssh-keygen -q -t ed25519 -N '' -C earmark-bench-user -f "$s/user_key" || exit 1
cp "$s/user_key.pub" "$s/authorized_keys"
chmod 600 "$s/authorized_keys"
port=$((20000 + $$ % 20000))
while ss -ltnH "( sport = :$port )" | grep -q .; do
	port=$((port + 1))
done
cat > "$s/sshd_config" <<EOF
Port $port
ListenAddress 127.0.0.1
HostKey $s/host_key
PidFile $s/sshd.pid
AuthorizedKeysFile $s/authorized_keys
UsePAM no
StrictModes no
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
PrintMotd no
PrintLastLog no
UseDNS no
X11Forwarding no
AllowTcpForwarding no
Compression no
ClientAliveInterval 0
LogLevel ERROR
EOF
if [ "$(id -u)" = 0 ] && [ ! -d /run/sshd ]; then
	mkdir -m 0755 /run/sshd && made_privsep=1
fi
if ! "$sshd" -f "$s/sshd_config" -E "$s/sshd.log"; then
	echo "ssh.sh: sshd did not start; see $s/sshd.log" >&2
	exit 1
fi
i=0
while [ ! -s "$s/sshd.pid" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
echo "[127.0.0.1]:$port $(cut -d' ' -f1-2 "$s/host_key.pub")" > "$s/known_hosts"
user=$(id -un)
ssh_cmd="ssh -tt -F /dev/null -i $s/user_key -o UserKnownHostsFile=$s/known_hosts \
-o StrictHostKeyChecking=yes -o BatchMode=yes -o ServerAliveInterval=0 \
-o Compression=no -p $port $user@127.0.0.1"
if ! timeout 10 $ssh_cmd true > "$work/ssh-check.log" 2>&1; then
	echo "ssh.sh: cannot log in to the private sshd; see $work/ssh-check.log" >&2
	exit 1
fi

# The 60 s file, as in bench/tty.sh.
make_demo ssh.sh
chmod -R a+rX "$demo"

# start_session DIR W H CMD...: a tmux server of its own running ssh, which
# runs CMD on the other side in a terminal of the pane's size.
start_session() {
	d=$1 w=$2 h=$3
	shift 3
	echo "$d/sock" >> "$work/sockets"
	mkdir -p "$d/home" "$d/run"
	chmod 700 "$d/run"
	tmux -S "$d/sock" -f /dev/null new-session -d -x "$w" -y "$h" \
		$ssh_cmd env TERM=xterm-256color LANG=C.UTF-8 LC_ALL=C.UTF-8 TZ=UTC \
		HOME="$d/home" XDG_DATA_HOME="$d/data" XDG_STATE_HOME="$d/state" \
		XDG_CONFIG_HOME="$d/config" XDG_RUNTIME_DIR="$d/run" \
		EARMARK_DEMO_DIR="$demo" "$@"
}

# As shown, with words = on: the word being heard is highlighted too.
start_earmark_words() { start_earmark_with "$1" 'words = on'; }

# conn_bytes DIR: "sent received" of the server's end of DIR's ssh connection.
conn_bytes() {
	cpid=$(tmux -S "$1/sock" display-message -p '#{pane_pid}' 2>/dev/null)
	cport=$(ss -tnpH state established "( dport = :$port )" 2>/dev/null |
	    awk -v pid="pid=$cpid," 'index($0, pid) { n = split($3, a, ":"); print a[n]; exit }')
	[ -n "$cport" ] || { echo "- -"; return; }
	ss -tinH state established "( sport = :$port and dport = :$cport )" 2>/dev/null |
	    awk '{ for (i = 1; i <= NF; i++) {
			if ($i ~ /^bytes_sent:/) { split($i, a, ":"); s = a[2] }
			if ($i ~ /^bytes_acked:/) { split($i, a, ":"); k = a[2] }
			if ($i ~ /^bytes_received:/) { split($i, a, ":"); r = a[2] } } }
		END { if (s == "") s = k; if (s == "") s = "-"; if (r == "") r = "-"; print s, r }'
}

# measure NAME RUN: writes "sent-B/s received-B/s" to DIR/result.
measure() {
	d="$work/play/$1.$2"
	mkdir -p "$d"
	if ! "start_$1" "$d" > "$d/start.log" 2>&1; then
		echo "did not start" > "$d/result"
		tmux -S "$d/sock" capture-pane -p > "$d/screen" 2>/dev/null
		tmux -S "$d/sock" kill-server 2>/dev/null
		return
	fi
	[ -s "$d/moc/pid" ] && cat "$d/moc/pid" >> "$work/pids"
	sleep 3
	b0=$(conn_bytes "$d")
	t0=$(now_ms)
	sleep "$win"
	b1=$(conn_bytes "$d")
	t1=$(now_ms)
	tmux -S "$d/sock" capture-pane -p > "$d/screen" 2>/dev/null
	tmux -S "$d/sock" kill-server 2>/dev/null
	case "$b0 $b1" in *-*) echo "no connection found" > "$d/result"; return ;; esac
	echo "$b0 $b1" | awk -v ms=$((t1 - t0)) '{
		printf "%.1f %.1f\n", ($3 - $1) * 1000 / ms, ($4 - $2) * 1000 / ms }' > "$d/result"
}

echo "earmark bytes over ssh, $(date -u +%Y-%m-%d), $(nproc) cores, $(uname -m), $(ssh -V 2>&1)"
echo "load average at start: $(load)"
echo "audio: first 60 s of assets/demo/ep1.opus; window $win s from 3 s after playing starts; $runs runs"
echo "sshd on 127.0.0.1:$port; bytes are TCP payload of the server's socket (ss -ti)"

subjects="earmark_shown earmark_words earmark_hidden $peers"
# shellcheck disable=SC2086
run_all "${SSH_SERIAL:-0}" $subjects

echo
printf '%-16s %12s %12s  %s\n' player 'sent B/s' 'recv B/s' 'runs (sent, received)'
for x in $subjects; do
	all=""
	for f in "$work"/play/"$x".*/result; do
		all="$all[$(cat "$f")] "
	done
	ok=$(cat "$work"/play/"$x".*/result | grep -v '[a-z]' || true)
	if [ -z "$ok" ]; then
		printf '%-16s %12s %12s  %s\n' "$x" - - "did not run: see $work/play/$x.*/start.log"
		continue
	fi
	printf '%-16s %12s %12s  %s\n' "$x" "$(echo "$ok" | cut -d' ' -f1 | median)" \
	    "$(echo "$ok" | cut -d' ' -f2 | median)" "$all"
done
echo "sent: server to client, what the player draws plus SSH framing; received: client to server"
echo "earmark_shown: 120x40, first episode playing, transcript pane following it"
echo "earmark_hidden: 40x12, one pane at a time, the episodes pane focused"
echo "earmark_shown: words = off, the default: the line being heard highlighted, no word"
echo "earmark_words: as earmark_shown with words = on (the word being heard highlighted too)"
echo "load average at end: $(load)"
