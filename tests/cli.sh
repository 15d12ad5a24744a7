#!/bin/sh
# The commands that run without the screen: import, search, export, parse,
# and their errors.
set -u
: "${top_srcdir:?}" "${top_builddir:?}"
EARMARK="$top_builddir/earmark"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/earmark-cli.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
export HOME="$WORK" XDG_DATA_HOME="$WORK/data" XDG_STATE_HOME="$WORK/state"
export XDG_CONFIG_HOME="$WORK/config" XDG_RUNTIME_DIR="$WORK/run"
export LSAN_OPTIONS="suppressions=$top_srcdir/tests/lsan.supp:print_suppressions=0"
export ASAN_OPTIONS="fast_unwind_on_malloc=0"
# The catalog keeps resolved paths; distcheck's srcdir is not one.
demo=$(cd "$top_srcdir/assets/demo" && pwd -P)
passes=0 failures=0

check() {
	desc=$1
	shift
	if "$@"; then
		passes=$((passes + 1)); echo "ok - $desc"
	else
		failures=$((failures + 1)); echo "FAIL - $desc"
	fi
}

out() { "$EARMARK" "$@" 2>&1; }

check "--version names the program" sh -c '"$0" --version | grep -q "^earmark [0-9]"' "$EARMARK"
check "--help lists the commands" sh -c '"$0" --help | grep -q "export \[CLIP...\]"' "$EARMARK"
check "an unknown command is a usage error" sh -c '"$0" frobnicate >/dev/null 2>&1; [ $? -eq 2 ]' "$EARMARK"
check "the screen needs a terminal" sh -c '"$0" </dev/null 2>&1 | grep -q "needs a terminal"' "$EARMARK"

check "import reads the demo feed" sh -c '"$0" import "$1" | grep -q "Close Listening: 4 new, 0 updated episodes, 74 transcript lines"' "$EARMARK" "$demo/feed.xml"
check "a second import leaves the unchanged episodes alone" sh -c '"$0" import "$1" | grep -q "0 new, 0 updated episodes, 0 transcript lines, 0 clips, 4 unchanged"' "$EARMARK" "$demo/feed.xml"
check "import of a missing file fails clearly" sh -c '"$0" import /nonexistent/feed.xml 2>&1 | grep -q "/nonexistent/feed.xml"; [ $? -eq 0 ]' "$EARMARK"
printf 'hello\n' > "$WORK/notes.foo"
check "parse of a file of no transcript format names it once" sh -c '[ "$("$0" parse "$1" 2>&1)" = "earmark: $1: not a transcript format earmark reads" ]' "$EARMARK" "$WORK/notes.foo"
check "and names a media type given" sh -c '"$0" parse "$1" --type text/x-foo 2>&1 | grep -q ": type text/x-foo is not a transcript format"' "$EARMARK" "$WORK/notes.foo"
check "naming the file once" sh -c '[ "$("$0" import /nonexistent/feed.xml 2>&1)" = "earmark: /nonexistent/feed.xml: No such file or directory" ]' "$EARMARK"
check "and exits with 1" sh -c '"$0" import /nonexistent/feed.xml >/dev/null 2>&1; [ $? -eq 1 ]' "$EARMARK"

check "search finds a stemmed word with its place" sh -c '"$0" search listened | grep -Eq "^Close Listening / .* / [0-9]+:[0-9]{2}  .*\[listen"' "$EARMARK"
check "search --json gives episode, line, start and snippet" sh -c '"$0" search --json listened | grep -q "\"snippet\": \".*\[listen"' "$EARMARK"
check "search with no hit exits 1" sh -c '"$0" search zyzzyvas >/dev/null; [ $? -eq 1 ]' "$EARMARK"
check "a malformed query still works" sh -c '"$0" search "don'"'"'t (" >/dev/null 2>&1; [ $? -le 1 ]' "$EARMARK"

check "export of segments as JSON lists the four" sh -c '[ "$("$0" export --kind segment --format json | grep -c "\"kind\": \"segment\"")" -eq 4 ]' "$EARMARK"
check "export as M3U carries VLC start and stop" sh -c '"$0" export --kind soundbite --format m3u | grep -q "^#EXTVLCOPT:stop-time="' "$EARMARK"
check "export writes a file with -o" sh -c '"$0" export --format md -o "$1" && grep -q "^### " "$1"' "$EARMARK" "$WORK/clips.md"
check "an unknown format is refused" sh -c '"$0" export --format docx >/dev/null 2>&1; [ $? -eq 2 ]' "$EARMARK"

check "parse prints a feed as JSON" sh -c '[ "$("$0" parse "$1" --json | grep -c "\"guid\": \"close-listening-ep")" -eq 4 ]' "$EARMARK" "$demo/feed.xml"
check "parse reads OPML" sh -c '"$0" parse "$1" --json | grep -q "\"url\": \"https://example.com/feed.xml\""' "$EARMARK" "$top_srcdir/tests/data/opml/newsboat/example.opml"
check "parse of something else fails clearly" sh -c '"$0" parse "$1" >/dev/null 2>&1; [ $? -eq 1 ]' "$EARMARK" "$demo/ep1.opus"

check "parse reads a WebVTT transcript with its speakers" sh -c '"$0" parse "$1" | grep -q "\"speaker\": \"Ada\""' "$EARMARK" "$demo/ep1.vtt"
check "parse --json lists the words of a line with word times" sh -c '"$0" parse "$1" --json | grep -q "\"text\": \"テキスト\""' "$EARMARK" "$top_srcdir/tests/data/words/wide.vtt"
check "parse reads JSON chapters" sh -c '"$0" parse "$1" | grep -q "\"title\": \"Introduction\""' "$EARMARK" "$demo/ep4.chapters.json"
check "episodes lists numbers and titles" sh -c '"$0" episodes | grep -Eq "^ +[0-9]+ +1:5[0-9] +21 lines +The moment you almost missed"' "$EARMARK"
ep=$("$EARMARK" episodes | awk '/The moment you almost missed/ { print $1 }')
printf '1\n00:00:01,000 --> 00:00:03,000\nAda: A brand new line about zeppelins.\n\n' > "$WORK/new.srt"
check "transcript attaches an SRT file to an episode" sh -c '"$0" transcript "$1" "$2" | grep -q "1 lines attached"' "$EARMARK" "$ep" "$WORK/new.srt"
check "search finds the new line" sh -c '"$0" search zeppelins | grep -q "0:01  A brand new line about \[zeppelins\]"' "$EARMARK"
check "and not the old ones of that episode" sh -c '! "$0" search carpets >/dev/null' "$EARMARK"
check "export-transcript writes it back as WebVTT" sh -c '"$0" export-transcript "$1" | grep -q "<v Ada>A brand new line about zeppelins."' "$EARMARK" "$ep"
check "and as SRT" sh -c '"$0" export-transcript "$1" --format srt | grep -q "^00:00:01,000 --> 00:00:03,000"' "$EARMARK" "$ep"
check "an unknown episode is refused" sh -c '"$0" export-transcript 99999 >/dev/null 2>&1; [ $? -eq 1 ]' "$EARMARK"
check "backup copies the catalog" sh -c '"$0" backup "$1" >/dev/null && "$0" --catalog "$1" search zeppelins >/dev/null' "$EARMARK" "$WORK/copy.db"
check "word times survive an export to WebVTT" sh -c '"$0" --catalog "$2" transcript "$1" "$3" >/dev/null &&
	"$0" --catalog "$2" export-transcript "$1" | grep -q "<v Ada>日本語の <00:00:01.000>テキスト <00:00:02.000>"' \
	"$EARMARK" "$ep" "$WORK/copy.db" "$top_srcdir/tests/data/words/wide.vtt"

check "add refuses a URL that is not http or https" sh -c '"$0" add file:///etc/passwd 2>&1 | grep -q "only http and https"' "$EARMARK"
check "refresh with no feed by URL says so" sh -c '"$0" refresh | grep -q "No podcast with an http or https feed"' "$EARMARK"
check "download needs an episode number" sh -c '"$0" download soon >/dev/null 2>&1; [ $? -eq 2 ]' "$EARMARK"

cat > "$WORK/list.opml" <<OPML
<?xml version="1.0"?>
<opml version="2.0"><head><title>mine</title></head><body>
<outline text="Close Listening" type="rss" xmlUrl="$demo/feed.xml"/>
<outline text="Gone" type="rss" xmlUrl="$WORK/nonexistent.xml"/>
</body></opml>
OPML
check "import-opml adds the feeds it can and names the one it cannot" \
	sh -c '"$0" --catalog "$1" import-opml "$2" >"$1.out" 2>&1; [ $? -eq 1 ] &&
	    grep -q "1 of 2 feeds added" "$1.out" && grep -q "nonexistent.xml" "$1.out"' \
	"$EARMARK" "$WORK/opml.db" "$WORK/list.opml"
check "export-opml lists the subscriptions" \
	sh -c '"$0" --catalog "$1" export-opml | grep -q "xmlUrl=\"$2\""' "$EARMARK" "$WORK/opml.db" "$demo/feed.xml"
check "and parses back as OPML" \
	sh -c '"$0" --catalog "$1" export-opml -o "$1.opml" && "$0" parse "$1.opml" | grep -q "Close Listening"' \
	"$EARMARK" "$WORK/opml.db"

# export --all and import-backup carry what a person made to a new catalog.
old="$WORK/old.db" new="$WORK/new.db"
"$EARMARK" --catalog "$old" import "$demo/feed.xml" >/dev/null
ep=$("$EARMARK" --catalog "$old" episodes | awk '/Transcripts are maps/ { print $1 }')
check "clip makes a bookmark from the command line" \
	sh -c '"$0" --catalog "$1" clip "$2" 0:10 25.5 "Maps, kept" | grep -q "^clip [0-9]* of \"Transcripts are maps\""' \
	"$EARMARK" "$old" "$ep"
check "a clip ending before it starts is refused" \
	sh -c '"$0" --catalog "$1" clip "$2" 30 20 x >/dev/null 2>&1; [ $? -eq 2 ]' "$EARMARK" "$old" "$ep"
"$EARMARK" --catalog "$old" export --all -o "$WORK/backup.json"
check "export --all writes a versioned backup with subscriptions and clips" \
	sh -c 'grep -q "\"earmark_backup\": 1" "$0" && grep -q "\"feed\": \"$1\"" "$0" &&
	    grep -q "\"title\": \"Maps, kept\"" "$0"' "$WORK/backup.json" "$demo/feed.xml"
check "import-backup restores the clip into a new catalog" \
	sh -c '"$0" --catalog "$1" import-backup "$2" | grep -q "1 clips restored, 0 already there"' \
	"$EARMARK" "$new" "$WORK/backup.json"
check "the clip is there with its quote" \
	sh -c '"$0" --catalog "$1" export --kind bookmark --format json | grep -q "\"quote\": \".*transcripts on paper"' \
	"$EARMARK" "$new"
check "a second import-backup adds nothing twice" \
	sh -c '"$0" --catalog "$1" import-backup "$2" | grep -q "0 clips restored, 1 already there"' \
	"$EARMARK" "$new" "$WORK/backup.json"
check "import-backup of something else fails clearly" \
	sh -c '"$0" --catalog "$1" import-backup "$2" 2>&1 | grep -q "not an earmark backup"' \
	"$EARMARK" "$new" "$demo/ep1.chapters.json"

# align: plain text placed on the audio, against the timings the demo was made with.
al="$WORK/align.db"
"$EARMARK" --catalog "$al" import "$demo/feed.xml" >/dev/null
ep=$("$EARMARK" --catalog "$al" episodes | awk '/Transcripts are maps/ { print $1 }')
"$EARMARK" --catalog "$al" export-transcript "$ep" --format srt > "$WORK/true.srt"
sed -n 's/^<v \([^>]*\)>/\1: /p' "$demo/ep2.vtt" > "$WORK/maps.txt"
# Mean distance in seconds between the line starts of two SRT files.
starts_apart() {
	paste "$1" "$2" | awk -F '\t' '$1 ~ /-->/ {
		split($1, a, /[:,]/); split($2, b, /[:,]/)
		d = a[1] * 3600 + a[2] * 60 + a[3] + a[4] / 1000 - b[1] * 3600 - b[2] * 60 - b[3] - b[4] / 1000
		s += d < 0 ? -d : d; n++ } END { printf "%.3f\n", n ? s / n : 99 }'
}
close_to() { awk -v d="$1" 'BEGIN { exit !(d != "" && d + 0 < 0.5) }'; }
check "align takes an episode" sh -c '"$0" --catalog "$1" align >/dev/null 2>&1; [ $? -eq 2 ]' \
	"$EARMARK" "$al"
check "align of a missing episode fails" \
	sh -c '"$0" --catalog "$1" align 999 2>&1 | grep -q "no episode"' "$EARMARK" "$al"
check "transcript --no-align leaves plain text estimated" \
	sh -c '"$0" --catalog "$1" transcript --no-align "$2" "$3" | grep -q "estimated from line lengths" &&
	    ! "$0" --catalog "$1" transcript --no-align "$2" "$3" | grep -q aligning' \
	"$EARMARK" "$al" "$ep" "$WORK/maps.txt"
check "transcript places plain text on the local audio by itself" \
	sh -c '"$0" --catalog "$1" transcript "$2" "$3" 2>/dev/null | grep -q "transcript aligned to the audio"' \
	"$EARMARK" "$al" "$ep" "$WORK/maps.txt"
"$EARMARK" --catalog "$al" export-transcript "$ep" --format srt > "$WORK/auto.srt"
apart=$(starts_apart "$WORK/true.srt" "$WORK/auto.srt")
echo "# aligned starts are $apart s from the demo's on average"
check "its lines start within half a second of where they are spoken" close_to "$apart"
"$EARMARK" --catalog "$al" transcript --no-align "$ep" "$WORK/maps.txt" >/dev/null
check "align places the stored lines" \
	sh -c '"$0" --catalog "$1" align "$2" 2>&1 | grep -q "21 lines placed on 2:0[0-9] of audio"' \
	"$EARMARK" "$al" "$ep"
"$EARMARK" --catalog "$al" export-transcript "$ep" --format srt > "$WORK/stored.srt"
check "the same way" close_to "$(starts_apart "$WORK/true.srt" "$WORK/stored.srt")"
check "align with a file stores that file's lines" \
	sh -c '"$0" --catalog "$1" align "$2" "$3" >/dev/null 2>&1 &&
	    "$0" --catalog "$1" search --json frozen | grep -q "\"start\": 1[45]\.[0-9]"' \
	"$EARMARK" "$al" "$ep" "$WORK/maps.txt"

# A feed's plain-text transcript of local audio is placed on it at import.
cat > "$WORK/plainfeed.xml" <<XML
<?xml version="1.0"?>
<rss version="2.0" xmlns:podcast="https://podcastindex.org/namespace/1.0"><channel>
<title>Plain</title><item><title>Maps again</title><guid>maps</guid>
<enclosure url="$demo/ep2.opus" type="audio/ogg" length="1"/>
<podcast:transcript url="maps.txt" type="text/plain"/></item></channel></rss>
XML
check "import places a feed's plain transcript on local audio" \
	sh -c '"$0" --catalog "$1" import "$2" 2>/dev/null | grep -q "transcript aligned to the audio"' \
	"$EARMARK" "$WORK/plain.db" "$WORK/plainfeed.xml"
pep=$("$EARMARK" --catalog "$WORK/plain.db" episodes | awk '/Maps again/ { print $1 }')
"$EARMARK" --catalog "$WORK/plain.db" export-transcript "$pep" --format srt > "$WORK/imported.srt"
check "where its lines are spoken" close_to "$(starts_apart "$WORK/true.srt" "$WORK/imported.srt")"
check "import --no-align leaves it estimated" \
	sh -c '! "$0" --catalog "$1" import --no-align "$2" 2>/dev/null | grep -q aligned' \
	"$EARMARK" "$WORK/plain2.db" "$WORK/plainfeed.xml"

# The configuration's transcript-language picks among an item's transcripts.
mkdir -p "$XDG_CONFIG_HOME/earmark"
printf 'transcript-language = de\n' > "$XDG_CONFIG_HOME/earmark/config"
check "transcript-language in the configuration picks the German transcript" sh -c \
	'"$0" --catalog "$1" import "$2" >/dev/null && "$0" --catalog "$1" search deutsche | grep -q "deutsche"' \
	"$EARMARK" "$WORK/lang.db" "$top_srcdir/tests/data/formats/order.xml"
rm -f "$XDG_CONFIG_HOME/earmark/config"
check "without it, the feed's own language" sh -c \
	'"$0" --catalog "$1" import "$2" >/dev/null && "$0" --catalog "$1" search english | grep -q "english" &&
	! "$0" --catalog "$1" search deutsche | grep -q "deutsche"' \
	"$EARMARK" "$WORK/lang2.db" "$top_srcdir/tests/data/formats/order.xml"

echo "$passes passed, $failures failed"
[ "$failures" -eq 0 ]
