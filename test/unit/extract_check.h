/* extract_check.h: what the extraction tests share. Each extraction copies its input into a heap
 * buffer of the exact length (no NUL), so that AddressSanitizer catches any read past `len`, and
 * checks the result's invariants; the helpers then look things up in the text and map them back
 * into the input. */
#ifndef PD_TEST_EXTRACT_CHECK_H
#define PD_TEST_EXTRACT_CHECK_H

#include "extract.h"
#include "harness.h"

#include <stdlib.h>

/* The input of the last extraction, kept for the checks. */
static char *input;
static size_t input_len;

static inline void set_input(const char *s, size_t n)
{
    free(input);
    input = malloc(n ? n : 1);
    if (n) memcpy(input, s, n);
    input_len = n;
}

/* Segments in text order, non-empty, covering the text; a role change always follows "\n\n"
 * mapped to no input bytes; map runs contiguous, covering the text, inside the input. With
 * `must_own`, the text is the extraction's own copy (only plain text may borrow the input). */
static inline void check_extracted(const pd_extracted *x, bool must_own)
{
    bool segments_ok = true, separators_ok = true, runs_ok = true;
    size_t at = 0;
    for (size_t i = 0; i < x->segment_count; i++) {
        const pd_segment *g = &x->segments[i];
        if (g->start != at || g->end <= g->start) segments_ok = false;
        if (i > 0) {
            size_t a = 1, b = 0;
            if (g->start >= 2 && memcmp(x->text + g->start - 2, "\n\n", 2) == 0)
                pd_offmap_range(&x->map, g->start - 2, g->start, &a, &b);
            if (a != b) separators_ok = false;
        }
        at = g->end;
    }
    CHECK(segments_ok);
    CHECK(separators_ok);
    CHECK_INT(at, x->len);
    if (must_own) CHECK(!x->borrowed);
    if (!x->borrowed) CHECK(x->text == x->owned && x->text[x->len] == '\0');
    size_t out = 0;
    for (size_t i = 0; i < x->map.count; i++) {
        const pd_offrun *r = &x->map.runs[i];
        if (r->out != out || r->out_len == 0 || r->in + r->in_len > input_len) runs_ok = false;
        out = r->out + r->out_len;
    }
    CHECK(runs_ok);
    if (x->map.count) CHECK_INT(out, x->len);
}

typedef int (*extract_fn)(pd_extracted *x, const char *input, size_t len);

/* Extracts s[0, n) with `fn` from an exact-length copy, and checks the invariants. */
static inline int extract_checked(extract_fn fn, pd_extracted *x, const char *s, size_t n, bool must_own)
{
    set_input(s, n);
    int rc = fn(x, input, input_len);
    check_extracted(x, must_own);
    return rc;
}

static inline size_t find(const char *hay, size_t hay_len, const char *needle, size_t n)
{
    if (n == 0 || n > hay_len) return SIZE_MAX;
    for (size_t i = 0; i + n <= hay_len; i++)
        if (memcmp(hay + i, needle, n) == 0) return i;
    return SIZE_MAX;
}

static inline bool text_has(const pd_extracted *x, const char *sub)
{
    return find(x->text, x->len, sub, strlen(sub)) != SIZE_MAX;
}

/* The input bytes the first occurrence of `sub` in the text maps back to (a static copy). */
static inline const char *mapped(const pd_extracted *x, const char *sub)
{
    static char buf[512];
    size_t at = find(x->text, x->len, sub, strlen(sub));
    if (at == SIZE_MAX) return "(not in text)";
    size_t a, b;
    pd_offmap_range(&x->map, at, at + strlen(sub), &a, &b);
    if (b < a || b > input_len || b - a >= sizeof buf) return "(bad range)";
    memcpy(buf, input + a, b - a);
    buf[b - a] = '\0';
    return buf;
}

/* Input offset where the first occurrence of `sub` in the text starts. */
static inline size_t mapped_start(const pd_extracted *x, const char *sub)
{
    size_t at = find(x->text, x->len, sub, strlen(sub));
    if (at == SIZE_MAX) return SIZE_MAX;
    size_t a, b;
    pd_offmap_range(&x->map, at, at + strlen(sub), &a, &b);
    return a;
}

/* Role of the segment holding the first occurrence of `sub`. */
static inline const char *role_of(const pd_extracted *x, const char *sub)
{
    size_t at = find(x->text, x->len, sub, strlen(sub));
    if (at == SIZE_MAX) return "(not in text)";
    for (size_t i = 0; i < x->segment_count; i++)
        if (at >= x->segments[i].start && at < x->segments[i].end)
            return pd_role_name(x->segments[i].role);
    return "(no segment)";
}

/* Where `sub` first stands in the input. */
static inline size_t input_offset(const char *sub) { return find(input, input_len, sub, strlen(sub)); }

/* `piece` `times` times, then `tail` (heap, not NUL-terminated; *len gets its length). */
static inline char *repeat(const char *piece, size_t times, const char *tail, size_t *len)
{
    size_t n = strlen(piece), t = strlen(tail);
    char *s = malloc(n * times + t + 1);
    for (size_t i = 0; i < times; i++) memcpy(s + i * n, piece, n);
    memcpy(s + n * times, tail, t);
    *len = n * times + t;
    return s;
}

#endif
