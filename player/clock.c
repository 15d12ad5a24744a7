/*
 * The player's clock: the time being heard, from libvlc's clock (which moves
 * in steps of about 260 ms) interpolated on the monotonic clock, or from the
 * silent output's count of the samples it played.
 */
#include "config.h"

#include <stdint.h>
#include <time.h>

#include <vlc/vlc.h>

#include "player/internal.h"
#include "player/player.h"

/* How far the clock may run ahead of libvlc's last reading. */
#define PLAYER_EXTRAPOLATE_MAX 600
/* The clock's bounds widen by 1 ms per this many ms, for drift. */
#define PLAYER_DRIFT 50
/*
 * The silent output's count is checked against libvlc's clock after this many
 * steps, once its bounds are this close, and moved when it is off by no more
 * than the last.
 */
#define PLAYER_REFINE_STEPS 3
#define PLAYER_REFINE_SPREAD 30
#define PLAYER_REFINE_MAX 100
/* How long a seek may wait for libvlc's clock to move before trusting it. */
#define PLAYER_SEEK_SETTLE 1000

int64_t
player_mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000);
}

/* Monotonic time scaled by the playback rate: media time moves with it. */
int64_t
player_vnow(const struct player *p)
{
	int64_t now = player_mono_ms();

	return (p->v_base + (int64_t)((double)(now - p->v_at) * p->rate));
}

/* Starts the clock at ms; it holds there until libvlc's clock moves. */
void
player_clock_reset(struct player *p, int64_t ms)
{
	p->raw = libvlc_media_player_get_time(p->mp);
	p->raw_seen = p->held_at = player_vnow(p);
	p->settling = 1;
	p->last = ms;
	p->steps = 0;
	p->refined = 0;
}

/* Holds the clock where it is, as when paused. */
void
player_clock_hold(struct player *p, int64_t now)
{
	p->held_at = now;
}

/* Lets a held clock run again from where it stopped. */
void
player_clock_resume(struct player *p, int64_t now)
{
	int64_t held = now - p->held_at;

	p->lo -= held;
	p->hi -= held;
	p->bounds_at = p->held_at = now;
	p->raw = libvlc_media_player_get_time(p->mp);
	p->raw_seen = now;
}

/*
 * 1 when the clock counts what the silent output plays. With a stream it runs
 * on libvlc's clock instead: the output then hears no flush when a seek is
 * made, so its count cannot tell where the new audio begins.
 */
static int
player_counts(const struct player *p)
{
	return (p->silent && p->stream_sout == NULL);
}

/* t never before the time last reported, nor past the clip's end or the media's. */
static int64_t
player_clock_bound(const struct player *p, int64_t t)
{
	if (t < p->last)
		t = p->last;
	if (p->clip_end > 0 && t > p->clip_end)
		t = p->clip_end;
	if (p->length > 0 && t > p->length)
		t = p->length;
	return (t);
}

/* The clock at now from what is known, without asking libvlc. */
int64_t
player_clock_at(const struct player *p, int64_t now)
{
	int64_t t;

	if (p->state != PLAYER_PLAYING || p->settling || player_counts(p))
		return (p->last);
	t = now + (p->lo + p->hi) / 2 - p->lag;
	if (t > p->raw - p->lag + PLAYER_EXTRAPOLATE_MAX)
		t = p->raw - p->lag + PLAYER_EXTRAPOLATE_MAX;
	return (player_clock_bound(p, t));
}

/*
 * Reads libvlc's clock. It moves in steps, and a step was taken at some moment
 * between the last read that saw the old value and this one, which bounds the
 * offset between media time and the monotonic clock; the bounds from every
 * step are intersected (widened a little for drift) and the clock runs from
 * their middle.
 */
static void
player_clock_read(struct player *p, int64_t now)
{
	int64_t raw, lo, hi, widen;

	raw = libvlc_media_player_get_time(p->mp);
	if (raw > p->raw_max)
		p->raw_max = raw;
	if (raw == p->raw) {
		p->raw_seen = now;
		if (p->settling && now - p->held_at > PLAYER_SEEK_SETTLE) {
			p->settling = 0;
			p->lo = p->hi = p->last + p->lag - now;
			p->bounds_at = now;
		}
		return;
	}
	lo = raw - now;
	hi = raw - p->raw_seen;
	if (!p->settling) {
		widen = (now - p->bounds_at) / PLAYER_DRIFT;
		if (p->lo - widen > lo)
			lo = p->lo - widen;
		if (p->hi + widen < hi)
			hi = p->hi + widen;
		if (lo > hi) {
			lo = raw - now;
			hi = raw - p->raw_seen;
		}
	}
	p->lo = lo;
	p->hi = hi;
	p->bounds_at = now;
	p->settling = 0;
	p->raw = raw;
	p->raw_seen = now;
	p->steps++;
}

/*
 * How far libvlc's clock, interpolated between its steps, runs ahead of what
 * is heard, in ms, by codec. Measured against the onsets of tones heard
 * through the silent output (libvlc 3.0.24, :demux=avformat, 48 kHz, tones
 * 1 s apart, mean over 11): Opus +1, Vorbis +1 to +2, MP3 from LAME +72 at a
 * constant bit rate and +49 at a variable one (its encoder delay, 23 ms,
 * is skipped only there), so 60 for MP3. Other codecs were not measured.
 */
static int64_t
player_codec_lag(uint32_t codec)
{
	static const struct {
		char fourcc[5];
		int64_t lag;
	} table[] = {
		{ "mpga", 60 },
		{ "mp3 ", 60 },
		{ "Opus", 0 },
		{ "vorb", 0 },
	};
	size_t i;
	uint32_t f;

	for (i = 0; i < sizeof table / sizeof table[0]; i++) {
		f = (uint32_t)(unsigned char)table[i].fourcc[0] |
		    (uint32_t)(unsigned char)table[i].fourcc[1] << 8 |
		    (uint32_t)(unsigned char)table[i].fourcc[2] << 16 |
		    (uint32_t)(unsigned char)table[i].fourcc[3] << 24;
		if (f == codec)
			return (table[i].lag);
	}
	return (0);
}

/* Sets the lag from the media's audio codec once libvlc knows it. */
static void
player_lag_find(struct player *p)
{
	libvlc_media_t *m;
	libvlc_media_track_t **tracks;
	unsigned n, i;

	if (p->lag_known || (m = libvlc_media_player_get_media(p->mp)) == NULL)
		return;
	n = libvlc_media_tracks_get(m, &tracks);
	for (i = 0; i < n; i++) {
		if (tracks[i]->i_type != libvlc_track_audio)
			continue;
		p->lag = player_codec_lag(tracks[i]->i_codec);
		p->lag_known = 1;
		break;
	}
	if (n > 0)
		libvlc_media_tracks_release(tracks, n);
	libvlc_media_release(m);
}

/*
 * Once libvlc's clock is known closely, moves the silent output's count to
 * agree with it: the count starts where playback was asked to begin, but the
 * first buffer holds that point rather than starts at it.
 */
static void
player_clock_refine(struct player *p, int64_t now, int64_t heard)
{
	int64_t d;

	if (p->refined || p->settling || !p->lag_known ||
	    p->steps < PLAYER_REFINE_STEPS || p->hi - p->lo > PLAYER_REFINE_SPREAD)
		return;
	p->refined = 1;
	d = now + (p->lo + p->hi) / 2 - p->lag - heard;
	if (d >= -PLAYER_REFINE_MAX && d <= PLAYER_REFINE_MAX)
		player_amem_shift(&p->amem, d);
}

/* Reads what is heard now into p->last, within the media and the clip. */
void
player_clock_update(struct player *p, int64_t now)
{
	int64_t t;

	player_lag_find(p);
	player_clock_read(p, now);
	if (!player_counts(p)) {
		p->last = player_clock_at(p, now);
		return;
	}
	if ((t = player_amem_heard(&p->amem)) >= 0) {
		player_clock_refine(p, now, t);
		t = player_amem_heard(&p->amem);
	}
	p->last = player_clock_bound(p, t);
}
