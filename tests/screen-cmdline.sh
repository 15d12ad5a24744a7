#!/bin/sh
# Screen test of the : command line in tmux: seek, speed, a bad command and
# bad arguments, a clip read back from the catalog with sqlite3, export to a
# file, the clip's audio cut to a file in the background, history, Tab, Esc,
# a resize inside the prompt, :map, :set, :help and :q; then the command key
# remapped in the configuration.
set -u
command -v tmux >/dev/null 2>&1 || { echo "tmux not found: skipped"; exit 77; }
command -v sqlite3 >/dev/null 2>&1 || { echo "sqlite3 not found: skipped"; exit 77; }
command -v ffprobe >/dev/null 2>&1 || { echo "ffprobe not found: skipped"; exit 77; }
. "$(dirname "$0")/lib.sh"

CAT="$XDG_DATA_HOME/earmark/demo.db"
# cmd TEXT: types : TEXT Enter.
cmd() {
	keys :
	keys -l "$1"
	keys Enter
}
# The prompt row, when the prompt shows TEXT (an extended regex) and nothing after it.
prompt_is() { wait_for "^:$1 *\$" 5; }
# wait_gone REGEX: waits until the screen no longer matches; 1 on time-out.
wait_gone() {
	i=0
	while [ "$i" -lt 50 ]; do
		screen | grep -Eq -- "$1" || return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}
no_prompt() { wait_gone "^:"; }

screen_start 100 30 --demo --silent
check "the demo opens" wait_for "Close Listening" 15
keys G Enter
check "the first episode plays" wait_for "playing +0:0[0-9] / 1:5" 10

keys :
check ": opens a prompt on the status line" prompt_is ""
keys -l "seek 1:00"
check "what is typed shows in it" prompt_is "seek 1:00"
keys Enter
check ":seek 1:00 seeks there" wait_for "playing +1:0[0-3] / 1:5" 5
check "and the prompt is gone" no_prompt
cmd "seek -30"
check ":seek -30 goes back 30 seconds" wait_for "playing +0:3[0-4] / 1:5" 5
cmd "1:20"
check ":1:20 seeks as :seek does" wait_for "playing +1:2[0-3] / 1:5" 5

cmd "speed 1.5"
check ":speed 1.5 says so" wait_for "^speed 1.5x" 5
check "and the status shows it" wait_for "playing +[0-9:]+ / 1:55 1.5x" 5
cmd "pause"
check "an action of the key table is a command too" wait_for "paused +1:2[0-9] / 1:55 1.5x" 5

cmd "frobnicate 3"
check "a bad command is named" wait_for "^no command 'frobnicate' \(Tab completes them" 5
cmd "seek 1:75"
check "a bad time is named, with the forms it takes" \
	wait_for "^seek: '1:75' is not a time \(90, 1:30, 1:02:03, \+30 or -10\)" 5
cmd "speed 9"
check "a speed out of range is refused" wait_for "^speed: '9' is not a speed from 0.5 to 3.0" 5
check "the status still shows 1.5x" wait_for "1.5x silent" 5
cmd "seek"
check "a missing argument is named" wait_for "^seek needs a time" 5
cmd "clip 1:10 1:00"
check "a clip ending before it starts is refused" wait_for "^clip: the end must come after" 5
check "the screen is whole after the errors" wait_for "^ Podcasts .*│ Clips: The moment" 5

cmd "clip 1:00 1:10 Colon clip"
check ":clip saves a bookmark" wait_for 'saved the clip 1:00-1:10 "Colon clip"' 5
check "it is listed in the clips pane" wait_for "1:00-1:10 +Colon clip" 5
check "the catalog holds it, with its quote" sh -c '
	test "$(sqlite3 -separator , "$0" "SELECT kind, start_ms, end_ms FROM clip
	    WHERE title = '\''Colon clip'\''")" = bookmark,60000,70000 &&
	sqlite3 "$0" "SELECT quote FROM clip WHERE title = '\''Colon clip'\''" |
	    grep -q "A screenshot of a progress bar"' "$CAT"

cmd "export md $WORK/one.md"
check ":export writes the clip under the cursor" wait_for "exported to $WORK/one.md" 5
check "as Markdown" grep -q "^### Hello and welcome" "$WORK/one.md"
cmd "cut $WORK/one.opus"
check ":cut writes the audio of the clip under the cursor, in the background" \
	wait_for "^cut: $WORK/one.opus: 30.4 s of \"Hello and welcome\"" 15
check "an Opus file as long as the clip (0:00-0:30.362)" sh -c '
	d=$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$0") &&
	awk -v d="$d" "BEGIN { exit !(d > 30.3 && d < 30.45) }"' "$WORK/one.opus"
cmd "cut $WORK/one.opus"
check "a second :cut to the same file is refused" wait_for "one.opus: already exists" 15
keys c / C o l o n Enter
check "the clips view lists only the new clip" wait_for "with \"Colon\".*1/1" 5
cmd "export md $WORK/colon.md"
check ":export in the clips view writes every clip listed" wait_for "exported to $WORK/colon.md" 5
check "the file holds the clip, its quote and its place" sh -c '
	grep -q "^### Colon clip" "$0" && grep -q "A screenshot of a progress bar" "$0" &&
	grep -q "Close Listening / The moment you almost missed / 1:00" "$0" &&
	! grep -q "Hello and welcome" "$0"' "$WORK/colon.md"
cmd "export wav $WORK/x.wav"
check "a bad format is named" wait_for "'wav' is not an export format \(md, json" 5
check "and nothing is written" test ! -e "$WORK/x.wav"
keys c

cmd "speed 2"
check ":speed 2" wait_for "paused +[0-9:]+ / 1:55 2.0x" 5
cmd "speed 1"
check ":speed 1" wait_gone "2.0x"
keys : Up
check "Up recalls the last line" prompt_is "speed 1"
keys Up
check "Up again the one before" prompt_is "speed 2"
keys Up
check "and again" prompt_is "export wav .*"
keys Down Down
check "Down comes back" prompt_is "speed 1"
keys Down
check "past the newest, the line being typed" prompt_is ""
keys Up Up Enter
check "a recalled line runs" wait_for "paused +[0-9:]+ / 1:55 2.0x" 5

keys : v o l Tab
check "Tab completes a command" prompt_is "volume"
keys 5 0 Enter
check ":volume 50" wait_for "^volume 50%" 5
keys : s e Tab
check "Tab on several goes through them: first" prompt_is "seek"
keys Tab
check "then the next" prompt_is "search"
keys C-u
keys -l "set follow-t"
keys Tab
check "Tab completes setting names" prompt_is "set follow-timeout"
keys Escape

keys : q u i t
check "a line is typed" prompt_is "quit"
keys Escape
check "Esc cancels it" no_prompt
check "and earmark runs on" wait_for "paused +[0-9:]+ / 1:55" 5
keys :
check "the prompt opens again" prompt_is ""
keys BSpace
check "Backspace on an empty line leaves it" no_prompt

keys : s e e k Space 1 0
tmux -S "$SOCK" resize-window -x 60 -y 20
check "a resize keeps the prompt" prompt_is "seek 10"
tmux -S "$SOCK" resize-window -x 100 -y 30
check "and another" prompt_is "seek 10"
keys Enter
check "and its command runs" wait_for "paused +0:1[0-1] / 1:55" 5
check "the screen is whole after it" wait_for "^ Podcasts .*│ Clips: The moment" 5

cmd "set seek-short 20"
check ":set changes a setting" wait_for "^seek-short 20$" 5
keys Right
check "which the key then uses" wait_for "paused +0:3[0-1] / 1:55" 5
cmd "set seek-short never"
check "a bad value is named" wait_for "^set: seek-short wants seconds from 0 to 3600, not 'never'" 5
cmd "set"
check ":set alone shows the settings" wait_for "^seek-short 20, seek-long 30, quick-clip 30" 5
cmd "set colour never"
check "a setting not changed at run time is refused" wait_for "^set: 'colour' is not one of" 5

cmd "map z pause"
check ":map binds a key" wait_for "^z now runs pause" 5
keys z
check "which then acts" wait_for "playing +0:3[0-9] / 1:55" 5
cmd "map q pause"
check ":map keeps the way out" wait_for "^map: q is the only key of quit" 5
cmd "map z nothing"
check ":map names a bad action" wait_for "^map: no action is called 'nothing'" 5

keys '?'
check "? shows the help" wait_for "earmark keys" 5
for i in $(seq 40); do
	keys j
done
check "the help lists : with its action" wait_for "│ : +command line: :seek 1:30.* command │" 5
keys Escape
check "Esc closes it" wait_gone "earmark keys"
cmd "help"
check ":help opens it too" wait_for "earmark keys" 5
keys Escape
check "Esc closes it again" wait_gone "earmark keys"
cmd "q"
check ":q quits" wait_exit 5
check "with status 0" exited_ok
screen_stop

mkdir -p "$XDG_CONFIG_HOME/earmark"
printf 'key.command = ;\n' > "$XDG_CONFIG_HOME/earmark/config"
screen_start 100 30 --demo --silent
check "the demo opens again" wait_for "Close Listening" 15
keys :
check "with the key remapped, : opens nothing" no_prompt
keys '\;'
check "and ; opens the command line" prompt_is ""
keys -l quit
keys Enter
check ":quit quits" wait_exit 5
check "with status 0" exited_ok
screen_stop
finish
