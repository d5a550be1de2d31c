/* internal.h: helpers shared by every module of libpurdah (never installed).
 *
 * All allocation goes through pd_malloc and friends so that a test build can inject failures at
 * each allocation in turn, and so that size arithmetic is checked in one place. */
#ifndef PD_INTERNAL_H
#define PD_INTERNAL_H

#include "purdah.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#if defined(__GNUC__)
#define PD_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#define PD_UNLIKELY(x) __builtin_expect(!!(x), 0)
#else
#define PD_PRINTF(fmt, args)
#define PD_UNLIKELY(x) (x)
#endif

#define PD_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Allocation. Each returns NULL on failure (including size overflow). */
void *pd_malloc(size_t size);
/* For arrays of megabytes filled once (the automaton's build): on Linux, aligned to 2 MB and
 * marked for transparent huge pages (madvise), so that filling them takes a few page faults
 * instead of thousands. Freed with pd_free. */
void *pd_malloc_large(size_t size);
void *pd_calloc(size_t count, size_t size);
void *pd_realloc_array(void *ptr, size_t count, size_t size);
char *pd_strndup(const char *s, size_t len);
char *pd_strdup(const char *s);
void pd_free(void *ptr);

/* Grows *items (of `elem` bytes each) so that it holds at least `need` elements.
 * Returns 0, or -1 when out of memory (the old array is untouched then). */
int pd_reserve(void **items, size_t *cap, size_t need, size_t elem);
#define PD_RESERVE(items, cap, need) pd_reserve((void **)&(items), &(cap), (need), sizeof(*(items)))

/* A growable byte string, always NUL-terminated when non-empty. */
typedef struct pd_buf {
    char *data;
    size_t len;
    size_t cap;
    bool failed; /* set once an append ran out of memory; later appends do nothing */
} pd_buf;

void pd_buf_init(pd_buf *b);
void pd_buf_free(pd_buf *b);
void pd_buf_append(pd_buf *b, const char *s, size_t len);
void pd_buf_puts(pd_buf *b, const char *s);
void pd_buf_putc(pd_buf *b, char c);
void pd_buf_printf(pd_buf *b, const char *fmt, ...) PD_PRINTF(2, 3);
/* Appends `s` as a JSON string literal (with quotes); invalid UTF-8 becomes U+FFFD. */
void pd_buf_json_string(pd_buf *b, const char *s, size_t len);
/* Hands the data to the caller (NULL when empty or failed) and resets the buffer. */
char *pd_buf_take(pd_buf *b, size_t *len);

/* An arena: many small allocations released together (policy strings and tables). */
typedef struct pd_arena_block pd_arena_block;
typedef struct pd_arena {
    pd_arena_block *head;
} pd_arena;

void pd_arena_init(pd_arena *a);
void pd_arena_free(pd_arena *a);
/* Returns zeroed, pointer-aligned memory, or NULL when out of memory. */
void *pd_arena_alloc(pd_arena *a, size_t size);
void *pd_arena_array(pd_arena *a, size_t count, size_t size);
char *pd_arena_strndup(pd_arena *a, const char *s, size_t len);
char *pd_arena_strdup(pd_arena *a, const char *s); /* NULL stays NULL */

/* Errors. Sets *err (when err is non-NULL) to a new error object and returns `code`. `file` may
 * be NULL; line and column are 1-based, 0 when unknown. */
int pd_error_set(purdah_error **err, int code, const char *file, unsigned long line,
                 unsigned long column, const char *fmt, ...) PD_PRINTF(6, 7);
int pd_error_setv(purdah_error **err, int code, const char *file, unsigned long line,
                  unsigned long column, const char *fmt, va_list ap) PD_PRINTF(6, 0);

/* Writes the UTF-8 encoding of code point `cp` (at most U+10FFFF) and returns its length (1-4). */
size_t pd_utf8_encode(uint32_t cp, char out[4]);
/* The code point of the UTF-8 sequence at s[i] (i < n) and its length in *len; a byte that does
 * not start a sequence (or starts a broken one) is one byte of U+FFFD. Lenient, for telling
 * letters from punctuation: overlong 3-byte forms and surrogates decode as they are. */
uint32_t pd_utf8_decode(const char *s, size_t i, size_t n, size_t *len);

/* ASCII helpers that never depend on the C locale. */
static inline int pd_ascii_lower(int c) { return (c >= 'A' && c <= 'Z') ? c + 32 : c; }
static inline bool pd_ascii_isspace(int c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
static inline bool pd_ascii_isalnum(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}
bool pd_ascii_ieq(const char *a, const char *b);

#endif
