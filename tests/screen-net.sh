#!/bin/sh
# Screen test of the network from the screen: R refreshes every feed and d
# downloads the episode under the cursor, both in the background, from a
# server this test runs on 127.0.0.1; then into the configuration's download-dir.
set -u
command -v tmux >/dev/null 2>&1 || { echo "tmux not found: skipped"; exit 77; }
command -v python3 >/dev/null 2>&1 || { echo "python3 not found: skipped"; exit 77; }
. "$(dirname "$0")/lib.sh"

python3 "$top_srcdir/tests/netserver.py" "$top_srcdir/tests/data/net" >"$WORK/port" 2>/dev/null &
server=$!
trap 'kill "$server" 2>/dev/null; cleanup' EXIT
i=0
while [ ! -s "$WORK/port" ] && [ "$i" -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
port=$(head -n 1 "$WORK/port")
db="$WORK/net.db"
check "the test server runs" test -n "$port"
check "earmark add subscribes" \
	sh -c '"$0" --catalog "$1" add "http://127.0.0.1:$2/feed.xml" >/dev/null' "$EARMARK" "$db" "$port"

screen_start 100 30 --catalog "$db" --silent
check "the subscribed podcast is listed" wait_for "Episodes +1/[0-9]" 15
keys R
check "R refreshes in the background" wait_for "refresh (started|finished)|not modified" 5
check "and finishes" wait_for "refresh finished|not modified" 15
keys d
check "d downloads the episode under the cursor" wait_for "download finished" 20
check "the audio is saved under the data folder, named by its number" \
	sh -c 'ls "$0"/earmark/audio/*.mp3 >/dev/null 2>&1' "$XDG_DATA_HOME"
check "no partial file is left" sh -c '! ls "$0"/earmark/audio/*.part >/dev/null 2>&1' "$XDG_DATA_HOME"
keys q
check "earmark ends" wait_exit 5
check "with status 0" exited_ok
screen_stop

# download-dir in the configuration, ~ for the home folder: d runs earmark
# download as a second process, which reads it too.
conf="$XDG_CONFIG_HOME/earmark/config"
printf 'download-dir = ~/Podcasts/net\n' > "$conf"
screen_start 100 30 --catalog "$db" --silent
check "earmark starts with a download-dir" wait_for "Episodes +1/[0-9]" 15
keys d
check "d downloads into it" wait_for "download finished" 20
check "the audio is in ~/Podcasts/net, made for it" \
	sh -c 'ls "$0"/Podcasts/net/*.mp3 >/dev/null 2>&1' "$HOME"
keys q
wait_exit 5
screen_stop
ep=$("$EARMARK" --catalog "$db" episodes | awk '/Gone missing/ { print $1 }')
check "earmark download reads it as well" \
	sh -c '"$0" --catalog "$1" download "$2" | grep -q "^$2: $3/Podcasts/net/$2.mp3$"' \
	"$EARMARK" "$db" "$ep" "$HOME"
: > "$WORK/afile"
printf 'download-dir = %s/afile/audio\n' "$WORK" > "$conf"
check "a folder that cannot be made is named, with the reason" \
	sh -c 'LC_ALL=C "$0" --catalog "$1" download "$2" 2>"$3.err"; [ $? -eq 1 ] &&
	    grep -q "^earmark: download: cannot make the folder $3/audio: Not a directory$" "$3.err"' \
	"$EARMARK" "$db" "$ep" "$WORK/afile"
screen_start 100 30 --catalog "$db" --silent
check "earmark starts" wait_for "Episodes +1/[0-9]" 15
keys d
check "and d says so in the status line" wait_for "download: cannot make the folder .*afile/audio" 20
keys q
wait_exit 5
screen_stop
printf 'download-dir = Podcasts\n' > "$conf"
screen_start 100 30 --catalog "$db" --silent
check "a relative download-dir is a bad line" \
	wait_for "config line 1: download-dir wants a folder from / or ~/, not 'Podcasts'" 15
keys q
wait_exit 5
screen_stop
kill "$server" 2>/dev/null
finish
