#!/usr/bin/env python3
"""Prints the runs of bold, underlined, not reversed text (the word being
heard) in a `tmux capture-pane -p -e` dump read from standard input, joined
with "|"; nothing when there is none. With --rows, prints instead the screen
row of the first run and the row of the current line's mark (a play glyph
before a time), or nothing. Used by screen-words.sh."""

import re
import sys

SGR = re.compile(r"\x1b\[([0-9;]*)m")


def main():
    runs = []
    first_row = mark_row = None
    # tmux writes only changes of attributes, so they carry over line ends.
    bold = under = rev = False
    for row, line in enumerate(sys.stdin.read().split("\n")):
        plain = re.sub(r"\x1b\[[0-9;]*m", "", line)
        if mark_row is None and re.search("\u25b6[0-9]+:[0-9]", plain):
            mark_row = row
        cur = ""
        pos = 0
        for m in list(SGR.finditer(line)) + [None]:
            text = line[pos:m.start() if m else len(line)]
            text = re.sub(r"\x1b[^a-zA-Z]*[a-zA-Z]", "", text)
            if bold and under and not rev:
                cur += text
                if first_row is None and text.strip():
                    first_row = row
            elif cur:
                runs.append(cur.strip())
                cur = ""
            if m is None:
                break
            pos = m.end()
            codes = [int(c) if c else 0 for c in m.group(1).split(";")]
            i = 0
            while i < len(codes):
                c = codes[i]
                if c in (38, 48, 58):
                    i += 3 if i + 1 < len(codes) and codes[i + 1] == 5 else 5
                    continue
                if c == 0:
                    bold = under = rev = False
                elif c == 1:
                    bold = True
                elif c == 4:
                    under = True
                elif c == 7:
                    rev = True
                elif c == 22:
                    bold = False
                elif c == 24:
                    under = False
                elif c == 27:
                    rev = False
                i += 1
        if cur.strip():
            runs.append(cur.strip())
    if sys.argv[1:] == ["--rows"]:
        if first_row is not None and mark_row is not None:
            print(first_row, mark_row)
        return
    print("|".join(r for r in runs if r))


main()
