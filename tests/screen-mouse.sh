#!/bin/sh
# Screen test of the optional mouse (--mouse, or mouse = on in the
# configuration): a click picks a row, a second click plays it, the wheel
# scrolls the transcript and leaves follow mode, a click on the progress bar
# seeks. The terminal's reports are typed as xterm sends them (SGR, 1006).
set -u
command -v tmux >/dev/null 2>&1 || { echo "tmux not found: skipped"; exit 77; }
. "$(dirname "$0")/lib.sh"

# press X Y [BUTTON]: a press and its release at 1-based column X, row Y.
press() {
	b=${3:-0}
	keys -l "$(printf '\033[<%d;%d;%dM' "$b" "$1" "$2")"
	sleep 0.05
	[ "$b" -ge 64 ] || keys -l "$(printf '\033[<%d;%d;%dm' "$b" "$1" "$2")"
	sleep 0.05
}

screen_start 100 30 --demo --silent --mouse
check "the demo opens" wait_for "Close Listening" 15
check "episode 1 is on row 8" sh -c 'tmux -S "$0" capture-pane -p | sed -n 8p | grep -q "1 The moment you almost missed"' "$SOCK"
press 10 8
check "a click puts the cursor on the episode" wait_for "Episodes +4/4" 5
check "and shows its clips" wait_for "Clips: The moment you almost missed" 5
press 10 8
press 10 8
check "two clicks in a row play it" wait_for "playing +0:0[0-9] / 1:5[0-9]" 10
press 70 20 65
press 70 20 65
check "the wheel over the transcript moves its cursor, leaving follow mode" \
	wait_for "following off \(f\)" 5

# The progress bar: the run of bar glyphs on the status line.
bar=$(screen | sed -n 29p | python3 -c '
import sys
s = sys.stdin.read().rstrip("\n")
cols = [i for i, c in enumerate(s) if c in "\u2501\u2500=-"]
run = [c for c in cols if c - cols[0] < 60]
print(run[0] + 1, len(run)) if run else print("")')
check "the status line has a progress bar" test -n "$bar"
set -- $bar
x=$(( $1 + $2 * 3 / 4 ))
press "$x" 29
check "a click three quarters along the bar seeks there" wait_for "playing +1:[2-3][0-9] / 1:5[0-9]" 5
keys q
check "earmark ends" wait_exit 5
check "with status 0" exited_ok
screen_stop

mkdir -p "$XDG_CONFIG_HOME/earmark"
printf 'mouse = on\n' > "$XDG_CONFIG_HOME/earmark/config"
screen_start 100 30 --demo --silent
check "with mouse = on in the configuration" wait_for "Close Listening" 15
row=$(screen | grep -n "^ Close Listening" | cut -d: -f1)
press 10 "$row"
check "a click picks a row too" wait_for "Podcasts +2/2" 5
keys q
check "earmark ends" wait_exit 5
screen_stop
finish
