#!/bin/sh
# Screen test: word times shown while playing. A word-level Podcast Index JSON
# transcript and a WebVTT file with timestamp tags (wide characters, a word
# that wraps) are attached to demo episodes; while they play, the word being
# heard is drawn bold and underlined on the current line, moves on word by
# word in order, stays put while paused, and is found again without colours.
# words = on in the configuration turns it on; by default only the line is
# highlighted, and W turns the word on and off while playing.
set -u
command -v tmux >/dev/null 2>&1 || { echo "tmux not found: skipped"; exit 77; }
command -v python3 >/dev/null 2>&1 || { echo "python3 not found: skipped"; exit 77; }
. "$(dirname "$0")/lib.sh"

data="$top_srcdir/tests/data/words"
db="$WORK/words.db"
"$EARMARK" --catalog "$db" import "$top_srcdir/assets/demo/feed.xml" >/dev/null
check "a word-level JSON transcript attaches to an episode" sh -c \
	'"$0" --catalog "$1" transcript 4 "$2" | grep -q "35 lines attached"' "$EARMARK" "$db" "$data/ep1.json"
check "a WebVTT transcript with timestamp tags attaches to another" sh -c \
	'"$0" --catalog "$1" transcript 1 "$2" | grep -q "2 lines attached"' "$EARMARK" "$db" "$data/wide.vtt"
# Fresh copies for the later runs: nothing begun, so no "Continue listening" row.
cp "$db" "$WORK/narrow.db"
cp "$db" "$WORK/mono.db"
cp "$db" "$WORK/off.db"
cp "$db" "$WORK/plain.db"
check "a transcript with no word times replaces the WebVTT one in a copy" sh -c \
	'"$0" --catalog "$1" transcript 1 "$2" >/dev/null' "$EARMARK" "$WORK/plain.db" \
	"$top_srcdir/tests/data/srt/utf8.srt"

# The word shown as being heard ("|" between the rows of one that wraps).
word() {
	tmux -S "$SOCK" capture-pane -p -e | python3 "$top_srcdir/tests/words-shown.py"
}

# watch SECONDS: the distinct words shown, in order, sampled as often as a
# capture allows.
watch() {
	end=$(($(date +%s) + $1)) last= seen=
	while [ "$(date +%s)" -lt "$end" ]; do
		w=$(word)
		if [ -n "$w" ] && [ "$w" != "$last" ]; then
			seen="$seen$w
"
			last=$w
		fi
	done
	printf '%s' "$seen"
}

# in_order WORDS...: standard input holds these words in this order, maybe
# with others between them (a short word can pass between two samples).
in_order() {
	python3 -c '
import sys
seen = [l for l in sys.stdin.read().split("\n") if l]
want = sys.argv[1:]
it = iter(seen)
ok = all(w in it for w in want)
print("seen:", seen)
sys.exit(0 if ok else 1)' "$@"
}

# wait_for_word: waits up to 5 s until a word is shown.
wait_for_word() {
	i=0
	while [ "$i" -lt 50 ]; do
		[ -n "$(word)" ] && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

mkdir -p "$XDG_CONFIG_HOME/earmark"
printf 'words = on\n' > "$XDG_CONFIG_HOME/earmark/config"
screen_start 100 30 --catalog "$db" --silent
check "the catalog opens" wait_for "Close Listening" 15
keys G Enter
check "Enter plays the episode" wait_for "playing +0:0[0-9]" 10
check "a word is shown" wait_for_word
rows=$(tmux -S "$SOCK" capture-pane -p -e | python3 "$top_srcdir/tests/words-shown.py" --rows)
echo "word on row ${rows% *}, current line on row ${rows#* }"
check "the word shown is on the current line" test -n "$rows" -a "${rows% *}" = "${rows#* }"
watch 6 > "$WORK/seen1"
check "the words of the first lines are shown one after the other" \
	in_order welcome "Listening." Ada. Ben. podcast < "$WORK/seen1"
keys Space
sleep 0.5
w1=$(word)
sleep 1.5
w2=$(word)
echo "paused on '$w1', then '$w2'"
check "while paused the word stays" test -n "$w1" -a "$w1" = "$w2"
keys q
wait_exit 5
screen_stop

# Wide characters, wrapping and a narrow pane: the speaker leads the text.
screen_start 40 12 --catalog "$WORK/narrow.db" --silent
check "the catalog opens at 40x12" wait_for "Episodes" 15
keys g Enter Tab Tab
check "the transcript pane shows the wide line" wait_for "Ada: 日本語の" 10
watch 6 > "$WORK/seen2"
check "wide words and a word wrapped over two rows are shown in order" \
	in_order 日本語の テキスト と🎧 "words|that wrap onto the next row of a|narrow pane" end. \
	< "$WORK/seen2"
keys q
wait_exit 5
screen_stop

# Without colours the word is still told apart from its line.
printf 'colour = never\nwords = on\n' > "$XDG_CONFIG_HOME/earmark/config"
screen_start 100 30 --catalog "$WORK/mono.db" --silent
check "the catalog opens without colours" wait_for "Close Listening" 15
keys g Enter
watch 6 > "$WORK/seen3"
check "without colours the words are shown in order too" \
	in_order 日本語の テキスト と🎧 < "$WORK/seen3"
keys q
wait_exit 5
screen_stop

# No configuration: the line is highlighted, no word; W turns the word on
# and off.
rm "$XDG_CONFIG_HOME/earmark/config"
screen_start 100 30 --catalog "$WORK/off.db" --silent
check "the catalog opens with no configuration" wait_for "Close Listening" 15
keys g Enter
check "the line being heard is marked" wait_for "▶0:00 +Ada +日本語の" 10
watch 2 > "$WORK/seen4"
check "by default no word is shown" test ! -s "$WORK/seen4"
keys W
check "W says the word is highlighted" wait_for "highlighting the word being heard" 5
check "after W a word is shown" wait_for_word
keys W
check "W again says the line only" wait_for "highlighting the line being heard, no word" 5
watch 2 > "$WORK/seen5"
check "after W again no word is shown" test ! -s "$WORK/seen5"
keys q
wait_exit 5
screen_stop

# W on a transcript that times no words says so.
screen_start 100 30 --catalog "$WORK/plain.db" --silent
check "the catalog opens with an untimed transcript" wait_for "Close Listening" 15
keys g Enter
check "the untimed episode plays" wait_for "playing +0:0[0-9]" 10
keys W
check "W says the transcript does not time its words" \
	wait_for "highlighting the word being heard \\(this transcript does not time its words\\)" 5
keys q
wait_exit 5
screen_stop
finish
