#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "catalog/catalog.h"
#include "tui/tui.h"
#include "util/xmalloc.h"

/*
 * earmark export --all and earmark import-backup: everything a person made,
 * as JSON that names episodes by their feed and guid, so it can be carried to
 * another machine or restored into a new catalog. Feeds bring back the rest.
 */

#define BACKUP_VERSION 1
#define PAGE 100

/* The feed location of each podcast, by id, for naming episodes. */
struct feeds {
	int64_t *ids;
	char **urls;
	int n;
};

static int
feeds_load(struct catalog *c, struct feeds *f, json_t *podcasts)
{
	struct catalog_podcast pods[PAGE];
	int offset = 0, n, i;

	memset(f, 0, sizeof *f);
	while ((n = catalog_podcasts(c, offset, PAGE, pods)) > 0) {
		f->ids = xreallocarray(f->ids, (size_t)(f->n + n), sizeof *f->ids);
		f->urls = xreallocarray(f->urls, (size_t)(f->n + n), sizeof *f->urls);
		for (i = 0; i < n; i++) {
			if (podcasts != NULL)
				json_array_append_new(podcasts, json_pack("{s:s?, s:s?, s:f}",
				    "title", pods[i].title, "feed", pods[i].feed,
				    "rate", catalog_podcast_rate(c, pods[i].id)));
			f->ids[f->n] = pods[i].id;
			f->urls[f->n++] = pods[i].feed;
			pods[i].feed = NULL;
			catalog_podcast_clear(&pods[i]);
		}
		offset += n;
	}
	return n < 0 ? -1 : 0;
}

static const char *
feeds_url(const struct feeds *f, int64_t podcast_id)
{
	int i;

	for (i = 0; i < f->n; i++) {
		if (f->ids[i] == podcast_id)
			return f->urls[i];
	}
	return NULL;
}

static int64_t
feeds_id(const struct feeds *f, const char *url)
{
	int i;

	for (i = 0; url != NULL && i < f->n; i++) {
		if (f->urls[i] != NULL && strcmp(f->urls[i], url) == 0)
			return f->ids[i];
	}
	return 0;
}

static void
feeds_free(struct feeds *f)
{
	int i;

	for (i = 0; i < f->n; i++)
		free(f->urls[i]);
	free(f->urls);
	free(f->ids);
}

/* Episodes with a position or a played mark. */
static int
export_positions(struct catalog *c, const struct feeds *f, json_t *out)
{
	struct catalog_episode eps[PAGE];
	int offset = 0, n, i;

	while ((n = catalog_episodes(c, 0, offset, PAGE, eps)) > 0) {
		for (i = 0; i < n; i++) {
			if (eps[i].resume_ms > 0 || eps[i].played)
				json_array_append_new(out, json_pack("{s:s?, s:s?, s:I, s:b}",
				    "feed", feeds_url(f, eps[i].podcast_id), "guid", eps[i].guid,
				    "position_ms", (json_int_t)eps[i].resume_ms,
				    "played", eps[i].played));
			catalog_episode_clear(&eps[i]);
		}
		offset += n;
	}
	return n < 0 ? -1 : 0;
}

static int
export_clips(struct catalog *c, const struct feeds *f, json_t *out)
{
	struct catalog_clip_filter filter;
	struct catalog_clip ks[PAGE];
	struct catalog_episode e;
	int offset = 0, n, i;

	memset(&filter, 0, sizeof filter);
	filter.kinds = 1u << CLIP_BOOKMARK;
	filter.by_episode = 1;
	while ((n = catalog_clips_find(c, &filter, offset, PAGE, ks)) > 0) {
		for (i = 0; i < n; i++) {
			memset(&e, 0, sizeof e);
			if (catalog_episode_get(c, ks[i].episode_id, &e) == 0)
				json_array_append_new(out, json_pack(
				    "{s:s?, s:s?, s:s?, s:I, s:I, s:s?, s:s?, s:s?, s:I, s:I}",
				    "feed", feeds_url(f, e.podcast_id), "episode_guid", e.guid,
				    "episode_title", e.title, "start_ms", (json_int_t)ks[i].start_ms,
				    "end_ms", (json_int_t)ks[i].end_ms, "title", ks[i].title,
				    "note", ks[i].note, "quote", ks[i].quote,
				    "episode_duration_ms", (json_int_t)ks[i].episode_duration_ms,
				    "created", (json_int_t)ks[i].created));
			catalog_episode_clear(&e);
			catalog_clip_clear(&ks[i]);
		}
		offset += n;
	}
	return n < 0 ? -1 : 0;
}

int
cmd_export_all(struct catalog *c, const struct cli_opts *co)
{
	json_t *root = json_object(), *podcasts = json_array(), *positions = json_array();
	json_t *clips = json_array();
	struct feeds f;
	char *text;
	int rc = 0;

	if (feeds_load(c, &f, podcasts) != 0 || export_positions(c, &f, positions) != 0 ||
	    export_clips(c, &f, clips) != 0) {
		fprintf(stderr, "earmark: export: %s\n", catalog_error(c));
		rc = 1;
	}
	json_object_set_new(root, "earmark_backup", json_integer(BACKUP_VERSION));
	json_object_set_new(root, "podcasts", podcasts);
	json_object_set_new(root, "positions", positions);
	json_object_set_new(root, "clips", clips);
	if (rc == 0) {
		text = json_dumps(root, JSON_INDENT(2) | JSON_SORT_KEYS | JSON_REAL_PRECISION(6));
		if (text == NULL)
			BUG();
		rc = cmd_write(co->output, text);
		free(text);
	}
	json_decref(root);
	feeds_free(&f);
	return rc;
}

/* Whether the episode already holds a bookmark with these bounds and title. */
static int
clip_exists(struct catalog *c, int64_t episode, int64_t start, int64_t end, const char *title)
{
	struct catalog_clip ks[PAGE];
	int n, i, found = 0, offset = 0;

	while (!found && (n = catalog_clips(c, episode, offset, PAGE, ks)) > 0) {
		for (i = 0; i < n; i++) {
			if (ks[i].kind == CLIP_BOOKMARK && ks[i].start_ms == start &&
			    ks[i].end_ms == end && ks[i].title != NULL && title != NULL &&
			    strcmp(ks[i].title, title) == 0)
				found = 1;
			catalog_clip_clear(&ks[i]);
		}
		offset += n;
	}
	return found;
}

/* Subscribes to (or imports) every podcast of the backup not in the catalog yet. */
static int
restore_podcasts(struct catalog *c, json_t *podcasts, struct feeds *f)
{
	struct catalog_import_report r;
	size_t i;
	json_t *p;
	int failed = 0;

	json_array_foreach(podcasts, i, p) {
		const char *feed = json_string_value(json_object_get(p, "feed"));
		int rc;

		if (feed == NULL || feeds_id(f, feed) > 0)
			continue;
		memset(&r, 0, sizeof r);
		if (strncmp(feed, "http://", 7) == 0 || strncmp(feed, "https://", 8) == 0)
			rc = catalog_subscribe(c, feed, &r);
		else
			rc = catalog_import_feed(c, feed, &r);
		if (rc != 0) {
			fprintf(stderr, "earmark: %s: %s\n", feed, catalog_error(c));
			failed++;
		}
		catalog_import_report_clear(&r);
	}
	feeds_free(f);
	if (feeds_load(c, f, NULL) != 0)
		return -1;
	json_array_foreach(podcasts, i, p) {
		int64_t id = feeds_id(f, json_string_value(json_object_get(p, "feed")));
		json_t *rate = json_object_get(p, "rate");

		if (id > 0 && json_is_number(rate))
			catalog_podcast_rate_set(c, id, json_number_value(rate));
	}
	return failed;
}

/* The catalog's episode named by feed and guid, or 0. */
static int64_t
episode_of(struct catalog *c, const struct feeds *f, json_t *o, const char *guid_key)
{
	int64_t pod = feeds_id(f, json_string_value(json_object_get(o, "feed")));
	const char *guid = json_string_value(json_object_get(o, guid_key));

	if (pod <= 0 || guid == NULL)
		return 0;
	pod = catalog_episode_find_guid(c, pod, guid);
	return pod > 0 ? pod : 0;
}

int
cmd_import_backup(struct catalog *c, int argc, char **argv)
{
	json_error_t jerr;
	json_t *root, *o;
	struct feeds f;
	size_t i;
	int added = 0, kept = 0, missing = 0, failed;

	if (argc != 1) {
		fputs("earmark: import-backup takes the file earmark export --all wrote\n", stderr);
		return 2;
	}
	root = json_load_file(argv[0], 0, &jerr);
	if (root == NULL || json_integer_value(json_object_get(root, "earmark_backup")) < 1) {
		fprintf(stderr, "earmark: %s: not an earmark backup (%s)\n", argv[0],
		    root == NULL ? jerr.text : "no earmark_backup version");
		json_decref(root);
		return 1;
	}
	if (feeds_load(c, &f, NULL) != 0) {
		fprintf(stderr, "earmark: %s\n", catalog_error(c));
		json_decref(root);
		return 1;
	}
	failed = restore_podcasts(c, json_object_get(root, "podcasts"), &f);
	json_array_foreach(json_object_get(root, "positions"), i, o) {
		int64_t ep = episode_of(c, &f, o, "guid");

		if (ep <= 0) {
			missing++;
			continue;
		}
		catalog_resume_set(c, ep, json_integer_value(json_object_get(o, "position_ms")));
		if (json_is_true(json_object_get(o, "played")))
			catalog_episode_set_played(c, ep, 1);
	}
	json_array_foreach(json_object_get(root, "clips"), i, o) {
		struct catalog_clip k;
		int64_t ep = episode_of(c, &f, o, "episode_guid");

		memset(&k, 0, sizeof k);
		k.episode_id = ep;
		k.start_ms = json_integer_value(json_object_get(o, "start_ms"));
		k.end_ms = json_integer_value(json_object_get(o, "end_ms"));
		k.title = (char *)json_string_value(json_object_get(o, "title"));
		k.note = (char *)json_string_value(json_object_get(o, "note"));
		k.quote = (char *)json_string_value(json_object_get(o, "quote"));
		k.episode_duration_ms = json_integer_value(json_object_get(o, "episode_duration_ms"));
		k.created = json_integer_value(json_object_get(o, "created"));
		k.kind = CLIP_BOOKMARK;
		if (ep <= 0) {
			fprintf(stderr, "earmark: no episode for the clip \"%s\" (its feed is gone)\n",
			    k.title ? k.title : "");
			missing++;
		} else if (clip_exists(c, ep, k.start_ms, k.end_ms, k.title))
			kept++;
		else if (catalog_clip_add(c, &k) < 0) {
			fprintf(stderr, "earmark: clip \"%s\": %s\n", k.title ? k.title : "",
			    catalog_error(c));
			failed++;
		} else
			added++;
	}
	printf("%s: %d clips restored, %d already there, %d without their episode\n", argv[0],
	    added, kept, missing);
	feeds_free(&f);
	json_decref(root);
	return failed > 0 || missing > 0;
}
