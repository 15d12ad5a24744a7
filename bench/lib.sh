# Shared by bench/tty.sh and bench/ssh.sh; sourced after they set src, work,
# earmark and runs, and define start_session DIR W H CMD... (which starts CMD
# in a tmux server at DIR/sock and notes the socket in $work/sockets).

now_ms() { echo $(($(date +%s%N) / 1000000)); }

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)]; else print "-" }'; }

load() { cut -d' ' -f1-3 /proc/loadavg; }

# wait_screen SOCK REGEX SECONDS: polls capture-pane until REGEX shows.
wait_screen() {
	end=$(($(now_ms) + $3 * 1000))
	while [ "$(now_ms)" -lt "$end" ]; do
		tmux -S "$1" capture-pane -p 2>/dev/null | grep -Eq -- "$2" && return 0
		sleep 0.05
	done
	return 1
}

# Ends every tmux server in $work/sockets and every process in $work/pids.
end_players() {
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

# make_demo NAME: the 60 s file, the first minute of the demo's first
# episode, in a copy of the demo podcast at $demo in which that episode is
# the 60 s file ($audio). NAME leads the error message.
make_demo() {
	demo="$work/demo"
	cp -r "$src/assets/demo" "$demo"
	audio="$demo/ep1.opus"
	if ! timeout 60 ffmpeg -nostdin -loglevel error -y -i "$src/assets/demo/ep1.opus" \
	    -t 60 -c copy "$work/ep1-60.opus"; then
		echo "$1: ffmpeg could not cut the 60 s file" >&2
		exit 1
	fi
	mv "$work/ep1-60.opus" "$audio"
	sed -i 's|<itunes:duration>[^<]*</itunes:duration>|<itunes:duration>60</itunes:duration>|' \
	    "$demo/feed.xml" 2>/dev/null
}

# run_all SERIAL SUBJECTS...: $runs runs of measure SUBJECT RUN for each
# subject, side by side unless SERIAL is 1.
run_all() {
	serial=$1
	shift
	r=1
	while [ "$r" -le "$runs" ]; do
		for x in "$@"; do
			if [ "$serial" = 1 ]; then
				measure "$x" "$r"
			else
				measure "$x" "$r" &
			fi
		done
		wait
		echo "run $r done, load average $(load)"
		r=$((r + 1))
	done
}

# Each player: start_NAME DIR starts it in DIR and plays $audio; it returns
# 1 when the player did not run.
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
start_earmark_hidden() { start_earmark "$1" 40 12; }
# start_earmark_with DIR SETTING: as shown, with one line of configuration.
start_earmark_with() {
	mkdir -p "$1/config/earmark"
	printf '%s\n' "$2" > "$1/config/earmark/config"
	start_earmark "$1" 120 40
}

start_cmus() {
	command -v cmus >/dev/null || return 1
	mkdir -p "$1/config/cmus"
	# No D-Bus here: without mpris=false cmus stops at start on an MPRIS
	# error and waits for Enter.
	printf 'set output_plugin=ao\nset dsp.ao.driver=null\nset mpris=false\n' \
	    > "$1/config/cmus/rc"
	start_session "$1" 120 40 cmus --listen "$1/cmus.sock"
	# Here cmus may keep a blank screen, its main thread blocked reading the
	# terminal: then it counts as not started.
	wait_screen "$1/sock" '[A-Za-z]' 10 || return 1
	if tmux -S "$1/sock" capture-pane -p | grep -q 'Press <enter> to continue'; then
		tmux -S "$1/sock" send-keys Enter
		sleep 0.5
	fi
	i=0
	while [ ! -S "$1/cmus.sock" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
	# libao's null driver through cmus's ao output: no ALSA or Pulse needed.
	timeout 5 cmus-remote --server "$1/cmus.sock" -C 'set dsp.ao.driver=null' \
	    'set output_plugin=ao' || return 1
	timeout 5 cmus-remote --server "$1/cmus.sock" -C "player-play $audio" || return 1
	sleep 1
	timeout 5 cmus-remote --server "$1/cmus.sock" -Q | grep -q '^status playing'
}

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

start_mpv() {
	command -v mpv >/dev/null || return 1
	start_session "$1" 120 40 mpv --no-config --no-video --ao=null "$audio"
	wait_screen "$1/sock" 'A: *0' 15
}

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
