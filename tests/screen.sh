#!/bin/sh
# Screen test: the real earmark in tmux at 100x30 plays a demo episode, the
# highlighted transcript line moves on, b bookmarks it, and the bookmark is
# there after a restart. Also small sizes, resizing and an empty catalog.
set -u
command -v tmux >/dev/null 2>&1 || { echo "tmux not found: skipped"; exit 77; }
. "$(dirname "$0")/lib.sh"

# The time of the transcript line marked as being heard, in seconds.
current_time() {
	screen | grep -Eo "▶[0-9]+:[0-9]{2}" | head -n 1 | sed 's/▶//' |
		awk -F: '{ print $1 * 60 + $2 }'
}

screen_start 100 30 --demo --silent
check "the demo catalog opens" wait_for "Close Listening" 15
check "episodes are listed" wait_for "In case you missed it"
check "no sound device is no problem" sh -c '! tmux -S "$0" capture-pane -p | grep -qi "error"' "$SOCK"

keys G Enter
check "Enter plays the episode" wait_for "playing +0:0[0-9] / 1:5[0-9]" 10
check "a transcript line is highlighted" wait_for "▶[0-9]+:[0-9]{2}" 10
first=$(current_time)
sleep 9
later=$(current_time)
echo "current line at ${first:-?} s, then at ${later:-?} s"
check "the highlighted line moves to a later line" \
	test -n "$first" -a -n "$later" -a "${later:-0}" -gt "${first:-0}"
line=$(screen | grep -Eo "▶[0-9]+:[0-9]{2}.*" | head -n 1 | sed 's/^▶[0-9:]* *//')
keys b
check "b keeps the last seconds as a clip" wait_for "saved the clip 0:00-0:[01][0-9]" 5
check "the bookmark shows in the clips pane" wait_for "★" 5
keys q
check "q quits" wait_exit 5
check "earmark exits with status 0" exited_ok
screen_stop

screen_start 100 30 --demo --silent
check "the demo catalog opens again" wait_for "Close Listening" 15
keys G
check "the bookmark is still listed after a restart" wait_for "★ +[0-9]+:[0-9]{2}-" 5
check "the position was kept" wait_for "◔" 5
check "Continue listening leads the podcasts" wait_for "^ Continue listening +1 +│" 5
keys / t e r m i n a l
check "/ opens the search prompt" wait_for "Search: terminal" 5
keys Enter
check "search lists the matching lines" wait_for "Your ears live in a \\[?terminal" 5
keys Enter
check "Enter on a hit plays its episode there" wait_for "playing +0:1[0-9] / 2:0[0-9].*Listening over SSH" 10
keys n
check "n finds the next line of the transcript with the words" \
	wait_for '"terminal": line [0-9] of [0-9] in this transcript' 5
keys Escape
check "Esc goes back to the clips" wait_for "Clips: The moment you almost missed" 5
keys q
wait_exit 5
screen_stop

screen_start 40 12 --demo --silent
check "40x12 shows one pane with tabs" wait_for "Episodes" 15
keys Tab Tab
check "Tab moves to the transcript at 40x12" wait_for "Transcript" 5
tmux -S "$SOCK" resize-window -x 120 -y 40
check "a resize to 120x40 shows every pane" wait_for "Podcasts.*Clips|Clips.*Podcasts" 5
tmux -S "$SOCK" resize-window -x 40 -y 12
keys '?'
check "? shows the keys" wait_for "earmark keys" 5
check "narrow, the help gives its room to what keys do" wait_for "PgDn +move a page down +│" 5
keys Escape / b u s Enter
check "a narrow search hit starts near its match" wait_for "0:22 +…the \\[?bus" 5
keys Escape q
check "earmark ends cleanly at 40x12" wait_exit 5
check "and with status 0" exited_ok
screen_stop

screen_start 100 30 --catalog "$WORK/empty.db" --silent
check "an empty catalog says how to start" wait_for "earmark --demo" 10
keys q
wait_exit 5
screen_stop

# Without --silent and with no sound device, earmark says so and plays on.
if ! ls /dev/snd/pcmC*D*p >/dev/null 2>&1 && [ -z "${PULSE_SERVER:-}" ]; then
	screen_start 100 30 --demo
	check "the catalog opens with the default output" wait_for "Close Listening" 15
	keys Enter
	check "no sound device is said in the status line" wait_for "no sound device" 10
	check "and the clock runs" wait_for "playing +[0-9]:[0-9]{2} /" 10
	kill -TERM "$(earmark_pid)"
	check "SIGTERM ends earmark" wait_exit 5
	check "with status 0" exited_ok
	screen_stop
	screen_start 100 30 --demo --silent
	check "the position saved on SIGTERM is kept" wait_for "◔ +3 Listening over SSH" 15
	check "under Continue listening" wait_for "Continue listening +2" 5
	keys q
	wait_exit 5
	screen_stop
else
	echo "a sound device is present: the no-device case is not run"
fi

# A second shell drives a running earmark through its control socket.
screen_start 100 30 --demo --silent --remote
check "earmark --remote opens" wait_for "Close Listening" 15
check "remote status answers when nothing plays" sh -c '"$0" remote status | grep -q "^stopped"' "$EARMARK"
keys G Enter
check "the episode plays" wait_for "playing +0:0[0-9]" 10
check "remote status tells the state, time and episode" \
	sh -c '"$0" remote status | grep -Eq "^playing 0:[0-9]{2} / 1:5[0-9] The moment you almost missed"' "$EARMARK"
check "remote seek moves playback" sh -c '"$0" remote seek 1:00 >/dev/null' "$EARMARK"
check "and the screen follows" wait_for "playing +1:0[0-9] / 1:5" 5
check "remote seek refuses a time that is none" sh -c '! "$0" remote seek 1:75 2>/dev/null' "$EARMARK"
check "remote pause pauses" sh -c '"$0" remote pause | grep -q "^paused"' "$EARMARK"
check "the screen says paused" wait_for "paused +1:0[0-9]" 5
check "an unknown command is refused" sh -c '! "$0" remote dance 2>/dev/null' "$EARMARK"
check "remote quit ends earmark" sh -c '"$0" remote quit | grep -q bye' "$EARMARK"
check "earmark ended" wait_exit 5
check "with status 0" exited_ok
check "and removed its socket" test ! -e "$XDG_RUNTIME_DIR/earmark/remote.sock"
check "remote without earmark says so" sh -c '! "$0" remote status 2>/dev/null' "$EARMARK"
screen_stop

if [ -n "$line" ]; then echo "bookmarked: $line"; fi
finish
