#include "config.h"

#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bench/words.h"
#include "catalog/catalog.h"
#include "catalog/parse.h"
#include "util/xmalloc.h"

/*
 * Feed import benchmark: writes RSS feeds of generated items, then imports
 * each into a fresh catalog and again unchanged, each run in its own process
 * so its peak resident size can be read from wait4().
 */

static const char *const feeds_days[] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
static const char *const feeds_months[] = {
	"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
};

static double
now(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((double)ts.tv_sec + (double)ts.tv_nsec / 1e9);
}

/* Writes paragraphs of generated sentences, escaped as the text of an element. */
static void
feeds_paragraphs(FILE *f, struct words *w, int n)
{
	char	buf[512];
	int	i, j, k;

	for (i = 0; i < n; i++) {
		fputs("&lt;p&gt;", f);
		k = 2 + (int)words_below(w, 2);
		for (j = 0; j < k; j++) {
			words_sentence(w, buf, sizeof buf, 6, 14);
			fprintf(f, "%s%s", j > 0 ? " " : "", buf);
		}
		fputs("&lt;/p&gt;", f);
	}
}

/* Writes a feed of n items, newest first; returns its size in bytes. */
static long
feeds_write(const char *path, int n)
{
	struct words	 w;
	struct tm	 tm;
	FILE		*f;
	char		 title[256];
	time_t		 t;
	long		 size;
	int		 i, num, secs;

	if ((f = fopen(path, "w")) == NULL) {
		fprintf(stderr, "feeds: %s: %s\n", path, strerror(errno));
		exit(1);
	}
	words_seed(&w, 0xfeed0000ULL + (uint64_t)n);
	fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<rss version=\"2.0\" "
	    "xmlns:itunes=\"http://www.itunes.com/dtds/podcast-1.0.dtd\" "
	    "xmlns:podcast=\"https://podcastindex.org/namespace/1.0\">\n"
	    "<channel>\n<title>Bench Daily (%d episodes)</title>\n"
	    "<link>https://example.org/daily</link>\n<language>en</language>\n"
	    "<itunes:author>Bench Radio</itunes:author>\n"
	    "<description>", n);
	feeds_paragraphs(f, &w, 2);
	fprintf(f, "</description>\n"
	    "<itunes:image href=\"https://example.org/daily/cover.jpg\"/>\n");
	for (i = 0; i < n; i++) {
		num = n - i;
		t = 1700000000 - (time_t)i * 86400 / 4;
		gmtime_r(&t, &tm);
		words_sentence(&w, title, sizeof title, 3, 8);
		title[strlen(title) - 1] = '\0';
		secs = 900 + (int)words_below(&w, 6300);
		fprintf(f, "<item>\n<title>%d: %s</title>\n"
		    "<guid isPermaLink=\"false\">urn:uuid:%08x-bench-%06d</guid>\n"
		    "<pubDate>%s, %02d %s %04d %02d:%02d:%02d +0000</pubDate>\n"
		    "<enclosure url=\"https://cdn.example.org/daily/ep%06d.mp3\" "
		    "length=\"%d\" type=\"audio/mpeg\"/>\n"
		    "<itunes:duration>%d:%02d:%02d</itunes:duration>\n"
		    "<itunes:episode>%d</itunes:episode>\n"
		    "<podcast:transcript url=\"https://cdn.example.org/daily/ep%06d.vtt\" "
		    "type=\"text/vtt\"/>\n<description>",
		    num, title, (unsigned)words_next(&w), num,
		    feeds_days[tm.tm_wday], tm.tm_mday, feeds_months[tm.tm_mon],
		    tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec, num,
		    secs * 16000, secs / 3600, secs / 60 % 60, secs % 60, num, num);
		feeds_paragraphs(f, &w, 2);
		fputs("</description>\n</item>\n", f);
	}
	fputs("</channel>\n</rss>\n", f);
	size = ftell(f);
	fclose(f);
	return (size);
}

enum feeds_job { JOB_PARSE, JOB_IMPORT };

/* Counts the items feed_read() hands over. */
static int
feeds_count(void *ctx, struct feed *f, struct feed_item *it)
{
	(void)f;
	(void)it;
	(*(size_t *)ctx)++;
	return (0);
}

/* Runs one job in this (child) process and prints what it did. */
static int
feeds_job(enum feeds_job job, const char *feed, const char *db)
{
	struct catalog			*c;
	struct catalog_import_report	 rep;
	struct feed_source		 src;
	struct feed			*f;
	char				*err;
	size_t				 n = 0;
	double				 t0;

	t0 = now();
	if (job == JOB_PARSE) {
		memset(&src, 0, sizeof src);
		if ((src.fd = open(feed, O_RDONLY)) == -1)
			return (1);
		if (feed_read(&src, feeds_count, &n, &f, &err) != 0) {
			fprintf(stderr, "feeds: %s: %s\n", feed, err);
			return (1);
		}
		printf("%7.3f s, %zu items read", now() - t0, n);
		feed_free(f);
		close(src.fd);
		return (0);
	}
	if (catalog_open(db, &c, &err) != 0) {
		fprintf(stderr, "feeds: %s\n", err);
		return (1);
	}
	t0 = now();
	if (catalog_import_feed(c, feed, &rep) != 0) {
		fprintf(stderr, "feeds: import: %s\n", catalog_error(c));
		return (1);
	}
	printf("%7.3f s, %d added, %d updated, %d unchanged, %d skipped",
	    now() - t0, rep.episodes_added, rep.episodes_updated,
	    rep.episodes_unchanged, rep.skipped);
	catalog_import_report_clear(&rep);
	catalog_free(c);
	return (0);
}

/* Runs a job in a child process; returns its wall time and peak RSS in kB. */
static void
feeds_child(const char *label, enum feeds_job job, const char *feed, const char *db)
{
	struct rusage	ru;
	pid_t		pid;
	int		status;

	printf("%s", label);
	fflush(stdout);
	if ((pid = fork()) == -1) {
		perror("feeds: fork");
		exit(1);
	}
	if (pid == 0) {
		status = feeds_job(job, feed, db);
		fflush(stdout);
		_exit(status);
	}
	if (wait4(pid, &status, 0, &ru) == -1) {
		perror("feeds: wait4");
		exit(1);
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		printf(" failed\n");
		exit(1);
	}
	printf(", cpu %.3f s, peak RSS %.1f MB\n", (double)ru.ru_utime.tv_sec +
	    (double)ru.ru_utime.tv_usec / 1e6 + (double)ru.ru_stime.tv_sec +
	    (double)ru.ru_stime.tv_usec / 1e6, (double)ru.ru_maxrss / 1024);
}

/*
 * Appends a comment after the document, so the feed's bytes differ from the
 * last import's while every item stays the same: each is then compared
 * with the catalog, as for a feed whose server changed only its build date.
 */
static void
feeds_touch(const char *feed)
{
	FILE	*f;

	if ((f = fopen(feed, "a")) == NULL || fputs("<!-- touched -->\n", f) == EOF ||
	    fclose(f) != 0) {
		fprintf(stderr, "feeds: %s: %s\n", feed, strerror(errno));
		exit(1);
	}
}

static void
usage(void)
{
	fprintf(stderr, "usage: feeds dir items...\n");
	exit(2);
}

int
main(int argc, char **argv)
{
	struct stat	 sb;
	char		*feed, *db, *wal;
	double		 t0;
	long		 size;
	int		 i, n;

	if (argc < 3)
		usage();
	if (mkdir(argv[1], 0755) == -1 && errno != EEXIST) {
		fprintf(stderr, "feeds: %s: %s\n", argv[1], strerror(errno));
		return (1);
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	for (i = 2; i < argc; i++) {
		if ((n = atoi(argv[i])) < 1)
			usage();
		feed = xasprintf("%s/feed-%d.xml", argv[1], n);
		db = xasprintf("%s/feed-%d.db", argv[1], n);
		wal = xasprintf("%s-wal", db);
		t0 = now();
		size = feeds_write(feed, n);
		printf("%d items: %s, %.1f MB (written in %.1f s)\n", n, feed,
		    (double)size / 1e6, now() - t0);
		unlink(db);
		unlink(wal);
		feeds_child("    feed_read only:       ", JOB_PARSE, feed, NULL);
		feeds_child("    first import:         ", JOB_IMPORT, feed, db);
		feeds_child("    unchanged re-import:  ", JOB_IMPORT, feed, db);
		feeds_touch(feed);
		feeds_child("    same items, new bytes:", JOB_IMPORT, feed, db);
		if (stat(db, &sb) == 0)
			printf("    catalog file: %.1f MB\n", (double)sb.st_size / 1e6);
		free(feed);
		free(db);
		free(wal);
	}
	return (0);
}
