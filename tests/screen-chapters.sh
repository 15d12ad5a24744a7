#!/bin/sh
# Screen test of chapters read from the audio file itself: an MP4 episode
# whose feed names no chapters shows the file's chapters once it is played,
# and , and . step through them.
set -u
command -v tmux >/dev/null 2>&1 || { echo "tmux not found: skipped"; exit 77; }
command -v ffmpeg >/dev/null 2>&1 || { echo "ffmpeg not found: skipped"; exit 77; }
. "$(dirname "$0")/lib.sh"

cd "$WORK" || exit 1
printf ';FFMETADATA1\n[CHAPTER]\nTIMEBASE=1/1000\nSTART=0\nEND=5000\ntitle=Cold open\n[CHAPTER]\nTIMEBASE=1/1000\nSTART=5000\nEND=10000\ntitle=Main topic\n[CHAPTER]\nTIMEBASE=1/1000\nSTART=10000\nEND=15000\ntitle=Goodbyes\n' > meta.txt
sox -n -r 44100 -c 1 tone.wav synth 15 sine 440 vol 0.2 2>/dev/null
ffmpeg -loglevel error -y -i tone.wav -i meta.txt -map_metadata 1 -map_chapters 1 ep.m4a
cat > feed.xml <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Chaptered Show</title>
<item><title>The chaptered one</title><guid>c1</guid>
<enclosure url="ep.m4a" type="audio/mp4" length="1"/></item>
</channel></rss>
XML
db="$WORK/chapters.db"
check "the feed imports" sh -c '"$0" --catalog "$1" import feed.xml >/dev/null' "$EARMARK" "$db"
check "no chapters before the file is read" \
	sh -c '! "$0" --catalog "$1" export --kind chapter --format json | grep -q "Main topic"' "$EARMARK" "$db"

screen_start 100 30 --catalog "$db" --silent
check "the podcast is listed" wait_for "Chaptered Show" 15
keys Enter
check "playing says how many chapters the file gave" wait_for "3 chapters read from the audio file" 10
check "they are listed as clips" wait_for "Main topic" 5
keys .
check ". goes to the next chapter" wait_for "playing +0:0[5-9]" 5
keys q
check "earmark ends" wait_exit 5
check "with status 0" exited_ok
screen_stop
check "the chapters are kept in the catalog" \
	sh -c '"$0" --catalog "$1" export --kind chapter --format json | grep -q "Goodbyes"' "$EARMARK" "$db"
finish
