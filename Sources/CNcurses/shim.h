// The curses surface Detour's terminal backend needs, with wrappers for what Swift cannot import:
// function-like macros (getmaxyx, attribute bits built with NCURSES_BITS, mouse masks) and the
// mutable globals (stdscr, COLORS, ...) that Swift 6 refuses to read directly.
#ifndef DETOUR_CNCURSES_SHIM_H
#define DETOUR_CNCURSES_SHIM_H

// The wide-character API (cchar_t, setcchar, wget_wch) is only declared with these set first.
#define NCURSES_WIDECHAR 1
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <ncurses.h>
#include <term.h>
#include <locale.h>
#include <langinfo.h>
#include <wchar.h>

static inline WINDOW *detour_stdscr(void) { return stdscr; }
static inline int detour_colors(void) { return COLORS; }
static inline int detour_color_pairs(void) { return COLOR_PAIRS; }
static inline int detour_lines(void) { return LINES; }
static inline int detour_cols(void) { return COLS; }

static inline attr_t detour_attr_normal(void) { return A_NORMAL; }
static inline attr_t detour_attr_bold(void) { return A_BOLD; }
static inline attr_t detour_attr_dim(void) { return A_DIM; }
static inline attr_t detour_attr_italic(void) { return A_ITALIC; }
static inline attr_t detour_attr_underline(void) { return A_UNDERLINE; }
static inline attr_t detour_attr_reverse(void) { return A_REVERSE; }
static inline attr_t detour_attr_standout(void) { return A_STANDOUT; }

static inline mmask_t detour_mouse_mask(void) {
    return BUTTON1_CLICKED | BUTTON1_DOUBLE_CLICKED | BUTTON4_PRESSED | BUTTON5_PRESSED;
}
static inline mmask_t detour_button1_clicked(void) { return BUTTON1_CLICKED; }
static inline mmask_t detour_button1_double_clicked(void) { return BUTTON1_DOUBLE_CLICKED; }
static inline mmask_t detour_wheel_up(void) { return BUTTON4_PRESSED; }
static inline mmask_t detour_wheel_down(void) { return BUTTON5_PRESSED; }

/// Draws one grapheme (a spacing character plus up to four combining ones) with attributes and a
/// colour pair; pairs above 32767 go through the extended-pair pointer.
static inline int detour_put_cell(int y, int x, const wchar_t *chars, attr_t attrs, int pair) {
    cchar_t cell;
    short small = pair > 32767 ? 0 : (short)pair;
    if (setcchar(&cell, chars, attrs, small, &pair) == ERR) return ERR;
    return mvwadd_wch(stdscr, y, x, &cell);
}

static inline const char *detour_codeset(void) { return nl_langinfo(CODESET); }
#endif
