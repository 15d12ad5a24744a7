#include "config.h"

#include <check.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "catalog/catalog.h"
#include "testdb.h"
#include "testutil.h"

/* Search over transcript lines, episode titles and descriptions, clip titles and notes. */

#define KIND_LINE 0
#define KIND_EPISODE 1
#define KIND_CLIP 2

static char		*tmpdir;
static char		*dbpath;
static struct catalog	*cat;
static int64_t		 podcast;
static int64_t		 clip;		/* The bookmark of the fixture. */

static int64_t
episode(const char *guid)
{
	int64_t	id = catalog_episode_find_guid(cat, podcast, guid);

	ck_assert_msg(id > 0, "no episode %s", guid);
	return (id);
}

/* The demo podcast and a bookmark in its second episode. */
static void
setup_demo(void)
{
	struct catalog_import_report	 r;
	struct catalog_clip		 k;
	char				*feed, *err = NULL;

	feed = test_data_path("assets/demo/feed.xml");
	tmpdir = test_tmpdir_new();
	dbpath = xasprintf("%s/catalog.db", tmpdir);
	ck_assert_msg(catalog_open(dbpath, &cat, &err) == 0, "%s", err);
	memset(&r, 0, sizeof r);
	ck_assert_msg(catalog_import_feed(cat, feed, &r) == 0, "%s", catalog_error(cat));
	podcast = r.podcast_id;
	catalog_import_report_clear(&r);
	free(feed);

	memset(&k, 0, sizeof k);
	k.episode_id = episode("close-listening-ep2");
	k.start_ms = 12000;
	k.end_ms = 18000;
	k.kind = CLIP_BOOKMARK;
	k.title = (char *)"Zanzibar moment";
	k.note = (char *)"The quokka riff, hummed in a café.";
	clip = catalog_clip_add(cat, &k);
	ck_assert_msg(clip > 0, "%s", catalog_error(cat));
}

static void
teardown_demo(void)
{
	catalog_free(cat);
	cat = NULL;
	test_tmpdir_free(tmpdir);
	tmpdir = NULL;
	free(dbpath);
	dbpath = NULL;
}

/* Runs a search expected to succeed, returning the hit count. */
static int
search(const char *q, struct catalog_hit *h, int limit)
{
	int	n = catalog_search(cat, q, 0, limit, h);

	ck_assert_msg(n >= 0, "search '%s': %s", q, catalog_error(cat));
	return (n);
}

static void
hits_clear(struct catalog_hit *h, int n)
{
	while (n > 0)
		catalog_hit_clear(&h[--n]);
}

/* The first hit of a kind, or -1. */
static int
hit_of_kind(const struct catalog_hit *h, int n, int kind)
{
	int	i;

	for (i = 0; i < n; i++) {
		if (h[i].kind == kind)
			return (i);
	}
	return (-1);
}

/* Asserts q finds exactly the bookmark of the fixture. */
static void
finds_clip(const char *q, const char *marked)
{
	struct catalog_hit	h[8];
	int			n;

	n = search(q, h, 8);
	ck_assert_msg(n == 1, "search '%s': %d hits", q, n);
	ck_assert_int_eq(h[0].kind, KIND_CLIP);
	ck_assert_int_eq(h[0].clip_id, clip);
	ck_assert_int_eq(h[0].line_id, 0);
	ck_assert_int_eq(h[0].episode_id, episode("close-listening-ep2"));
	ck_assert_int_eq(h[0].start_ms, 12000);
	ck_assert_str_eq(h[0].episode_title, "Transcripts are maps");
	ck_assert_msg(strstr(h[0].snippet, marked) != NULL, "%s", h[0].snippet);
	hits_clear(h, n);
}

START_TEST(test_episode_description)
{
	struct catalog_hit	h[8];
	int			n;

	n = search("confess", h, 8);
	ck_assert_int_eq(n, 1);
	ck_assert_int_eq(h[0].kind, KIND_EPISODE);
	ck_assert_int_eq(h[0].episode_id, episode("close-listening-ep1"));
	ck_assert_int_eq(h[0].start_ms, 0);
	ck_assert_int_eq(h[0].line_id, 0);
	ck_assert_int_eq(h[0].clip_id, 0);
	ck_assert_str_eq(h[0].podcast_title, "Close Listening");
	ck_assert_str_eq(h[0].episode_title, "The moment you almost missed");
	ck_assert_msg(strstr(h[0].snippet, "[confess]") != NULL, "%s", h[0].snippet);
	hits_clear(h, n);
}
END_TEST

START_TEST(test_clip_note_title)
{
	finds_clip("quokka", "[quokka]");
	finds_clip("zanzibar", "[Zanzibar]");
	finds_clip("hummed riff", "[riff]");
}
END_TEST

/* A title match puts its episode first, ahead of lines using the word. */
START_TEST(test_title_first)
{
	struct catalog_hit	h[30];
	int			n;

	n = search("maps", h, 30);
	ck_assert_int_gt(n, 1);
	ck_assert_int_eq(h[0].kind, KIND_EPISODE);
	ck_assert_int_eq(h[0].episode_id, episode("close-listening-ep2"));
	ck_assert_str_eq(h[0].episode_title, "Transcripts are maps");
	ck_assert_msg(strstr(h[0].snippet, "[map") != NULL, "%s", h[0].snippet);
	ck_assert_int_ge(hit_of_kind(h, n, KIND_LINE), 1);
	hits_clear(h, n);

	n = search("ssh", h, 30);
	ck_assert_int_gt(n, 0);
	ck_assert_int_eq(h[0].kind, KIND_EPISODE);
	ck_assert_int_eq(h[0].episode_id, episode("close-listening-ep3"));
	hits_clear(h, n);
}
END_TEST

START_TEST(test_stem)
{
	struct catalog_hit	h[30];
	int			n, i;

	/* Only "rewind" and "rewinding" are in the text. */
	n = search("rewinds", h, 30);
	i = hit_of_kind(h, n, KIND_LINE);
	ck_assert_int_ge(i, 0);
	ck_assert_int_gt(h[i].line_id, 0);
	ck_assert_int_eq(h[i].clip_id, 0);
	ck_assert_msg(strstr(h[i].snippet, "[rewind") != NULL, "%s", h[i].snippet);
	i = hit_of_kind(h, n, KIND_EPISODE);
	ck_assert_int_ge(i, 0);
	ck_assert_msg(strstr(h[i].snippet, "[rewinding]") != NULL, "%s", h[i].snippet);
	hits_clear(h, n);
}
END_TEST

START_TEST(test_prefix)
{
	struct catalog_hit	h[30], p[30];
	int			n, m, i;

	n = search("transcr*", h, 30);
	ck_assert_int_gt(n, 2);
	ck_assert_int_ge(hit_of_kind(h, n, KIND_LINE), 0);
	i = hit_of_kind(h, n, KIND_EPISODE);
	ck_assert_int_ge(i, 0);
	ck_assert_str_eq(h[i].episode_title, "Transcripts are maps");
	/* Pages follow one order across kinds. */
	m = catalog_search(cat, "transcr*", 1, 30, p);
	ck_assert_int_eq(m, n - 1);
	for (i = 0; i < m; i++) {
		ck_assert_int_eq(p[i].kind, h[i + 1].kind);
		ck_assert_str_eq(p[i].snippet, h[i + 1].snippet);
	}
	hits_clear(p, m);
	hits_clear(h, n);
	finds_clip("quok*", "[quokka]");
	finds_clip("zan*", "[Zanzibar]");
}
END_TEST

START_TEST(test_phrase)
{
	struct catalog_hit	h[8];
	int			n;

	n = search("\"flying start\"", h, 8);
	ck_assert_int_eq(n, 1);
	ck_assert_int_eq(h[0].kind, KIND_LINE);
	ck_assert_int_eq(h[0].episode_id, episode("close-listening-ep1"));
	ck_assert_msg(strstr(h[0].snippet, "[flying start]") != NULL, "%s", h[0].snippet);
	hits_clear(h, n);
	ck_assert_int_eq(search("\"start flying\"", h, 8), 0);
	finds_clip("\"quokka riff\"", "[quokka riff]");
	ck_assert_int_eq(search("\"riff quokka\"", h, 8), 0);
}
END_TEST

START_TEST(test_diacritics)
{
	finds_clip("cafe", "[café]");
	finds_clip("café", "[café]");
	finds_clip("CAFÉ", "[café]");
}
END_TEST

/* One episode's many matches do not drown the others: at most five hits each. */
START_TEST(test_per_episode)
{
	struct catalog_hit	h[100];
	int64_t			eps[100];
	int			n, i, j, same, episodes = 0;

	n = search("the", h, 100);
	ck_assert_int_gt(n, 5);
	for (i = 0; i < n; i++) {
		for (same = 0, j = 0; j < n; j++)
			same += h[j].episode_id == h[i].episode_id;
		ck_assert_int_le(same, 5);
		for (j = 0; j < episodes && eps[j] != h[i].episode_id; j++)
			;
		if (j == episodes)
			eps[episodes++] = h[i].episode_id;
		ck_assert_ptr_nonnull(strchr(h[i].snippet, '['));
	}
	ck_assert_int_eq(episodes, 4);
	ck_assert_int_eq(n, 20);
	hits_clear(h, n);
}
END_TEST

START_TEST(test_malformed)
{
	static const char *const bad[] = {
		"don't", "a\"b", "(", ")", "\"", "*", "AND", "quokka OR", "NEAR(",
		"hello -", "text:quokka", "title:maps", "^", "tra* (", "quokka'",
	};
	struct catalog_hit	h[30];
	size_t			i;
	int			n;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		n = search(bad[i], h, 30);
		hits_clear(h, n);
	}
	finds_clip("quokka'", "[quokka]");
	finds_clip("(zanzibar", "[Zanzibar]");
	ck_assert_int_eq(search("", h, 8), 0);
	ck_assert_int_eq(search("nothinghere", h, 8), 0);
}
END_TEST

/* Changing or deleting a clip or an episode changes what is found. */
START_TEST(test_follows_changes)
{
	struct catalog_clip	k;
	struct catalog_hit	h[8];

	memset(&k, 0, sizeof k);
	ck_assert_int_eq(catalog_clip_get(cat, clip, &k), 0);
	free(k.note);
	k.note = xstrdup("A wombat now.");
	ck_assert_msg(catalog_clip_update(cat, &k) == 0, "%s", catalog_error(cat));
	catalog_clip_clear(&k);
	ck_assert_int_eq(search("quokka", h, 8), 0);
	finds_clip("wombat", "[wombat]");
	ck_assert_int_eq(catalog_clip_delete(cat, clip), 0);
	ck_assert_int_eq(search("wombat", h, 8), 0);
	ck_assert_int_eq(search("zanzibar", h, 8), 0);
}
END_TEST

/* The full-text part of schema 3: line_fts without prefixes, nothing else indexed. */
static const char downgrade_sql[] = TEST_SCHEMA6_UNDO
    "DROP TRIGGER episode_fts_insert; DROP TRIGGER episode_fts_delete; "
    "DROP TRIGGER episode_fts_update; DROP TABLE episode_fts; "
    "DROP TRIGGER clip_fts_insert; DROP TRIGGER clip_fts_delete; "
    "DROP TRIGGER clip_fts_update; DROP TABLE clip_fts; "
    "DROP TRIGGER line_fts_insert; DROP TRIGGER line_fts_delete; "
    "DROP TRIGGER line_fts_update; DROP TABLE line_fts; "
    "CREATE VIRTUAL TABLE line_fts USING fts5 (text, content = 'line', "
    "  content_rowid = 'id', tokenize = 'porter unicode61 remove_diacritics 2'); "
    "CREATE TRIGGER line_fts_insert AFTER INSERT ON line BEGIN "
    "  INSERT INTO line_fts (rowid, text) VALUES (new.id, new.text); "
    "END; "
    "CREATE TRIGGER line_fts_delete AFTER DELETE ON line BEGIN "
    "  INSERT INTO line_fts (line_fts, rowid, text) VALUES ('delete', old.id, old.text); "
    "END; "
    "CREATE TRIGGER line_fts_update AFTER UPDATE ON line BEGIN "
    "  INSERT INTO line_fts (line_fts, rowid, text) VALUES ('delete', old.id, old.text); "
    "  INSERT INTO line_fts (rowid, text) VALUES (new.id, new.text); "
    "END; "
    "INSERT INTO line_fts (line_fts) VALUES ('rebuild'); "
    "ALTER TABLE line DROP COLUMN words; ALTER TABLE line DROP COLUMN stamped; "
    "PRAGMA user_version = 3;";

/* A catalog at schema 3 keeps its data through the migration and is searchable after. */
START_TEST(test_migrate_from_3)
{
	struct catalog_hit	 h[30];
	char			*err = NULL, *bak, *v, *before;
	int			 n;

	before = test_sql_one(dbpath, "SELECT count(*) || '/' || "
	    "(SELECT count(*) FROM episode) || '/' || (SELECT count(*) FROM clip) FROM line");
	catalog_free(cat);
	cat = NULL;
	test_sql_run(dbpath, downgrade_sql);
	v = test_sql_one(dbpath, "SELECT count(*) FROM sqlite_master WHERE name LIKE 'episode%fts%' "
	    "OR name LIKE 'clip%fts%' OR sql LIKE '%prefix%'");
	ck_assert_str_eq(v, "0");
	free(v);

	ck_assert_msg(catalog_open(dbpath, &cat, &err) == 0, "%s", err);
	ck_assert_int_eq(catalog_schema_version(cat), 6);
	bak = xasprintf("%s.bak-v3", dbpath);
	ck_assert_int_eq(access(bak, F_OK), 0);
	v = test_sql_one(bak, "PRAGMA user_version");
	ck_assert_str_eq(v, "3");
	free(v);
	free(bak);
	v = test_sql_one(dbpath, "SELECT count(*) || '/' || "
	    "(SELECT count(*) FROM episode) || '/' || (SELECT count(*) FROM clip) FROM line");
	ck_assert_str_eq(v, before);
	free(v);
	free(before);
	v = test_sql_one(dbpath, "SELECT count(*) FROM sqlite_master WHERE sql LIKE '%prefix%'");
	ck_assert_str_eq(v, "0");
	free(v);

	finds_clip("quokka", "[quokka]");
	n = search("confess", h, 30);
	ck_assert_int_eq(n, 1);
	ck_assert_int_eq(h[0].kind, KIND_EPISODE);
	hits_clear(h, n);
	n = search("transcr*", h, 30);
	ck_assert_int_ge(hit_of_kind(h, n, KIND_LINE), 0);
	ck_assert_int_ge(hit_of_kind(h, n, KIND_EPISODE), 0);
	hits_clear(h, n);
	n = search("\"flying start\"", h, 30);
	ck_assert_int_eq(n, 1);
	hits_clear(h, n);
}
END_TEST

/* Schema 4: every index with two- and three-letter prefixes, no word times. */
static const char downgrade4_sql[] = TEST_SCHEMA6_UNDO
    "DROP TABLE line_fts; DROP TABLE episode_fts; DROP TABLE clip_fts; "
    "CREATE VIRTUAL TABLE line_fts USING fts5 (text, content = 'line', "
    "  content_rowid = 'id', tokenize = 'porter unicode61 remove_diacritics 2', "
    "  prefix = '2 3'); "
    "INSERT INTO line_fts (line_fts) VALUES ('rebuild'); "
    "CREATE VIRTUAL TABLE episode_fts USING fts5 (title, description, "
    "  content = 'episode', content_rowid = 'id', "
    "  tokenize = 'porter unicode61 remove_diacritics 2', prefix = '2 3'); "
    "INSERT INTO episode_fts (episode_fts) VALUES ('rebuild'); "
    "CREATE VIRTUAL TABLE clip_fts USING fts5 (title, note, "
    "  content = 'clip', content_rowid = 'id', "
    "  tokenize = 'porter unicode61 remove_diacritics 2', prefix = '2 3'); "
    "INSERT INTO clip_fts (clip_fts) VALUES ('rebuild'); "
    "ALTER TABLE line DROP COLUMN words; ALTER TABLE line DROP COLUMN stamped; "
    "PRAGMA user_version = 4;";

/*
 * A catalog at schema 4 loses its prefix indexes, gains word times, and
 * every index still follows changes made after.
 */
START_TEST(test_migrate_from_4)
{
	struct catalog_clip	 k;
	struct catalog_hit	 h[30];
	char			*err = NULL, *v;
	int			 n;

	catalog_free(cat);
	cat = NULL;
	test_sql_run(dbpath, downgrade4_sql);
	ck_assert_msg(catalog_open(dbpath, &cat, &err) == 0, "%s", err);
	ck_assert_int_eq(catalog_schema_version(cat), 6);
	v = test_sql_one(dbpath, "SELECT count(*) FROM sqlite_master WHERE sql LIKE '%prefix%'");
	ck_assert_str_eq(v, "0");
	free(v);
	v = test_sql_one(dbpath, "SELECT count(*) FROM pragma_table_info('line') WHERE name = 'words'");
	ck_assert_str_eq(v, "1");
	free(v);
	n = search("transcr*", h, 30);
	ck_assert_int_ge(hit_of_kind(h, n, KIND_LINE), 0);
	ck_assert_int_ge(hit_of_kind(h, n, KIND_EPISODE), 0);
	hits_clear(h, n);
	finds_clip("quok*", "[quokka]");
	memset(&k, 0, sizeof k);
	ck_assert_int_eq(catalog_clip_get(cat, clip, &k), 0);
	free(k.note);
	k.note = xstrdup("A wallaby now.");
	ck_assert_msg(catalog_clip_update(cat, &k) == 0, "%s", catalog_error(cat));
	catalog_clip_clear(&k);
	ck_assert_int_eq(search("quokka", h, 8), 0);
	finds_clip("wallaby", "[wallaby]");
}
END_TEST

/*
 * The ranking as one SQL statement over FTS5's own bm25(), as search was
 * written before it walked the matches itself: the reference order for
 * catalogs where no index has more than 5,000 matches.
 */
static const char reference_sql[] =
    "WITH lm AS (SELECT rowid AS id, bm25(line_fts) AS r "
    "FROM line_fts WHERE line_fts MATCH ?1 LIMIT 5000), "
    "em AS (SELECT rowid AS id, bm25(episode_fts, 4.0, 1.0) AS r, "
    "instr(highlight(episode_fts, 0, char(1), char(2)), char(1)) > 0 AS t "
    "FROM episode_fts WHERE episode_fts MATCH ?1 LIMIT 5000), "
    "cm AS (SELECT rowid AS id, bm25(clip_fts, 2.0, 1.0) AS r "
    "FROM clip_fts WHERE clip_fts MATCH ?1 LIMIT 5000), "
    "m AS (SELECT 0 AS kind, lm.id, l.episode_id AS ep, lm.r, 1.0 AS w "
    "FROM lm JOIN line l ON l.id = lm.id "
    "UNION ALL SELECT 1, em.id, em.id, em.r, CASE WHEN em.t THEN 1.5 ELSE 0.9 END "
    "FROM em "
    "UNION ALL SELECT 2, cm.id, k.episode_id, cm.r, 0.9 "
    "FROM cm JOIN clip k ON k.id = cm.id), "
    "s AS (SELECT kind, id, ep, w * coalesce(r / nullif(min(r) OVER "
    "(PARTITION BY kind), 0), 1.0) AS score FROM m), "
    "ranked AS (SELECT kind, id, score, row_number() OVER "
    "(PARTITION BY ep ORDER BY score DESC, kind DESC, id) AS k FROM s) "
    "SELECT kind, id FROM ranked WHERE k <= 5 "
    "ORDER BY score DESC, kind DESC, id LIMIT ?2";

/* Asserts catalog_search() finds what the reference finds, in its order. */
static void
same_as_reference(const char *q, int limit)
{
	struct catalog_hit	 h[100];
	sqlite3			*db;
	sqlite3_stmt		*stmt;
	int64_t			 id;
	int			 n, i = 0, kind;

	n = search(q, h, limit);
	ck_assert_int_eq(sqlite3_open(dbpath, &db), SQLITE_OK);
	ck_assert_int_eq(sqlite3_prepare_v2(db, reference_sql, -1, &stmt, NULL), SQLITE_OK);
	sqlite3_bind_text(stmt, 1, q, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(stmt, 2, limit);
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		ck_assert_msg(i < n, "'%s': %d hits, the reference has more", q, n);
		kind = sqlite3_column_int(stmt, 0);
		id = sqlite3_column_int64(stmt, 1);
		ck_assert_msg(h[i].kind == kind, "'%s' hit %d: kind %d, not %d", q, i,
		    h[i].kind, kind);
		ck_assert_msg((kind == KIND_LINE ? h[i].line_id : kind == KIND_CLIP ?
		    h[i].clip_id : h[i].episode_id) == id, "'%s' hit %d: not %lld", q, i,
		    (long long)id);
		i++;
	}
	ck_assert_msg(i == n, "'%s': %d hits, the reference %d", q, n, i);
	ck_assert_msg(n > 0, "'%s' finds nothing", q);
	sqlite3_finalize(stmt);
	sqlite3_close(db);
	hits_clear(h, n);
}

/*
 * Adds n lines to each demo episode in turn, from id first on: text1 for
 * the first lines of the run, then each line's text is text2.
 */
static void
lines_add(int n, int switch_at, const char *text1, const char *text2)
{
	char	*sql;

	sql = xasprintf("WITH RECURSIVE i(x) AS (SELECT 0 UNION ALL SELECT x + 1 FROM i "
	    "WHERE x + 1 < %d), e AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS k, "
	    "count(*) OVER () AS ne FROM episode) "
	    "INSERT INTO line (episode_id, start_ms, end_ms, text) "
	    "SELECT e.id, 600000 + x * 10, 600000 + x * 10 + 5, "
	    "CASE WHEN x < %d THEN '%s' ELSE '%s' END FROM i JOIN e ON e.k = x %% e.ne "
	    "ORDER BY x", n, switch_at, text1, text2);
	test_sql_run(dbpath, sql);
	free(sql);
}

/*
 * Ranked as FTS5's bm25 ranks: one word, several, phrases, prefixes, words
 * in titles and notes, with many matches in each episode.
 */
START_TEST(test_rank_reference)
{
	static const char *const queries[] = {
		"the", "maps", "transcr*", "\"flying start\"", "rewinds", "quokka",
		"zqalpha", "zqalpha zqbeta", "zqbeta the", "\"zqbeta then\"", "zq*",
		"zqalpha OR quokka", "listening", "zqrare zqoften", "zqoften",
	};
	size_t	i;

	lines_add(400, 300, "zqalpha then zqbeta then more of the zqalpha",
	    "a zqbeta and the zqalpha");
	lines_add(40, 20, "zqalpha zqalpha", "zqbeta");
	/* Weighed by how rare each word is, the second line leads. */
	lines_add(300, 0, "", "zqoften and other words");
	lines_add(1, 0, "", "zqrare zqoften zqoften");
	lines_add(1, 0, "", "zqrare zqrare zqoften");
	for (i = 0; i < sizeof queries / sizeof queries[0]; i++) {
		same_as_reference(queries[i], 20);
		same_as_reference(queries[i], 100);
	}
}
END_TEST

/*
 * A word in more than 5,000 lines has only its first 1,000 ranked: the
 * best line past those is not found. A word in fewer has all of its lines
 * ranked, the last one too; looked up one by one or, through a prefix, read
 * in one pass, the same hits.
 */
START_TEST(test_rank_sample)
{
	static const char common[] = "zqcommon one two three four five six seven eight";
	static const char fewer[] = "zqfewer one two three four five six seven eight";
	struct catalog_hit	 h[20], p[20];
	char			*v;
	int64_t			 first, last;
	int			 n, m, i;

	v = test_sql_one(dbpath, "SELECT max(id) FROM line");
	first = strtoll(v, NULL, 10) + 1;
	free(v);
	lines_add(1500, 1500, common, "");
	lines_add(1, 0, "", "zqcommon zqcommon");
	lines_add(4500, 4500, common, "");
	lines_add(3000, 2999, fewer, "zqfewer zqfewer");
	lines_add(6000, 0, "", "zqfill");
	v = test_sql_one(dbpath, "SELECT max(id) FROM line");
	last = strtoll(v, NULL, 10);
	free(v);
	/* So that zqcommon's 1,000th line tells it is in more than 5,000. */
	ck_assert_int_lt(first + 1000, last / 5);

	n = search("zqcommon", h, 20);
	ck_assert_int_eq(n, 20);
	for (i = 0; i < n; i++) {
		ck_assert_int_eq(h[i].kind, KIND_LINE);
		ck_assert_msg(h[i].line_id >= first && h[i].line_id < first + 1000,
		    "hit %d: line %lld is past the first 1,000", i, (long long)h[i].line_id);
	}
	hits_clear(h, n);

	n = search("zqfewer", h, 20);
	ck_assert_int_eq(n, 20);
	ck_assert_int_eq(h[0].line_id, first + 6001 + 2999);
	ck_assert_str_eq(h[0].snippet, "[zqfewer] [zqfewer]");
	m = search("zqfew*", p, 20);
	ck_assert_int_eq(m, n);
	for (i = 0; i < n; i++) {
		ck_assert_int_eq(p[i].line_id, h[i].line_id);
		ck_assert_int_eq(p[i].episode_id, h[i].episode_id);
		ck_assert_int_eq(p[i].start_ms, h[i].start_ms);
		ck_assert_str_eq(p[i].snippet, h[i].snippet);
		ck_assert_str_eq(p[i].episode_title, h[i].episode_title);
	}
	hits_clear(p, m);
	hits_clear(h, n);
}
END_TEST

/* Hits past the first page follow the same order, five an episode at most. */
START_TEST(test_pages)
{
	struct catalog_hit	 all[40], page[10];
	int			 n, m, off, i;

	lines_add(600, 0, "", "zqpage one two");
	n = search("zqpage", all, 40);
	ck_assert_int_gt(n, 10);
	for (off = 0; off < n; off += 10) {
		m = catalog_search(cat, "zqpage", off, 10, page);
		ck_assert_int_eq(m, n - off < 10 ? n - off : 10);
		for (i = 0; i < m; i++)
			ck_assert_int_eq(page[i].line_id, all[off + i].line_id);
		hits_clear(page, m);
	}
	ck_assert_int_eq(catalog_search(cat, "zqpage", n, 10, page), 0);
	ck_assert_int_eq(catalog_search(cat, "zqpage", 2000000000, 10, page), 0);
	hits_clear(all, n);
}
END_TEST

static Suite *
search_suite(void)
{
	Suite	*s = suite_create("search");
	TCase	*tc = tcase_create("search");

	tcase_add_checked_fixture(tc, setup_demo, teardown_demo);
	tcase_add_test(tc, test_episode_description);
	tcase_add_test(tc, test_clip_note_title);
	tcase_add_test(tc, test_title_first);
	tcase_add_test(tc, test_stem);
	tcase_add_test(tc, test_prefix);
	tcase_add_test(tc, test_phrase);
	tcase_add_test(tc, test_diacritics);
	tcase_add_test(tc, test_per_episode);
	tcase_add_test(tc, test_malformed);
	tcase_add_test(tc, test_follows_changes);
	tcase_add_test(tc, test_migrate_from_3);
	tcase_add_test(tc, test_migrate_from_4);
	tcase_add_test(tc, test_rank_reference);
	tcase_add_test(tc, test_rank_sample);
	tcase_add_test(tc, test_pages);
	suite_add_tcase(s, tc);
	return (s);
}

int
main(void)
{
	return (test_suite_run(search_suite(), CK_FORK_GETENV));
}
