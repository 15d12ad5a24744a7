#!/usr/bin/env python3
"""Writes a Podcast Index JSON transcript with one segment per word from a
WebVTT file whose cues are one voice each (<v Name>text): each cue's time is
shared among its words in proportion to their length plus one. The word times
are spread, not measured on the audio: good for testing how word times are
read, stored and shown, not for testing sync.

Usage: spread.py FILE.vtt > FILE.json
"""

import json
import re
import sys


def ms(s):
    h, m, rest = s.split(":")
    sec, frac = rest.split(".")
    return ((int(h) * 60 + int(m)) * 60 + int(sec)) * 1000 + int(frac)


def main():
    text = open(sys.argv[1], encoding="utf-8").read()
    segments = []
    for block in text.split("\n\n"):
        lines = block.strip().split("\n")
        timing = [l for l in lines if "-->" in l]
        if not timing:
            continue
        start, end = (ms(t.strip()) for t in timing[0].split("-->"))
        body = " ".join(lines[lines.index(timing[0]) + 1:])
        m = re.match(r"<v ([^>]+)>(.*)", body)
        speaker, body = (m.group(1), m.group(2)) if m else (None, body)
        words = body.split()
        total = sum(len(w) + 1 for w in words)
        at = start
        for w in words:
            span = (end - start) * (len(w) + 1) // total
            seg = {"startTime": at / 1000, "endTime": (at + span) / 1000, "body": w}
            if speaker:
                seg["speaker"] = speaker
            segments.append(seg)
            at += span
    json.dump({"version": "1.0.0", "segments": segments}, sys.stdout, indent=1)
    sys.stdout.write("\n")


main()
