/*
 * scr_prompt.c: the filter and search prompts, typed in the footer over
 * the tree.  Both act as they are typed: the filter on the view, the
 * search moving the cursor to the first match from where it was when the
 * prompt opened.  One table of keys serves both.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "fmt.h"
#include "screens.h"
#include "xmalloc.h"

#define PROMPT_MAX 1024		/* bytes a prompt takes */

struct scr_prompt {
	int search;		/* the search prompt, else the filter */
	struct buf text;
	uint32_t from;		/* search: the cursor when the prompt opened */
	int failed;		/* search: the text typed so far matches nothing */
};

static const char *
prompt_text(const struct scr_prompt *p)
{
	return p->text.p != NULL ? p->text.p : "";
}

/* Apply the text as it stands: filter the view, or search from where the prompt began. */
static void
prompt_apply(struct ui *u, struct scr_prompt *p)
{
	const char *text = prompt_text(p);

	if (!p->search) {
		view_set_filter(u->view, text);
		return;
	}
	free(u->search);
	u->search = xstrdup(text);
	if (*text == '\0') {
		p->failed = 0;
		u->search_hl = 0;
		view_select(u->view, p->from);
		return;
	}
	p->failed = view_search(u->view, text, p->from, 1, 1) != 0;
	u->search_hl = 1;
	u->search_reveal = !p->failed;
}

static void
filter_open(struct ui *u, void *st, const void *arg)
{
	struct scr_prompt *p = st;
	const char *f = view_filter(u->view);

	if (f != NULL)
		buf_adds(&p->text, f);
}

static void
search_open(struct ui *u, void *st, const void *arg)
{
	struct scr_prompt *p = st;

	p->search = 1;
	p->from = view_cursor_id(u->view);
}

static void
prompt_close(struct ui *u, void *st)
{
	struct scr_prompt *p = st;

	buf_free(&p->text);
}

static int
act_prompt_cancel(struct ui *u, void *st, int key)
{
	struct scr_prompt *p = st;

	if (!p->search)
		view_set_filter(u->view, NULL);
	ui_close(u);
	return UI_REDRAW;
}

static int
act_prompt_done(struct ui *u, void *st, int key)
{
	ui_close(u);
	return UI_REDRAW;
}

static void
prompt_cut(struct scr_prompt *p, size_t len)
{
	p->text.len = len;
	if (p->text.p != NULL)
		p->text.p[len] = '\0';
}

static int
act_prompt_erase(struct ui *u, void *st, int key)
{
	struct scr_prompt *p = st;
	size_t len = p->text.len;

	/* Back over one UTF-8 character. */
	while (len > 0 && ((unsigned char)p->text.p[--len] & 0xc0) == 0x80)
		;
	prompt_cut(p, len);
	prompt_apply(u, p);
	return UI_REDRAW;
}

static int
act_prompt_kill(struct ui *u, void *st, int key)
{
	struct scr_prompt *p = st;

	prompt_cut(p, 0);
	prompt_apply(u, p);
	return UI_REDRAW;
}

static int
act_prompt_word(struct ui *u, void *st, int key)
{
	struct scr_prompt *p = st;
	size_t len = p->text.len;

	while (len > 0 && p->text.p[len - 1] == ' ')
		len--;
	while (len > 0 && p->text.p[len - 1] != ' ')
		len--;
	prompt_cut(p, len);
	prompt_apply(u, p);
	return UI_REDRAW;
}

static int
act_prompt_next(struct ui *u, void *st, int key)
{
	struct scr_prompt *p = st;
	int dir = key == KEYC_UP || key == KEYC_CTRL('p') ? -1 : 1;

	if (!p->search || p->text.len == 0)
		return 0;
	p->failed = view_search(u->view, p->text.p, 0, dir, 0) != 0;
	p->from = view_cursor_id(u->view);
	u->search_reveal = !p->failed;
	return UI_REDRAW;
}

static const struct ui_key prompt_keys[] = {
	{ KEYC_ENTER, act_prompt_done, "Enter", "keep the filter / end the search here", NULL, NULL },
	{ KEYC_ESC, act_prompt_cancel, "Esc", "clear the filter / end the search here", NULL, NULL },
	{ KEYC_BACKSPACE, act_prompt_erase, "Backspace", "erase a character", NULL, NULL },
	{ KEYC_CTRL('h'), act_prompt_erase, NULL, NULL, NULL, NULL },
	{ KEYC_CTRL('w'), act_prompt_word, "Ctrl-W", "erase a word", NULL, NULL },
	{ KEYC_CTRL('u'), act_prompt_kill, "Ctrl-U", "erase everything", NULL, NULL },
	{ KEYC_F(3), act_prompt_next, "F3 Down Ctrl-N", "search: next match", NULL, NULL },
	{ KEYC_DOWN, act_prompt_next, NULL, NULL, NULL, NULL },
	{ KEYC_CTRL('n'), act_prompt_next, NULL, NULL, NULL, NULL },
	{ KEYC_UP, act_prompt_next, "Up Ctrl-P", "search: previous match", NULL, NULL },
	{ KEYC_CTRL('p'), act_prompt_next, NULL, NULL, NULL, NULL },
	UI_KEYS_END,
};

static const struct ui_key *const *
prompt_tables(const struct ui *u, const void *st)
{
	static const struct ui_key *const tables[] = { prompt_keys, NULL };

	return tables;
}

/* Typed text goes into the prompt. */
static int
prompt_key(struct ui *u, void *st, int key)
{
	struct scr_prompt *p = st;
	char u8[8];
	mbstate_t mb;
	size_t n;

	if (key < 0x20 || key == 0x7f || key >= KEYC_BASE || (key >= 0x80 && key < 0xa0))
		return 0;
	memset(&mb, 0, sizeof mb);
	if (key < 0x80) {
		u8[0] = (char)key;
		n = 1;
	} else if ((n = wcrtomb(u8, (wchar_t)key, &mb)) == (size_t)-1)
		return 0;
	if (p->text.len + n > PROMPT_MAX)
		return 0;
	buf_add(&p->text, u8, n);
	prompt_apply(u, p);
	return UI_REDRAW;
}

static void
prompt_footer(struct pen *pen, const struct ui *u, const void *st)
{
	const struct scr_prompt *p = st;
	struct buf b = BUF_INIT;

	pen->attr = DRAW_BAR;
	pen_puts(pen, p->search ? "Search:" : "Filter:");
	pen->attr = p->search && p->failed ? DRAW_RED | DRAW_BOLD : DRAW_DEFAULT;
	pen_puts(pen, " ");
	fmt_escape(&b, prompt_text(p), p->text.len, ui_fmt_flags(u));
	pen_put(pen, b.p != NULL ? b.p : "", b.len);
	pen->attr = DRAW_REVERSE;
	pen_puts(pen, " ");
	pen->attr = DRAW_DIM;
	pen_printf(pen, "   %s", p->search ? "Enter/Esc done  F3/Down next  Up previous" :
	    "Enter keep  Esc clear  (:failed :running :killed :ok)");
	buf_free(&b);
}

static void
filter_help_notes(struct buf *b, const struct ui *u)
{
	buf_adds(b, "The filter keeps processes whose argv contains the text (ASCII "
	    "case-insensitive) and their ancestors, drawn dim.  Words :failed, :running, "
	    ":killed and :ok (or :f, :r, :k, :o) keep processes in that state; \":failed "
	    "make\" keeps failed processes whose argv contains \"make\".");
}

const struct screen screen_filter = {
	.name = "filter",
	.state_size = sizeof(struct scr_prompt),
	.open = filter_open,
	.close = prompt_close,
	.keys = prompt_tables,
	.key = prompt_key,
	.footer = prompt_footer,
	.help_title = "Filter and search prompts",
	.help_notes = filter_help_notes,
};

const struct screen screen_search = {
	.name = "search",
	.state_size = sizeof(struct scr_prompt),
	.open = search_open,
	.close = prompt_close,
	.keys = prompt_tables,
	.key = prompt_key,
	.footer = prompt_footer,
};

const char *
scr_prompt_text(const struct ui *u)
{
	const struct screen *s = ui_top(u);

	if (s != &screen_search && s != &screen_filter)
		return NULL;
	return prompt_text(ui_top_state(u));
}

int
scr_prompt_failed(const struct ui *u)
{
	const struct scr_prompt *p = ui_state_of(u, &screen_search);

	return p != NULL && p->failed;
}
