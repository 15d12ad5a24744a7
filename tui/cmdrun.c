#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include <curses.h>

#include "catalog/catalog.h"
#include "player/player.h"
#include "tui/tui.h"
#include "util/xmalloc.h"

/*
 * The : command line. Each command does what its key or its earmark
 * subcommand does, through the same code; every action of the key table
 * that takes nothing is a command too (:pause, :follow, :clips).
 */

struct command {
	const char *name;
	const char *args;   /* What it takes, for messages. */
	int min, max;       /* Arguments; the last one takes the rest of the line. */
	unsigned int (*fn)(struct app *, struct cmdline *);
};

static const char time_forms[] = "90, 1:30, 1:02:03, +30 or -10";

/* Settings :set changes while earmark runs. */
static const char *const settings[] = {
	"seek-short", "seek-long", "quick-clip", "follow-timeout", "words", "follow",
};
#define NSETTINGS ((int)(sizeof settings / sizeof settings[0]))

static struct cmdline_history history;
/* Tab: the line as it was before the first Tab, and which match comes next. */
static char *tab_line;
static int tab_next;

static unsigned int
colon_seek(struct app *a, struct cmdline *cl)
{
	int64_t ms;
	int sign;

	if (cmdline_time(cl->argv[1], strlen(cl->argv[1]), &ms, &sign) != 0) {
		app_message(a, 1, "seek: '%s' is not a time (%s)", cl->argv[1], time_forms);
		return DIRTY_STATUS;
	}
	return keys_seek(a, sign < 0 ? -ms : ms, sign != 0);
}

static unsigned int
colon_speed(struct app *a, struct cmdline *cl)
{
	double r;

	if (cmdline_decimal(cl->argv[1], strlen(cl->argv[1]), PLAYER_RATE_MIN, PLAYER_RATE_MAX,
	    &r) != 0) {
		app_message(a, 1, "speed: '%s' is not a speed from %.1f to %.1f", cl->argv[1],
		    PLAYER_RATE_MIN, PLAYER_RATE_MAX);
		return DIRTY_STATUS;
	}
	return keys_speed(a, r);
}

static unsigned int
colon_volume(struct app *a, struct cmdline *cl)
{
	double v;

	if (cmdline_decimal(cl->argv[1], strlen(cl->argv[1]), 0, 150, &v) != 0 ||
	    v != (int)v) {
		app_message(a, 1, "volume: '%s' is not a volume from 0 to 150", cl->argv[1]);
		return DIRTY_STATUS;
	}
	return keys_volume(a, (int)v);
}

static unsigned int
colon_search(struct app *a, struct cmdline *cl)
{
	search_run(a, cl->argv[1]);
	return DIRTY_ALL & ~DIRTY_LAYOUT;
}

static unsigned int
colon_clip(struct app *a, struct cmdline *cl)
{
	int64_t t[2];
	int i, sign;

	for (i = 0; i < 2; i++) {
		if (cmdline_time(cl->argv[i + 1], strlen(cl->argv[i + 1]), &t[i], &sign) != 0 ||
		    sign != 0) {
			app_message(a, 1, "clip: '%s' is not a time from the start (90, 1:30, "
			    "1:02:03)", cl->argv[i + 1]);
			return DIRTY_STATUS;
		}
	}
	return clip_range(a, t[0], t[1], cl->argc > 3 ? cl->argv[3] : NULL);
}

/* file with a leading ~ made HOME's; NULL, said as what's, when HOME is not set. */
static char *
colon_path(struct app *a, const char *what, const char *file)
{
	char *path = config_expand_home(file);

	if (path == NULL)
		app_message(a, 1, "%s: ~ needs HOME to be set", what);
	return path;
}

static unsigned int
colon_export(struct app *a, struct cmdline *cl)
{
	char *path;

	if (a->show_hits) {
		app_message(a, 1, "export: Esc closes the search first; then the clip under "
		    "the cursor, or every clip listed (c), is exported");
		return DIRTY_STATUS;
	}
	if ((path = colon_path(a, "export", cl->argv[2])) == NULL)
		return DIRTY_STATUS;
	clips_export_to(a, cl->argv[1], path);
	free(path);
	return DIRTY_STATUS;
}

/* :cut FILE: the audio of the clip under the cursor, written in the background. */
static unsigned int
colon_cut(struct app *a, struct cmdline *cl)
{
	struct catalog_clip k;
	char *path, id[24];

	if (a->show_hits || app_clip_at(a, a->list[PANE_CLIPS].sel, &k) != 0) {
		app_message(a, 1, "cut: no clip under the cursor in the clips pane%s",
		    a->show_hits ? " (Esc closes the search)" : "");
		return DIRTY_STATUS;
	}
	snprintf(id, sizeof id, "%lld", (long long)k.id);
	catalog_clip_clear(&k);
	if ((path = colon_path(a, "cut", cl->argv[1])) == NULL)
		return DIRTY_STATUS;
	job_start(a, "cut", "cut", id, path, 0);
	free(path);
	return DIRTY_STATUS;
}

/* A setting's value as :set shows it. */
static char *
setting_value(struct app *a, int i)
{
	const int *ms[] = { &a->cfg.seek_short_ms, &a->cfg.seek_long_ms, &a->cfg.quick_clip_ms,
	    &a->cfg.follow_timeout_ms };

	if (i < 4)
		return xasprintf("%s %g", settings[i], *ms[i] / 1000.0);
	return xasprintf("%s %s", settings[i], (i == 4 ? a->cfg.words : a->follow) ? "on" : "off");
}

/* name = value through the configuration file's own reading of it. */
static unsigned int
set_config(struct app *a, const char *name, const char *value)
{
	char *line = xasprintf("%s = %s", name, value), *errors = a->cfg.errors, *msg;
	int nerrors = a->cfg.nerrors;

	a->cfg.errors = NULL;
	a->cfg.nerrors = 0;
	config_parse(line, strlen(line), &a->cfg);
	if (a->cfg.errors != NULL) {
		msg = strchr(a->cfg.errors, ':');
		app_message(a, 1, "set: %s", msg != NULL ? msg + 2 : a->cfg.errors);
	} else {
		int i;

		for (i = 0; i < NSETTINGS - 1 && strcmp(settings[i], name) != 0; i++)
			;
		free(line);
		line = setting_value(a, i);
		app_message(a, 0, "%s", line);
	}
	free(a->cfg.errors);
	a->cfg.errors = errors;
	a->cfg.nerrors = nerrors;
	free(line);
	return DIRTY_STATUS | DIRTY_TRANSCRIPT;
}

static unsigned int
colon_set(struct app *a, struct cmdline *cl)
{
	char *all = xstrdup(""), *v, *p;
	int i, on;

	for (i = 0; i < NSETTINGS && cl->argc > 1; i++) {
		if (strcmp(settings[i], cl->argv[1]) == 0)
			break;
	}
	if (cl->argc > 1 && i == NSETTINGS) {
		app_message(a, 1, "set: '%s' is not one of seek-short, "
		    "seek-long, quick-clip, follow-timeout, words, follow", cl->argv[1]);
		free(all);
		return DIRTY_STATUS;
	}
	if (cl->argc == 3 && strcmp(cl->argv[1], "follow") == 0) {
		on = strcmp(cl->argv[2], "on") == 0;
		free(all);
		if (!on && strcmp(cl->argv[2], "off") != 0) {
			app_message(a, 1, "set: follow is on or off, not '%s'", cl->argv[2]);
			return DIRTY_STATUS;
		}
		return on != a->follow ? keys_run(a, "follow") : DIRTY_STATUS;
	}
	if (cl->argc == 3) {
		free(all);
		return set_config(a, cl->argv[1], cl->argv[2]);
	}
	/* No value: what it is now (no name: every setting). */
	for (i = 0; i < NSETTINGS; i++) {
		if (cl->argc > 1 && strcmp(settings[i], cl->argv[1]) != 0)
			continue;
		v = setting_value(a, i);
		p = xasprintf("%s%s%s", all, all[0] ? ", " : "", v);
		free(v);
		free(all);
		all = p;
	}
	app_message(a, 0, "%s", all);
	free(all);
	return DIRTY_STATUS;
}

static unsigned int
colon_map(struct app *a, struct cmdline *cl)
{
	char *err = NULL;

	if (keys_map(cl->argv[1], cl->argv[2], &err) != 0) {
		app_message(a, 1, "map: %s", err);
		free(err);
	} else
		app_message(a, 0, "%s now runs %s", cl->argv[1], cl->argv[2]);
	return DIRTY_STATUS;
}

static unsigned int
colon_help(struct app *a, struct cmdline *cl)
{
	(void)cl;
	return keys_run(a, "help");
}

static unsigned int
colon_quit(struct app *a, struct cmdline *cl)
{
	(void)cl;
	return keys_run(a, "quit");
}

static const struct command commands[] = {
	{ "seek", "a time (90, 1:30, 1:02:03, +30 or -10)", 1, 1, colon_seek },
	{ "speed", "a speed from 0.5 to 3.0", 1, 1, colon_speed },
	{ "volume", "a volume from 0 to 150", 1, 1, colon_volume },
	{ "search", "words to search for", 1, 1, colon_search },
	{ "clip", "START END [TITLE]", 2, 3, colon_clip },
	{ "export", "FORMAT FILE (md, json, m3u, soundbite, chapters, srt, vtt)", 2, 2,
	    colon_export },
	{ "cut", "FILE.opus, .ogg or .mp3: the clip's audio", 1, 1, colon_cut },
	{ "set", "[NAME [VALUE]]", 0, 2, colon_set },
	{ "map", "KEY ACTION", 2, 2, colon_map },
	{ "help", "", 0, 0, colon_help },
	{ "quit", "", 0, 0, colon_quit },
	{ "q", "", 0, 0, colon_quit },
};
#define NCOMMANDS ((int)(sizeof commands / sizeof commands[0]))

/* Key actions that are commands: not the sync-mode ones, not this prompt. */
static int
action_is_command(const char *name)
{
	int i;

	if (strncmp(name, "sync-", 5) == 0 || strcmp(name, "command") == 0)
		return 0;
	for (i = 0; i < NCOMMANDS; i++) {
		if (strcmp(commands[i].name, name) == 0)
			return 0;
	}
	return 1;
}

/* Runs a key action by name; 0 in *found when no action is called that. */
static unsigned int
run_action(struct app *a, struct cmdline *cl, int *found)
{
	const char *name;
	int i;

	*found = 0;
	for (i = 0; (name = keys_action_name(i)) != NULL; i++) {
		if (strcmp(name, cl->argv[0]) != 0 || !action_is_command(name))
			continue;
		*found = 1;
		if (cl->argc > 1) {
			app_message(a, 1, "%s takes nothing after it", name);
			return DIRTY_STATUS;
		}
		return keys_run(a, name);
	}
	return 0;
}

unsigned int
cmdline_run(struct app *a, const char *line)
{
	struct cmdline cl;
	const struct command *c = NULL;
	unsigned int dirty;
	int i, found, sign;
	int64_t ms;

	cmdline_history_add(&history, line);
	if (cmdline_parse(line, strlen(line), &cl) != 0)
		return DIRTY_STATUS;
	for (i = 0; i < NCOMMANDS; i++) {
		if (strcmp(commands[i].name, cl.argv[0]) == 0)
			c = &commands[i];
	}
	if (c == NULL) {
		/* :1:30 seeks there, as :N goes to line N in vi. */
		if (cmdline_time(cl.argv[0], strlen(cl.argv[0]), &ms, &sign) == 0 && cl.argc == 1)
			dirty = keys_seek(a, sign < 0 ? -ms : ms, sign != 0);
		else {
			dirty = run_action(a, &cl, &found);
			if (!found) {
				app_message(a, 1, "no command '%s' (Tab completes them; :help lists "
				    "the keys)", cl.argv[0]);
				dirty = DIRTY_STATUS;
			}
		}
	} else if (cl.argc - 1 < c->min) {
		app_message(a, 1, "%s needs %s", c->name, c->args);
		dirty = DIRTY_STATUS;
	} else if (cl.argc - 1 > c->max && c->max == 0) {
		app_message(a, 1, "%s takes nothing after it", c->name);
		dirty = DIRTY_STATUS;
	} else {
		if (cl.argc - 1 > c->max) {
			cl.argv[c->max] = cl.rest[c->max];
			cl.argc = c->max + 1;
		}
		dirty = c->fn(a, &cl);
	}
	cmdline_clear(&cl);
	return dirty | DIRTY_STATUS;
}

unsigned int
cmdline_open(struct app *a)
{
	free(tab_line);
	tab_line = NULL;
	cmdline_history_start(&history);
	prompt_open(a, PROMPT_COMMAND, NULL);
	return DIRTY_STATUS;
}

/* The names word index of a line starting with cmd may be; how many (0: none known). */
static int
candidates(const char *cmd, int index, const char **names, int max)
{
	const char *name;
	int n = 0, i;

	if (index == 0) {
		for (i = 0; i < NCOMMANDS && n < max; i++)
			names[n++] = commands[i].name;
		for (i = 0; (name = keys_action_name(i)) != NULL && n < max; i++) {
			if (action_is_command(name))
				names[n++] = name;
		}
	} else if (index == 1 && strcmp(cmd, "set") == 0) {
		for (i = 0; i < NSETTINGS && n < max; i++)
			names[n++] = settings[i];
	} else if (index == 1 && strcmp(cmd, "export") == 0) {
		for (i = 0; i < EXPORT_FORMAT_COUNT && n < max; i++)
			names[n++] = catalog_export_format_name((enum export_format)i);
	} else if (index == 2 && strcmp(cmd, "map") == 0) {
		for (i = 0; (name = keys_action_name(i)) != NULL && n < max; i++)
			names[n++] = name;
	}
	return n;
}

/* Tab: completes the last word; again, shows the next match in turn. */
static unsigned int
complete(struct app *a)
{
	const char *names[128], *word;
	char *line, *text, cmd[32];
	size_t len, common, wlen;
	int n, count, first, index = 0, i, k;

	if (tab_line == NULL) {
		tab_line = prompt_text(a);
		tab_next = 0;
	}
	line = tab_line;
	word = line + strlen(line);
	while (word > line && word[-1] != ' ' && word[-1] != '\t')
		word--;
	for (i = 0; line + i < word; i++) {
		if ((line[i] != ' ' && line[i] != '\t') && (i == 0 || line[i - 1] == ' ' ||
		    line[i - 1] == '\t'))
			index++;
	}
	len = strspn(line, " \t");
	wlen = strcspn(line + len, " \t");
	snprintf(cmd, sizeof cmd, "%.*s", (int)(wlen < sizeof cmd ? wlen : 0), line + len);
	n = candidates(cmd, index, names, 128);
	count = cmdline_matches(word, strlen(word), names, n, &common, &first);
	if (count == 0) {
		free(tab_line);
		tab_line = NULL;
		return 0;
	}
	len = (size_t)(word - line);
	if (count == 1)
		text = xasprintf("%.*s%s ", (int)len, line, names[first]);
	else if (common > strlen(word)) {
		/* Only as far as the matches agree; the next Tab goes through them. */
		text = xasprintf("%.*s%.*s", (int)len, line, (int)common, names[first]);
		free(tab_line);
		tab_line = xstrdup(text);
	} else {
		for (i = first, k = 0; i < n; i++) {
			if (strncmp(names[i], word, strlen(word)) == 0 && k++ == tab_next % count)
				break;
		}
		text = xasprintf("%.*s%s", (int)len, line, names[i]);
		tab_next++;
	}
	if (count == 1) {
		free(tab_line);
		tab_line = NULL;
	}
	prompt_open(a, PROMPT_COMMAND, text);
	free(text);
	return DIRTY_STATUS;
}

unsigned int
cmdline_key(struct app *a, int is_key, wint_t ch, int *handled)
{
	const char *s;
	char *text;

	*handled = 1;
	if (!is_key && ch == '\t')
		return complete(a);
	free(tab_line);
	tab_line = NULL;
	if (is_key && (ch == KEY_UP || ch == KEY_DOWN)) {
		text = prompt_text(a);
		s = cmdline_history_move(&history, ch == KEY_UP ? -1 : 1, text);
		free(text);
		if (s != NULL)
			prompt_open(a, PROMPT_COMMAND, s);
		return DIRTY_STATUS;
	}
	/* Backspace on an empty line leaves it, as in vi. */
	if (a->prompt_len == 0 && ((is_key && ch == KEY_BACKSPACE) ||
	    (!is_key && (ch == 127 || ch == 8)))) {
		a->prompt = PROMPT_NONE;
		return DIRTY_STATUS;
	}
	*handled = 0;
	return 0;
}

void
cmdline_free(void)
{
	cmdline_history_free(&history);
	free(tab_line);
	tab_line = NULL;
}
