#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

#include <jansson.h>

#include "catalog/catalog.h"
#include "catalog/parse.h"
#include "player/player.h"
#include "tui/tui.h"
#include "util/strbuf.h"
#include "util/xmalloc.h"

/* The commands that run without the screen: import, search, export, parse. */

void
cmd_import_report(const char *path, const struct catalog_import_report *r)
{
	printf("%s: %s: %d new, %d updated episodes, %d transcript lines, %d clips",
	    path, r->podcast_title ? r->podcast_title : "(untitled)",
	    r->episodes_added, r->episodes_updated, r->lines, r->clips);
	if (r->feed_unchanged)
		printf(", %d unchanged (the feed is as it was at the last import)",
		    r->episodes_unchanged);
	else if (r->episodes_unchanged > 0)
		printf(", %d unchanged", r->episodes_unchanged);
	if (r->skipped > 0)
		printf(", %d skipped", r->skipped);
	putchar('\n');
	if (r->warnings != NULL)
		printf("%s%s", r->warnings,
		    r->warnings[strlen(r->warnings) - 1] == '\n' ? "" : "\n");
}

static void transcript_align_local(struct catalog *c, const struct catalog_episode *e);

/* Says why what (a feed file or URL) failed, naming it once. */
static void
cmd_feed_error(struct catalog *c, const char *what)
{
	const char *e = catalog_error(c);

	if (strncmp(e, what, strlen(what)) == 0)
		fprintf(stderr, "earmark: %s\n", e);
	else
		fprintf(stderr, "earmark: %s: %s\n", what, e);
}

/*
 * Places the estimated transcripts of a podcast's episodes on their audio
 * when it is on this machine (a local feed's files, or a download); lines a
 * person stamped are left alone.
 */
static void
import_align(struct catalog *c, int64_t podcast_id)
{
	struct catalog_episode e;
	char *kind;
	int i, n = catalog_episode_count(c, podcast_id);

	for (i = 0; i < n; i++) {
		memset(&e, 0, sizeof e);
		if (catalog_episodes(c, podcast_id, i, 1, &e) != 1)
			break;
		kind = NULL;
		if (catalog_transcript_kind(c, e.id, &kind) == 0 && kind != NULL &&
		    strcmp(kind, "estimated") == 0 && catalog_line_stamped_count(c, e.id) == 0)
			transcript_align_local(c, &e);
		free(kind);
		catalog_episode_clear(&e);
	}
}

int
cmd_import(struct catalog *c, const struct cli_opts *co, int argc, char **argv)
{
	int i, failed = 0;

	if (argc < 1) {
		fputs("earmark: import needs a feed file\n", stderr);
		return 2;
	}
	for (i = 0; i < argc; i++) {
		struct catalog_import_report r;

		memset(&r, 0, sizeof r);
		if (catalog_import_feed(c, argv[i], &r) != 0) {
			cmd_feed_error(c, argv[i]);
			failed = 1;
		} else {
			cmd_import_report(argv[i], &r);
			if (!co->no_align)
				import_align(c, r.podcast_id);
		}
		catalog_import_report_clear(&r);
	}
	return failed;
}

/* One hit as a JSON object. */
static json_t *
hit_json(const struct catalog_hit *h)
{
	return json_pack("{s:I, s:I, s:f, s:s?, s:s?, s:s?}", "episode", (json_int_t)h->episode_id,
	    "line", (json_int_t)h->line_id, "start", (double)h->start_ms / 1000.0,
	    "podcast", h->podcast_title, "title", h->episode_title, "snippet", h->snippet);
}

int
cmd_search(struct catalog *c, const struct cli_opts *co, int argc, char **argv)
{
	struct catalog_hit hits[50];
	char *query, t[16];
	json_t *list = co->json ? json_array() : NULL;
	size_t len = 0;
	int i, n;

	if (argc < 1) {
		fputs("earmark: search needs a query\n", stderr);
		return 2;
	}
	for (i = 0; i < argc; i++)
		len += strlen(argv[i]) + 1;
	query = xcalloc(1, len + 1);
	for (i = 0; i < argc; i++) {
		if (i > 0)
			strcat(query, " ");
		strcat(query, argv[i]);
	}
	n = catalog_search(c, query, 0, 50, hits);
	free(query);
	if (n < 0) {
		fprintf(stderr, "earmark: search: %s\n", catalog_error(c));
		json_decref(list);
		return 1;
	}
	for (i = 0; i < n; i++) {
		char *pod = text_sanitize(hits[i].podcast_title, strlen(hits[i].podcast_title));
		char *ep = text_sanitize(hits[i].episode_title, strlen(hits[i].episode_title));
		char *snip = text_sanitize(hits[i].snippet, strlen(hits[i].snippet));

		if (list != NULL)
			json_array_append_new(list, hit_json(&hits[i]));
		else {
			text_time(t, sizeof t, hits[i].start_ms);
			printf("%s / %s / %s  %s\n", pod, ep, t, snip);
		}
		free(pod);
		free(ep);
		free(snip);
		catalog_hit_clear(&hits[i]);
	}
	if (list != NULL) {
		char *s = json_dumps(list, JSON_INDENT(2) | JSON_REAL_PRECISION(10));

		if (s != NULL)
			puts(s);
		free(s);
		json_decref(list);
	}
	return n > 0 ? 0 : 1;
}

/* Reads a whole file of at most PARSE_MAX_INPUT bytes, or says why not. */
char *
read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	size_t cap = PARSE_MAX_INPUT + 1;

	if (f == NULL) {
		fprintf(stderr, "earmark: %s: %s\n", path, strerror(errno));
		return NULL;
	}
	buf = xmalloc(cap);
	*len = fread(buf, 1, cap, f);
	if (ferror(f) || *len >= cap) {
		fprintf(stderr, "earmark: %s: %s\n", path,
		    ferror(f) ? "cannot read it" : "larger than earmark reads");
		fclose(f);
		free(buf);
		return NULL;
	}
	fclose(f);
	buf[*len] = '\0';
	return buf;
}

/* Writes text to path, or to standard output when path is NULL or "-". */
int
cmd_write(const char *path, const char *text)
{
	FILE *f;
	int w;

	if (path == NULL || strcmp(path, "-") == 0) {
		fputs(text, stdout);
		return 0;
	}
	f = fopen(path, "w");
	w = f != NULL ? fputs(text, f) : -1;
	if (f != NULL && fclose(f) != 0)
		w = -1;
	if (w < 0) {
		fprintf(stderr, "earmark: %s: %s\n", path, strerror(errno));
		return 1;
	}
	return 0;
}

/* Fills a clip filter from --kind, --text and --podcast-less defaults. */
static int
filter_from(const struct cli_opts *co, struct catalog_clip_filter *f)
{
	int k;

	memset(f, 0, sizeof *f);
	f->text = co->text;
	f->by_episode = 1;
	if (co->kind == NULL || strcmp(co->kind, "all") == 0)
		return 0;
	for (k = 0; k < CLIP_KIND_COUNT; k++) {
		if (strcmp(co->kind, catalog_clip_kind_name((enum clip_kind)k)) == 0) {
			f->kinds = 1u << k;
			return 0;
		}
	}
	fprintf(stderr, "earmark: --kind is chapter, soundbite, segment, bookmark or all\n");
	return -1;
}

int
cmd_export(struct catalog *c, const struct cli_opts *co, int argc, char **argv)
{
	struct catalog_clip_filter f;
	enum export_format fmt = EXPORT_MARKDOWN;
	char *out = NULL;
	int rc;

	if (co->all)
		return cmd_export_all(c, co);
	if (co->format != NULL && catalog_export_format_parse(co->format, &fmt) != 0) {
		fprintf(stderr, "earmark: --format is md, json, m3u, soundbite, chapters, srt "
		    "or vtt\n");
		return 2;
	}
	if (filter_from(co, &f) != 0)
		return 2;
	if (argc > 0) {
		int64_t *ids = xcalloc((size_t)argc, sizeof *ids);
		int i;

		for (i = 0; i < argc; i++) {
			char *end;

			ids[i] = strtoll(argv[i], &end, 10);
			if (end == argv[i] || *end != '\0' || ids[i] <= 0) {
				fprintf(stderr, "earmark: '%s' is not a clip number\n", argv[i]);
				free(ids);
				return 2;
			}
		}
		rc = catalog_export_clips(c, ids, argc, fmt, &out);
		free(ids);
	} else
		rc = catalog_export_find(c, &f, fmt, &out);
	if (rc != 0) {
		fprintf(stderr, "earmark: export: %s\n", catalog_error(c));
		return 1;
	}
	rc = cmd_write(co->output, out);
	free(out);
	return rc;
}

/* Whether buf looks like an OPML document rather than a feed. */
static int
looks_opml(const char *buf, size_t len)
{
	size_t i;

	for (i = 0; i + 5 <= len && i < 4096; i++) {
		if (strncmp(buf + i, "<opml", 5) == 0)
			return 1;
	}
	return 0;
}

/* The extension of path with its dot, or "". */
static const char *
extension(const char *path)
{
	const char *slash = strrchr(path, '/'), *dot = strrchr(path, '.');

	return dot != NULL && (slash == NULL || dot > slash) ? dot : "";
}

/* What a file is, from --type, its name, then its first bytes. */
static const char *
parse_kind(const struct cli_opts *co, const char *path, const char *buf, size_t len)
{
	const char *ext = extension(path);

	if (co->type != NULL) {
		if (strstr(co->type, "opml") != NULL)
			return "opml";
		if (strstr(co->type, "rss") != NULL || strstr(co->type, "atom") != NULL ||
		    strcmp(co->type, "application/xml") == 0 || strcmp(co->type, "text/xml") == 0)
			return "feed";
		if (strstr(co->type, "chapters") != NULL)
			return "chapters";
		return "transcript";
	}
	if (strcasecmp(ext, ".opml") == 0 || looks_opml(buf, len))
		return "opml";
	if (strcasecmp(ext, ".xml") == 0 || strcasecmp(ext, ".rss") == 0 ||
	    strcasecmp(ext, ".atom") == 0)
		return "feed";
	if (strcasecmp(ext, ".json") == 0)
		return memmem(buf, len, "\"chapters\"", 10) != NULL ? "chapters" : "transcript";
	if (ext[0] != '\0')
		return "transcript";
	if (memmem(buf, len < 4096 ? len : 4096, "<rss", 4) != NULL ||
	    memmem(buf, len < 4096 ? len : 4096, "<feed", 5) != NULL)
		return "feed";
	return "transcript";
}

int
cmd_parse(const struct cli_opts *co, int argc, char **argv)
{
	char *buf, *json = NULL, *err = NULL;
	const char *path, *kind;
	size_t len;

	if (argc != 1) {
		fputs("earmark: parse takes one file\n", stderr);
		return 2;
	}
	path = argv[0];
	buf = read_file(path, &len);
	if (buf == NULL)
		return 1;
	kind = parse_kind(co, path, buf, len);
	if (strcmp(kind, "opml") == 0) {
		struct opml *o = NULL;

		if (opml_parse(buf, len, &o, &err) == 0) {
			json = opml_to_json(o);
			opml_free(o);
		}
	} else if (strcmp(kind, "feed") == 0) {
		struct feed *fd = NULL;
		char *base = realpath(path, NULL);

		if (feed_parse(buf, len, base ? base : path, &fd, &err) == 0) {
			json = feed_to_json(fd);
			feed_free(fd);
		}
		free(base);
	} else if (strcmp(kind, "chapters") == 0) {
		struct chapter_list l;

		memset(&l, 0, sizeof l);
		if (chapters_parse_json(buf, len, &l, &err) == 0) {
			json = chapters_to_json(&l);
			chapter_list_clear(&l);
		}
	} else {
		struct transcript t;

		transcript_init(&t);
		if (transcript_parse_any(buf, len, co->type ? co->type : path, 0, &t, &err) == 0)
			json = transcript_to_json(&t);
		transcript_clear(&t);
	}
	free(buf);
	if (json == NULL) {
		fprintf(stderr, "earmark: %s: %s\n", path, err ? err : "cannot read it");
		free(err);
		return 1;
	}
	free(err);
	fputs(json, stdout);
	if (json[0] != '\0' && json[strlen(json) - 1] != '\n')
		putchar('\n');
	free(json);
	return 0;
}

/* An episode by catalog number, or by guid. */
int64_t
episode_arg(struct catalog *c, const char *arg, struct catalog_episode *e)
{
	char *end;
	long long id = strtoll(arg, &end, 10);

	memset(e, 0, sizeof *e);
	if (end != arg && *end == '\0' && id > 0 && catalog_episode_get(c, id, e) == 0)
		return e->id;
	id = catalog_episode_find_guid(c, 0, arg);
	if (id > 0 && catalog_episode_get(c, id, e) == 0)
		return e->id;
	fprintf(stderr, "earmark: no episode '%s' (give its number from earmark episodes, "
	    "or its guid)\n", arg);
	return -1;
}

/* Places an estimated transcript on the audio when it is on this machine. */
static void
transcript_align_local(struct catalog *c, const struct catalog_episode *e)
{
	char *local = catalog_episode_local_audio(c, e->id);
	int url = 1;

	if (local == NULL && e->audio != NULL && e->audio[0] != '\0' &&
	    player_location_allowed(e->audio, &url) && !url)
		local = xstrdup(e->audio);
	if (local == NULL)
		return;
	printf("aligning the lines on the audio in %s (--no-align skips this)\n", local);
	fflush(stdout);
	if (align_stored(c, e, local) == 0)
		printf("\"%s\": transcript aligned to the audio\n", e->title);
	free(local);
}

int
cmd_transcript(struct catalog *c, const struct cli_opts *co, int argc, char **argv)
{
	struct catalog_episode e;
	struct transcript t;
	char *buf, *err = NULL;
	size_t len;
	int rc = 1;

	if (argc != 2) {
		fputs("earmark: transcript takes an episode and a file\n", stderr);
		return 2;
	}
	if (episode_arg(c, argv[0], &e) < 0)
		return 1;
	buf = read_file(argv[1], &len);
	if (buf == NULL) {
		catalog_episode_clear(&e);
		return 1;
	}
	transcript_init(&t);
	if (transcript_parse_any(buf, len, co->type ? co->type : argv[1], e.duration_ms, &t,
	    &err) != 0)
		fprintf(stderr, "earmark: %s: %s\n", argv[1], err ? err : "cannot read it");
	else if (catalog_transcript_set(c, e.id, &t, argv[1],
	    transcript_format_type(co->type ? co->type : argv[1]), NULL) != 0)
		fprintf(stderr, "earmark: %s\n", catalog_error(c));
	else {
		printf("%s: %zu lines attached to \"%s\"\n", argv[1], t.n, e.title);
		if (t.warnings != NULL)
			printf("%s\n", t.warnings);
		rc = 0;
		if (t.estimated && !co->no_align)
			transcript_align_local(c, &e);
	}
	free(err);
	free(buf);
	transcript_clear(&t);
	catalog_episode_clear(&e);
	return rc;
}

int
cmd_export_transcript(struct catalog *c, const struct cli_opts *co, int argc, char **argv)
{
	struct catalog_episode e;
	struct catalog_line *lines;
	struct transcript t;
	const char *fmt = co->format ? co->format : "vtt";
	char *text;
	int n, i, rc;

	if (argc != 1) {
		fputs("earmark: export-transcript takes an episode\n", stderr);
		return 2;
	}
	if (strcmp(fmt, "vtt") != 0 && strcmp(fmt, "srt") != 0 && strcmp(fmt, "txt") != 0) {
		fputs("earmark: --format is vtt, srt or txt\n", stderr);
		return 2;
	}
	if (episode_arg(c, argv[0], &e) < 0)
		return 1;
	n = catalog_line_count(c, e.id);
	lines = xcalloc((size_t)(n > 0 ? n : 1), sizeof *lines);
	n = n > 0 ? catalog_lines(c, e.id, 0, n, lines) : 0;
	if (n < 0) {
		fprintf(stderr, "earmark: %s\n", catalog_error(c));
		free(lines);
		catalog_episode_clear(&e);
		return 1;
	}
	transcript_init(&t);
	for (i = 0; i < n; i++) {
		if (transcript_add(&t, lines[i].start_ms, lines[i].end_ms, lines[i].speaker,
		    lines[i].text) == 0) {
			transcript_add_words(&t, lines[i].words, lines[i].nwords);
			lines[i].words = NULL;
		}
		lines[i].speaker = lines[i].text = NULL;
		catalog_line_clear(&lines[i]);
	}
	free(lines);
	text = transcript_write(&t, fmt);
	rc = cmd_write(co->output, text ? text : "");
	free(text);
	transcript_clear(&t);
	catalog_episode_clear(&e);
	return rc;
}

int
cmd_backup(struct catalog *c, int argc, char **argv)
{
	if (argc != 1) {
		fputs("earmark: backup takes the file to write\n", stderr);
		return 2;
	}
	if (catalog_backup(c, argv[0]) != 0) {
		fprintf(stderr, "earmark: backup: %s\n", catalog_error(c));
		return 1;
	}
	printf("catalog copied to %s\n", argv[0]);
	return 0;
}

/* Lists episodes with their numbers, for the commands that take one. */
int
cmd_episodes(struct catalog *c, int argc, char **argv)
{
	struct catalog_episode eps[100];
	char t[16];
	int offset = 0, n, i;

	for (;;) {
		n = catalog_episodes(c, 0, offset, 100, eps);
		if (n <= 0)
			break;
		for (i = 0; i < n; i++) {
			char *title = text_sanitize(eps[i].title ? eps[i].title : "",
			    strlen(eps[i].title ? eps[i].title : ""));

			text_time(t, sizeof t, eps[i].duration_ms);
			printf("%6lld  %8s  %5d lines  %s\n", (long long)eps[i].id, t, eps[i].lines,
			    title);
			free(title);
			catalog_episode_clear(&eps[i]);
		}
		offset += n;
	}
	return n < 0 ? 1 : 0;
}

int
cmd_import_opml(struct catalog *c, int argc, char **argv)
{
	struct catalog_import_report r;
	struct opml *o = NULL;
	char *buf, *err = NULL;
	size_t len, i;
	int added = 0, failed = 0;

	if (argc != 1) {
		fputs("earmark: import-opml takes one OPML file\n", stderr);
		return 2;
	}
	buf = read_file(argv[0], &len);
	if (buf == NULL)
		return 1;
	if (opml_parse(buf, len, &o, &err) != 0) {
		fprintf(stderr, "earmark: %s: %s\n", argv[0], err ? err : "not an OPML list");
		free(err);
		free(buf);
		return 1;
	}
	free(buf);
	for (i = 0; i < o->n; i++) {
		const char *url = o->feeds[i].url;
		int rc;

		memset(&r, 0, sizeof r);
		if (strncmp(url, "http://", 7) == 0 || strncmp(url, "https://", 8) == 0)
			rc = catalog_subscribe(c, url, &r);
		else
			rc = catalog_import_feed(c, url, &r);
		if (rc != 0) {
			cmd_feed_error(c, url);
			failed++;
		} else {
			printf("%s: %s\n", url, r.podcast_title ? r.podcast_title : "(untitled)");
			added++;
		}
		catalog_import_report_clear(&r);
	}
	printf("%d of %zu feeds added or updated\n", added, o->n);
	opml_free(o);
	return failed > 0;
}

int
cmd_export_opml(struct catalog *c, const struct cli_opts *co, int argc, char **argv)
{
	struct catalog_podcast pods[100];
	struct opml o;
	char *text;
	int offset = 0, n, i, rc;
	size_t cap = 0;

	if (argc != 0) {
		fputs("earmark: export-opml takes no arguments (-o FILE writes a file)\n", stderr);
		return 2;
	}
	memset(&o, 0, sizeof o);
	o.title = (char *)"earmark subscriptions";
	while ((n = catalog_podcasts(c, offset, 100, pods)) > 0) {
		for (i = 0; i < n; i++) {
			if (o.n == cap) {
				cap = cap ? cap * 2 : 64;
				o.feeds = xreallocarray(o.feeds, cap, sizeof *o.feeds);
			}
			o.feeds[o.n].url = pods[i].feed;
			o.feeds[o.n].title = pods[i].title ? pods[i].title : xstrdup("");
			o.feeds[o.n].folder = NULL;
			pods[i].feed = pods[i].title = NULL;
			o.n++;
			catalog_podcast_clear(&pods[i]);
		}
		offset += n;
	}
	if (n < 0) {
		fprintf(stderr, "earmark: %s\n", catalog_error(c));
		rc = 1;
	} else {
		text = opml_write(&o);
		rc = cmd_write(co->output, text);
		free(text);
	}
	for (size_t k = 0; k < o.n; k++) {
		free(o.feeds[k].url);
		free(o.feeds[k].title);
	}
	free(o.feeds);
	return rc;
}

/* A clip time as "75", "75.5", "1:15" or "0:01:15.5" to ms, or -1 (the : command line's reading). */
static int64_t
parse_time(const char *s)
{
	int64_t ms;
	int sign;

	if (cmdline_time(s, strlen(s), &ms, &sign) != 0 || sign != 0)
		return -1;
	return ms;
}

int
cmd_clip(struct catalog *c, int argc, char **argv)
{
	struct catalog_episode e;
	struct catalog_clip k;
	struct catalog_line lines[64];
	struct strbuf quote = STRBUF_INIT;
	int64_t id;
	int n, i;

	if (argc < 3 || argc > 4) {
		fputs("earmark: clip takes an episode, a start, an end and a title\n", stderr);
		return 2;
	}
	memset(&k, 0, sizeof k);
	k.start_ms = parse_time(argv[1]);
	k.end_ms = parse_time(argv[2]);
	if (k.start_ms < 0 || k.end_ms <= k.start_ms) {
		fputs("earmark: clip times are seconds or m:ss, and the end comes after the start\n",
		    stderr);
		return 2;
	}
	if (episode_arg(c, argv[0], &e) < 0)
		return 1;
	/* The quote: the transcript lines the clip overlaps. */
	n = catalog_lines(c, e.id, 0, 64, lines);
	for (i = 0; i < n; i++) {
		if (lines[i].end_ms > k.start_ms && lines[i].start_ms < k.end_ms && lines[i].text) {
			if (quote.len > 0)
				strbuf_add(&quote, " ", 1);
			strbuf_puts(&quote, lines[i].text);
		}
		catalog_line_clear(&lines[i]);
	}
	k.episode_id = e.id;
	k.kind = CLIP_BOOKMARK;
	k.quote = quote.s;
	k.title = argc == 4 ? argv[3] : quote.s ? quote.s : (char *)"Clip";
	id = catalog_clip_add(c, &k);
	free(quote.s);
	if (id < 0) {
		fprintf(stderr, "earmark: clip: %s\n", catalog_error(c));
		catalog_episode_clear(&e);
		return 1;
	}
	printf("clip %lld of \"%s\"\n", (long long)id, e.title ? e.title : "");
	catalog_episode_clear(&e);
	return 0;
}
