#!/bin/sh
# Screen test of the configuration file: written with comments on first run,
# keys remapped, a bad line named with the defaults kept for it.
set -u
command -v tmux >/dev/null 2>&1 || { echo "tmux not found: skipped"; exit 77; }
. "$(dirname "$0")/lib.sh"

conf="$XDG_CONFIG_HOME/earmark/config"
screen_start 100 30 --demo --silent
check "earmark starts" wait_for "Close Listening" 15
check "the first run writes a commented configuration" \
	sh -c 'grep -q "^# key.quit = q Q" "$0" && ! grep -v "^#" "$0" | grep -q "="' "$conf"
keys q
check "q quits by default" wait_exit 5
screen_stop

cat > "$conf" <<'CONF'
# mine
seek-short = 10    # seconds, a comment after a blank
key.quit = Q
key.quick-clip = x
colour.current = black,bright
nonsense here
CONF
screen_start 100 30 --demo --silent
check "earmark starts with the changed file" wait_for "Close Listening" 15
check "the first bad line is named" wait_for "config line 5: 'bright' is not a colour, and more" 5
keys '?' j j j j j j j j j j j j j j j j j j j j
check "help lists the new keys by action name" wait_for "x +keep the last seconds as a clip +quick-clip" 5
keys Escape G Enter
check "playing" wait_for "playing +0:0[0-9]" 10
keys x
check "the remapped key makes a quick clip" wait_for "saved the clip 0:00-" 5
sleep 1
keys Right
check "seek-short = 10, with a comment after it, seeks 10 s" wait_for "playing +0:1[0-9]" 5
keys q
sleep 1
check "q no longer quits" sh -c '[ "$(tmux -S "$0" display-message -p "#{pane_dead}")" = 0 ]' "$SOCK"
keys Q
check "Q does" wait_exit 5
check "with status 0" exited_ok
screen_stop
# A transcript without times is spread by line length, and the screen says so.
est="$WORK/est.db"
"$EARMARK" --catalog "$est" import "$top_srcdir/assets/demo/feed.xml" >/dev/null
ep=$("$EARMARK" --catalog "$est" episodes | awk '/In case you missed it/ { print $1 }')
printf 'Ada: A line of text with no time.\nBen: Another one, a little longer than that.\n' > "$WORK/plain.txt"
"$EARMARK" --catalog "$est" transcript --no-align "$ep" "$WORK/plain.txt" >/dev/null
screen_start 100 30 --catalog "$est" --silent
check "an untimed transcript is marked as estimated" wait_for "Transcript: In case you missed it +estimated times" 10
check "its lines are spread over the episode" wait_for "0:[2-5][0-9] +Ben +Another one" 5
keys Q
wait_exit 5
screen_stop
# Placed on the audio, it says so instead.
"$EARMARK" --catalog "$est" align "$ep" >/dev/null 2>&1
screen_start 100 30 --catalog "$est" --silent
check "a transcript placed on the audio is marked as aligned" wait_for "Transcript: In case you missed it +aligned times" 10
keys Q
wait_exit 5
screen_stop
finish
