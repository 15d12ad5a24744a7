#include "config.h"

#include <math.h>
#include <string.h>

#include "catalog/internal.h"

/*
 * earmark_rank(): FTS5's bm25 (k1 1.2, b 0.75, optional weights per column),
 * ordering rows exactly as bm25 does, made cheaper where that changes no
 * order. bm25 counts every row matching each phrase to weigh the phrases
 * (their IDF): 35 ms for a word in most lines of a large catalog, before
 * any row is scored. With one phrase the weight is a constant factor of
 * every score, so it is left out; with more, counting stops at half the
 * rows, past which bm25 gives the phrase the same weight (1e-6).
 */

#define RANK_K1 1.2
#define RANK_B 0.75

struct rank_data {
	int	 phrases;
	double	 avgdl;		/* Mean tokens per row. */
	double	*idf;		/* Weight per phrase. */
	double	*freq;		/* Scratch: weighted hits per phrase of one row. */
};

struct rank_count {
	sqlite3_int64	hits;
	sqlite3_int64	stop;	/* Enough rows to know the weight. */
};

static int
rank_count_row(const Fts5ExtensionApi *api, Fts5Context *fts, void *arg)
{
	struct rank_count	*n = arg;

	(void)api;
	(void)fts;
	return (++n->hits >= n->stop ? SQLITE_DONE : SQLITE_OK);
}

/* The per-query data, made on the first row and kept by FTS5. */
static int
rank_data_get(const Fts5ExtensionApi *api, Fts5Context *fts, struct rank_data **out)
{
	struct rank_data	*p;
	struct rank_count	 n;
	sqlite3_int64		 rows = 0, tokens = 0;
	int			 i, rc;

	if ((*out = api->xGetAuxdata(fts, 0)) != NULL)
		return (SQLITE_OK);
	i = api->xPhraseCount(fts);
	p = sqlite3_malloc64(sizeof *p + (size_t)i * 2 * sizeof(double));
	if (p == NULL)
		return (SQLITE_NOMEM);
	p->phrases = i;
	p->idf = (double *)(p + 1);
	p->freq = p->idf + i;
	if ((rc = api->xRowCount(fts, &rows)) == SQLITE_OK)
		rc = api->xColumnTotalSize(fts, -1, &tokens);
	p->avgdl = rows > 0 ? (double)tokens / (double)rows : 1.0;
	for (i = 0; rc == SQLITE_OK && i < p->phrases; i++) {
		p->idf[i] = 1.0;
		if (p->phrases == 1)
			break;
		n.hits = 0;
		n.stop = (rows + 1) / 2;
		if (n.stop > 0)
			rc = api->xQueryPhrase(fts, i, &n, rank_count_row);
		p->idf[i] = log(((double)rows - (double)n.hits + 0.5) /
		    ((double)n.hits + 0.5));
		if (p->idf[i] <= 0.0)
			p->idf[i] = 1e-6;
	}
	if (rc == SQLITE_OK)
		rc = api->xSetAuxdata(fts, p, sqlite3_free);
	else
		sqlite3_free(p);
	*out = rc == SQLITE_OK ? p : NULL;
	return (rc);
}

static void
rank_fn(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx,
    int nval, sqlite3_value **val)
{
	struct rank_data	*p;
	double			 score = 0, dl;
	int			 rc, insts = 0, i, phrase, col, off, tokens = 0;

	if ((rc = rank_data_get(api, fts, &p)) == SQLITE_OK)
		rc = api->xInstCount(fts, &insts);
	if (rc == SQLITE_OK)
		memset(p->freq, 0, (size_t)p->phrases * sizeof *p->freq);
	for (i = 0; rc == SQLITE_OK && i < insts; i++) {
		if ((rc = api->xInst(fts, i, &phrase, &col, &off)) == SQLITE_OK &&
		    phrase >= 0 && phrase < p->phrases)
			p->freq[phrase] += col < nval ? sqlite3_value_double(val[col]) : 1.0;
	}
	if (rc == SQLITE_OK)
		rc = api->xColumnSize(fts, -1, &tokens);
	if (rc != SQLITE_OK) {
		sqlite3_result_error_code(ctx, rc);
		return;
	}
	dl = (double)tokens;
	for (i = 0; i < p->phrases; i++)
		score += p->idf[i] * (p->freq[i] * (RANK_K1 + 1.0)) /
		    (p->freq[i] + RANK_K1 * (1 - RANK_B + RANK_B * dl / p->avgdl));
	sqlite3_result_double(ctx, -score);
}

int
catalog_rank_register(struct catalog *c)
{
	sqlite3_stmt	*stmt;
	fts5_api	*api = NULL;

	if ((stmt = catalog_prepare(c, "SELECT fts5(?1)")) == NULL)
		return (-1);
	sqlite3_bind_pointer(stmt, 1, &api, "fts5_api_ptr", NULL);
	sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (api == NULL || api->iVersion < 2) {
		catalog_set_error(c, "this SQLite has no full-text search (FTS5)");
		return (-1);
	}
	if (api->xCreateFunction(api, "earmark_rank", NULL, rank_fn, NULL) != SQLITE_OK)
		return (catalog_sql_error(c, "earmark_rank"));
	return (0);
}
