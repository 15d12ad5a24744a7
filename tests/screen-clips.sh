#!/bin/sh
# Screen test of the clip workflow in tmux: mark in and out with a title,
# edit, refine, delete and undo, select lines to clip, play a clip to its end,
# the clips view and its filters, speed, and a resize inside a prompt.
set -u
command -v tmux >/dev/null 2>&1 || { echo "tmux not found: skipped"; exit 77; }
. "$(dirname "$0")/lib.sh"

screen_start 100 30 --demo --silent
check "the demo opens" wait_for "Close Listening" 15
keys G Enter
check "the first episode plays" wait_for "playing +0:0[0-9] / 1:5" 10
check "its second line is heard" wait_for "▶0:04" 10
keys m
check "m marks the in-point at the line's start" wait_for "in at 0:04" 5
check "the next line is heard" wait_for "▶0:11" 12
keys m
check "m again asks for a title, prefilled from the transcript" \
	wait_for "Clip title: And I'm Ben. This is a podcast about" 5
keys C-u B e n Space f o r g e t s Enter
check "the clip is saved with its title" wait_for 'saved the clip 0:04-0:1[0-9] "Ben forgets"' 5
check "and listed in the clips pane" wait_for "★ +0:04-0:1[0-9] +Ben forgets" 5

keys Tab j
keys e
check "e edits the title" wait_for "Title: Ben forgets" 5
keys Space h i s Space n o t e s Enter
check "then the note" wait_for "Note:" 5
keys f u n n y Enter
check "title and note are saved" wait_for "Ben forgets his notes \+note" 5
keys '>'
check "> moves the start to the next line" wait_for "start moved from 0:04 to 0:11" 5
keys 5 '<'
check "a count moves it by seconds" wait_for "start moved from 0:11 to 0:06" 5
keys '}'
check "} moves the end a line later" wait_for "end moved from 0:1[0-9] to 0:1[0-9]" 5
keys d
check "d deletes the clip" wait_for "deleted \(u brings it back\)" 5
check "it is gone from the list" sh -c '! tmux -S "$0" capture-pane -p | grep -q "Ben forgets his notes"' "$SOCK"
keys u
check "u brings it back" wait_for "Ben forgets his notes" 5

keys Enter
check "Enter plays exactly the clip" wait_for "playing +0:0[6-9] / .*clip of" 5
check "the clip stops at its end" wait_for "ended +0:1[0-9] /" 20

keys Tab g v j j Enter
check "v, movement and Enter make a clip of lines" wait_for "Clip title: " 5
keys Enter
check "the selection is saved" wait_for 'saved the clip 0:00-0:1[0-9]' 5

keys c
check "c lists every clip of the catalog" wait_for "every podcast's all kinds" 5
keys t
check "t shows only bookmarks" wait_for "every podcast.s bookmarks.*1/2" 5
keys / f u n n y Enter
check "/ filters by text, notes included" wait_for "bookmarks with .funny.*1/1" 5
keys x
check "x asks for a format" wait_for "Export as md, json" 5
keys C-u j s o n Enter
check "x exports the listed clips" wait_for "exported to .*/exports/clips-[0-9-]+\.json" 5
check "the file holds the clip" sh -c 'grep -q "Ben forgets his notes" "$0"/earmark/exports/clips-*.json' "$XDG_DATA_HOME"
keys c
check "c goes back to the episode's clips" wait_for "Clips: The moment you almost missed" 5

keys ']' ']'
check "] speeds up" wait_for "speed 1.2x" 5
keys / a b c
check "a prompt is open" wait_for "Search:" 5
tmux -S "$SOCK" resize-window -x 60 -y 20
check "a resize keeps the prompt" wait_for "Search: abc" 5
keys Escape
tmux -S "$SOCK" resize-window -x 100 -y 30
keys q
check "q quits" wait_exit 5
check "with status 0" exited_ok
screen_stop

screen_start 100 30 --demo --silent
check "the demo opens again" wait_for "Close Listening" 15
keys G
check "the edited clip survived the restart" wait_for "Ben forgets his notes \+note" 5
keys q
wait_exit 5
# kill -9 in the middle of listening loses nothing made and at most a second of position.
kdb="$WORK/kill.db"
"$EARMARK" --catalog "$kdb" import "$top_srcdir/assets/demo/feed.xml" >/dev/null
screen_start 100 30 --catalog "$kdb" --silent
check "a catalog opens for the kill test" wait_for "Close Listening" 15
keys G Enter
check "an episode plays" wait_for "playing +0:0[3-9]" 10
keys b
check "a clip is made" wait_for "saved the clip" 5
sleep 2.5
shown=$(screen | grep -Eo "playing +0:[0-9]{2}" | grep -Eo "0:[0-9]{2}$")
kill -KILL "$(earmark_pid)"
check "kill -9 ends earmark" wait_exit 5
screen_stop
check "the clip made before the kill is in the catalog" \
	sh -c '"$0" --catalog "$1" export --kind bookmark --format json | grep -q "\"kind\": \"bookmark\""' \
	"$EARMARK" "$kdb"
screen_start 100 30 --catalog "$kdb" --silent
check "the catalog opens after the kill" wait_for "Continue listening" 15
keys Enter
check "it offers to resume" wait_for "resuming at 0:[0-9]{2}" 5
check "the episode resumes within a second of where it was killed (${shown:-?})" \
	sh -c 'tmux -S "$0" capture-pane -p | grep -Eo "resuming at 0:[0-9]{2}" |
	    awk -v shown="$1" "{ split(\$3, r, \":\"); split(shown, s, \":\"); d = s[2] - r[2];
	        ok = d <= 1 && d >= -1 } END { exit !ok }"' "$SOCK" "${shown:-0:99}"
keys q
wait_exit 5
screen_stop
finish
