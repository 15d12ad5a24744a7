#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "bench/words.h"
#include "catalog/catalog.h"
#include "util/xmalloc.h"

/*
 * Search benchmark: writes a podcast of generated transcripts (an RSS feed
 * and one WebVTT file per episode), imports it, then times a fixed set of
 * queries through catalog_search().
 */

#define SEARCH_LIMIT 20

static const char *const search_speakers[] = {
	"Alice", "Bruno", "Chiara", "Dmitri",
};

struct gen {
	int	episodes;
	int	lines;		/* Per episode. */
	int64_t	text_bytes;	/* Transcript text as stored, without times or voices. */
	int64_t	vtt_bytes;
};

struct query {
	const char	*kind;
	char		*text;
	int		 hits;
	double		 ms[8];	/* One per run. */
};

static double
now(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((double)ts.tv_sec + (double)ts.tv_nsec / 1e9);
}

static int64_t
file_size(const char *path)
{
	struct stat	sb;

	return (stat(path, &sb) == 0 ? (int64_t)sb.st_size : 0);
}

/* The next cue from w, starting at *t; moves *t past it. */
static void
gen_line(struct words *w, int64_t *t, char *text, size_t size, const char **speaker,
    int64_t *start, int64_t *end)
{
	size_t	n;

	*speaker = search_speakers[words_below(w, 4)];
	n = words_sentence(w, text, size, 4, 16);
	if (words_below(w, 4) == 0 && n + 2 < size) {
		text[n++] = ' ';
		words_sentence(w, text + n, size - n, 3, 10);
	}
	*start = *t;
	*end = *t + 1500 + words_below(w, 4500);
	*t = *end + words_below(w, 400);
}

static void
gen_write(const char *dir, struct gen *g)
{
	struct words	 w;
	FILE		*feed, *vtt;
	char		*path, text[512];
	const char	*speaker;
	int64_t		 t, start, end;
	int		 ep, i;

	path = xasprintf("%s/vtt", dir);
	if (mkdir(path, 0755) == -1 && errno != EEXIST) {
		fprintf(stderr, "search: %s: %s\n", path, strerror(errno));
		exit(1);
	}
	free(path);
	path = xasprintf("%s/feed.xml", dir);
	if ((feed = fopen(path, "w")) == NULL) {
		fprintf(stderr, "search: %s: %s\n", path, strerror(errno));
		exit(1);
	}
	free(path);
	fprintf(feed, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<rss version=\"2.0\" xmlns:podcast=\"https://podcastindex.org/namespace/1.0\">\n"
	    "<channel>\n<title>Bench Talk</title>\n<link>https://example.org/</link>\n"
	    "<description>Generated talk for the search benchmark.</description>\n");
	for (ep = 1; ep <= g->episodes; ep++) {
		words_seed(&w, 0xbe9c0000ULL + (uint64_t)ep);
		path = xasprintf("%s/vtt/ep%05d.vtt", dir, ep);
		if ((vtt = fopen(path, "w")) == NULL) {
			fprintf(stderr, "search: %s: %s\n", path, strerror(errno));
			exit(1);
		}
		fprintf(vtt, "WEBVTT\n\n");
		t = 0;
		for (i = 0; i < g->lines; i++) {
			gen_line(&w, &t, text, sizeof text, &speaker, &start, &end);
			fprintf(vtt, "%02d:%02d:%02d.%03d --> %02d:%02d:%02d.%03d\n"
			    "<v %s>%s\n\n",
			    (int)(start / 3600000), (int)(start / 60000 % 60),
			    (int)(start / 1000 % 60), (int)(start % 1000),
			    (int)(end / 3600000), (int)(end / 60000 % 60),
			    (int)(end / 1000 % 60), (int)(end % 1000), speaker, text);
			g->text_bytes += (int64_t)strlen(text);
		}
		g->vtt_bytes += ftell(vtt);
		fclose(vtt);
		free(path);
		fprintf(feed, "<item><title>Episode %d</title><guid>bench-%d</guid>"
		    "<pubDate>Mon, 01 Jan 2024 00:00:00 GMT</pubDate>"
		    "<enclosure url=\"https://example.org/ep%d.mp3\" length=\"1000\" "
		    "type=\"audio/mpeg\"/>"
		    "<podcast:transcript url=\"vtt/ep%05d.vtt\" type=\"text/vtt\"/>"
		    "</item>\n", ep, ep, ep, ep);
	}
	fprintf(feed, "</channel>\n</rss>\n");
	fclose(feed);
}

static void
sql_check(sqlite3 *db, int rc, const char *what)
{
	if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
		fprintf(stderr, "search: %s: %s\n", what, sqlite3_errmsg(db));
		exit(1);
	}
}

/*
 * Fills the catalog's tables with the same text straight through SQLite (one
 * transaction per episode), for when the feed import is too slow to wait for.
 */
static void
gen_direct(const char *dbpath, struct gen *g)
{
	struct words	 w;
	sqlite3		*db;
	sqlite3_stmt	*ep_stmt, *line_stmt;
	char		 text[512], guid[32];
	const char	*speaker;
	int64_t		 t, start, end, pid, eid;
	int		 ep, i;

	sql_check(NULL, sqlite3_open(dbpath, &db), "open");
	sql_check(db, sqlite3_exec(db, "PRAGMA synchronous = NORMAL; "
	    "INSERT INTO podcast (title, feed) VALUES ('Bench Talk', 'direct')",
	    NULL, NULL, NULL), "podcast");
	pid = sqlite3_last_insert_rowid(db);
	sql_check(db, sqlite3_prepare_v2(db, "INSERT INTO episode (podcast_id, guid, "
	    "title, audio) VALUES (?, ?, ?, 'https://example.org/a.mp3')", -1,
	    &ep_stmt, NULL), "prepare");
	sql_check(db, sqlite3_prepare_v2(db, "INSERT INTO line (episode_id, "
	    "start_ms, end_ms, speaker, text) VALUES (?, ?, ?, ?, ?)", -1,
	    &line_stmt, NULL), "prepare");
	for (ep = 1; ep <= g->episodes; ep++) {
		sql_check(db, sqlite3_exec(db, "BEGIN", NULL, NULL, NULL), "begin");
		snprintf(guid, sizeof guid, "bench-%d", ep);
		sqlite3_reset(ep_stmt);
		sqlite3_bind_int64(ep_stmt, 1, pid);
		sqlite3_bind_text(ep_stmt, 2, guid, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(ep_stmt, 3, guid, -1, SQLITE_TRANSIENT);
		sql_check(db, sqlite3_step(ep_stmt), "episode");
		eid = sqlite3_last_insert_rowid(db);
		words_seed(&w, 0xbe9c0000ULL + (uint64_t)ep);
		t = 0;
		for (i = 0; i < g->lines; i++) {
			gen_line(&w, &t, text, sizeof text, &speaker, &start, &end);
			sqlite3_reset(line_stmt);
			sqlite3_bind_int64(line_stmt, 1, eid);
			sqlite3_bind_int64(line_stmt, 2, start);
			sqlite3_bind_int64(line_stmt, 3, end);
			sqlite3_bind_text(line_stmt, 4, speaker, -1, SQLITE_STATIC);
			sqlite3_bind_text(line_stmt, 5, text, -1, SQLITE_STATIC);
			sql_check(db, sqlite3_step(line_stmt), "line");
			g->text_bytes += (int64_t)strlen(text);
		}
		sql_check(db, sqlite3_exec(db, "COMMIT", NULL, NULL, NULL), "commit");
	}
	sqlite3_finalize(ep_stmt);
	sqlite3_finalize(line_stmt);
	sqlite3_close(db);
}

static void
query_add(struct query *q, int *n, const char *kind, char *text)
{
	q[*n].kind = kind;
	q[*n].text = text;
	(*n)++;
}

/* The query set: 100 queries of seven kinds. */
static int
query_set(struct query *q)
{
	static const char *const common[] = {
		"the", "people", "think", "music", "time", "really", "question",
		"world", "story", "data", "history", "language", "brain", "water",
		"night", "game", "energy", "family", "science", "sleep", "power",
		"light", "design", "evidence", "book",
	};
	static const char *const rare[] = {
		"serendipity", "zeppelin", "marmalade", "quixotic", "labyrinth",
		"volcano", "lighthouse", "telescope",
	};
	static const char *const pairs[] = {
		"people music", "think history", "brain sleep", "water river",
		"climate ocean", "software compiler", "music guitar", "star planet",
		"data model", "court justice", "coffee kitchen", "film writer",
		"zeppelin volcano", "memory dream", "team coach", "quantum gravity",
	};
	static const char *const phrases[] = {
		"\"the people\"", "\"i think\"", "\"you know\"", "\"the world\"",
		"\"of the\"", "\"a lot\"", "\"music history\"", "\"really interesting\"",
		"\"the brain\"", "\"in the water\"", "\"we think that\"",
		"\"the infinite universe\"",
	};
	static const char *const prefixes[] = {
		"infin*", "micro*", "stud*", "arg*", "pod*", "galax*", "tra*",
	};
	static const char *const stems[] = {
		"running", "studies", "argued", "arguments", "recordings", "cities",
		"dreaming", "experimented", "painted", "songs",
	};
	static const char *const nothing[] = {
		"xylophonequartz", "\"zeppelin zeppelin zeppelin zeppelin\"",
	};
	size_t	i;
	int	n = 0;

	for (i = 0; i < sizeof common / sizeof common[0]; i++)
		query_add(q, &n, "common", xstrdup(common[i]));
	for (i = 0; i < sizeof rare / sizeof rare[0]; i++)
		query_add(q, &n, "rare", xstrdup(rare[i]));
	for (i = 0; i < 12; i++)
		query_add(q, &n, "rare", xstrdup(words_at(WORDS_COUNT - 1 - (int)i * 37)));
	for (i = 0; i < sizeof pairs / sizeof pairs[0]; i++)
		query_add(q, &n, "and", xstrdup(pairs[i]));
	for (i = 0; i < 4; i++)
		query_add(q, &n, "and", xasprintf("%s %s", words_at(2000 + (int)i * 100),
		    words_at(10 + (int)i)));
	for (i = 0; i < sizeof phrases / sizeof phrases[0]; i++)
		query_add(q, &n, "phrase", xstrdup(phrases[i]));
	for (i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++)
		query_add(q, &n, "prefix", xstrdup(prefixes[i]));
	for (i = 0; i < sizeof stems / sizeof stems[0]; i++)
		query_add(q, &n, "stem", xstrdup(stems[i]));
	for (i = 0; i < sizeof nothing / sizeof nothing[0]; i++)
		query_add(q, &n, "nothing", xstrdup(nothing[i]));
	for (i = 0; n < 100; i++)
		query_add(q, &n, "rare", xstrdup(words_at(1000 + (int)i * 97)));
	return (n);
}

static int
cmp_double(const void *a, const void *b)
{
	double	x = *(const double *)a, y = *(const double *)b;

	return (x < y ? -1 : x > y);
}

/* Median and 95th percentile of n values (sorted in place). */
static void
stats(double *v, int n, double *median, double *p95)
{
	int	k;

	qsort(v, (size_t)n, sizeof *v, cmp_double);
	*median = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
	k = (95 * n + 99) / 100 - 1;
	*p95 = v[k < 0 ? 0 : k];
}

static void
run_queries(struct catalog *c, struct query *q, int nq, int runs)
{
	static const char *const kinds[] = {
		"common", "rare", "and", "phrase", "prefix", "stem", "nothing",
	};
	struct catalog_hit	hits[SEARCH_LIMIT];
	double			v[128], med[8], p95[8], t0, m, p;
	int			r, i, j, k, n;

	for (r = 0; r < runs; r++) {
		for (i = 0; i < nq; i++) {
			t0 = now();
			n = catalog_search(c, q[i].text, 0, SEARCH_LIMIT, hits);
			q[i].ms[r] = (now() - t0) * 1000;
			if (n < 0) {
				fprintf(stderr, "search: %s: %s\n", q[i].text,
				    catalog_error(c));
				exit(1);
			}
			q[i].hits = n;
			for (j = 0; j < n; j++)
				catalog_hit_clear(&hits[j]);
			v[i] = q[i].ms[r];
		}
		stats(v, nq, &med[r], &p95[r]);
		printf("run %d: median %.2f ms, p95 %.2f ms, max %.2f ms\n", r + 1,
		    med[r], p95[r], v[nq - 1]);
	}
	stats(med, runs, &m, &p);
	printf("median of %d runs: median %.2f ms", runs, m);
	stats(p95, runs, &m, &p);
	printf(", p95 %.2f ms\n", m);
	printf("by kind (median over queries of each query's median run):\n");
	for (k = 0; k < (int)(sizeof kinds / sizeof kinds[0]); k++) {
		double	per[128], tmp[8], pm, pp;

		n = 0;
		for (i = 0; i < nq; i++) {
			if (strcmp(q[i].kind, kinds[k]) != 0)
				continue;
			memcpy(tmp, q[i].ms, sizeof tmp);
			stats(tmp, runs, &per[n++], &pp);
		}
		if (n == 0)
			continue;
		stats(per, n, &pm, &pp);
		printf("  %-8s %3d queries: median %8.2f ms, max %8.2f ms\n",
		    kinds[k], n, pm, per[n - 1]);
	}
	printf("slowest queries (median run):\n");
	for (k = 0; k < 5; k++) {
		double	worst = -1, tmp[8], w, pp;
		int	wi = -1;

		for (i = 0; i < nq; i++) {
			if (q[i].hits < 0)
				continue;
			memcpy(tmp, q[i].ms, sizeof tmp);
			stats(tmp, runs, &w, &pp);
			if (w > worst) {
				worst = w;
				wi = i;
			}
		}
		printf("  %8.2f ms  %-8s %s\n", worst, q[wi].kind, q[wi].text);
		q[wi].hits = -1;
	}
}

/* Space per table and index, from SQLite's dbstat table when it is built in. */
static void
print_space(const char *dbpath)
{
	sqlite3		*db;
	sqlite3_stmt	*stmt;

	if (sqlite3_open_v2(dbpath, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
		return;
	if (sqlite3_prepare_v2(db, "SELECT CASE WHEN name LIKE 'line_fts%' "
	    "THEN 'line_fts (full-text index)' ELSE name END AS n, sum(pgsize) "
	    "FROM dbstat GROUP BY n ORDER BY 2 DESC LIMIT 6", -1, &stmt,
	    NULL) == SQLITE_OK) {
		while (sqlite3_step(stmt) == SQLITE_ROW)
			printf("  %-28s %8.1f MB\n", sqlite3_column_text(stmt, 0),
			    (double)sqlite3_column_int64(stmt, 1) / 1e6);
		sqlite3_finalize(stmt);
	}
	sqlite3_close(db);
}

/* The bytes of line.text in a catalog made earlier (-q). */
static int64_t
text_bytes(const char *dbpath)
{
	sqlite3		*db;
	sqlite3_stmt	*stmt;
	int64_t		 n = 0;

	if (sqlite3_open_v2(dbpath, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
		return (0);
	if (sqlite3_prepare_v2(db, "SELECT sum(length(CAST(text AS BLOB))) FROM line",
	    -1, &stmt, NULL) == SQLITE_OK) {
		if (sqlite3_step(stmt) == SQLITE_ROW)
			n = sqlite3_column_int64(stmt, 0);
		sqlite3_finalize(stmt);
	}
	sqlite3_close(db);
	return (n);
}

static void
usage(void)
{
	fprintf(stderr, "usage: search [-dq] [-e episodes] [-l lines-per-episode] "
	    "[-r runs] dir\n");
	exit(2);
}

int
main(int argc, char **argv)
{
	struct gen			 g = { 2000, 1000, 0, 0 };
	struct catalog			*c;
	struct catalog_import_report	 rep;
	struct query			 q[128];
	char				*dbpath, *feed, *err;
	double				 t0;
	int				 ch, direct = 0, again = 0, runs = 3, nq, i;

	while ((ch = getopt(argc, argv, "de:l:qr:")) != -1) {
		switch (ch) {
		case 'd':
			direct = 1;
			break;
		case 'q':
			again = 1;
			break;
		case 'e':
			g.episodes = atoi(optarg);
			break;
		case 'l':
			g.lines = atoi(optarg);
			break;
		case 'r':
			runs = atoi(optarg);
			break;
		default:
			usage();
		}
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (optind + 1 != argc || g.episodes < 1 || g.lines < 1 || runs < 1 || runs > 8)
		usage();
	if (mkdir(argv[optind], 0755) == -1 && errno != EEXIST) {
		fprintf(stderr, "search: %s: %s\n", argv[optind], strerror(errno));
		return (1);
	}
	dbpath = xasprintf("%s/%s", argv[optind], direct ? "direct.db" : "catalog.db");
	if (again) {
		if (catalog_open(dbpath, &c, &err) != 0) {
			fprintf(stderr, "search: %s\n", err);
			return (1);
		}
		g.text_bytes = text_bytes(dbpath);
		printf("catalog: %s, made earlier\n", dbpath);
		goto queries;
	}
	unlink(dbpath);
	printf("catalog: %d episodes x %d lines = %lld lines (%s)\n", g.episodes,
	    g.lines, (long long)g.episodes * g.lines,
	    direct ? "filled directly through SQLite, not the import" :
	    "through catalog_import_feed");
	if (catalog_open(dbpath, &c, &err) != 0) {
		fprintf(stderr, "search: %s\n", err);
		return (1);
	}
	if (direct) {
		t0 = now();
		gen_direct(dbpath, &g);
		printf("direct fill: %.1f s (one transaction per episode)\n", now() - t0);
	} else {
		t0 = now();
		gen_write(argv[optind], &g);
		printf("generate feed + VTT: %.1f s, %.1f MB of VTT\n", now() - t0,
		    (double)g.vtt_bytes / 1e6);
		feed = xasprintf("%s/feed.xml", argv[optind]);
		t0 = now();
		if (catalog_import_feed(c, feed, &rep) != 0) {
			fprintf(stderr, "search: import: %s\n", catalog_error(c));
			return (1);
		}
		printf("catalog_import_feed: %.1f s, %d episodes, %d lines, %d skipped\n",
		    now() - t0, rep.episodes_added, rep.lines, rep.skipped);
		catalog_import_report_clear(&rep);
		free(feed);
	}
queries:
	nq = query_set(q);
	printf("queries: %d, limit %d, %d runs\n", nq, SEARCH_LIMIT, runs);
	run_queries(c, q, nq, runs);
	catalog_free(c);
	printf("raw transcript text: %.1f MB\n", (double)g.text_bytes / 1e6);
	printf("catalog file: %.1f MB (%.2fx raw text)\n",
	    (double)file_size(dbpath) / 1e6,
	    (double)file_size(dbpath) / (double)g.text_bytes);
	print_space(dbpath);
	for (i = 0; i < nq; i++)
		free(q[i].text);
	free(dbpath);
	return (0);
}
