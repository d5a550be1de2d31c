/* util.c: allocation, growable buffers and small string helpers used across the library. */
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE /* madvise, for pd_malloc_large */
#endif
#include "internal.h"

#include <stdio.h>
#if defined(__linux__)
#include <sys/mman.h>
#endif

void *pd_malloc(size_t size) { return malloc(size ? size : 1); }

void *pd_malloc_large(size_t size)
{
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    const size_t huge = (size_t)2 << 20;
    void *p = NULL;
    if (size >= huge && posix_memalign(&p, huge, size) == 0) {
        (void)madvise(p, size, MADV_HUGEPAGE); /* a hint, ignored where THP is off */
        return p;
    }
#endif
    return pd_malloc(size);
}

void *pd_calloc(size_t count, size_t size)
{
    if (count == 0 || size == 0) return calloc(1, 1);
    return calloc(count, size);
}

void *pd_realloc_array(void *ptr, size_t count, size_t size)
{
    size_t bytes;
    if (__builtin_mul_overflow(count, size, &bytes)) return NULL;
    return realloc(ptr, bytes ? bytes : 1);
}

char *pd_strndup(const char *s, size_t len)
{
    if (len == SIZE_MAX) return NULL;
    char *copy = pd_malloc(len + 1);
    if (!copy) return NULL;
    if (len) memcpy(copy, s, len);
    copy[len] = '\0';
    return copy;
}

char *pd_strdup(const char *s) { return s ? pd_strndup(s, strlen(s)) : NULL; }

void pd_free(void *ptr) { free(ptr); }

int pd_reserve(void **items, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap) return 0;
    size_t next = *cap ? *cap : 8;
    while (next < need) {
        if (next > SIZE_MAX / 2) return -1;
        next *= 2;
    }
    void *grown = pd_realloc_array(*items, next, elem);
    if (!grown) return -1;
    *items = grown;
    *cap = next;
    return 0;
}

bool pd_ascii_ieq(const char *a, const char *b)
{
    for (; *a && *b; a++, b++)
        if (pd_ascii_lower((unsigned char)*a) != pd_ascii_lower((unsigned char)*b)) return false;
    return *a == *b;
}

/* ---- pd_buf ---- */

void pd_buf_init(pd_buf *b) { memset(b, 0, sizeof *b); }

void pd_buf_free(pd_buf *b)
{
    pd_free(b->data);
    pd_buf_init(b);
}

void pd_buf_append(pd_buf *b, const char *s, size_t len)
{
    if (b->failed) return;
    if (len > SIZE_MAX - b->len - 1 || PD_RESERVE(b->data, b->cap, b->len + len + 1) != 0) {
        b->failed = true;
        return;
    }
    if (len) memcpy(b->data + b->len, s, len);
    b->len += len;
    b->data[b->len] = '\0';
}

void pd_buf_puts(pd_buf *b, const char *s) { pd_buf_append(b, s, strlen(s)); }

void pd_buf_putc(pd_buf *b, char c) { pd_buf_append(b, &c, 1); }

void pd_buf_printf(pd_buf *b, const char *fmt, ...)
{
    char small[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0) {
        b->failed = true;
        return;
    }
    if ((size_t)n < sizeof small) {
        pd_buf_append(b, small, (size_t)n);
        return;
    }
    char *big = pd_malloc((size_t)n + 1);
    if (!big) {
        b->failed = true;
        return;
    }
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    pd_buf_append(b, big, (size_t)n);
    pd_free(big);
}

size_t pd_utf8_encode(uint32_t cp, char out[4])
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

uint32_t pd_utf8_decode(const char *s, size_t i, size_t n, size_t *len)
{
    unsigned char c = (unsigned char)s[i];
    size_t k;
    uint32_t cp;
    *len = 1;
    if (c < 0x80) return c;
    if (c >= 0xC2 && c <= 0xDF) k = 1, cp = c & 0x1F;
    else if (c >= 0xE0 && c <= 0xEF) k = 2, cp = c & 0x0F;
    else if (c >= 0xF0 && c <= 0xF4) k = 3, cp = c & 0x07;
    else return 0xFFFD;
    if (n - i <= k) return 0xFFFD;
    for (size_t j = 1; j <= k; j++) {
        unsigned char d = (unsigned char)s[i + j];
        if ((d & 0xC0) != 0x80) return 0xFFFD;
        cp = (cp << 6) | (d & 0x3F);
    }
    *len = k + 1;
    return cp;
}

/* Length of the valid UTF-8 sequence at s (1-4), or 0 when the bytes are not valid UTF-8. */
static size_t utf8_valid_len(const unsigned char *s, size_t avail)
{
    unsigned char c = s[0];
    if (c < 0x80) return 1;
    size_t n;
    uint32_t cp;
    if (c >= 0xC2 && c <= 0xDF) { n = 2; cp = c & 0x1F; }
    else if (c >= 0xE0 && c <= 0xEF) { n = 3; cp = c & 0x0F; }
    else if (c >= 0xF0 && c <= 0xF4) { n = 4; cp = c & 0x07; }
    else return 0;
    if (avail < n) return 0;
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF))) return 0;
    if (cp >= 0xD800 && cp <= 0xDFFF) return 0;
    return n;
}

void pd_buf_json_string(pd_buf *b, const char *str, size_t len)
{
    const unsigned char *s = (const unsigned char *)str;
    pd_buf_putc(b, '"');
    size_t i = 0;
    while (i < len) {
        size_t run = i;
        /* copy plain runs in one append */
        while (run < len && s[run] >= 0x20 && s[run] < 0x80 && s[run] != '"' && s[run] != '\\')
            run++;
        if (run > i) {
            pd_buf_append(b, str + i, run - i);
            i = run;
            continue;
        }
        unsigned char c = s[i];
        if (c == '"') { pd_buf_puts(b, "\\\""); i++; }
        else if (c == '\\') { pd_buf_puts(b, "\\\\"); i++; }
        else if (c == '\n') { pd_buf_puts(b, "\\n"); i++; }
        else if (c == '\r') { pd_buf_puts(b, "\\r"); i++; }
        else if (c == '\t') { pd_buf_puts(b, "\\t"); i++; }
        else if (c < 0x20) { pd_buf_printf(b, "\\u%04x", c); i++; }
        else {
            size_t n = utf8_valid_len(s + i, len - i);
            if (n == 0) { pd_buf_puts(b, "\\ufffd"); i++; }
            else { pd_buf_append(b, str + i, n); i += n; }
        }
    }
    pd_buf_putc(b, '"');
}

char *pd_buf_take(pd_buf *b, size_t *len)
{
    char *data = NULL;
    if (!b->failed && b->data) {
        data = b->data;
        if (len) *len = b->len;
        b->data = NULL;
    } else if (len) {
        *len = 0;
    }
    pd_buf_free(b);
    return data;
}

/* ---- pd_arena ---- */

struct pd_arena_block {
    pd_arena_block *next;
    size_t used;
    size_t cap;
    max_align_t data[]; /* keeps every allocation suitably aligned */
};

enum { ARENA_BLOCK_BYTES = 64 * 1024 };

void pd_arena_init(pd_arena *a) { a->head = NULL; }

void pd_arena_free(pd_arena *a)
{
    pd_arena_block *b = a->head;
    while (b) {
        pd_arena_block *next = b->next;
        pd_free(b);
        b = next;
    }
    a->head = NULL;
}

/* size bytes aligned to `align` (a power of two, at most max_align_t's alignment), zeroed. */
static void *arena_alloc(pd_arena *a, size_t size, size_t align)
{
    if (size > SIZE_MAX - _Alignof(max_align_t)) return NULL;
    if (size == 0) size = 1;
    pd_arena_block *b = a->head;
    size_t at = b ? (b->used + align - 1) & ~(align - 1) : 0;
    if (!b || at > b->cap || b->cap - at < size) {
        size_t cap = size > ARENA_BLOCK_BYTES ? size : ARENA_BLOCK_BYTES;
        if (cap > SIZE_MAX - sizeof *b) return NULL;
        pd_arena_block *fresh = pd_malloc(sizeof *fresh + cap);
        if (!fresh) return NULL;
        fresh->used = 0;
        fresh->cap = cap;
        if (b && size > ARENA_BLOCK_BYTES) {
            /* a big one-off allocation goes behind the current block so its space isn't lost */
            fresh->next = b->next;
            b->next = fresh;
        } else {
            fresh->next = b;
            a->head = fresh;
        }
        b = fresh;
        at = 0;
    }
    void *p = (char *)b->data + at;
    b->used = at + size;
    memset(p, 0, size);
    return p;
}

void *pd_arena_alloc(pd_arena *a, size_t size)
{
    const size_t align = _Alignof(max_align_t);
    if (size > SIZE_MAX - align) return NULL;
    size = (size + align - 1) / align * align;
    return arena_alloc(a, size ? size : align, align);
}

void *pd_arena_array(pd_arena *a, size_t count, size_t size)
{
    size_t bytes;
    if (__builtin_mul_overflow(count, size, &bytes)) return NULL;
    return pd_arena_alloc(a, bytes);
}

char *pd_arena_strndup(pd_arena *a, const char *s, size_t len)
{
    if (len == SIZE_MAX) return NULL;
    char *copy = arena_alloc(a, len + 1, 1); /* strings packed byte to byte */
    if (!copy) return NULL;
    if (len) memcpy(copy, s, len);
    copy[len] = '\0';
    return copy;
}

char *pd_arena_strdup(pd_arena *a, const char *s) { return s ? pd_arena_strndup(a, s, strlen(s)) : NULL; }
