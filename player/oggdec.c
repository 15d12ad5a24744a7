/*
 * Ogg Opus and Ogg Vorbis files decoded from an exact sample, for cuts: a
 * clip near the end of a long episode is reached by opusfile's and
 * vorbisfile's sample-exact seeks instead of by decoding everything before
 * it. Other files, and Ogg files of more than two channels or of several
 * chained streams, are left to libvlc (decode.c).
 */

#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <opusfile.h>
#include <vorbis/vorbisfile.h>

#include "player/internal.h"
#include "player/player.h"
#include "util/xmalloc.h"

/* Frames asked of the decoder at a time (120 ms at 48 kHz). */
#define OGGDEC_FRAMES 5760
/* Progress is reported once per this many frames at most. */
#define OGGDEC_PROGRESS_FRAMES 24000

struct player_ogg {
	OggOpusFile *opus;	/* One of the two is open. */
	OggVorbis_File vorbis;
	int is_vorbis;
	unsigned rate;
	int channels;		/* Of the Vorbis stream; Opus is read as stereo. */
	int64_t length;		/* In frames, or -1. */
};

struct player_ogg *
player_ogg_open(const char *path)
{
	struct player_ogg *d = xcalloc(1, sizeof *d);
	vorbis_info *vi;
	int e;

	if ((d->opus = op_open_file(path, &e)) != NULL) {
		if (op_link_count(d->opus) != 1 || op_channel_count(d->opus, -1) > 2 ||
		    !op_seekable(d->opus)) {
			player_ogg_free(d);
			return (NULL);
		}
		d->rate = 48000;
		d->length = op_pcm_total(d->opus, -1);
		return (d);
	}
	if (ov_fopen(path, &d->vorbis) != 0) {
		free(d);
		return (NULL);
	}
	d->is_vorbis = 1;
	vi = ov_info(&d->vorbis, -1);
	if (vi == NULL || ov_streams(&d->vorbis) != 1 || !ov_seekable(&d->vorbis) ||
	    vi->channels < 1 || vi->channels > 2 || vi->rate <= 0 || vi->rate > 384000) {
		player_ogg_free(d);
		return (NULL);
	}
	d->rate = (unsigned)vi->rate;
	d->channels = vi->channels;
	d->length = ov_pcm_total(&d->vorbis, -1);
	return (d);
}

unsigned
player_ogg_rate(const struct player_ogg *d)
{
	return (d->rate);
}

void
player_ogg_free(struct player_ogg *d)
{
	if (d == NULL)
		return;
	if (d->opus != NULL)
		op_free(d->opus);
	if (d->is_vorbis)
		ov_clear(&d->vorbis);
	free(d);
}

/* Reads up to OGGDEC_FRAMES stereo frames into s; how many, 0 at the end, -1 on error. */
static int
player_ogg_read(struct player_ogg *d, int16_t *s)
{
	int n, i, bitstream;
	long got;

	if (!d->is_vorbis) {
		do
			n = op_read_stereo(d->opus, s, OGGDEC_FRAMES * 2);
		while (n == OP_HOLE);
		return (n < 0 ? -1 : n);
	}
	do
		got = ov_read(&d->vorbis, (char *)s, (int)(OGGDEC_FRAMES * d->channels *
		    sizeof *s), 0, 2, 1, &bitstream);
	while (got == OV_HOLE);
	if (got < 0)
		return (-1);
	n = (int)(got / (long)(d->channels * (int)sizeof *s));
	/* Mono: each sample twice, from the end backwards, in place. */
	for (i = n - 1; d->channels == 1 && i >= 0; i--) {
		s[i * 2 + 1] = s[i];
		s[i * 2] = s[i];
	}
	return (n);
}

int
player_ogg_run(struct player_ogg *d, int64_t from, const struct player_decode_options *o,
    const char *path, char **err)
{
	int16_t *s;
	int64_t at = from, until, told = from;
	int n, rc = 0;

	*err = NULL;
	if ((d->is_vorbis ? ov_pcm_seek(&d->vorbis, from) : op_pcm_seek(d->opus, from)) != 0) {
		*err = xasprintf("%s: cannot seek to %.3f s", path, (double)from / d->rate);
		return (-1);
	}
	until = o->until_ms > 0 ? o->until_ms * (int64_t)d->rate / 1000 + 1 : INT64_MAX;
	s = xmalloc(OGGDEC_FRAMES * 2 * sizeof *s);
	while (at < until) {
		if ((n = player_ogg_read(d, s)) < 0) {
			*err = xasprintf("%s: cannot decode at %.3f s", path, (double)at / d->rate);
			rc = -1;
			break;
		}
		if (n == 0)
			break;
		if (o->pcm != NULL && o->pcm(o->arg, s, (unsigned)n, d->rate) != 0) {
			*err = xasprintf("%s: decoding stopped", path);
			rc = -1;
			break;
		}
		at += n;
		if (o->progress != NULL && (at - told >= OGGDEC_PROGRESS_FRAMES || at >= until)) {
			o->progress(o->arg, at * 1000 / d->rate,
			    d->length > 0 ? d->length * 1000 / d->rate : -1);
			told = at;
		}
	}
	free(s);
	return (rc);
}
