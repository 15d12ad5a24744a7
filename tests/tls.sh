#!/bin/sh
# earmark add and refresh over HTTPS from tests/netserver.py on 127.0.0.1,
# with a certificate made here: trusted through EARMARK_CA_FILE, refused
# when another CA or the system's store is asked instead.
set -u
: "${top_srcdir:?}" "${top_builddir:?}"
command -v python3 >/dev/null 2>&1 || { echo "python3 not found: skipped"; exit 77; }
command -v openssl >/dev/null 2>&1 || { echo "openssl not found: skipped"; exit 77; }
EARMARK="$top_builddir/earmark"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/earmark-tls.XXXXXX")
server=
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$WORK"' EXIT
export HOME="$WORK" XDG_DATA_HOME="$WORK/data" XDG_STATE_HOME="$WORK/state"
export XDG_CONFIG_HOME="$WORK/config" XDG_RUNTIME_DIR="$WORK/run"
export LSAN_OPTIONS="suppressions=$top_srcdir/tests/lsan.supp:print_suppressions=0"
unset EARMARK_CA_FILE
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

cert() {
	openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=$1" \
	    -addext "subjectAltName=IP:127.0.0.1" -keyout "$WORK/$1.key" \
	    -out "$WORK/$1.pem" >/dev/null 2>&1
}

if ! cert earmark-test || ! cert someone-else; then
	echo "openssl cannot make a certificate: skipped"
	exit 77
fi
python3 "$top_srcdir/tests/netserver.py" "$top_srcdir/tests/data/net" --tls \
    "$WORK/earmark-test.pem" "$WORK/earmark-test.key" >"$WORK/port" 2>"$WORK/server.err" &
server=$!
i=0
while [ ! -s "$WORK/port" ] && [ "$i" -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
port=$(head -n 1 "$WORK/port")
url="https://127.0.0.1:$port/feed.xml"
db="$WORK/tls.db"
check "the test server runs" test -n "$port"

EARMARK_CA_FILE="$WORK/earmark-test.pem" "$EARMARK" --catalog "$db" add "$url" \
    >"$WORK/add.out" 2>&1
rc=$?
check "add over HTTPS with the server's CA succeeds" test "$rc" -eq 0
check "and stores the feed, its transcript and chapters" \
    grep -q "Net Cast: 2 new, 0 updated episodes, [1-9][0-9]* transcript lines, [1-9][0-9]* clips" \
    "$WORK/add.out"
check "add tells of each of the feed's three files as it ends" \
    sh -c 'grep -c "^\[[123]/3\] https://127.0.0.1:$1/" "$0" | grep -qx 3' "$WORK/add.out" "$port"
check "and of the one that failed" \
    grep -q "^\[[123]/3\] https://127.0.0.1:$port/nowhere.vtt failed" "$WORK/add.out"
EARMARK_CA_FILE="$WORK/earmark-test.pem" "$EARMARK" --catalog "$db" refresh \
    >"$WORK/refresh.out" 2>&1
check "refresh over HTTPS asks with the ETag and hears not modified" \
    grep -q "$url: not modified" "$WORK/refresh.out"

EARMARK_CA_FILE="$WORK/someone-else.pem" "$EARMARK" --catalog "$WORK/bad.db" add \
    "$url" >"$WORK/bad.out" 2>&1
rc=$?
check "a certificate from another CA is refused" test "$rc" -eq 1
check "with a message that says why" \
    grep -q "TLS certificate is not trusted.*refused" "$WORK/bad.out"
check "and nothing is subscribed" sh -c '! "$0" --catalog "$1" podcasts 2>/dev/null | grep -q "Net Cast"' \
    "$EARMARK" "$WORK/bad.db"
"$EARMARK" --catalog "$WORK/bad.db" add "$url" >"$WORK/system.out" 2>&1
rc=$?
check "the system's CA store does not trust it either" test "$rc" -eq 1
check "and says so" grep -q "TLS certificate is not trusted" "$WORK/system.out"
EARMARK_CA_FILE="$WORK/missing.pem" "$EARMARK" --catalog "$WORK/bad.db" add "$url" \
    >"$WORK/missing.out" 2>&1
check "a CA file that cannot be read is named" grep -q "missing.pem" "$WORK/missing.out"

echo "$passes passed, $failures failed"
[ "$failures" -eq 0 ]
