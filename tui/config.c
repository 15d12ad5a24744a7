#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "player/player.h"
#include "tui/tui.h"
#include "util/xmalloc.h"

/*
 * The configuration file: "name = value" lines, # comments, blank lines.
 * Settings: seek-short, seek-long, quick-clip and follow-timeout (seconds),
 * audio-output, audio-device, download-dir, colour (auto or never), colour.ELEMENT =
 * FG,BG[,ATTR...] and key.ACTION = KEY [KEY...]. A bad line is named in the
 * list of errors and the defaults stand for it; the rest still applies.
 */

#define CONFIG_MAX_BYTES (256 * 1024)
#define CONFIG_MAX_ENTRIES 512
#define CONFIG_MAX_PATH 1024
/* How far mpv reading the stream hears behind earmark (bench/stream.sh: 0.1 s, and its 0.2 s buffer). */
#define CONFIG_STREAM_DELAY_MS 300

static const char default_text[] =
    "# earmark's configuration. Each line is \"name = value\"; # at the start of a line\n"
    "# or after a blank starts a comment.\n"
    "# Remove the # in front of a line to change that setting.\n"
    "\n"
    "# Seconds that Left/Right and H/L/Shift-arrows seek.\n"
    "# seek-short = 5\n"
    "# seek-long = 30\n"
    "# Seconds b keeps as a clip.\n"
    "# quick-clip = 30\n"
    "# Seconds after moving in the transcript before it follows the audio again.\n"
    "# follow-timeout = 15\n"
    "\n"
    "# libvlc's audio output (pulse, alsa, ...; earmark --list-audio-outputs) and device.\n"
    "# Empty: the default output, or silent play when there is no sound device.\n"
    "# audio-output =\n"
    "# audio-device =\n"
    "\n"
    "# The folder that d and earmark download save episodes' audio in; ~ is your home.\n"
    "# Empty: $XDG_DATA_HOME/earmark/audio (by default ~/.local/share/earmark/audio).\n"
    "# download-dir =\n"
    "\n"
    "# When a feed offers transcripts in several languages, prefer this one (en, de,\n"
    "# pt-BR...). Empty: the feed's own language.\n"
    "# transcript-language =\n"
    "\n"
    "# Also serve the audio as MP3 on http://127.0.0.1:PORT/ (for ssh -L PORT:127.0.0.1:PORT\n"
    "# and a player on your own machine), and how many seconds that player hears behind\n"
    "# earmark, so the transcript follows what it plays: about 0.3 for mpv, 1.3 for vlc.\n"
    "# A port of 0 means no stream.\n"
    "# stream-port = 0\n"
    "# stream-delay = 0.3\n"
    "\n"
    "# The mouse: on lets a click pick a row (twice: play it), the wheel scroll and a\n"
    "# click on the progress bar seek; the terminal then no longer selects text with it.\n"
    "# mouse = off\n"
    "\n"
    "# Highlight the word being heard, where the transcript times words, besides the\n"
    "# line: on, off, or auto (on, except in a session over SSH). Each word sends\n"
    "# about 60 bytes to the terminal, four times the traffic of the line alone.\n"
    "# W turns it on and off while earmark runs.\n"
    "# words = off\n"
    "\n"
    "# Colours: auto, or never (the NO_COLOR variable also turns them off).\n"
    "# colour = auto\n"
    "# One screen element: colour.ELEMENT = FOREGROUND,BACKGROUND[,bold,dim,underline,reverse]\n"
    "# Colours: default black red green yellow blue magenta cyan white, or 0-255.\n"
    "# Elements: header header-focus cursor cursor-dim current playing time dim kind\n"
    "#   bookmark status progress message error selected speaker1 speaker2 speaker3 speaker4\n"
    "#   word (the word being heard, where the transcript times words)\n"
    "# colour.current = black,yellow,bold\n"
    "\n"
    "# Keys: key.ACTION = KEY [KEY...] replaces that action's keys. Keys are written as\n"
    "# one character (q, ?, <), or Enter Space Tab S-Tab Esc Backspace Up Down Left Right\n"
    "# S-Left S-Right PgUp PgDn Home End F1-F12, or C-x for Ctrl-x. The ? screen lists\n"
    "# every action with its name. For example:\n"
    "# key.quick-clip = b\n"
    "# key.quit = q Q\n";

const char *
config_default_text(void)
{
	return default_text;
}

int
config_words_auto(void)
{
	static const char *const vars[] = { "SSH_CONNECTION", "SSH_CLIENT", "SSH_TTY" };
	const char	*v;
	size_t		 i;

	for (i = 0; i < sizeof vars / sizeof vars[0]; i++) {
		if ((v = getenv(vars[i])) != NULL && *v != '\0')
			return (0);
	}
	return (1);
}

void
config_init(struct config *c)
{
	memset(c, 0, sizeof *c);
	c->seek_short_ms = 5000;
	c->seek_long_ms = 30000;
	c->quick_clip_ms = 30000;
	c->follow_timeout_ms = 15000;
	c->stream_delay_ms = CONFIG_STREAM_DELAY_MS;
	c->colour = 1;
	c->words = 0;
}

void
config_clear(struct config *c)
{
	int i;

	free(c->audio_output);
	free(c->audio_device);
	free(c->language);
	free(c->download_dir);
	for (i = 0; i < c->nentries; i++) {
		free(c->entries[i].name);
		free(c->entries[i].value);
	}
	free(c->entries);
	free(c->errors);
	memset(c, 0, sizeof *c);
}

void
config_error(struct config *c, int line, const char *fmt, ...)
{
	va_list ap;
	char *msg, *all;

	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) < 0)
		BUG();
	va_end(ap);
	c->nerrors++;
	if (c->nerrors > 20) {
		free(msg);
		return;
	}
	/* Keep the list in line order: checks of keys and colours come after parsing. */
	{
		const char *p = c->errors, *at = NULL;

		while (p != NULL && *p != '\0') {
			if (atoi(p + 5) > line) {
				at = p;
				break;
			}
			p = strchr(p, '\n');
			if (p != NULL)
				p++;
		}
		if (at == NULL)
			all = xasprintf("%s%sline %d: %s", c->errors ? c->errors : "",
			    c->errors ? "\n" : "", line, msg);
		else
			all = xasprintf("%.*sline %d: %s\n%s", (int)(at - c->errors), c->errors,
			    line, msg, at);
	}
	free(c->errors);
	c->errors = all;
	free(msg);
}

int
config_seconds(const char *v)
{
	char *end;
	double d;

	errno = 0;
	d = strtod(v, &end);
	if (end == v || *end != '\0' || errno != 0 || d != d || d < 0 || d > 3600)
		return -1;
	return (int)(d * 1000 + 0.5);
}

int
config_number(const char *v, long lo, long hi)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(v, &end, 10);
	if (end == v || *end != '\0' || errno != 0 || n < lo || n > hi)
		return -1;
	return (int)n;
}

static char *
trim(char *s, char *end)
{
	while (s < end && (*s == ' ' || *s == '\t'))
		s++;
	while (end > s && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r'))
		end--;
	*end = '\0';
	return s;
}

char *
config_expand_home(const char *path)
{
	const char *home = getenv("HOME");

	if (path[0] != '~' || (path[1] != '/' && path[1] != '\0'))
		return (xstrdup(path));
	if (home == NULL || home[0] != '/')
		return (NULL);
	return (xasprintf("%s%s", home, path + 1));
}

/* download-dir: a folder from / or ~ (the home folder); empty is the default. */
static void
config_download_dir(struct config *c, int line, const char *value)
{
	char *dir;

	if (value[0] == '\0') {
		free(c->download_dir);
		c->download_dir = NULL;
		return;
	}
	if ((dir = config_expand_home(value)) == NULL) {
		config_error(c, line, "download-dir: ~ needs HOME to be set");
		return;
	}
	if (dir[0] != '/') {
		config_error(c, line, "download-dir wants a folder from / or ~/, not '%s'",
		    value);
		free(dir);
		return;
	}
	if (strlen(dir) > CONFIG_MAX_PATH) {
		config_error(c, line, "download-dir is longer than %d bytes", CONFIG_MAX_PATH);
		free(dir);
		return;
	}
	free(c->download_dir);
	c->download_dir = dir;
}

/* Applies one name = value; keys and colours are kept for their owners to check. */
static void
config_set(struct config *c, int line, const char *name, const char *value)
{
	int *ms = NULL;

	if (strcmp(name, "seek-short") == 0)
		ms = &c->seek_short_ms;
	else if (strcmp(name, "seek-long") == 0)
		ms = &c->seek_long_ms;
	else if (strcmp(name, "quick-clip") == 0)
		ms = &c->quick_clip_ms;
	else if (strcmp(name, "follow-timeout") == 0)
		ms = &c->follow_timeout_ms;
	if (ms != NULL) {
		int v = config_seconds(value);

		if (v <= 0)
			config_error(c, line, "%s wants seconds from 0 to 3600, not '%s'", name,
			    value);
		else
			*ms = v;
		return;
	}
	if (strcmp(name, "stream-delay") == 0) {
		int v = config_seconds(value);

		if (v < 0 || v > PLAYER_STREAM_DELAY_MAX)
			config_error(c, line, "stream-delay wants seconds from 0 to %d, not '%s'",
			    PLAYER_STREAM_DELAY_MAX / 1000, value);
		else
			c->stream_delay_ms = v;
		return;
	}
	if (strcmp(name, "stream-port") == 0) {
		int v = config_number(value, 0, 65535);

		if (v < 0)
			config_error(c, line, "stream-port wants a port from 1 to 65535, or 0 "
			    "for none, not '%s'", value);
		else
			c->stream_port = v;
		return;
	}
	if (strcmp(name, "audio-output") == 0 || strcmp(name, "audio-device") == 0) {
		char **p = name[6] == 'o' ? &c->audio_output : &c->audio_device;

		free(*p);
		*p = value[0] != '\0' ? xstrdup(value) : NULL;
		return;
	}
	if (strcmp(name, "download-dir") == 0) {
		config_download_dir(c, line, value);
		return;
	}
	if (strcmp(name, "transcript-language") == 0) {
		char **p = &c->language;

		if (strspn(value, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_") !=
		    strlen(value) || strlen(value) > 35) {
			config_error(c, line, "transcript-language wants a language tag such as "
			    "en or pt-BR, not '%s'", value);
			return;
		}

		free(*p);
		*p = value[0] != '\0' ? xstrdup(value) : NULL;
		return;
	}
	if (strcmp(name, "mouse") == 0) {
		if (strcmp(value, "on") == 0)
			c->mouse = 1;
		else if (strcmp(value, "off") == 0)
			c->mouse = 0;
		else
			config_error(c, line, "mouse is on or off, not '%s'", value);
		return;
	}
	if (strcmp(name, "colour") == 0 || strcmp(name, "color") == 0) {
		if (strcmp(value, "auto") == 0)
			c->colour = 1;
		else if (strcmp(value, "never") == 0)
			c->colour = 0;
		else
			config_error(c, line, "colour is auto or never, not '%s'", value);
		return;
	}
	if (strcmp(name, "words") == 0) {
		if (strcmp(value, "on") == 0 || strcmp(value, "off") == 0)
			c->words = value[1] == 'n';
		else if (strcmp(value, "auto") == 0)
			c->words = config_words_auto();
		else
			config_error(c, line, "words is on, off or auto, not '%s'", value);
		return;
	}
	if (strncmp(name, "key.", 4) == 0 || strncmp(name, "colour.", 7) == 0 ||
	    strncmp(name, "color.", 6) == 0) {
		struct config_entry *e;

		if (c->nentries >= CONFIG_MAX_ENTRIES) {
			config_error(c, line, "too many key and colour lines");
			return;
		}
		c->entries = xreallocarray(c->entries, (size_t)c->nentries + 1,
		    sizeof *c->entries);
		e = &c->entries[c->nentries++];
		e->line = line;
		e->name = xstrdup(name);
		e->value = xstrdup(value);
		return;
	}
	config_error(c, line, "unknown setting '%s'", name);
}

int
config_parse(const char *buf, size_t len, struct config *c)
{
	char *copy, *p, *end;
	int line = 0;

	if (len > CONFIG_MAX_BYTES) {
		config_error(c, 0, "the file is larger than %d bytes; defaults used",
		    CONFIG_MAX_BYTES);
		return -1;
	}
	copy = xmalloc(len + 1);
	memcpy(copy, buf, len);
	copy[len] = '\0';
	for (p = copy; p < copy + len; p = end + 1) {
		char *eq, *name, *value, *hash;

		end = memchr(p, '\n', (size_t)(copy + len - p));
		if (end == NULL)
			end = copy + len;
		line++;
		*end = '\0';
		if (memchr(p, '\0', (size_t)(end - p)) != NULL || strchr(p, '\033') != NULL) {
			config_error(c, line, "unreadable characters; line ignored");
			continue;
		}
		name = trim(p, end);
		if (name[0] == '\0' || name[0] == '#')
			continue;
		eq = strchr(name, '=');
		if (eq == NULL) {
			config_error(c, line, "expected name = value");
			continue;
		}
		value = trim(eq + 1, name + strlen(name));
		/* A # after a blank starts a comment, as in the README's examples. */
		for (hash = value; (hash = strchr(hash, '#')) != NULL; hash++)
			if (hash > value && (hash[-1] == ' ' || hash[-1] == '\t')) {
				value = trim(value, hash);
				break;
			}
		name = trim(name, eq);
		if (name[0] == '\0') {
			config_error(c, line, "expected name = value");
			continue;
		}
		config_set(c, line, name, value);
	}
	free(copy);
	return c->nerrors > 0 ? -1 : 0;
}

int
config_load(const char *path, struct config *c, int write_default)
{
	FILE *f = fopen(path, "r");
	char *buf;
	size_t len;
	int rc;

	if (f == NULL) {
		if (errno == ENOENT && write_default) {
			f = fopen(path, "wx");
			if (f != NULL) {
				fputs(default_text, f);
				fclose(f);
			}
		}
		return 0;
	}
	buf = xmalloc(CONFIG_MAX_BYTES + 1);
	len = fread(buf, 1, CONFIG_MAX_BYTES + 1, f);
	fclose(f);
	rc = config_parse(buf, len, c);
	free(buf);
	return rc;
}
