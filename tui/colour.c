#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "tui/tui.h"
#include "util/xmalloc.h"

/* One row per element: colours when the terminal has them, else attributes alone. */
static struct {
	short fg, bg;
	int attr;       /* Added in colour. */
	int mono;       /* Used without colour. */
} table[EL_COUNT] = {
	[EL_NORMAL] = { -1, -1, 0, 0 },
	[EL_HEADER] = { -1, -1, A_BOLD, A_BOLD },
	[EL_HEADER_FOCUS] = { COLOR_BLACK, COLOR_CYAN, A_BOLD, A_REVERSE | A_BOLD },
	[EL_CURSOR] = { COLOR_BLACK, COLOR_CYAN, 0, A_REVERSE },
	[EL_CURSOR_DIM] = { -1, -1, A_REVERSE, A_UNDERLINE },
	[EL_CURRENT] = { COLOR_BLACK, COLOR_YELLOW, A_BOLD, A_REVERSE | A_BOLD },
	[EL_PLAYING] = { COLOR_YELLOW, -1, A_BOLD, A_BOLD },
	[EL_TIME] = { COLOR_CYAN, -1, 0, 0 },
	[EL_DIM] = { -1, -1, A_DIM, A_DIM },
	[EL_KIND] = { COLOR_MAGENTA, -1, 0, 0 },
	[EL_BOOKMARK] = { COLOR_GREEN, -1, A_BOLD, A_BOLD },
	[EL_STATUS] = { -1, -1, A_BOLD, A_BOLD },
	[EL_PROGRESS] = { COLOR_CYAN, -1, 0, 0 },
	[EL_MESSAGE] = { COLOR_GREEN, -1, 0, 0 },
	[EL_ERROR] = { COLOR_RED, -1, A_BOLD, A_BOLD },
	[EL_SELECTED] = { COLOR_BLACK, COLOR_GREEN, 0, A_REVERSE | A_DIM },
	[EL_SPEAKER0] = { COLOR_GREEN, -1, A_BOLD, A_BOLD },
	[EL_SPEAKER1] = { COLOR_MAGENTA, -1, A_BOLD, A_BOLD },
	[EL_SPEAKER2] = { COLOR_BLUE, -1, A_BOLD, A_BOLD },
	[EL_SPEAKER3] = { COLOR_RED, -1, A_BOLD, A_BOLD },
	[EL_WORD] = { COLOR_YELLOW, COLOR_BLACK, A_BOLD | A_UNDERLINE, A_BOLD | A_UNDERLINE },
};

static int attrs[EL_COUNT];

void
colour_init(int enabled)
{
	const char *no = getenv("NO_COLOR");
	int e, colour = enabled && has_colors() && (no == NULL || no[0] == '\0');

	if (colour) {
		start_color();
		use_default_colors();
	}
	for (e = 0; e < EL_COUNT; e++) {
		if (!colour || (table[e].fg == -1 && table[e].bg == -1)) {
			attrs[e] = colour ? table[e].attr : table[e].mono;
			continue;
		}
		init_pair((short)(e + 1), table[e].fg < COLORS ? table[e].fg : -1,
		    table[e].bg < COLORS ? table[e].bg : -1);
		attrs[e] = (int)COLOR_PAIR(e + 1) | table[e].attr;
	}
}

static const char *element_names[EL_COUNT] = {
	[EL_HEADER] = "header", [EL_HEADER_FOCUS] = "header-focus", [EL_CURSOR] = "cursor",
	[EL_CURSOR_DIM] = "cursor-dim", [EL_CURRENT] = "current", [EL_PLAYING] = "playing",
	[EL_TIME] = "time", [EL_DIM] = "dim", [EL_KIND] = "kind", [EL_BOOKMARK] = "bookmark",
	[EL_STATUS] = "status", [EL_PROGRESS] = "progress", [EL_MESSAGE] = "message",
	[EL_ERROR] = "error", [EL_SELECTED] = "selected", [EL_SPEAKER0] = "speaker1",
	[EL_SPEAKER1] = "speaker2", [EL_SPEAKER2] = "speaker3", [EL_SPEAKER3] = "speaker4",
	[EL_WORD] = "word",
};

/* A colour by name or number, -1 for the terminal's default; -2 when unknown. */
static int
colour_number(const char *s)
{
	static const char *names[] = { "black", "red", "green", "yellow", "blue", "magenta",
		"cyan", "white" };
	char *end;
	long v;
	int i;

	if (strcmp(s, "default") == 0 || s[0] == '\0')
		return -1;
	for (i = 0; i < 8; i++) {
		if (strcmp(s, names[i]) == 0)
			return i;
	}
	v = strtol(s, &end, 10);
	if (end != s && *end == '\0' && v >= 0 && v <= 255)
		return (int)v;
	return -2;
}

/* Reads "FG,BG[,ATTR...]" into element e; -1 with a message on a bad word. */
static int
colour_spec(struct config *cfg, int line, enum element e, const char *spec)
{
	char *copy = xstrdup(spec), *save = NULL, *tok;
	int n = 0, fg = -1, bg = -1, attr = 0, rc = 0;

	for (tok = strtok_r(copy, ",", &save); tok != NULL; tok = strtok_r(NULL, ",", &save), n++) {
		while (*tok == ' ')
			tok++;
		tok[strcspn(tok, " ")] = '\0';
		if (n < 2) {
			int v = colour_number(tok);

			if (v == -2) {
				config_error(cfg, line, "'%s' is not a colour", tok);
				rc = -1;
				break;
			}
			if (n == 0)
				fg = v;
			else
				bg = v;
		} else if (strcmp(tok, "bold") == 0)
			attr |= A_BOLD;
		else if (strcmp(tok, "dim") == 0)
			attr |= A_DIM;
		else if (strcmp(tok, "underline") == 0)
			attr |= A_UNDERLINE;
		else if (strcmp(tok, "reverse") == 0)
			attr |= A_REVERSE;
		else {
			config_error(cfg, line, "'%s' is not bold, dim, underline or reverse", tok);
			rc = -1;
			break;
		}
	}
	free(copy);
	if (rc == 0) {
		table[e].fg = (short)fg;
		table[e].bg = (short)bg;
		table[e].attr = attr;
	}
	return rc;
}

void
colour_configure(struct config *cfg)
{
	int i, e;

	for (i = 0; i < cfg->nentries; i++) {
		struct config_entry *en = &cfg->entries[i];
		const char *name = en->name;

		if (strncmp(name, "colour.", 7) == 0)
			name += 7;
		else if (strncmp(name, "color.", 6) == 0)
			name += 6;
		else
			continue;
		for (e = 1; e < EL_COUNT; e++) {
			if (element_names[e] != NULL && strcmp(element_names[e], name) == 0)
				break;
		}
		if (e == EL_COUNT) {
			config_error(cfg, en->line, "no screen element is called '%s'", name);
			continue;
		}
		colour_spec(cfg, en->line, (enum element)e, en->value);
	}
}

int
colour_attr(enum element e)
{
	return attrs[e];
}

enum element
colour_speaker(const char *name)
{
	unsigned int h = 5381;

	if (name == NULL)
		return EL_SPEAKER0;
	for (; *name != '\0'; name++)
		h = h * 33 + (unsigned char)*name;
	return (enum element)(EL_SPEAKER0 + h % 4);
}
