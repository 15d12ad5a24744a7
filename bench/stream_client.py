#!/usr/bin/env python3
"""Reads earmark's HTTP stream as a player would, decodes it with ffmpeg, and
prints the monotonic time (us) at which each beep arrives decoded: "in US"."""
import socket, subprocess, sys, threading, time, array

port, seconds = int(sys.argv[1]), float(sys.argv[2])  # [mpv]
rate = 16000
mpv = ["mpv", "--no-config", "--really-quiet", "--no-video", "--ao=pcm",
       "--ao-pcm-file=/dev/stdout", "--ao-pcm-waveheader=no", "--audio-channels=mono",
       f"--audio-samplerate={rate}", "--audio-format=s16", "-"]
ff = subprocess.Popen(mpv if sys.argv[3:] == ["mpv"] else ["ffmpeg", "-loglevel", "quiet", "-fflags", "nobuffer",
                       "-probesize", "32", "-analyzeduration", "0", "-f", "mp3",
                       "-i", "pipe:0", "-f", "s16le", "-ac", "1", "-ar", str(rate),
                       "-flush_packets", "1", "pipe:1"],
                      stdin=subprocess.PIPE, stdout=subprocess.PIPE, bufsize=0)
s = socket.create_connection(("127.0.0.1", port))
s.sendall(b"GET / HTTP/1.0\r\n\r\n")
end = time.monotonic() + seconds

def pump():
    head = b""
    body = False
    while time.monotonic() < end:
        d = s.recv(4096)
        if not d:
            break
        if not body:
            head += d
            if b"\r\n\r\n" in head:
                body = True
                d = head.split(b"\r\n\r\n", 1)[1]
            else:
                continue
        ff.stdin.write(d)
    ff.stdin.close()

threading.Thread(target=pump, daemon=True).start()
loud, quiet_since = False, 0
while True:
    d = ff.stdout.read(320)
    if not d:
        break
    now = time.monotonic_ns() // 1000
    a = array.array("h", d[: len(d) // 2 * 2])
    for i, v in enumerate(a):
        t = now - (len(a) - i) * 1000000 // rate
        if abs(v) > 4000:
            if not loud and t - quiet_since > 200000:
                print("in", t, flush=True)
            loud, quiet_since = True, t
        elif loud and t - quiet_since > 50000:
            loud = False
