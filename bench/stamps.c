#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench/words.h"
#include "catalog/catalog.h"
#include "catalog/parse.h"
#include "util/xmalloc.h"

/*
 * Sync mode benchmark: how long one stamp takes (read the episode's lines,
 * re-place the unstamped ones around it, write them back, commit) on long
 * estimated transcripts, stamping from the start so that every stamp moves
 * the whole rest of the transcript, the worst case.
 *
 * usage: bench/stamps WORKDIR FEED.xml LINES...
 */

#define STAMPS 300

static double
now_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6);
}

static int
cmp_double(const void *a, const void *b)
{
	double	x = *(const double *)a, y = *(const double *)b;

	return (x < y ? -1 : x > y);
}

/* An estimated transcript of n generated sentences over n * 4 s. */
static void
stamps_transcript(int n, struct transcript *t)
{
	struct words	w;
	char		buf[512];
	int		i;

	transcript_init(t);
	words_seed(&w, 7);
	for (i = 0; i < n; i++) {
		words_sentence(&w, buf, sizeof buf, 4, 24);
		transcript_add(t, (int64_t)i * 4000, (int64_t)(i + 1) * 4000, NULL, xstrdup(buf));
	}
	t->estimated = 1;
}

static int
stamps_run(const char *dir, const char *feed, int n)
{
	struct catalog_import_report	 r;
	struct catalog_line_time	*lt;
	struct transcript		 t;
	struct catalog			*c;
	double				 ms[STAMPS];
	char				*path, *err = NULL;
	int64_t				 ep;
	int				 i, k;

	path = xasprintf("%s/stamps-%d.db", dir, n);
	remove(path);
	if (catalog_open(path, &c, &err) != 0) {
		fprintf(stderr, "%s: %s\n", path, err);
		return (-1);
	}
	memset(&r, 0, sizeof r);
	if (catalog_import_feed(c, feed, &r) != 0 || r.podcast_id <= 0) {
		fprintf(stderr, "%s: %s\n", feed, catalog_error(c));
		return (-1);
	}
	ep = catalog_episode_find_guid(c, r.podcast_id, "close-listening-ep1");
	catalog_import_report_clear(&r);
	stamps_transcript(n, &t);
	if (catalog_transcript_set(c, ep, &t, "bench", "text/plain", NULL) != 0) {
		fprintf(stderr, "%s\n", catalog_error(c));
		return (-1);
	}
	transcript_clear(&t);
	lt = xcalloc((size_t)n, sizeof *lt);
	if (catalog_line_times(c, ep, 0, n, lt) != n)
		return (-1);
	/* Line k stamped 300 ms after it was placed: a voice a little slower than the estimate. */
	for (i = 0; i < STAMPS; i++) {
		double t0;

		k = i * (n / STAMPS > 0 ? n / STAMPS : 1) % n;
		t0 = now_ms();
		if (catalog_line_stamp(c, lt[k].id, (int64_t)k * 4000 + 300 * (i + 1)) != 0) {
			fprintf(stderr, "stamp %d: %s\n", i, catalog_error(c));
			return (-1);
		}
		ms[i] = now_ms() - t0;
	}
	qsort(ms, STAMPS, sizeof ms[0], cmp_double);
	printf("%6d lines: %d stamps, median %.2f ms, 95th percentile %.2f ms, max %.2f ms\n",
	    n, STAMPS, ms[STAMPS / 2], ms[STAMPS * 95 / 100], ms[STAMPS - 1]);
	free(lt);
	catalog_free(c);
	free(path);
	return (0);
}

int
main(int argc, char **argv)
{
	int	i;

	if (argc < 4) {
		fprintf(stderr, "usage: bench/stamps WORKDIR FEED.xml LINES...\n");
		return (2);
	}
	for (i = 3; i < argc; i++) {
		if (stamps_run(argv[1], argv[2], atoi(argv[i])) != 0)
			return (1);
	}
	return (0);
}
