/* ac_words_check.c: differential check of the word-anchored automaton (pd_ac_compile_words)
 * against the plain one scanned with PD_AC_WHOLE_WORDS, on random pattern sets and texts over
 * small alphabets mixing word bytes, non-word bytes, UTF-8 and control bytes, with several dense
 * budgets (so sparse states are exercised), and with every byte value used (the fallback). Both
 * must report the same matches in the same order. Prints "N passed, N failed".
 *
 *   ac_words_check [iterations, default 100000] */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif
#include "ac.h"
#include "fold.h"

#include <stdio.h>

typedef struct match {
    uint32_t id;
    size_t start, end;
} match;

typedef struct matches {
    match *v;
    size_t n, cap;
} matches;

static int collect(void *ctx, uint32_t id, size_t start, size_t end)
{
    matches *m = ctx;
    if (m->n == m->cap) {
        m->cap = m->cap ? 2 * m->cap : 64;
        m->v = realloc(m->v, m->cap * sizeof *m->v);
        if (!m->v) abort();
    }
    m->v[m->n++] = (match){id, start, end};
    return 0;
}

static uint64_t rng = 88172645463325252ull;
static uint32_t rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)rng;
}

int main(int argc, char **argv)
{
    static const char *const alphabets[] = {"ab -", "ab c.'#", "a\xc3\xa9 b-", "abcdefgh ,.", "a", " ",
                                            "ab\x01\x02 ", "ab\xff\x80 -"};
    static const size_t budgets[] = {0, 1, 40, 200, 1u << 20};
    long iterations = argc > 1 ? atol(argv[1]) : 100000;
    long passed = 0, failed = 0;
    for (long iter = 0; iter < iterations; iter++) {
        const char *al = alphabets[rnd() % (sizeof alphabets / sizeof *alphabets)];
        size_t an = strlen(al);
        pd_ac_builder *b;
        if (pd_ac_builder_new(&b) != PURDAH_OK) abort();
        int np = 1 + (int)(rnd() % 12);
        char pats[12][6];
        size_t plen[12];
        for (int i = 0; i < np; i++) {
            plen[i] = 1 + rnd() % 5;
            for (size_t j = 0; j < plen[i]; j++) pats[i][j] = al[rnd() % an];
            pd_ac_builder_add(b, pats[i], plen[i], (uint32_t)i);
            if (rnd() % 4 == 0) pd_ac_builder_add(b, pats[i], plen[i], (uint32_t)i + 100);
        }
        if (iter % 50 == 0) { /* every byte used: no room for the boundary classes */
            char all[256];
            for (int q = 0; q < 256; q++) all[q] = (char)q;
            pd_ac_builder_add(b, all, sizeof all, 999);
        }
        char text[48];
        size_t tl = rnd() % sizeof text;
        for (size_t j = 0; j < tl; j++) text[j] = al[rnd() % an];

        pd_ac *plain;
        if (pd_ac_compile(&plain, b) != PURDAH_OK) abort();
        matches want = {0};
        pd_ac_scan(plain, text, tl, PD_AC_WHOLE_WORDS, collect, &want);
        for (size_t k = 0; k < sizeof budgets / sizeof *budgets; k++) {
            pd_ac *w;
            if (pd_ac_compile_words(&w, b, budgets[k]) != PURDAH_OK) abort();
            matches got = {0};
            pd_ac_scan(w, text, tl, 0, collect, &got);
            bool same = got.n == want.n;
            for (size_t i = 0; same && i < got.n; i++)
                same = got.v[i].id == want.v[i].id && got.v[i].start == want.v[i].start && got.v[i].end == want.v[i].end;
            if (same) {
                passed++;
            } else if (failed++ < 5) {
                printf("mismatch: budget %zu, text \"%.*s\": %zu matches, want %zu\n", budgets[k], (int)tl, text,
                       got.n, want.n);
                for (int i = 0; i < np; i++) printf("  pattern %d \"%.*s\"\n", i, (int)plen[i], pats[i]);
            }
            free(got.v);
            pd_ac_free(w);
        }
        free(want.v);
        pd_ac_free(plain);
        pd_ac_builder_free(b);
    }
    printf("%ld passed, %ld failed\n", passed, failed);
    return failed != 0;
}
