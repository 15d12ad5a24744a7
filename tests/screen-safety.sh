#!/bin/sh
# Screen tests of what must never go wrong: text from a hostile feed reaches
# the terminal without its escape sequences, a second earmark writes to the
# same catalog while the screen plays, and a plain vt100 in the C locale gets
# an ASCII screen.
set -u
command -v tmux >/dev/null 2>&1 || { echo "tmux not found: skipped"; exit 77; }
. "$(dirname "$0")/lib.sh"

esc=$(printf '\033')
hostile="$WORK/hostile.db"
out=$("$EARMARK" --catalog "$hostile" import "$top_srcdir/tests/data/hostile/feed.xml" 2>&1)
check "import of a hostile feed prints no escape character" \
	sh -c '! printf "%s" "$0" | grep -q "$1"' "$out" "$esc"
check "and refuses its file:// enclosure" sh -c 'printf "%s" "$0" | grep -q "audio URL refused.*file:///etc/passwd"' "$out"

screen_start 100 30 --catalog "$hostile" --silent
check "the hostile feed's episodes are listed" wait_for "Clear \[2Jscreen red txet desrever end" 10
check "nothing cleared the screen or wrote the clipboard" wait_for "Hostile \]52;c;ZXZpbA==cast" 5
check "the link text shows as text" wait_for "Link \]8;;http://evil.example/" 5
check "the pane holds no hyperlink or title from the feed" \
	sh -c '! tmux -S "$0" capture-pane -p -e | grep -q "$1\]"' "$SOCK" "$esc"
keys Enter
check "the missing audio is a clear message" wait_for "cannot open|no audio|not" 10
keys q
check "earmark ends" wait_exit 5
check "with status 0" exited_ok
screen_stop

# Two earmarks on one catalog: the screen plays and saves while imports run.
screen_start 100 30 --demo --silent
check "the demo opens" wait_for "Close Listening" 15
keys G Enter
check "an episode plays" wait_for "playing +[0-9]:[0-9]{2}" 10
ok_imports=0
for i in 1 2 3; do
	if "$EARMARK" --demo import "$top_srcdir/assets/demo/feed.xml" >"$WORK/import$i" 2>&1 &&
	    ! grep -qi "locked\|busy" "$WORK/import$i"; then
		ok_imports=$((ok_imports + 1))
	fi
done
check "three imports succeed while the screen plays and saves" test "$ok_imports" -eq 3
keys b
check "the screen still makes clips" wait_for "saved the clip" 5
check "and saw no locked catalog" sh -c '! tmux -S "$0" capture-pane -p | grep -qi "locked"' "$SOCK"
keys q
check "earmark ends" wait_exit 5
screen_stop

# A vt100 in the C locale: ASCII lines and marks, and still every pane.
SCREEN_TERM=vt100 SCREEN_LANG=C screen_start 80 24 --demo --silent
check "a vt100 in the C locale gets the screen" wait_for "Close Listening" 15
check "with ASCII rules" wait_for "\|" 5
check "and no UTF-8 line drawing" sh -c '! tmux -S "$0" capture-pane -p | grep -q "│"' "$SOCK"
keys G Enter
check "it plays there too" wait_for "> playing +0:0[0-9]" 10
keys q
check "earmark ends" wait_exit 5
screen_stop
finish
