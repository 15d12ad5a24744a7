#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include <curses.h>

#include "tui/keymap.h"
#include "tui/tui.h"
#include "util/xmalloc.h"

/*
 * The keymap: which action of keys.c each key runs, from the defaults of the
 * action table, key.NAME lines of the configuration and :map; and the names
 * of keys, read and shown.
 */

#define KEYMAP_MAX 256

/* The keymap: which action each key runs. */
static struct {
	int key;
	int action;
} keymap[KEYMAP_MAX];
static int nkeymap;

/* Names of keys that are not one character. */
static const struct {
	const char *name;
	int code;
} key_names[] = {
	{ "Enter", '\r' }, { "Enter", '\n' }, { "Enter", KEY_ENTER },
	{ "Space", ' ' }, { "Tab", '\t' }, { "S-Tab", KEY_BTAB }, { "Esc", 27 },
	{ "Backspace", KEY_BACKSPACE }, { "Backspace", 127 }, { "Up", KEY_UP },
	{ "Down", KEY_DOWN }, { "Left", KEY_LEFT }, { "Right", KEY_RIGHT },
	{ "S-Left", KEY_SLEFT }, { "S-Right", KEY_SRIGHT }, { "PgUp", KEY_PPAGE },
	{ "PgDn", KEY_NPAGE }, { "Home", KEY_HOME }, { "End", KEY_END },
	{ "Insert", KEY_IC }, { "Delete", KEY_DC },
};

int
keys_parse_name(const char *name, int *codes, int max)
{
	size_t k;
	int n = 0;
	wchar_t wc;

	for (k = 0; k < sizeof key_names / sizeof key_names[0]; k++) {
		if (strcmp(key_names[k].name, name) == 0 && n < max)
			codes[n++] = key_names[k].code;
	}
	if (n > 0)
		return n;
	if (name[0] == 'F' && name[1] >= '1' && name[1] <= '9') {
		int f = atoi(name + 1);

		if (f >= 1 && f <= 12 && max > 0) {
			codes[0] = KEY_F(f);
			return 1;
		}
	}
	if (name[0] == 'C' && name[1] == '-' && name[2] != '\0' && name[3] == '\0' &&
	    max > 0 && ((name[2] >= 'a' && name[2] <= 'z') || (name[2] >= 'A' && name[2] <= 'Z'))) {
		codes[0] = name[2] & 0x1f;
		return 1;
	}
	/* One character. */
	if (mbtowc(&wc, name, strlen(name)) == (int)strlen(name) && wc > 32 && wc != 127 &&
	    max > 0) {
		codes[0] = (int)wc;
		return 1;
	}
	return -1;
}

/* Whether action a acts only in sync mode. */
static int
action_sync(int a)
{
	return strncmp(keys_actions[a].name, "sync-", 5) == 0;
}

/* Points key at action, taking it from any other action of the same mode. */
static void
keymap_set(int key, int action)
{
	int i;

	for (i = 0; i < nkeymap; i++) {
		if (keymap[i].key == key && action_sync(keymap[i].action) == action_sync(action)) {
			keymap[i].action = action;
			return;
		}
	}
	if (nkeymap < KEYMAP_MAX) {
		keymap[nkeymap].key = key;
		keymap[nkeymap++].action = action;
	}
}

static void
keymap_drop_action(int action)
{
	int i, j = 0;

	for (i = 0; i < nkeymap; i++) {
		if (keymap[i].action != action)
			keymap[j++] = keymap[i];
	}
	nkeymap = j;
}

/* Binds the space-separated key names in list to action; -1 names a bad key. */
static int
keymap_bind(const char *list, int action, char **bad)
{
	char *copy = xstrdup(list), *save = NULL, *tok;
	int codes[4], n, i, rc = 0;

	for (tok = strtok_r(copy, " \t", &save); tok != NULL; tok = strtok_r(NULL, " \t", &save)) {
		n = keys_parse_name(tok, codes, 4);
		if (n < 0) {
			if (bad != NULL && *bad == NULL)
				*bad = xstrdup(tok);
			rc = -1;
			continue;
		}
		for (i = 0; i < n; i++)
			keymap_set(codes[i], action);
	}
	free(copy);
	return rc;
}

void
keymap_defaults(void)
{
	int a;

	if (nkeymap > 0)
		return;
	for (a = 0; a < keys_nactions; a++)
		keymap_bind(keys_actions[a].keys, a, NULL);
}

void
keys_configure(struct config *c)
{
	int i, a;

	nkeymap = 0;
	keymap_defaults();
	for (i = 0; i < c->nentries; i++) {
		struct config_entry *e = &c->entries[i];
		char *bad = NULL;

		if (strncmp(e->name, "key.", 4) != 0)
			continue;
		for (a = 0; a < keys_nactions; a++) {
			if (strcmp(keys_actions[a].name, e->name + 4) == 0)
				break;
		}
		if (a == keys_nactions) {
			config_error(c, e->line, "no action is called '%s' (the ? screen lists them)",
			    e->name + 4);
			continue;
		}
		keymap_drop_action(a);
		if (keymap_bind(e->value, a, &bad) != 0) {
			config_error(c, e->line, "'%s' is not a key name", bad ? bad : e->value);
			free(bad);
		}
		if (strcmp(keys_actions[a].name, "help") != 0 && strcmp(keys_actions[a].name, "quit") != 0)
			continue;
		/* Never lose the way out or the way to learn the keys. */
		if (e->value[0] == '\0')
			keymap_bind(keys_actions[a].keys, a, NULL);
	}
}

/* The names of the keys bound to action a, for the help overlay. */
static void
action_keys(int a, char *buf, size_t size)
{
	static const struct {
		int code;
		const char *name;
	} shown[] = {
		{ '\r', "Enter" }, { ' ', "Space" }, { '\t', "Tab" }, { KEY_BTAB, "S-Tab" },
		{ 27, "Esc" }, { KEY_UP, "Up" }, { KEY_DOWN, "Down" }, { KEY_LEFT, "Left" },
		{ KEY_RIGHT, "Right" }, { KEY_SLEFT, "S-Left" }, { KEY_SRIGHT, "S-Right" },
		{ KEY_PPAGE, "PgUp" }, { KEY_NPAGE, "PgDn" }, { KEY_HOME, "Home" },
		{ KEY_END, "End" }, { KEY_BACKSPACE, "Backspace" }, { KEY_IC, "Insert" },
		{ KEY_DC, "Delete" },
	};
	size_t len = 0, s;
	int i;

	buf[0] = '\0';
	for (i = 0; i < nkeymap; i++) {
		char name[16];
		int key = keymap[i].key;

		if (keymap[i].action != a || key == '\n' || key == KEY_ENTER || key == 127)
			continue;
		name[0] = '\0';
		for (s = 0; s < sizeof shown / sizeof shown[0]; s++) {
			if (shown[s].code == key)
				snprintf(name, sizeof name, "%s", shown[s].name);
		}
		if (name[0] == '\0' && key >= KEY_F(1) && key <= KEY_F(12))
			snprintf(name, sizeof name, "F%d", key - KEY_F(0));
		else if (name[0] == '\0' && key < 32)
			snprintf(name, sizeof name, "C-%c", key + 'a' - 1);
		else if (name[0] == '\0') {
			int n = wctomb(name, (wchar_t)key);

			name[n > 0 ? n : 0] = '\0';
		}
		len += (size_t)snprintf(buf + len, size > len ? size - len : 0, "%s%s",
		    len > 0 ? " " : "", name);
		if (len >= size)
			break;
	}
}

const char *
keys_help(int i, const char **what)
{
	static char buf[64];

	keymap_defaults();
	if (i < 0 || i >= keys_nactions)
		return NULL;
	*what = keys_actions[i].what;
	action_keys(i, buf, sizeof buf);
	return buf;
}

const char *
keys_of(const char *name)
{
	static char buf[64];
	int i;

	keymap_defaults();
	buf[0] = '\0';
	for (i = 0; i < keys_nactions; i++) {
		if (strcmp(keys_actions[i].name, name) == 0)
			action_keys(i, buf, sizeof buf);
	}
	return buf;
}

const char *
keys_action_name(int i)
{
	return i >= 0 && i < keys_nactions ? keys_actions[i].name : NULL;
}

int
keymap_action(int key, int sync)
{
	int i;

	for (i = 0; i < nkeymap; i++) {
		if (keymap[i].key == key && action_sync(keymap[i].action) == sync)
			return keymap[i].action;
	}
	return -1;
}

int
keys_map(const char *key, const char *action, char **err)
{
	int codes[4], n, i, a, k, left;

	keymap_defaults();
	for (a = 0; a < keys_nactions && strcmp(keys_actions[a].name, action) != 0; a++)
		;
	if (a == keys_nactions) {
		*err = xasprintf("no action is called '%s' (the ? screen lists them)", action);
		return -1;
	}
	n = keys_parse_name(key, codes, 4);
	if (n < 0) {
		*err = xasprintf("'%s' is not a key name (q, C-x, F5, Enter, S-Left...)", key);
		return -1;
	}
	/* Never take the last key of the way out, or of this command line. */
	for (i = 0; i < n; i++) {
		k = keymap_action(codes[i], 0);
		if (k < 0 || k == a || action_sync(a) ||
		    (strcmp(keys_actions[k].name, "quit") != 0 && strcmp(keys_actions[k].name, "command") != 0))
			continue;
		left = 0;
		for (int j = 0; j < nkeymap; j++)
			left += keymap[j].action == k && keymap[j].key != codes[i];
		if (left == 0) {
			*err = xasprintf("%s is the only key of %s", key, keys_actions[k].name);
			return -1;
		}
	}
	for (i = 0; i < n; i++)
		keymap_set(codes[i], a);
	return 0;
}
