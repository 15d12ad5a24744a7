/*
 * Ogg Opus, Ogg Vorbis, MP3 and MP4 files decoded from an exact sample, for
 * cuts: a clip near the end of a long episode is reached by opusfile's,
 * vorbisfile's, libmpg123's and FFmpeg's (mp4dec.c) sample-exact seeks
 * (libmpg123's after it has indexed every frame, with the encoder's delay and
 * padding left out, as the LAME header gives them) instead of by decoding
 * everything before it. Other files, and Ogg files of more than two channels
 * or of several chained streams, are left to libvlc (decode.c).
 */

#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mpg123.h>
#include <opusfile.h>
#include <vorbis/vorbisfile.h>

#include "player/internal.h"
#include "player/player.h"
#include "util/xmalloc.h"

/* Frames asked of the decoder at a time (120 ms at 48 kHz). */
#define SEEKDEC_FRAMES 5760
/* Progress is reported once per this many frames at most. */
#define SEEKDEC_PROGRESS_FRAMES 24000

struct player_seekdec {
	OggOpusFile *opus;	/* One of the four is open. */
	OggVorbis_File vorbis;
	int is_vorbis;
	mpg123_handle *mp3;
	struct player_mp4 *mp4;
	unsigned rate;
	int channels;		/* Of the Vorbis stream; Opus is read as stereo. */
	int64_t length;		/* In frames, or -1. */
};

/*
 * Whether b, a file's first bytes, begins an MP3, with an ID3v2 tag or a
 * frame header: libmpg123 would find frames in the noise of any file.
 */
static int
player_seekdec_is_mpeg(const unsigned char *b)
{
	/* A layer of 0 is AAC's ADTS, not MPEG audio. */
	return (memcmp(b, "ID3", 3) == 0 ||
	    (b[0] == 0xff && (b[1] & 0xe0) == 0xe0 && (b[1] & 0x06) != 0));
}

/* Opens path into d as MPEG audio read as stereo at its own rate, indexed; 0 when it is. */
static int
player_seekdec_mp3(struct player_seekdec *d, const char *path)
{
	const long *rates;
	size_t nrates, i;
	long rate;
	int channels, enc;

	if (mpg123_init() != MPG123_OK || (d->mp3 = mpg123_new(NULL, NULL)) == NULL)
		return (-1);
	/* Every rate as it is (no resampling), always stereo (mono doubled). */
	mpg123_param(d->mp3, MPG123_FLAGS, MPG123_QUIET | MPG123_GAPLESS, 0);
	mpg123_format_none(d->mp3);
	mpg123_rates(&rates, &nrates);
	for (i = 0; i < nrates; i++)
		mpg123_format(d->mp3, rates[i], MPG123_STEREO, MPG123_ENC_SIGNED_16);
	if (mpg123_open(d->mp3, path) != MPG123_OK || mpg123_scan(d->mp3) != MPG123_OK ||
	    mpg123_getformat(d->mp3, &rate, &channels, &enc) != MPG123_OK ||
	    channels != 2 || enc != MPG123_ENC_SIGNED_16 || rate <= 0)
		return (-1);
	d->rate = (unsigned)rate;
	d->length = mpg123_length(d->mp3);
	return (0);
}

/* Opens path into d as Ogg Opus or Vorbis of one stream and one or two channels; 0 when it is. */
static int
player_seekdec_ogg(struct player_seekdec *d, const char *path)
{
	vorbis_info *vi;
	int e;

	if ((d->opus = op_open_file(path, &e)) != NULL) {
		if (op_link_count(d->opus) != 1 || op_channel_count(d->opus, -1) > 2 ||
		    !op_seekable(d->opus))
			return (-1);
		d->rate = 48000;
		d->length = op_pcm_total(d->opus, -1);
		return (0);
	}
	if (ov_fopen(path, &d->vorbis) != 0)
		return (-1);
	d->is_vorbis = 1;
	vi = ov_info(&d->vorbis, -1);
	if (vi == NULL || ov_streams(&d->vorbis) != 1 || !ov_seekable(&d->vorbis) ||
	    vi->channels < 1 || vi->channels > 2 || vi->rate <= 0 || vi->rate > 384000)
		return (-1);
	d->rate = (unsigned)vi->rate;
	d->channels = vi->channels;
	d->length = ov_pcm_total(&d->vorbis, -1);
	return (0);
}

struct player_seekdec *
player_seekdec_open(const char *path)
{
	struct player_seekdec *d;
	unsigned char b[8];
	FILE *f;
	size_t n;
	int rc = -1;

	/* Which library reads it, by its first bytes. */
	if ((f = fopen(path, "rb")) == NULL)
		return (NULL);
	n = fread(b, 1, sizeof b, f);
	fclose(f);
	if (n < sizeof b)
		return (NULL);
	d = xcalloc(1, sizeof *d);
	if (memcmp(b, "OggS", 4) == 0)
		rc = player_seekdec_ogg(d, path);
	else if (memcmp(b + 4, "ftyp", 4) == 0)
		rc = (d->mp4 = player_mp4_open(path, &d->rate, &d->length)) != NULL ? 0 : -1;
	else if (player_seekdec_is_mpeg(b))
		rc = player_seekdec_mp3(d, path);
	if (rc != 0) {
		player_seekdec_free(d);
		return (NULL);
	}
	return (d);
}

unsigned
player_seekdec_rate(const struct player_seekdec *d)
{
	return (d->rate);
}

void
player_seekdec_free(struct player_seekdec *d)
{
	if (d == NULL)
		return;
	if (d->opus != NULL)
		op_free(d->opus);
	if (d->is_vorbis)
		ov_clear(&d->vorbis);
	if (d->mp3 != NULL) {
		mpg123_close(d->mp3);
		mpg123_delete(d->mp3);
	}
	player_mp4_free(d->mp4);
	free(d);
}

/* Reads up to SEEKDEC_FRAMES stereo frames into s; how many, 0 at the end, -1 on error. */
static int
player_seekdec_read(struct player_seekdec *d, int16_t *s)
{
	int n, i, bitstream;
	long got;

	if (d->mp4 != NULL)
		return (player_mp4_read(d->mp4, s, SEEKDEC_FRAMES));
	if (d->mp3 != NULL) {
		size_t done;

		n = mpg123_read(d->mp3, (unsigned char *)s, SEEKDEC_FRAMES * 2 * sizeof *s, &done);
		if (n != MPG123_OK && n != MPG123_DONE)
			return (-1);
		return ((int)(done / (2 * sizeof *s)));
	}
	if (!d->is_vorbis) {
		do
			n = op_read_stereo(d->opus, s, SEEKDEC_FRAMES * 2);
		while (n == OP_HOLE);
		return (n < 0 ? -1 : n);
	}
	do
		got = ov_read(&d->vorbis, (char *)s, (int)(SEEKDEC_FRAMES * d->channels *
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
player_seekdec_run(struct player_seekdec *d, int64_t from, const struct player_decode_options *o,
    const char *path, char **err)
{
	int16_t *s;
	int64_t at = from, until, told = from;
	int n, rc = 0;

	*err = NULL;
	/* Nothing to give: the caller says the clip starts after the end. */
	if (d->length >= 0 && from >= d->length)
		return (0);
	if (d->mp4 != NULL ? player_mp4_seek(d->mp4, from) != 0 :
	    d->mp3 != NULL ? mpg123_seek(d->mp3, (off_t)from, SEEK_SET) != (off_t)from :
	    (d->is_vorbis ? ov_pcm_seek(&d->vorbis, from) : op_pcm_seek(d->opus, from)) != 0)
		return (1);
	until = o->until_ms > 0 ? o->until_ms * (int64_t)d->rate / 1000 + 1 : INT64_MAX;
	s = xmalloc(SEEKDEC_FRAMES * 2 * sizeof *s);
	while (at < until) {
		if ((n = player_seekdec_read(d, s)) < 0) {
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
		if (o->progress != NULL && (at - told >= SEEKDEC_PROGRESS_FRAMES || at >= until)) {
			o->progress(o->arg, at * 1000 / d->rate,
			    d->length > 0 ? d->length * 1000 / d->rate : -1);
			told = at;
		}
	}
	free(s);
	return (rc);
}
