/*
 * Placing untimed transcript lines on the audio.
 *
 * The audio arrives as the energy of every ALIGN_FRAME_MS frame. A frame is
 * speech when it stands above a threshold set between the quiet and the loud
 * level of the twenty seconds around it; quiet runs of ALIGN_MIN_PAUSE or more
 * are pauses and split the speech into stretches. Dynamic programming then
 * gives each line (or a few short lines together) a run of whole stretches,
 * so that every line starts where speech starts after a pause. A run is
 * scored by how far its speaking time is from what the line's characters
 * need at the speaking rate, by the pauses it swallows (long ones cost more)
 * and by lines that must share a stretch. Stretches may be left out (music,
 * ads, talk the text does not hold) at a price that stops growing past a few
 * seconds, as long runs without a pause are seldom speech. The rate is tried
 * from half to 1.25 times the overall one and the cheapest placement kept.
 */

#include "config.h"

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/catalog.h"
#include "catalog/parse.h"
#include "util/xmalloc.h"

/* Frames of energy kept at most: twelve hours. */
#define ALIGN_MAX_FRAMES (12LL * 3600 * 1000 / ALIGN_FRAME_MS)
/* Histogram of levels for the threshold: HIST_BINS bins of 0.5 dB. */
#define HIST_BINS 240
/* Half the window the threshold looks at, and the step it moves by (frames). */
#define THR_HALF 1000
#define THR_STEP 50
/* Below this level (dB over one unit of a 16-bit sample) nothing is speech. */
#define ABS_FLOOR 20.0
/* Quiet runs shorter than this are part of speech; speech shorter is noise (frames). */
#define ALIGN_MIN_PAUSE 7
#define ALIGN_MIN_SPEECH 5
/* Most lines one run may hold, and how far a run may reach past its need. */
#define GROUP_MAX 4
#define REACH_FACTOR 3.0
#define REACH_EXTRA 4000.0
/* Scoring, in units of one squared standard error. */
#define VAR_PER_MS 60.0	/* Variance of a run's time grows with its need (ms). */
#define VAR_BASE (400.0 * 400.0)
#define PAUSE_COST 1.0		/* Per ALIGN_PAUSE_UNIT of pause swallowed, capped. */
#define PAUSE_UNIT 400.0
#define PAUSE_CAP 4.0
#define SHARE_COST 1.0		/* Per line boundary that falls inside a stretch. */
/*
 * Leaving a stretch out costs SKIP_STRETCH and SKIP_COST a second up to
 * SKIP_CAP ms: a long run without a pause is more likely music than speech.
 */
#define SKIP_STRETCH 1.0
#define SKIP_COST 1.0
#define SKIP_CAP 6000.0
/* Cells of the programme's table at most (8 bytes each), and its narrowest band. */
#define ALIGN_MAX_CELLS (16L << 20)
#define ALIGN_MIN_BAND 20
/* Lines may start this long before their speech, within half the pause (ms). */
#define ALIGN_LEAD 50

struct align_energy {
	float *db;
	size_t n, cap;
	unsigned rate;		/* Rate of the samples being summed. */
	int64_t pos;		/* Samples since the rate was set. */
	int64_t next;		/* Sample count where the frame being summed ends. */
	int64_t base;		/* Frames before the rate was set. */
	double acc;
	int64_t acc_n;
	int full;
};

/* A run of speech between pauses, in frames. */
struct stretch {
	int on, off;
};

/* Where the programme put each line: its run's first and end stretch, and first line. */
struct placing {
	int *first;
	int *stop;
	int *group;
};

/* What the placement works on. */
struct plan {
	const struct stretch *s;
	int m;			/* Stretches. */
	double *speech;		/* speech[b]: ms of speech in stretches before b. */
	double *swallow;	/* swallow[b]: pause cost of the gaps before stretch b. */
	double *skip;		/* skip[b]: cost of leaving out the stretches before b. */
	const double *chars;	/* chars[i]: characters in lines before i. */
	int n;			/* Lines. */
	double rate;		/* ms of speech per character. */
	int band;		/* How far from its expected stretch a line may start. */
};

struct align_energy *
align_energy_new(void)
{
	return (xcalloc(1, sizeof(struct align_energy)));
}

void
align_energy_free(struct align_energy *e)
{
	if (e == NULL)
		return;
	free(e->db);
	free(e);
}

static void
align_energy_push(struct align_energy *e)
{
	if ((long long)e->n >= ALIGN_MAX_FRAMES) {
		e->full = 1;
		return;
	}
	if (e->n == e->cap) {
		e->cap = e->cap == 0 ? 4096 : e->cap * 2;
		e->db = xreallocarray(e->db, e->cap, sizeof *e->db);
	}
	e->db[e->n++] = (float)(10.0 * log10(e->acc / (double)e->acc_n + 1.0));
	e->acc = 0;
	e->acc_n = 0;
}

/* The sample count where frame k (counted from the rate's change) ends. */
static int64_t
align_frame_end(const struct align_energy *e, int64_t k)
{
	return ((k + 1) * e->rate * ALIGN_FRAME_MS / 1000);
}

int
align_energy_feed(struct align_energy *e, const int16_t *s, size_t count,
    unsigned rate)
{
	size_t i;
	double x;

	if (rate == 0 || rate > 1000000)
		return (-1);
	if (rate != e->rate) {
		if (e->acc_n > 0)
			align_energy_push(e);
		e->rate = rate;
		e->pos = 0;
		e->base = (int64_t)e->n;
		e->next = align_frame_end(e, 0);
	}
	for (i = 0; i < count && !e->full; i++) {
		x = s[i];
		e->acc += x * x;
		e->acc_n++;
		if (++e->pos >= e->next) {
			align_energy_push(e);
			e->next = align_frame_end(e, (int64_t)e->n - e->base);
		}
	}
	return (e->full ? -1 : 0);
}

const float *
align_energy_frames(const struct align_energy *e, size_t *n)
{
	*n = e->n;
	return (e->db);
}

/* The level below which frac of the histogram's count lies (dB). */
static double
align_hist_level(const int *hist, int total, double frac)
{
	int i, want = (int)(total * frac), seen = 0;

	for (i = 0; i < HIST_BINS; i++) {
		seen += hist[i];
		if (seen > want)
			return (i * 0.5);
	}
	return ((HIST_BINS - 1) * 0.5);
}

static int
align_bin(float db)
{
	int b = (int)(db * 2);

	return (b < 0 ? 0 : b >= HIST_BINS ? HIST_BINS - 1 : b);
}

/* Marks voiced[i] for frames above the level set from their neighbourhood. */
static void
align_voice(const float *db, int n, unsigned char *voiced)
{
	int hist[HIST_BINS], lo = 0, hi = 0, total = 0, at, i, end;
	double quiet, loud, thr;

	memset(hist, 0, sizeof hist);
	for (at = 0; at < n; at += THR_STEP) {
		for (; hi < n && hi < at + THR_HALF; hi++, total++)
			hist[align_bin(db[hi])]++;
		for (; lo < at - THR_HALF; lo++, total--)
			hist[align_bin(db[lo])]--;
		quiet = align_hist_level(hist, total, 0.1);
		loud = align_hist_level(hist, total, 0.9);
		thr = loud - quiet < 6.0 ? quiet - 1.0 : quiet + 0.3 * (loud - quiet);
		if (thr < ABS_FLOOR)
			thr = ABS_FLOOR;
		end = at + THR_STEP < n ? at + THR_STEP : n;
		for (i = at; i < end; i++)
			voiced[i] = db[i] > thr;
	}
}

/* Fills runs of v shorter than len between frames of !v with !v. */
static void
align_close(unsigned char *voiced, int n, unsigned char v, int len)
{
	int i = 0, j;

	while (i < n) {
		if (voiced[i] != v) {
			i++;
			continue;
		}
		for (j = i; j < n && voiced[j] == v; j++)
			/* nothing */;
		if (j - i < len && i > 0 && j < n)
			memset(voiced + i, !v, (size_t)(j - i));
		i = j;
	}
}

/* The stretches of speech in db; the caller frees *out. */
static int
align_stretches(const float *db, int n, struct stretch **out)
{
	unsigned char *voiced = xmalloc(n > 0 ? (size_t)n : 1);
	struct stretch *s = NULL;
	int i = 0, j, m = 0, cap = 0;

	align_voice(db, n, voiced);
	align_close(voiced, n, 0, ALIGN_MIN_PAUSE);
	align_close(voiced, n, 1, ALIGN_MIN_SPEECH);
	while (i < n) {
		if (!voiced[i]) {
			i++;
			continue;
		}
		for (j = i; j < n && voiced[j]; j++)
			/* nothing */;
		if (j - i >= ALIGN_MIN_SPEECH) {
			if (m == cap) {
				cap = cap == 0 ? 256 : cap * 2;
				s = xreallocarray(s, (size_t)cap, sizeof *s);
			}
			s[m].on = i;
			s[m].off = j;
			m++;
		}
		i = j;
	}
	free(voiced);
	*out = s;
	return (m);
}

/* The cost of a run of stretches b..e-1 holding lines i..j-1. */
static double
align_cost(const struct plan *p, int b, int e, int i, int j)
{
	double need, have, d, swallowed;

	need = (p->chars[j] - p->chars[i]) * p->rate;
	have = p->speech[e] - p->speech[b];
	d = have - need;
	swallowed = p->swallow[e - 1] - p->swallow[b];
	return (d * d / (VAR_PER_MS * need + VAR_BASE) / 2 + swallowed +
	    SHARE_COST * (j - i - 1));
}

/* The first stretch line i may start at (the band's low end). */
static int
align_band_lo(const struct plan *p, int i)
{
	double want = p->chars[i] * p->rate;
	int lo = 0, hi = p->m, mid;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (p->speech[mid] < want)
			lo = mid + 1;
		else
			hi = mid;
	}
	lo -= p->band;
	if (lo < 0)
		lo = 0;
	if (lo > p->m - 2 * p->band)
		lo = p->m - 2 * p->band > 0 ? p->m - 2 * p->band : 0;
	return (lo);
}

/* Relaxes leaving stretch b out, and every run that starts line i there. */
static void
align_relax(const struct plan *p, int i, int b, double base, float *cost,
    int32_t *from, const int *lo, int width)
{
	double need, c;
	int j, e, k;

	k = b + 1 - lo[i];
	if (b + 1 < p->m && k < width) {
		c = base + p->skip[b + 1] - p->skip[b];
		if (c < cost[(size_t)i * width + k]) {
			cost[(size_t)i * width + k] = (float)c;
			from[(size_t)i * width + k] = b * (GROUP_MAX + 1);
		}
	}
	for (j = i + 1; j <= p->n && j - i <= GROUP_MAX; j++) {
		need = (p->chars[j] - p->chars[i]) * p->rate;
		for (e = b + 1; e <= p->m; e++) {
			if (e > b + 1 && p->speech[e - 1] - p->speech[b] >
			    need * REACH_FACTOR + REACH_EXTRA)
				break;
			k = e - lo[j];
			if (k < 0)
				continue;
			if (k >= width)
				break;
			c = base + align_cost(p, b, e, i, j);
			if (c < cost[(size_t)j * width + k]) {
				cost[(size_t)j * width + k] = (float)c;
				from[(size_t)j * width + k] = b * (GROUP_MAX + 1) + (j - i);
			}
		}
	}
}

/* Runs the dynamic programme into pl; returns the total cost, DBL_MAX when nothing fits. */
static double
align_solve(const struct plan *p, struct placing *pl)
{
	int width = 2 * p->band + 1, *lo, i, b, k, best, j, at;
	size_t cells = (size_t)(p->n + 1) * (size_t)width;
	float *cost = xreallocarray(NULL, cells, sizeof *cost);
	int32_t *from = xreallocarray(NULL, cells, sizeof *from);
	double c, total = DBL_MAX;

	lo = xreallocarray(NULL, (size_t)p->n + 1, sizeof *lo);
	for (i = 0; i <= p->n; i++)
		lo[i] = align_band_lo(p, i);
	for (k = 0; k < (int)cells; k++) {
		cost[k] = FLT_MAX;
		from[k] = -1;
	}
	for (k = 0; k < width && lo[0] + k < p->m; k++)
		cost[k] = (float)p->skip[lo[0] + k];
	for (i = 0; i < p->n; i++)
		for (k = 0; k < width && lo[i] + k < p->m; k++)
			if (cost[(size_t)i * width + k] < FLT_MAX)
				align_relax(p, i, lo[i] + k, cost[(size_t)i * width + k],
				    cost, from, lo, width);
	best = -1;
	for (k = 0; k < width && lo[p->n] + k <= p->m; k++) {
		if (cost[(size_t)p->n * width + k] == FLT_MAX)
			continue;
		c = cost[(size_t)p->n * width + k] +
		    p->skip[p->m] - p->skip[lo[p->n] + k];
		if (c < total) {
			total = c;
			best = k;
		}
	}
	/* Walk back: each run gives its lines their stretches and group. */
	for (i = p->n, at = best; i > 0 && at >= 0;) {
		int32_t f = from[(size_t)i * width + at];
		int m = f % (GROUP_MAX + 1);

		b = f / (GROUP_MAX + 1);
		for (j = i - m; j < i; j++) {
			pl->first[j] = b;
			pl->stop[j] = lo[i] + at;
			pl->group[j] = i - m;
		}
		i -= m;
		at = b - lo[i];
	}
	free(lo);
	free(cost);
	free(from);
	return (total);
}

/* The time (ms) that lies ms_in of speech into stretches from b on. */
static int64_t
align_speech_at(const struct plan *p, int b, double ms_in)
{
	double want = p->speech[b] + ms_in;
	int e = b;

	while (e + 1 < p->m && p->speech[e + 1] <= want)
		e++;
	return ((int64_t)p->s[e].on * ALIGN_FRAME_MS +
	    (int64_t)(want - p->speech[e]));
}

/* Start and end of every line from the solved runs. */
static void
align_times(const struct plan *p, const struct placing *pl, int64_t *start,
    int64_t *end)
{
	int i, b, g, e, lead, next;
	double share, total;

	for (i = 0; i < p->n; i++) {
		b = pl->first[i];
		g = pl->group[i];
		for (e = i; e < p->n && pl->group[e] == g; e++)
			/* nothing */;
		next = pl->stop[i];
		total = p->chars[e] - p->chars[g];
		share = total > 0 ? (p->chars[i] - p->chars[g]) / total : 0;
		if (i == g) {
			lead = b > 0 ? (p->s[b].on - p->s[b - 1].off) * ALIGN_FRAME_MS / 2 :
			    ALIGN_LEAD;
			if (lead > ALIGN_LEAD)
				lead = ALIGN_LEAD;
			start[i] = (int64_t)p->s[b].on * ALIGN_FRAME_MS - lead;
			if (start[i] < 0)
				start[i] = 0;
		} else
			start[i] = align_speech_at(p, b,
			    (p->speech[next] - p->speech[b]) * share);
		if (i > 0 && end[i - 1] > start[i])
			end[i - 1] = start[i];
		end[i] = (int64_t)p->s[next > b ? next - 1 : b].off * ALIGN_FRAME_MS;
	}
}

/* Sets the band to about want, within what the stretches and memory allow. */
static void
align_band(struct plan *p, int want)
{
	long most = (ALIGN_MAX_CELLS / (p->n + 1L) - 1) / 2;

	p->band = want < 150 ? 150 : want;
	if (p->band > most)
		p->band = (int)(most > ALIGN_MIN_BAND ? most : ALIGN_MIN_BAND);
	if (2 * p->band + 1 > p->m + 1)
		p->band = p->m / 2 + 1;
}

/* Sets the sums the costs read, for the stretches and lines given. */
static void
align_plan(struct plan *p, const struct stretch *s, int m, const double *chars, int n)
{
	double g;
	int b;

	p->s = s;
	p->m = m;
	p->chars = chars;
	p->n = n;
	p->speech = xreallocarray(NULL, (size_t)m + 1, sizeof *p->speech);
	p->swallow = xreallocarray(NULL, (size_t)m + 1, sizeof *p->swallow);
	p->speech[0] = 0;
	p->swallow[0] = 0;
	p->skip = xreallocarray(NULL, (size_t)m + 1, sizeof *p->skip);
	p->skip[0] = 0;
	for (b = 0; b < m; b++) {
		p->speech[b + 1] = p->speech[b] + (s[b].off - s[b].on) * ALIGN_FRAME_MS;
		g = b + 1 < m ? (s[b + 1].on - s[b].off) * ALIGN_FRAME_MS / PAUSE_UNIT : 0;
		p->swallow[b + 1] = p->swallow[b] + PAUSE_COST * (g < PAUSE_CAP ? g : PAUSE_CAP);
		g = (s[b].off - s[b].on) * ALIGN_FRAME_MS;
		p->skip[b + 1] = p->skip[b] + SKIP_STRETCH +
		    SKIP_COST * (g < SKIP_CAP ? g : SKIP_CAP) / 1000;
	}
	p->rate = chars[n] > 0 ? p->speech[m] / chars[n] : 1;
	align_band(p, m / 8 < 400 ? m / 8 : 400);
}

/* Speech the runs of pl hold, in ms. */
static double
align_used(const struct plan *p, const struct placing *pl)
{
	double used = 0;
	int i;

	for (i = 0; i < p->n; i++)
		if (i == 0 || pl->group[i] != pl->group[i - 1])
			used += p->speech[pl->stop[i]] - p->speech[pl->first[i]];
	return (used);
}

/*
 * Solves at rates around the plan's (speech that is not the text's, such as
 * music, inflates it) and keeps the cheapest, then solves once more at the
 * rate of the speech the lines were given. Returns 0 when pl is filled.
 */
static int
align_search(struct plan *p, struct placing *pl)
{
	static const double factors[] = { 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.1, 1.25 };
	double base = p->rate, best = DBL_MAX, best_rate = base, c, used;
	size_t f;

	for (f = 0; f < sizeof factors / sizeof factors[0]; f++) {
		p->rate = base * factors[f];
		if ((c = align_solve(p, pl)) < best) {
			best = c;
			best_rate = p->rate;
		}
	}
	if (best == DBL_MAX) {
		p->rate = base;
		return (-1);
	}
	p->rate = best_rate;
	align_solve(p, pl);
	used = align_used(p, pl);
	if (used > 0)
		p->rate = used / p->chars[p->n];
	return (align_solve(p, pl) < DBL_MAX ? 0 : -1);
}

int
align_place(const float *db, size_t frames, const int *chars, size_t lines,
    int64_t *start, int64_t *end)
{
	struct stretch *s;
	struct placing pl;
	struct plan p;
	double *sum;
	int m, i, rc;

	if (lines == 0 || lines > PARSE_MAX_LINES ||
	    (long long)frames > ALIGN_MAX_FRAMES)
		return (-1);
	m = align_stretches(db, (int)frames, &s);
	if (m == 0) {
		free(s);
		return (-1);
	}
	sum = xreallocarray(NULL, lines + 1, sizeof *sum);
	sum[0] = 0;
	for (i = 0; i < (int)lines; i++)
		sum[i + 1] = sum[i] + (chars[i] > 0 ? chars[i] : 1);
	pl.first = xreallocarray(NULL, lines, sizeof *pl.first);
	pl.stop = xreallocarray(NULL, lines, sizeof *pl.stop);
	pl.group = xreallocarray(NULL, lines, sizeof *pl.group);
	align_plan(&p, s, m, sum, (int)lines);
	/* Far from where their length says, lines need a wider band. */
	if ((rc = align_search(&p, &pl)) != 0) {
		align_band(&p, p.band * 4);
		rc = align_search(&p, &pl);
	}
	if (rc == 0)
		align_times(&p, &pl, start, end);
	free(p.speech);
	free(p.swallow);
	free(p.skip);
	free(pl.first);
	free(pl.stop);
	free(pl.group);
	free(sum);
	free(s);
	return (rc);
}

int
align_chars(const char *text)
{
	const unsigned char *u = (const unsigned char *)text;
	int n = 0;

	for (; *u != '\0'; u++) {
		if (*u >= 0x80)
			n += (*u & 0xc0) != 0x80;
		else if ((*u >= '0' && *u <= '9') || ((*u | 0x20) >= 'a' &&
		    (*u | 0x20) <= 'z'))
			n++;
	}
	return (n);
}
