#ifndef EARMARK_TUI_H
#define EARMARK_TUI_H

#include <stddef.h>
#include <stdint.h>
#include <wchar.h>

/*
 * The terminal interface: one poll() loop, panes drawn with ncursesw. This
 * header is shared by the files of tui/ only.
 */

struct catalog;
struct player;
struct catalog_podcast;
struct catalog_episode;
struct catalog_clip;
struct catalog_line;
struct catalog_hit;
struct catalog_import_report;
struct sync;
typedef struct _win_st WINDOW;

/* What a handler changed, so the draw pass redraws only that. */
enum {
	DIRTY_PODCASTS = 1 << 0,
	DIRTY_EPISODES = 1 << 1,
	DIRTY_CLIPS = 1 << 2,
	DIRTY_TRANSCRIPT = 1 << 3,
	DIRTY_STATUS = 1 << 4,
	DIRTY_LAYOUT = 1 << 5,  /* Windows must be rebuilt (resize, pane change). */
	DIRTY_WORD = 1 << 6,    /* Only the current word moved: redraw its line. */
	DIRTY_PANES = DIRTY_PODCASTS | DIRTY_EPISODES | DIRTY_CLIPS | DIRTY_TRANSCRIPT,
	DIRTY_ALL = DIRTY_PANES | DIRTY_STATUS | DIRTY_LAYOUT
};

enum pane { PANE_PODCASTS, PANE_EPISODES, PANE_CLIPS, PANE_TRANSCRIPT, PANE_COUNT };

enum prompt_kind {
	PROMPT_NONE,
	PROMPT_SEARCH,
	PROMPT_NEW_CLIP,  /* Title of a clip just marked. */
	PROMPT_TITLE,     /* Editing a clip's title, then... */
	PROMPT_NOTE,      /* ...its note. */
	PROMPT_FILTER,    /* Text filter of the clips view. */
	PROMPT_EXPORT,    /* Format to export clips in. */
	PROMPT_COMMAND,   /* The : command line. */
	PROMPT_KIND_COUNT
};

/* Screen elements; colour.c maps each to an attribute. */
enum element {
	EL_NORMAL,
	EL_HEADER,         /* Pane title, pane not focused. */
	EL_HEADER_FOCUS,   /* Pane title of the focused pane. */
	EL_CURSOR,         /* Selected row of the focused pane. */
	EL_CURSOR_DIM,     /* Selected row of another pane. */
	EL_CURRENT,        /* The transcript line being heard. */
	EL_PLAYING,        /* The episode or clip being played. */
	EL_TIME,
	EL_DIM,
	EL_KIND,
	EL_BOOKMARK,
	EL_STATUS,
	EL_PROGRESS,
	EL_MESSAGE,
	EL_ERROR,
	EL_SELECTED,       /* Transcript lines chosen with v, clip bounds. */
	EL_SPEAKER0,       /* First of four speaker colours. */
	EL_SPEAKER1,
	EL_SPEAKER2,
	EL_SPEAKER3,
	EL_WORD,           /* The word being heard, on the current line. */
	EL_COUNT
};

/*
 * One list widget for every list. Rows may be taller than one line (wrapped
 * transcript lines); row_height gives each row's height at a width.
 */
struct list {
	int count;
	int top;            /* First visible row. */
	int sel;            /* Cursor row, -1 when empty. */
	void *ctx;
	/* Called with the visible range before drawing, so rows can be paged in. */
	void (*page)(void *ctx, int first, int n);
	int (*row_height)(void *ctx, int row, int width);
	void (*row_draw)(void *ctx, WINDOW *w, int y, int row, int height, int width);
};

void list_reset(struct list *l, int count);
/* Moves the cursor by delta rows (clamped); returns 1 when it moved. */
int list_move(struct list *l, int delta);
int list_set(struct list *l, int row);
/* Adjusts top so that row is visible in a window of height by width. */
void list_show(struct list *l, int row, int height, int width);
/* Places row about a third of the way down (follow mode). */
void list_place(struct list *l, int row, int height, int width);
/* Rows that fit from top; used for page moves. */
int list_visible(struct list *l, int height, int width);
void list_draw(struct list *l, WINDOW *w, int y0, int height, int width);

/* Text: every string reaches the screen through these. */
void text_init(void);
int text_utf8(void);
/* Display width of UTF-8 s (after sanitizing). */
int text_width(const char *s);
/*
 * Draws UTF-8 s at the cursor in at most width columns, dropping anything
 * unprintable, with an ellipsis when cut. Returns the columns used.
 */
int text_put(WINDOW *w, const char *s, int width);
/* Like text_put but pads with spaces to width. */
void text_put_pad(WINDOW *w, const char *s, int width);
/*
 * Breaks s into rows of at most width columns at spaces; stores each row's
 * byte offset in starts (up to max) and returns the number of rows (>= 1).
 */
int text_wrap(const char *s, int width, int *starts, int max);
/* Glyphs with ASCII fallbacks. */
const char *text_glyph_play(void);
const char *text_glyph_pause(void);
const char *text_glyph_bar_full(void);
const char *text_glyph_bar_empty(void);
const char *text_glyph_vline(void);
/* Formats ms as m:ss or h:mm:ss into buf. */
void text_time(char *buf, int size, int64_t ms);

void colour_init(int enabled);
int colour_attr(enum element e);
/* The speaker element for a speaker name, stable per name. */
enum element colour_speaker(const char *name);

/* The configuration file (config.c). */
struct config_entry {
	int line;
	char *name;       /* key.ACTION or colour.ELEMENT */
	char *value;
};

struct config {
	int seek_short_ms;
	int seek_long_ms;
	int quick_clip_ms;
	int follow_timeout_ms;
	int stream_port;          /* 0: no stream. */
	int mouse;                /* mouse = on. */
	int stream_delay_ms;
	char *audio_output;
	char *audio_device;
	char *language;           /* Preferred transcript language, or NULL. */
	char *download_dir;       /* download-dir with ~ expanded, or NULL: the default. */
	int colour;               /* 0: never. */
	int words;                /* Highlight the word being heard (0: off, fewer bytes). */
	struct config_entry *entries;
	int nentries;
	char *errors;             /* "line N: ..." lines, or NULL. */
	int nerrors;
};

void config_init(struct config *c);
/*
 * words = auto: 1 (highlight the word being heard) unless earmark runs in a
 * session over SSH (SSH_CONNECTION, SSH_CLIENT or SSH_TTY set), where each
 * word would cost about 60 bytes on the link.
 */
int config_words_auto(void);
/* path with a leading ~ or ~/ made $HOME's; NULL when HOME is not an absolute path. */
char *config_expand_home(const char *path);
void config_clear(struct config *c);
int config_parse(const char *buf, size_t len, struct config *c);
/* Reads path; writes the commented defaults there first when asked and missing. */
int config_load(const char *path, struct config *c, int write_default);
void config_error(struct config *c, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
const char *config_default_text(void);
/* Seconds from 0 to 3600 (fractions allowed) as ms, or -1. */
int config_seconds(const char *v);
/* A whole number from lo to hi, or -1. */
int config_number(const char *v, long lo, long hi);
/* Applies key.* lines to the keymap and colour.* lines to the colour table. */
void keys_configure(struct config *c);
void colour_configure(struct config *c);
/* A key's name as written in the configuration, or -1. */
int keys_parse_name(const char *name, int *codes, int max);
char *paths_config(void);

/* The application. */
struct app;

struct app_options {
	const char *catalog_path;
	const char *demo_feed;      /* Import this feed when the catalog is empty. */
	const char *audio_output;
	const char *audio_device;
	const char *log_path;
	int silent;                 /* Force the silent paced output. */
	int remote;                 /* Listen on the control socket. */
	int stream_port;            /* >0: serve the audio on 127.0.0.1 (--stream). */
	int mouse;                  /* --mouse. */
	int stream_delay_ms;        /* -1: the configuration's, else its default. */
	const char *config_path;    /* NULL: no configuration file. */
};

int app_run(const struct app_options *opts);

/* The state of a running interface, shared by the files of tui/. */
struct app {
	struct catalog *cat;
	struct player *player;
	const struct app_options *opts;
	int rows, cols;
	int wide;                  /* Two columns; else one pane at a time. */
	enum pane focus;
	WINDOW *win[PANE_COUNT];   /* NULL while a pane is hidden. */
	int pane_h[PANE_COUNT];    /* Rows of each pane below its title. */
	int pane_w[PANE_COUNT];
	WINDOW *sep;               /* Column rule between the halves. */
	WINDOW *status;
	struct list list[PANE_COUNT];

	/* Rows paged in for the visible part of each list. */
	struct catalog_podcast *pods;
	int npods, pods_first;
	struct catalog_episode *eps;
	int neps, eps_first;
	struct catalog_clip *clips;
	int nclips, clips_first;

	int64_t podcast_id;        /* Podcast under the cursor (CATALOG_CONTINUE: begun episodes). */
	int ncontinue;             /* Episodes begun and not finished; a row leads the podcasts. */
	int64_t episode_id;        /* Episode under the cursor: the clips pane shows it. */
	char *episode_title;

	/* The transcript pane's episode: the one playing, else the one under the cursor. */
	int64_t tr_episode;
	char *tr_title;
	struct catalog_line *lines;
	int64_t *starts;
	int nlines;
	char *speakers[4];         /* Speakers in order of appearance, for colours. */
	int current;               /* Line being heard, -1 when none. */
	int current_word;          /* Its word being heard (see parse.h), -1 when none. */
	int tr_estimated;          /* Times: 1 estimated from line lengths, 2 placed on the audio. */
	int follow;                /* Keep the current line in view. */
	int64_t follow_off_at;     /* Monotonic ms when following was turned off. */

	/* Playback. */
	int64_t play_episode;      /* 0 when nothing is loaded. */
	int64_t chapters_probed;   /* The episode whose audio was last read for chapters. */
	int64_t play_clip;         /* Clip being played, 0 for the whole episode. */
	int64_t play_clip_start;
	char *play_title;
	int64_t play_duration;
	int64_t shown_second;      /* Elapsed second last drawn. */
	int64_t saved_at;          /* Monotonic ms of the last resume save. */
	int audio_warned;

	char *message;
	int message_error;
	int64_t message_until;     /* Monotonic ms; 0 = until replaced. */

	/* Search: hits replace the clips pane while show_hits is set. */
	int show_hits;
	struct catalog_hit *hits;
	int nhits;
	char *query;
	enum prompt_kind prompt;   /* The open prompt, PROMPT_NONE when none. */
	wchar_t prompt_buf[256];
	int prompt_len;

	/* Making clips. */
	int64_t mark_in;           /* In-point while marking, -1 when none. */
	int mark_exact;            /* The marks are not snapped to lines. */
	struct catalog_clip *pending; /* A clip waiting for its title. */
	int64_t edit_clip;         /* Clip whose title or note is being edited. */
	int sel_anchor;            /* Transcript line where v started, -1 when none. */
	int loop;                  /* Replay the clip when it ends. */
	int count;                 /* Count prefix typed before a key, 0 when none. */

	/* The clips pane lists every clip of the catalog (c) instead of the episode's. */
	int clips_all;
	unsigned int filter_kinds;
	int filter_podcast;        /* Only the podcast under the cursor. */
	int filter_by_episode;
	char *filter_text;
	int64_t play_podcast;

	int remote_fd;             /* Control socket, -1 when off. */
	/* A refresh or download running as a second earmark (jobs.c). */
	int job_pid;
	int job_fd;
	char job_buf[512];
	size_t job_len;
	int job_failed;
	int job_reload;            /* Read the lists again when it ends. */
	int job_said;              /* A line of its output was shown. */
	char *job_what;
	int help;                  /* Help overlay shown. */
	int help_top;
	int quit;
	unsigned int dirty;
	int pending_count;         /* Count prefix typed so far. */
	struct sync *sync;         /* Sync mode and the stamps shown (syncmode.c). */
	int bar_y, bar_x, bar_w;   /* Where the progress bar was drawn on the screen; bar_w 0: not. */
	struct config cfg;
};

int64_t app_now_ms(void);
void app_message(struct app *a, int error, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Reloads what the cursor of pane p governs (episodes of a podcast, clips of an episode). */
void app_select(struct app *a, enum pane p);
void app_reload_clips(struct app *a);
/* Recounts the podcasts and the "Continue listening" row. */
void app_podcasts_reload(struct app *a);
void app_transcript_load(struct app *a, int64_t episode_id);
void app_play_episode(struct app *a, int64_t episode_id, int64_t from_ms);
void app_play_clip(struct app *a, const struct catalog_clip *clip);
void app_play_line(struct app *a, int line);
void app_save_position(struct app *a);
void app_delete_clip(struct app *a);
void app_undo(struct app *a);
/* Folds player events and the clock into the screen state; returns dirty bits. */
unsigned int app_tick(struct app *a);
/* Milliseconds until app_tick next has work, -1 to wait for input only. */
int app_next_wake(struct app *a);

void panes_layout(struct app *a);
void panes_init_lists(struct app *a);
void panes_draw(struct app *a, unsigned int dirty);
/* Draws pane p's title row with an optional detail and right-hand note. */
void panes_header(struct app *a, enum pane p, const char *detail, const char *right);
void panes_free(struct app *a);
void transcript_list_init(struct app *a);
void transcript_draw(struct app *a);
void transcript_follow(struct app *a);
/* Redraws only the current line, where the word being heard moved. */
void transcript_draw_word(struct app *a);
/* The word of line heard at t_ms, -1 when none or the line has no word times. */
int transcript_word(struct app *a, int line, int64_t t_ms);
/* When the next word of the current line starts after t_ms, -1 when none does. */
int64_t transcript_word_next(struct app *a, int64_t t_ms);
/* Moves a line to start at start_ms, its words with it. */
void transcript_line_move(struct catalog_line *l, int64_t start_ms);
void status_draw(struct app *a);
int status_tick_waits(struct app *a, int64_t t);
void help_draw(struct app *a);
unsigned int help_key(struct app *a, int key);
/* Handles one key; returns dirty bits. */
unsigned int keys_handle(struct app *a, int key);
/* Runs the action of that name (see the ? screen), as its key would. */
unsigned int keys_run(struct app *a, const char *name);
/* Focuses pane p; moves the focused pane's cursor to row, as the movement keys do. */
unsigned int keys_focus(struct app *a, enum pane p);
unsigned int keys_move_to(struct app *a, int row);
/* The mouse (mouse.c): on when asked for; KEY_MOUSE goes to mouse_key(). */
void mouse_enable(int on);
unsigned int mouse_key(struct app *a);
/* The key table, for the help overlay: returns NULL past the end. */
const char *keys_help(int i, const char **what);
/* The keys bound to the action called name, for hints ("" when none). */
const char *keys_of(const char *name);
/* Action i's name as written in key.NAME lines. */
const char *keys_action_name(int i);
int loop_run(struct app *a);

/* Sync mode of the transcript pane: stamping line starts by hand (syncmode.c). */
unsigned int sync_enter(struct app *a);
unsigned int sync_leave(struct app *a);
unsigned int sync_stamp(struct app *a);
unsigned int sync_undo(struct app *a);
/* Moves the line under the cursor by count x 100 ms, later when dir > 0. */
unsigned int sync_nudge(struct app *a, int dir);
int sync_active(struct app *a);
/* The gutter mark of a transcript row (stamped, next to stamp), or NULL. */
const char *sync_gutter(struct app *a, int row);
/* The transcript pane's note on stamps, or NULL when there are none. */
const char *sync_header(struct app *a);
const char *sync_hint(void);
/* The transcript was read again: stamps are re-read, and sync mode ends with another episode. */
void sync_forget(struct app *a);
void sync_free(struct app *a);

void search_run(struct app *a, const char *query);
void search_close(struct app *a);
void search_play(struct app *a);
void search_free(struct app *a);
/* n and N: the next or previous line of the transcript holding the last search's words. */
unsigned int search_next(struct app *a, int dir);
void prompt_open(struct app *a, enum prompt_kind kind, const char *initial);
/* Handles a key typed into the prompt (is_key: a function key code). */
unsigned int prompt_key(struct app *a, int is_key, wint_t ch);
void prompt_draw(struct app *a, WINDOW *w, int y, int width);
/* The prompt's text as UTF-8, the caller's to free. */
char *prompt_text(struct app *a);

/* The command line's parsing (cmdline.c, a library of its own for the tests). */
#define CMDLINE_MAX 1024
#define CMDLINE_ARGS 8
#define CMDLINE_HISTORY 100
struct cmdline {
	char *line;                /* The line, trailing blanks cut. */
	char *words;               /* A copy of it split into argv. */
	int argc;
	char *argv[CMDLINE_ARGS];  /* argv[0] is the command; words past the last are dropped. */
	char *rest[CMDLINE_ARGS];  /* The line from word i to its end. */
};
/* Splits len bytes of s at blanks; -1 when empty, too long or holding a NUL. */
int cmdline_parse(const char *s, size_t len, struct cmdline *cl);
void cmdline_clear(struct cmdline *cl);
/*
 * A time as 90, 90.5, 1:30 or 1:02:03, with + or - in front for a relative
 * one (*sign 1 or -1, else 0); minutes and seconds after a colon are under 60.
 */
int cmdline_time(const char *s, size_t len, int64_t *ms, int *sign);
/* A plain decimal number (digits, a point, digits) from lo to hi. */
int cmdline_decimal(const char *s, size_t len, double lo, double hi, double *out);
/*
 * How many of names[0..n) begin with word; *first gets the first of them and
 * *common the length of the prefix they all share.
 */
int cmdline_matches(const char *word, size_t len, const char *const *names, int n,
    size_t *common, int *first);
struct cmdline_history {
	char *item[CMDLINE_HISTORY];  /* Oldest first. */
	int n;
	int pos;                      /* The entry shown; n: the line being typed. */
	char *draft;                  /* What was typed before going up. */
};
void cmdline_history_add(struct cmdline_history *h, const char *line);
/* A new line is being typed. */
void cmdline_history_start(struct cmdline_history *h);
/* The line one older (dir < 0) or newer, or NULL when there is none. */
const char *cmdline_history_move(struct cmdline_history *h, int dir, const char *typed);
void cmdline_history_free(struct cmdline_history *h);
/* Running commands (cmdrun.c). */
unsigned int cmdline_open(struct app *a);
unsigned int cmdline_run(struct app *a, const char *line);
/* Up, Down, Tab and Backspace in the command line; *handled 0 leaves the key to the prompt. */
unsigned int cmdline_key(struct app *a, int is_key, wint_t ch, int *handled);
void cmdline_free(void);
/* What the command line's commands share with the keys (keys.c). */
unsigned int keys_seek(struct app *a, int64_t ms, int relative);
unsigned int keys_speed(struct app *a, double rate);
unsigned int keys_volume(struct app *a, int volume);
/* Binds one more key to an action for this session; -1 with *err (the caller's to free). */
int keys_map(const char *key, const char *action, char **err);
/* Saves a bookmark of the transcript's episode from start to end, as m does (clip.c). */
unsigned int clip_range(struct app *a, int64_t start, int64_t end, const char *title);
/* Writes the clips x would to path, or to the exports folder when path is NULL. */
void clips_export_to(struct app *a, const char *format, const char *path);

/* Clips: marking, quick clips, selections, refining, editing (clip.c). */
unsigned int clip_mark(struct app *a, int exact);
unsigned int clip_quick(struct app *a);
unsigned int clip_line(struct app *a);
unsigned int clip_select(struct app *a);
unsigned int clip_select_done(struct app *a);
unsigned int clip_refine(struct app *a, int which, int dir);
unsigned int clip_edit(struct app *a);
unsigned int clip_nav(struct app *a, int dir);
void clip_pending_save(struct app *a, const char *title);
void clip_pending_cancel(struct app *a);
void clip_edit_title(struct app *a, const char *title);
void clip_edit_note(struct app *a, const char *note);
/* The clip at row of the clips pane (either view); 0 on success. */
int app_clip_at(struct app *a, int row, struct catalog_clip *out);
void clips_view_toggle(struct app *a);
void clips_view_filter(struct app *a, const char *text);
unsigned int clips_view_key(struct app *a, int key);
/* Writes the selected clip (or, in the clips view, every listed clip) to a file. */
void clips_export(struct app *a, const char *format);
int clips_view_count(struct app *a);
int clips_view_page(struct app *a, int first, int n, struct catalog_clip *out);
char *clips_view_title(struct app *a);

/* Paths (XDG). Returned strings are the caller's to free. */
char *paths_data_dir(void);
char *paths_state_dir(void);
char *paths_catalog(void);
char *paths_demo_catalog(void);
/* The demo feed's location, or NULL when the demo is not installed. */
char *paths_demo_feed(void);
int paths_mkdir_p(const char *dir);

/* Background jobs (jobs.c): a second earmark process running COMMAND ARG. */
/*
 * Runs earmark COMMAND [ARG [ARG2]] on the catalog in the background; its
 * lines become messages. When it ends the lists are read again if reload is
 * set (a refresh or download changed them).
 */
int job_start(struct app *a, const char *what, const char *command, const char *arg,
    const char *arg2, int reload);
/* Reads the job's output when its pipe is readable; returns dirty bits. */
unsigned int job_read(struct app *a);
void job_stop(struct app *a);

/* The control socket (remote.c). */
char *remote_path(void);
int remote_listen(char **err);
void remote_close(int fd);
/* Answers every waiting client; returns dirty bits. */
unsigned int remote_accept(struct app *a, int lfd);
/* earmark remote ARGS: sends one command to a running earmark. */
int remote_send(int argc, char **argv);

/* Options of the commands that run without the screen (commands.c). */
struct cli_opts {
	const char *format;
	const char *kind;
	const char *text;
	const char *output;
	const char *type;
	int json;
	int all;          /* export --all: everything a person made, as JSON. */
	int no_align;     /* transcript --no-align: leave untimed lines estimated. */
	const char *download_dir; /* The configuration's, or NULL: the default. */
};

/* Writes text to path, or to standard output when path is NULL or "-". */
int cmd_write(const char *path, const char *text);
/* Prints what importing the feed at name did, and its warnings (commands.c). */
void cmd_import_report(const char *name, const struct catalog_import_report *r);
/*
 * Stores the chapters the local audio file at path carries for an episode
 * that has none yet; returns how many were added, or -1 with *err set.
 */
int media_chapters_read(struct catalog *c, int64_t episode_id, const char *path,
    char **err);
int media_chapters_spawn(const char *catalog_path, int64_t episode_id, const char *path);
int cmd_chapters(struct catalog *c, int argc, char **argv);
int cmd_export_all(struct catalog *c, const struct cli_opts *co);
int cmd_import_backup(struct catalog *c, int argc, char **argv);
int cmd_clip(struct catalog *c, int argc, char **argv);
/* cut CLIP FILE: a clip's audio written to a file (cut.c). */
int cmd_cut(struct catalog *c, const struct cli_opts *co, int argc, char **argv);
/* align EPISODE [FILE]: untimed lines placed on the audio (align.c). */
int cmd_align(struct catalog *c, const struct cli_opts *co, int argc, char **argv);
/* Places e's stored lines on the audio at location; prints why not and returns -1. */
int align_stored(struct catalog *c, const struct catalog_episode *e, const char *location);
/* An episode by number or guid, or -1 after saying so (commands.c). */
int64_t episode_arg(struct catalog *c, const char *arg, struct catalog_episode *e);
/* A whole file of at most PARSE_MAX_INPUT bytes, or NULL after saying why. */
char *read_file(const char *path, size_t *len);

int cmd_import(struct catalog *c, const struct cli_opts *co, int argc, char **argv);
int cmd_search(struct catalog *c, const struct cli_opts *co, int argc, char **argv);
int cmd_export(struct catalog *c, const struct cli_opts *co, int argc, char **argv);
int cmd_parse(const struct cli_opts *co, int argc, char **argv);
int cmd_transcript(struct catalog *c, const struct cli_opts *co, int argc, char **argv);
int cmd_export_transcript(struct catalog *c, const struct cli_opts *co, int argc, char **argv);
int cmd_backup(struct catalog *c, int argc, char **argv);
int cmd_episodes(struct catalog *c, int argc, char **argv);
int cmd_import_opml(struct catalog *c, int argc, char **argv);
int cmd_export_opml(struct catalog *c, const struct cli_opts *co, int argc, char **argv);
/* add URL..., refresh, download EPISODE (net.c). */
int cmd_add(struct catalog *c, int argc, char **argv);
int cmd_refresh(struct catalog *c, int argc, char **argv);
int cmd_download(struct catalog *c, const struct cli_opts *co, int argc, char **argv);

/* Command-line front: returns the exit status. */
int cli_main(int argc, char **argv);

#endif
