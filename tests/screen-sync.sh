#!/bin/sh
# Screen test of sync mode in tmux: an episode given a plain-text transcript
# (so its times are estimated) is played, S turns sync mode on, Space and
# Enter stamp lines as they are heard, Backspace undoes one, > nudges one;
# the times are read back from the catalog with sqlite3 and exported as
# WebVTT. A second run, with the stamp key configured, is killed with SIGKILL
# in the middle of syncing and the stamp it made is still there.
set -u
command -v tmux >/dev/null 2>&1 || { echo "tmux not found: skipped"; exit 77; }
command -v sqlite3 >/dev/null 2>&1 || { echo "sqlite3 not found: skipped"; exit 77; }
. "$(dirname "$0")/lib.sh"

CAT="$WORK/sync.db"
"$EARMARK" -c "$CAT" import "$top_srcdir/assets/demo/feed.xml" >/dev/null || exit 1
ep=$("$EARMARK" -c "$CAT" episodes | awk '/The moment you almost missed/ { print $1 }')
# The lines of the first episode without their times or voice tags.
grep -v -e '^WEBVTT' -e '^[0-9]' "$top_srcdir/assets/demo/ep1.vtt" |
	sed 's/^<v \([A-Za-z]*\)>/\1: /' | grep . > "$WORK/ep1.txt"
"$EARMARK" -c "$CAT" transcript --no-align "$ep" "$WORK/ep1.txt" >/dev/null 2>&1
check "a plain-text transcript is attached, estimated" \
	test "$(sqlite3 "$CAT" "SELECT kind FROM transcript WHERE episode_id = $ep")" = estimated

# q LINE: start_ms,end_ms,stamped of line LINE (from 1) in the catalog.
q() {
	sqlite3 -separator , "$CAT" "SELECT start_ms, end_ms, stamped FROM line
	    WHERE episode_id = $ep ORDER BY start_ms, id LIMIT 1 OFFSET $(($1 - 1))"
}
start_of() { q "$1" | cut -d, -f1; }
stamped() { sqlite3 "$CAT" "SELECT count(*) FROM line WHERE episode_id = $ep AND stamped = 1"; }
# between LINE LO HI: the line starts within [LO, HI] ms.
between() { s=$(start_of "$1"); [ "$s" -ge "$2" ] && [ "$s" -le "$3" ] || { echo "line $1 starts at $s"; false; }; }
# Starts strictly increase and every line ends where the next starts.
in_order() {
	sqlite3 -separator ' ' "$CAT" "SELECT start_ms, end_ms FROM line WHERE episode_id = $ep
	    ORDER BY start_ms, id" |
		awk 'NR > 1 && ($1 <= ps || pe != $1) { print "line " NR " at " $1; bad = 1 }
		    { ps = $1; pe = $2 } END { exit bad }'
}

screen_start 100 30 -c "$CAT" --silent
check "the catalog opens" wait_for "The moment you almost missed" 15
keys G
check "the transcript says its times are estimated" wait_for "estimated times" 5
keys Enter
check "the episode plays" wait_for "playing +0:0[0-9] / 1:5" 10
keys Tab Tab S
check "S turns sync mode on, saying how to leave" wait_for "sync mode: .*Space Enter as each line begins \(S Esc leaves\)" 5
check "the pane says so with the count of stamps" wait_for "SYNC 0/21 stamped" 5
check "the status line says so" wait_for "playing .*SYNC" 5
keys '['
check "[ slows playback in sync mode" wait_for "speed 0.9x" 5
keys ']'
check "] speeds it up again" wait_for "speed 1.0x" 5
wait_for "playing +0:03" 10
keys Space
check "Space stamps the first line" wait_for "line 1 starts at 0:0[3-5] \(1 of 21 stamped\)" 5
wait_for "playing +0:06" 10
keys Space
check "Space stamps the second" wait_for "line 2 starts at 0:0[6-8] \(2 of 21 stamped\)" 5
wait_for "playing +0:09" 10
keys Enter
check "Enter stamps the third" wait_for "line 3 starts at 0:(09|1[01]) \(3 of 21 stamped\)" 5
check "the stamps are in the catalog at once" test "$(stamped)" = 3
keys BSpace
check "Backspace undoes the last stamp" wait_for "line 3: stamp undone \(2 of 21 stamped\)" 5
check "it is unstamped in the catalog" sh -c '[ "$(sqlite3 "$0" "SELECT count(*) FROM line WHERE episode_id = $1 AND stamped = 1")" = 2 ]' "$CAT" "$ep"
keys p
check "p pauses in sync mode" wait_for "paused" 5
s2=$(start_of 2)
# tenths MS: how the status line writes a time with its tenth of a second.
tenths() { printf '0:%02d\\.%d' $(($1 / 1000)) $(($1 % 1000 / 100)); }
keys g j '>'
check "> nudges the line under the cursor" wait_for "line 2 starts at $(tenths $((s2 + 100)))" 5
check "by 100 ms in the catalog" test "$(start_of 2)" = $((s2 + 100))
keys 3 '<'
check "a count nudges by that many tenths" wait_for "line 2 starts at $(tenths $((s2 - 200)))" 5
check "3< moves it 300 ms back in the catalog" test "$(start_of 2)" = $((s2 - 200))
keys Escape
check "Esc leaves sync mode" wait_for "sync mode off: 2 of 21 lines stamped" 5
check "the pane says the transcript is hand-synced" wait_for "hand-synced 2/21" 5
keys Space
check "outside sync mode Space pauses as ever" wait_for "playing +0:" 5
keys q
check "q quits" wait_exit 5
check "with status 0" exited_ok
screen_stop

check "two lines are stamped" test "$(stamped)" = 2
check "the first where Space was pressed" between 1 3000 5500
check "the second where Space was pressed, less 200 ms" between 2 5800 8500
check "line 3 is unstamped again" test "$(q 3 | cut -d, -f3)" = 0
check "lines keep their order and meet end to start" in_order
check "line 1 is stamped" test "$(q 1 | cut -d, -f3)" = 1
vtt=$("$EARMARK" -c "$CAT" export-transcript "$ep" --format vtt)
s1=$(start_of 1)
e1=$(q 1 | cut -d, -f2)
cue=$(printf '00:00:%02d.%03d --> 00:00:%02d.%03d' $((s1 / 1000)) $((s1 % 1000)) \
	$((e1 / 1000)) $((e1 % 1000)))
check "export-transcript writes the stamped times as WebVTT" \
	sh -c 'printf "%s\n" "$1" | grep -q "^$0$"' "$cue" "$vtt"

# A second sitting, with the stamp key moved to x, killed in the middle of syncing.
printf 'key.sync-stamp = x\n' >> "$XDG_CONFIG_HOME/earmark/config"
screen_start 100 30 -c "$CAT" --silent
check "the catalog opens again" wait_for "The moment you almost missed" 15
keys G
check "the stamps are shown" wait_for "hand-synced 2/21" 5
check "with their marks" wait_for "✓0:0[3-5]" 5
keys Enter
check "playing resumes" wait_for "playing +0:" 10
keys Tab Tab S
check "sync mode again" wait_for "SYNC 2/21 stamped" 5
keys '?' j j j j j j j j j j j j j j j j j j j j j j j j j j j j j j
check "the help lists the sync keys by action" wait_for "x +sync mode: the next line starts now +sync-stamp" 5
keys Escape
check "the hint names the configured key" wait_for "SYNC: x stamps the next line" 20
wait_for "playing +0:1[2-9]" 15
keys x
check "x, configured, stamps the next line" wait_for "line 3 starts at 0:1[2-9]" 5
pid=$(earmark_pid)
check "earmark is found" test -n "$pid"
kill -9 $pid
check "SIGKILL ends it" wait_exit 5
screen_stop
check "the stamp made before SIGKILL is kept" test "$(stamped)" = 3
check "where it was made" between 3 12000 20000
check "and the catalog is whole" sh -c '[ "$(sqlite3 "$0" "PRAGMA integrity_check")" = ok ]' "$CAT"
check "lines still in order" in_order

finish
