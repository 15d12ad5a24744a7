/* The player's audio output: a sound device, a named libvlc output, the silent one, a stream. */
#include "config.h"

#include <sys/socket.h>
#include <sys/stat.h>

#include <netinet/in.h>

#include <errno.h>
#include <glob.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <vlc/vlc.h>

#include "player/internal.h"
#include "player/player.h"
#include "util/xmalloc.h"

/* Returns 1 when a sound server or an ALSA playback device is likely reachable. */
static int
player_sound_device(void)
{
	const char *env, *run;
	char *path;
	struct stat sb;
	glob_t g;
	int found;

	env = getenv("PULSE_SERVER");
	if (env != NULL && *env != '\0')
		return (1);
	run = getenv("XDG_RUNTIME_DIR");
	if (run != NULL && *run != '\0') {
		path = xasprintf("%s/pulse/native", run);
		found = stat(path, &sb) == 0;
		free(path);
		if (found)
			return (1);
	}
	if (glob("/dev/snd/pcmC*D*p", 0, NULL, &g) != 0)
		return (0);
	found = g.gl_pathc > 0;
	globfree(&g);
	return (found);
}

/* Chooses the audio output; a device-less AUTO becomes the silent clock. */
void
player_output_choose(struct player *p, const struct player_options *opts)
{
	p->output = opts->output;
	if (p->output == PLAYER_OUTPUT_AUTO && !player_sound_device()) {
		p->output = PLAYER_OUTPUT_SILENT;
		p->output_message = "no sound device: playing silently";
	}
	p->silent = p->output == PLAYER_OUTPUT_SILENT;
	if (opts->audio_output != NULL)
		p->audio_output = xstrdup(opts->audio_output);
	if (opts->audio_device != NULL)
		p->audio_device = xstrdup(opts->audio_device);
}

/*
 * Sets the named output. libvlc opens it at once and keeps none when it fails
 * (a sound server that cannot be reached): then returns -1 with *err NULL and
 * says why in output_message, so that play goes on the silent clock.
 */
static int
player_output_named(struct player *p, char **err)
{
	if (p->audio_output == NULL ||
	    libvlc_audio_output_set(p->mp, p->audio_output) != 0) {
		*err = xasprintf("unknown audio output: %s",
		    p->audio_output != NULL ? p->audio_output : "(none)");
		return (-1);
	}
	if (libvlc_audio_get_volume(p->mp) >= 0)
		return (0);
	snprintf(p->output_text, sizeof p->output_text,
	    "audio output %.32s did not start (see the log): playing silently",
	    p->audio_output);
	p->output_message = p->output_text;
	return (-1);
}

/* Sets up the chosen audio output; returns -1 with *err on failure. */
int
player_output_set(struct player *p, char **err)
{
	if (p->output == PLAYER_OUTPUT_NAMED && player_output_named(p, err) != 0) {
		if (*err != NULL)
			return (-1);
		p->output = PLAYER_OUTPUT_SILENT;
		p->silent = 1;
	}
	switch (p->output) {
	case PLAYER_OUTPUT_SILENT:
		player_amem_attach(&p->amem, p->mp);
		break;
	case PLAYER_OUTPUT_NAMED:
	case PLAYER_OUTPUT_AUTO:
		if (p->audio_device != NULL)
			libvlc_audio_output_device_set(p->mp, NULL, p->audio_device);
		break;
	}
	return (0);
}

/*
 * Sets up the stream: the decoded audio goes both to the output and, encoded
 * as MP3, to libvlc's HTTP server on 127.0.0.1 (never another address). The
 * port is tried first so that one already taken is reported here, not as a
 * media that fails to open.
 */
int
player_stream_set(struct player *p, const struct player_options *opts, char **err)
{
	struct sockaddr_in	sin;
	int			fd, one = 1;

	if (opts->stream_port < 1 || opts->stream_port > 65535) {
		*err = xasprintf("stream port %d is not from 1 to 65535", opts->stream_port);
		return (-1);
	}
	if (opts->stream_delay_ms < 0 || opts->stream_delay_ms > PLAYER_STREAM_DELAY_MAX) {
		*err = xasprintf("stream delay %d ms is not from 0 to %d", opts->stream_delay_ms,
		    PLAYER_STREAM_DELAY_MAX);
		return (-1);
	}
	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_port = htons((uint16_t)opts->stream_port);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if ((fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1) {
		*err = xasprintf("socket: %s", strerror(errno));
		return (-1);
	}
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (bind(fd, (struct sockaddr *)&sin, sizeof sin) == -1) {
		*err = xasprintf("cannot stream on 127.0.0.1:%d: %s", opts->stream_port,
		    strerror(errno));
		close(fd);
		return (-1);
	}
	close(fd);
	p->stream_sout = xasprintf(":sout=#duplicate{dst=display{delay=0},dst=\"transcode{"
	    "vcodec=none,acodec=mp3,ab=128,channels=2,samplerate=44100}:"
	    "http{mux=raw,dst=127.0.0.1:%d/}\"}", opts->stream_port);
	p->stream_url = xasprintf("http://127.0.0.1:%d/", opts->stream_port);
	p->stream_delay = opts->stream_delay_ms;
	/* The stream is paced by this output: it keeps the pace of each buffer. */
	p->amem.ahead = 0;
	return (0);
}

char *
player_outputs_list(void)
{
	static const char *const args[] = { "--quiet", "--no-video" };
	libvlc_instance_t *vlc;
	libvlc_audio_output_t *list, *o;
	size_t len = 0, cap = 256;
	char *out = xmalloc(cap), *line;

	out[0] = '\0';
	vlc = player_vlc_quiet(args, sizeof args / sizeof args[0]);
	if (vlc == NULL)
		return (out);
	list = libvlc_audio_output_list_get(vlc);
	for (o = list; o != NULL; o = o->p_next) {
		line = xasprintf("%-12s %s\n", o->psz_name,
		    o->psz_description != NULL ? o->psz_description : "");
		if (len + strlen(line) + 1 > cap) {
			cap = (len + strlen(line) + 1) * 2;
			out = xrealloc(out, cap);
		}
		memcpy(out + len, line, strlen(line) + 1);
		len += strlen(line);
		free(line);
	}
	if (list != NULL)
		libvlc_audio_output_list_release(list);
	libvlc_release(vlc);
	return (out);
}
