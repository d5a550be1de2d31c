/* test_ac.c: Aho-Corasick matching, checked by hand and against a naive matcher. */
#include "ac.h"
#include "fold.h"
#include "harness.h"

typedef struct match {
    uint32_t id;
    size_t start, end;
} match;

typedef struct matches {
    match *m;
    size_t count, cap;
    size_t stop_after; /* stop the scan after this many matches (0: never) */
} matches;

static int collect(void *ctx, uint32_t id, size_t start, size_t end)
{
    matches *ms = ctx;
    if (PD_RESERVE(ms->m, ms->cap, ms->count + 1) != 0) abort();
    ms->m[ms->count++] = (match){id, start, end};
    return ms->stop_after && ms->count >= ms->stop_after ? 7 : 0;
}

static pd_ac *compile_list(const char *const *pats, size_t n, size_t budget)
{
    pd_ac_builder *b;
    pd_ac *ac = NULL;
    if (pd_ac_builder_new(&b) != PURDAH_OK) abort();
    for (size_t i = 0; i < n; i++)
        if (pd_ac_builder_add(b, pats[i], strlen(pats[i]), (uint32_t)i) != PURDAH_OK) abort();
    if (pd_ac_compile_budget(&ac, b, budget) != PURDAH_OK) abort();
    pd_ac_builder_free(b);
    return ac;
}

/* Scans `text` and compares with the expected "id:start-end" list, e.g. "1:0-3 0:1-3". */
static void scan_is(const pd_ac *ac, const char *text, unsigned flags, const char *want, int line)
{
    matches ms = {0};
    int rc = pd_ac_scan(ac, text, strlen(text), flags, collect, &ms);
    char got[1024] = "";
    size_t at = 0;
    for (size_t i = 0; i < ms.count && at < sizeof got - 40; i++)
        at += (size_t)snprintf(got + at, sizeof got - at, "%s%u:%zu-%zu", i ? " " : "",
                               (unsigned)ms.m[i].id, ms.m[i].start, ms.m[i].end);
    if (rc == 0 && strcmp(got, want) == 0) harness_passed++;
    else {
        harness_failed++;
        fprintf(stderr, "%s:%d: scan of \"%s\" gave \"%s\" (rc %d), want \"%s\"\n", __FILE__, line,
                text, got, rc, want);
    }
    pd_free(ms.m);
}
#define SCAN_IS(ac, text, flags, want) scan_is((ac), (text), (flags), (want), __LINE__)

/* Budgets: everything dense, only the root dense, and a few dense rows. */
static const size_t budgets[] = {1u << 21, 0, 200};

static void test_classic(void)
{
    static const char *const pats[] = {"he", "she", "his", "hers"};
    for (size_t k = 0; k < PD_ARRAY_LEN(budgets); k++) {
        pd_ac *ac = compile_list(pats, 4, budgets[k]);
        CHECK_INT(pd_ac_pattern_count(ac), 4);
        SCAN_IS(ac, "ushers", 0, "1:1-4 0:2-4 3:2-6");
        SCAN_IS(ac, "ahishers", 0, "2:1-4 1:3-6 0:4-6 3:4-8");
        SCAN_IS(ac, "hehehe", 0, "0:0-2 0:2-4 0:4-6");
        SCAN_IS(ac, "hershe", 0, "0:0-2 3:0-4 1:3-6 0:4-6");
        SCAN_IS(ac, "xyz", 0, "");
        SCAN_IS(ac, "", 0, "");
        SCAN_IS(ac, "she", PD_AC_WHOLE_WORDS, "1:0-3");
        SCAN_IS(ac, "ushers", PD_AC_WHOLE_WORDS, "");
        pd_ac_free(ac);
    }
}

static void test_suffixes_and_dups(void)
{
    static const char *const pats[] = {"a", "aa", "aaa", "ba", "a"};
    pd_ac *ac = compile_list(pats, 5, 0);
    SCAN_IS(ac, "aaa", 0, "0:0-1 4:0-1 1:0-2 0:1-2 4:1-2 2:0-3 1:1-3 0:2-3 4:2-3");
    SCAN_IS(ac, "ba", 0, "3:0-2 0:1-2 4:1-2");
    pd_ac_free(ac);

    /* one pattern added with several ids: every id, in the order added */
    pd_ac_builder *b;
    CHECK_INT(pd_ac_builder_new(&b), PURDAH_OK);
    CHECK_INT(pd_ac_builder_add(b, "smith", 5, 5), PURDAH_OK);
    CHECK_INT(pd_ac_builder_add(b, "jo smith", 8, 8), PURDAH_OK);
    CHECK_INT(pd_ac_builder_add(b, "smith", 5, 2), PURDAH_OK);
    CHECK_INT(pd_ac_builder_add(b, "", 0, 99), PURDAH_OK); /* ignored */
    CHECK_INT(pd_ac_builder_add(b, "smith", 5, 9), PURDAH_OK);
    CHECK_INT(pd_ac_builder_add(b, "smith", 5, 2), PURDAH_OK); /* same id again: reported twice */
    pd_ac *ac2;
    CHECK_INT(pd_ac_compile(&ac2, b), PURDAH_OK);
    CHECK_INT(pd_ac_pattern_count(ac2), 5);
    SCAN_IS(ac2, "cllr jo smith", 0, "8:5-13 5:8-13 2:8-13 9:8-13 2:8-13");
    /* the builder is unchanged by compiling and can be compiled again */
    pd_ac *ac3;
    CHECK_INT(pd_ac_compile_budget(&ac3, b, 0), PURDAH_OK);
    SCAN_IS(ac3, "cllr jo smith", 0, "8:5-13 5:8-13 2:8-13 9:8-13 2:8-13");
    pd_ac_free(ac3);
    pd_ac_free(ac2);
    pd_ac_builder_free(b);
}

static void test_whole_words(void)
{
    static const char *const pats[] = {"green", "green party", "party", "#vote", "cllr.",
                                       "vote", "-x"};
    for (size_t k = 0; k < PD_ARRAY_LEN(budgets); k++) {
        pd_ac *ac = compile_list(pats, PD_ARRAY_LEN(pats), budgets[k]);
        SCAN_IS(ac, "greenhouse", 0, "0:0-5");
        SCAN_IS(ac, "greenhouse", PD_AC_WHOLE_WORDS, "");
        SCAN_IS(ac, "evergreen", PD_AC_WHOLE_WORDS, "");
        SCAN_IS(ac, "the green party.", PD_AC_WHOLE_WORDS, "0:4-9 1:4-15 2:10-15");
        SCAN_IS(ac, "green partying", PD_AC_WHOLE_WORDS, "0:0-5");
        SCAN_IS(ac, "green", PD_AC_WHOLE_WORDS, "0:0-5");
        SCAN_IS(ac, "green-party", PD_AC_WHOLE_WORDS, "0:0-5 2:6-11");
        SCAN_IS(ac, "greens", PD_AC_WHOLE_WORDS, "");
        SCAN_IS(ac, "green1", PD_AC_WHOLE_WORDS, "");
        SCAN_IS(ac, "green\xC3\xA9", PD_AC_WHOLE_WORDS, ""); /* non-ASCII bytes are word bytes */
        SCAN_IS(ac, "\xC3\xA9green", PD_AC_WHOLE_WORDS, "");
        /* a non-word first or last byte needs no boundary on that side */
        SCAN_IS(ac, "#vote", PD_AC_WHOLE_WORDS, "3:0-5 5:1-5");
        SCAN_IS(ac, "a#vote", PD_AC_WHOLE_WORDS, "3:1-6 5:2-6");
        SCAN_IS(ac, "#votes", PD_AC_WHOLE_WORDS, "");
        SCAN_IS(ac, "cllr.smith", PD_AC_WHOLE_WORDS, "4:0-5");
        SCAN_IS(ac, "xcllr.", PD_AC_WHOLE_WORDS, "");
        SCAN_IS(ac, "a-x b", PD_AC_WHOLE_WORDS, "6:1-3");
        SCAN_IS(ac, "a-xb", PD_AC_WHOLE_WORDS, "");
        pd_ac_free(ac);
    }
}

static void test_edges_and_stop(void)
{
    static const char *const pats[] = {"abc", "c", "xyz"};
    pd_ac *ac = compile_list(pats, 3, 1u << 21);
    SCAN_IS(ac, "abc", 0, "0:0-3 1:2-3");
    SCAN_IS(ac, "abcxyz", PD_AC_WHOLE_WORDS, "");
    SCAN_IS(ac, "abc xyz", PD_AC_WHOLE_WORDS, "0:0-3 2:4-7");
    SCAN_IS(ac, "c", PD_AC_WHOLE_WORDS, "1:0-1");
    /* empty text, NULL text */
    matches ms = {0};
    CHECK_INT(pd_ac_scan(ac, NULL, 0, 0, collect, &ms), 0);
    CHECK_INT(pd_ac_scan(ac, "", 0, PD_AC_WHOLE_WORDS, collect, &ms), 0);
    CHECK_INT(ms.count, 0);
    /* the callback stops the scan, and its value is returned */
    ms.stop_after = 2;
    CHECK_INT(pd_ac_scan(ac, "c c c abc", 9, 0, collect, &ms), 7);
    CHECK_INT(ms.count, 2);
    ms.count = 0;
    ms.stop_after = 1;
    CHECK_INT(pd_ac_scan(ac, "abc", 3, 0, collect, &ms), 7); /* stops between two matches at once */
    CHECK_INT(ms.count, 1);
    CHECK_INT(ms.m[0].id, 0);
    pd_free(ms.m);
    pd_ac_free(ac);

    /* no patterns at all */
    pd_ac_builder *b;
    CHECK_INT(pd_ac_builder_new(&b), PURDAH_OK);
    CHECK_INT(pd_ac_compile(&ac, b), PURDAH_OK);
    CHECK_INT(pd_ac_pattern_count(ac), 0);
    SCAN_IS(ac, "anything at all", 0, "");
    pd_ac_free(ac);
    pd_ac_builder_free(b);
    pd_ac_free(NULL);
    pd_ac_builder_free(NULL);
}

static void test_binary(void)
{
    pd_ac_builder *b;
    pd_ac *ac;
    CHECK_INT(pd_ac_builder_new(&b), PURDAH_OK);
    CHECK_INT(pd_ac_builder_add(b, "jos\xC3\xA9", 5, 1), PURDAH_OK);
    CHECK_INT(pd_ac_builder_add(b, "\xC3\xA9", 2, 2), PURDAH_OK);
    CHECK_INT(pd_ac_builder_add(b, "a\0b", 3, 3), PURDAH_OK);
    CHECK_INT(pd_ac_builder_add(b, "\xFF\xFE", 2, 4), PURDAH_OK);
    CHECK_INT(pd_ac_compile(&ac, b), PURDAH_OK);
    const char text[] = "jos\xC3\xA9 a\0b \xFF\xFE\xFF\xFE \xC3\xA9";
    matches ms = {0};
    CHECK_INT(pd_ac_scan(ac, text, sizeof text - 1, 0, collect, &ms), 0);
    CHECK_INT(ms.count, 6);
    if (ms.count == 6) {
        CHECK(ms.m[0].id == 1 && ms.m[0].start == 0 && ms.m[0].end == 5);
        CHECK(ms.m[1].id == 2 && ms.m[1].start == 3 && ms.m[1].end == 5);
        CHECK(ms.m[2].id == 3 && ms.m[2].start == 6 && ms.m[2].end == 9);
        CHECK(ms.m[3].id == 4 && ms.m[3].start == 10 && ms.m[3].end == 12);
        CHECK(ms.m[4].id == 4 && ms.m[4].start == 12 && ms.m[4].end == 14);
        CHECK(ms.m[5].id == 2 && ms.m[5].start == 15 && ms.m[5].end == 17);
    }
    ms.count = 0;
    CHECK_INT(pd_ac_scan(ac, text, sizeof text - 1, PD_AC_WHOLE_WORDS, collect, &ms), 0);
    CHECK_INT(ms.count, 3); /* josé, a\0b, the final é ("é" inside josé is inside a word) */
    pd_free(ms.m);
    pd_ac_free(ac);
    pd_ac_builder_free(b);

    /* every byte value in use: 256 classes, none shared */
    CHECK_INT(pd_ac_builder_new(&b), PURDAH_OK);
    for (int c = 0; c < 256; c++) {
        char p[2] = {(char)c, (char)(255 - c)};
        CHECK_INT(pd_ac_builder_add(b, p, 2, (uint32_t)c), PURDAH_OK);
    }
    CHECK_INT(pd_ac_compile_budget(&ac, b, 600), PURDAH_OK);
    char all[512];
    for (int c = 0; c < 256; c++) {
        all[2 * c] = (char)c;
        all[2 * c + 1] = (char)(255 - c);
    }
    ms = (matches){0};
    CHECK_INT(pd_ac_scan(ac, all, sizeof all, 0, collect, &ms), 0);
    CHECK_INT(ms.count, 256); /* each pair once; no straddling pair is a pattern */
    pd_free(ms.m);
    pd_ac_free(ac);
    pd_ac_builder_free(b);
}

/* ---- randomized cross-check against a naive matcher ---- */

static uint64_t rng = 0x9E3779B97F4A7C15u;
static uint32_t rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)(rng >> 16);
}

typedef struct pat {
    char s[16];
    size_t len;
    uint32_t id;
    size_t index; /* order added */
} pat;

static int by_len_desc(const void *a, const void *b)
{
    const pat *x = a, *y = b;
    if (x->len != y->len) return x->len > y->len ? -1 : 1;
    return (x->index > y->index) - (x->index < y->index);
}

/* All matches the slow way: at each end, every pattern whose last byte fits, longest first
 * (`sorted` is in length-descending, then insertion order). */
static void naive(const pat *sorted, size_t n, const char *text, size_t len, unsigned flags,
                  matches *ms)
{
    size_t *by_last = pd_malloc((n + 1) * sizeof *by_last), first[257] = {0};
    for (size_t k = 0; k < n; k++) first[(unsigned char)sorted[k].s[sorted[k].len - 1] + 1]++;
    for (int c = 0; c < 256; c++) first[c + 1] += first[c];
    size_t fill[256];
    memcpy(fill, first, sizeof fill);
    for (size_t k = 0; k < n; k++) {
        unsigned char last = (unsigned char)sorted[k].s[sorted[k].len - 1];
        by_last[fill[last]++] = k;
    }
    for (size_t end = 1; end <= len; end++) {
        unsigned char last = (unsigned char)text[end - 1];
        for (size_t q = first[last]; q < first[last + 1]; q++) {
            const pat *p = &sorted[by_last[q]];
            if (p->len > end || memcmp(text + end - p->len, p->s, p->len) != 0) continue;
            size_t start = end - p->len;
            if (flags & PD_AC_WHOLE_WORDS) {
                if (pd_is_word_byte((unsigned char)p->s[0]) && start > 0 &&
                    pd_is_word_byte((unsigned char)text[start - 1]))
                    continue;
                if (pd_is_word_byte((unsigned char)p->s[p->len - 1]) && end < len &&
                    pd_is_word_byte((unsigned char)text[end]))
                    continue;
            }
            collect(ms, p->id, start, end);
        }
    }
    pd_free(by_last);
}

/* pd_ac_scan_halves must report exactly pd_ac_scan's matches: those starting in the first half
 * to one list and the rest to the other, each in pd_ac_scan's order, so that the two lists one
 * after the other are pd_ac_scan's matches ordered by start (stable). */
static bool same_halves(const pd_ac *ac, const char *text, size_t len, unsigned flags,
                        size_t split_from, const matches *want)
{
    matches first = {0}, second = {0};
    bool same = pd_ac_scan_halves(ac, text, len, flags, split_from, collect, &first, &second) == 0;
    size_t mid = len >= split_from && len >= 2 ? len / 2 : len; /* (one byte is not split) */
    size_t want_first = 0;
    for (size_t i = 0; i < want->count; i++) want_first += want->m[i].start < mid;
    same = same && first.count == want_first && first.count + second.count == want->count;
    /* each list is want's matches on its side of the middle, in want's order */
    for (size_t i = 0, f = 0, g = 0; same && i < want->count; i++) {
        const match *w = &want->m[i], *x = w->start < mid ? &first.m[f++] : &second.m[g++];
        same = x->id == w->id && x->start == w->start && x->end == w->end;
    }
    pd_free(first.m);
    pd_free(second.m);
    return same;
}

static void cross_check(const char *alphabet, size_t npats, size_t maxlen, size_t textlen,
                        int rounds)
{
    size_t na = strlen(alphabet);
    pat *pats = pd_malloc(npats * sizeof *pats);
    char *text = pd_malloc(textlen);
    for (int round = 0; round < rounds; round++) {
        pd_ac_builder *b;
        CHECK_INT(pd_ac_builder_new(&b), PURDAH_OK);
        for (size_t i = 0; i < npats; i++) {
            pat *p = &pats[i];
            if (i > 0 && rnd() % 10 == 0) { /* a duplicate pattern with its own id */
                *p = pats[rnd() % i];
            } else {
                p->len = 1 + rnd() % maxlen;
                for (size_t j = 0; j < p->len; j++) p->s[j] = alphabet[rnd() % na];
            }
            p->id = rnd() % 100000;
            p->index = i;
            CHECK_INT(pd_ac_builder_add(b, p->s, p->len, p->id), PURDAH_OK);
        }
        for (size_t j = 0; j < textlen; j++) text[j] = alphabet[rnd() % na];
        qsort(pats, npats, sizeof *pats, by_len_desc);
        matches want[2] = {{0}, {0}};
        naive(pats, npats, text, textlen, 0, &want[0]);
        naive(pats, npats, text, textlen, PD_AC_WHOLE_WORDS, &want[1]);
        for (size_t k = 0; k < PD_ARRAY_LEN(budgets); k++) {
            pd_ac *ac;
            CHECK_INT(pd_ac_compile_budget(&ac, b, budgets[k]), PURDAH_OK);
            for (unsigned flags = 0; flags <= PD_AC_WHOLE_WORDS; flags++) {
                matches got = {0};
                const matches *w = &want[flags];
                CHECK_INT(pd_ac_scan(ac, text, textlen, flags, collect, &got), 0);
                bool same = got.count == w->count;
                for (size_t i = 0; same && i < got.count; i++)
                    same = got.m[i].id == w->m[i].id && got.m[i].start == w->m[i].start &&
                           got.m[i].end == w->m[i].end;
                if (!same)
                    fprintf(stderr, "cross-check \"%s\" round %d budget %zu flags %u: %zu vs %zu\n",
                            alphabet, round, budgets[k], flags, got.count, w->count);
                CHECK(same);
                pd_free(got.m);
                /* two halves at once: split anywhere (1 byte and up), and not at all */
                CHECK(same_halves(ac, text, textlen, flags, 1, w));
                /* and every prefix of the first 300 bytes, so that the middle falls everywhere */
                for (size_t n = 0; n <= 300 && n <= textlen; n++) {
                    matches ordered = {0};
                    CHECK_INT(pd_ac_scan(ac, text, n, flags, collect, &ordered), 0);
                    if (!same_halves(ac, text, n, flags, 1, &ordered) ||
                        !same_halves(ac, text, n, flags, n, &ordered)) {
                        fprintf(stderr, "two halves of %zu bytes differ (\"%s\", budget %zu, flags %u)\n",
                                n, alphabet, budgets[k], flags);
                        CHECK(false);
                    }
                    pd_free(ordered.m);
                }
            }
            pd_ac_free(ac);
        }
        /* the whole-word automaton a policy uses, scanned as two halves */
        pd_ac *words;
        CHECK_INT(pd_ac_compile_words(&words, b, 0), PURDAH_OK);
        CHECK(same_halves(words, text, textlen, 0, 1, &want[1]));
        CHECK(same_halves(words, text, textlen, 0, textlen + 1, &want[1]));
        pd_ac_free(words);
        pd_free(want[0].m);
        pd_free(want[1].m);
        pd_ac_builder_free(b);
    }
    pd_free(pats);
    pd_free(text);
}

int main(void)
{
    test_classic();
    test_suffixes_and_dups();
    test_whole_words();
    test_edges_and_stop();
    test_binary();
    cross_check("ab", 300, 8, 2000, 5);
    cross_check("abc -", 2000, 6, 3000, 5);
    cross_check("ab#c d.", 1000, 10, 3000, 5);
    cross_check("abcdefghijklmnop q", 4000, 12, 3000, 3); /* wide sparse states */
    cross_check("a\xC3\xA9\xFF \x01", 1500, 9, 3000, 3);
    return harness_report();
}
