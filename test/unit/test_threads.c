/* test_threads.c: one compiled policy shared by 16 threads, each with its own scanner, checking
 * different drafts in every format at once, gives exactly the single-threaded results; and one
 * scanner used by two threads at once is refused with PURDAH_EBUSY, never corrupted.
 *
 * The drafts are the golden corpus (test/golden: text, HTML, Markdown, NewsML-G2 and XML, Word,
 * social posts), checked with the default policy and the golden fixtures' candidates and members.
 * Run it under ThreadSanitizer too:
 *   CC=clang meson setup build-tsan -Db_sanitize=thread -Db_lundef=false && meson test -C build-tsan threads
 * Set PURDAH_TEST_QUICK=1 for fewer rounds (the valgrind test setup does).
 * usage: test_threads DATA_DIR  (test/data; the golden corpus is DATA_DIR/../golden) */
#include "harness.h"

#include "purdah.h"

#include <dirent.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define AS_OF "2027-04-14"
enum { THREADS = 16, MAX_DRAFTS = 512 };

/* ThreadSanitizer reads this in the TSan build (elsewhere it is never called). libzip converts each
 * entry's DOS time with mktime(), whose tzset() glibc guards with an internal lock ThreadSanitizer
 * cannot see (glibc is not instrumented), so concurrent Word scans look like a race in
 * tzset_internal. It is not one; nothing of purdah's is suppressed. */
const char *__tsan_default_suppressions(void);
const char *__tsan_default_suppressions(void) { return "race:tzset_internal\n"; }

typedef struct draft {
    char name[300];
    char *data;
    size_t len;
    purdah_format format;
    char *expected; /* the single-threaded JSON */
} draft;

static purdah_policy *policy;
static draft drafts[MAX_DRAFTS];
static size_t draft_count;
static size_t rounds = 3;

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 1 << 16, n = 0, got;
    char *data = malloc(cap);
    while (data && (got = fread(data + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) data = realloc(data, cap *= 2);
    }
    fclose(f);
    *len = n;
    return data;
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

static int by_name(const struct dirent **a, const struct dirent **b) { return strcmp((*a)->d_name, (*b)->d_name); }

static void load_drafts(const char *golden)
{
    struct dirent **names = NULL;
    int n = scandir(golden, &names, NULL, by_name);
    for (int i = 0; i < n; i++) {
        const char *name = names[i]->d_name;
        purdah_format format = PURDAH_FORMAT_AUTO;
        if (ends_with(name, ".social.txt")) format = PURDAH_FORMAT_SOCIAL;
        else if (ends_with(name, ".txt")) format = PURDAH_FORMAT_TEXT;
        else if (ends_with(name, ".html") || ends_with(name, ".md") || ends_with(name, ".xml") || ends_with(name, ".docx"))
            format = purdah_format_from_file_name(name);
        if (format != PURDAH_FORMAT_AUTO && draft_count < MAX_DRAFTS && strcmp(name, "README.md") != 0) {
            draft *d = &drafts[draft_count];
            char path[1400];
            snprintf(path, sizeof path, "%s/%s", golden, name);
            d->data = read_file(path, &d->len);
            if (d->data) {
                snprintf(d->name, sizeof d->name, "%s", name);
                d->format = format;
                draft_count++;
            }
        }
        free(names[i]);
    }
    free(names);
}

/* The JSON of one scan, or NULL. */
static char *json_of(purdah_scanner *s, const draft *d, int *status)
{
    purdah_scan_options o = PURDAH_SCAN_OPTIONS_INIT;
    o.as_of = AS_OF;
    o.format = d->format;
    purdah_result *r = NULL;
    char *json = NULL;
    *status = purdah_scan(s, d->data, d->len, &o, &r, NULL);
    if (*status == PURDAH_OK) purdah_result_to_json(r, d->name, &json, NULL);
    purdah_result_free(r);
    return json;
}

/* ---- 16 threads, one policy, a scanner each ---- */

static pthread_barrier_t start_together;

static void *worker(void *arg)
{
    size_t id = (size_t)arg, mismatches = 0;
    purdah_scanner *s = NULL;
    if (purdah_scanner_new(&s, policy) != PURDAH_OK) return (void *)(size_t)-1;
    pthread_barrier_wait(&start_together);
    for (size_t round = 0; round < rounds; round++) {
        for (size_t k = 0; k < draft_count; k++) {
            /* each thread walks the drafts from its own place, so different drafts run at once */
            const draft *d = &drafts[(k * 7 + id * (draft_count / THREADS + 1) + round) % draft_count];
            int status;
            char *json = json_of(s, d, &status);
            if (!json || strcmp(json, d->expected) != 0) {
                if (mismatches == 0) fprintf(stderr, "thread %zu: %s differs from the single-threaded result\n", id, d->name);
                mismatches++;
            }
            purdah_free(json);
        }
    }
    purdah_scanner_free(s);
    return (void *)mismatches;
}

static void test_sixteen_threads(void)
{
    purdah_scanner *s = NULL;
    CHECK_INT(purdah_scanner_new(&s, policy), PURDAH_OK);
    size_t formats[8] = {0};
    for (size_t i = 0; i < draft_count; i++) {
        int status;
        drafts[i].expected = json_of(s, &drafts[i], &status);
        CHECK(drafts[i].expected != NULL);
        formats[drafts[i].format]++;
    }
    purdah_scanner_free(s);
    /* every format is there */
    for (int f = PURDAH_FORMAT_TEXT; f <= PURDAH_FORMAT_SOCIAL; f++) {
        if (!formats[f]) fprintf(stderr, "no %s drafts\n", purdah_format_name((purdah_format)f));
        CHECK(formats[f] > 0);
    }
    pthread_barrier_init(&start_together, NULL, THREADS);
    pthread_t t[THREADS];
    for (size_t i = 0; i < THREADS; i++) CHECK_INT(pthread_create(&t[i], NULL, worker, (void *)i), 0);
    size_t total = 0;
    for (size_t i = 0; i < THREADS; i++) {
        void *mismatches = NULL;
        pthread_join(t[i], &mismatches);
        total += (size_t)mismatches;
    }
    pthread_barrier_destroy(&start_together);
    CHECK_INT(total, 0);
    printf("threads: %d threads x %zu rounds x %zu drafts: %zu mismatches\n", THREADS, rounds, draft_count, total);
}

/* ---- one scanner, two threads at once ---- */

typedef struct racer {
    purdah_scanner *scanner;
    const draft *d;
    pthread_barrier_t *barrier;
    int status;
    char *json;
    char message[256];
} racer;

static void *race(void *arg)
{
    racer *r = arg;
    pthread_barrier_wait(r->barrier);
    purdah_scan_options o = PURDAH_SCAN_OPTIONS_INIT;
    o.as_of = AS_OF;
    o.format = r->d->format;
    purdah_result *res = NULL;
    purdah_error *err = NULL;
    r->status = purdah_scan(r->scanner, r->d->data, r->d->len, &o, &res, &err);
    r->json = NULL;
    r->message[0] = '\0';
    if (r->status == PURDAH_OK) purdah_result_to_json(res, r->d->name, &r->json, NULL);
    else snprintf(r->message, sizeof r->message, "%s", purdah_error_message(err));
    if (r->status != PURDAH_OK && res) r->status = 99; /* a failed call must not hand out a result */
    purdah_result_free(res);
    purdah_error_free(err);
    return NULL;
}

static void test_shared_scanner_is_refused(void)
{
    /* a draft big enough that two scans overlap: the golden drafts repeated to ~1 MB */
    draft big = {"big.txt", NULL, 0, PURDAH_FORMAT_TEXT, NULL};
    size_t cap = (size_t)1 << 20;
    big.data = malloc(cap + 65536);
    for (size_t i = 0; big.len < cap; i = (i + 1) % draft_count)
        if (drafts[i].format == PURDAH_FORMAT_TEXT && drafts[i].len < 65536) {
            memcpy(big.data + big.len, drafts[i].data, drafts[i].len);
            big.len += drafts[i].len;
        }
    purdah_scanner *s = NULL;
    CHECK_INT(purdah_scanner_new(&s, policy), PURDAH_OK);
    int status;
    big.expected = json_of(s, &big, &status);
    CHECK(big.expected != NULL);

    pthread_barrier_t barrier;
    pthread_barrier_init(&barrier, NULL, 2);
    size_t busy = 0, both_ok = 0, wrong = 0, tries = 0, max_tries = rounds > 1 ? 400 : 100;
    while (tries < max_tries && busy < 25) {
        tries++;
        racer a = {s, &big, &barrier, 0, NULL, ""}, b = a;
        pthread_t ta, tb;
        pthread_create(&ta, NULL, race, &a);
        pthread_create(&tb, NULL, race, &b);
        pthread_join(ta, NULL);
        pthread_join(tb, NULL);
        racer *r[2] = {&a, &b};
        size_t ok = 0;
        for (int k = 0; k < 2; k++) {
            if (r[k]->status == PURDAH_OK) {
                ok++;
                if (!r[k]->json || strcmp(r[k]->json, big.expected) != 0) wrong++; /* corrupted */
            } else if (r[k]->status == PURDAH_EBUSY) {
                busy++;
                if (!strstr(r[k]->message, "one scanner per thread")) wrong++;
            } else {
                wrong++;
            }
            purdah_free(r[k]->json);
        }
        if (ok == 0) wrong++; /* one of the two always gets the scanner */
        if (ok == 2) both_ok++; /* they did not overlap this time */
    }
    pthread_barrier_destroy(&barrier);
    printf("threads: one scanner, two threads, %zu tries: %zu refused with PURDAH_EBUSY, %zu did not overlap, %zu wrong\n",
           tries, busy, both_ok, wrong);
    CHECK_INT(wrong, 0);
    CHECK(busy > 0); /* they did overlap, and the overlap was caught */
    /* the scanner is still good */
    char *json = json_of(s, &big, &status);
    CHECK(json && strcmp(json, big.expected) == 0);
    purdah_free(json);
    purdah_free(big.expected);
    free(big.data);
    purdah_scanner_free(s);
}

int main(int argc, char **argv)
{
    const char *data_dir = argc > 1 ? argv[1] : "test/data";
    if (getenv("PURDAH_TEST_QUICK") && strcmp(getenv("PURDAH_TEST_QUICK"), "0") != 0) rounds = 1;
    char golden[1024], path[1100];
    snprintf(golden, sizeof golden, "%s/../golden", data_dir);
    load_drafts(golden);
    if (draft_count < 10) {
        fprintf(stderr, "cannot read the golden drafts in %s\n", golden);
        return 99;
    }
    purdah_builder *b = NULL;
    purdah_error *err = NULL;
    int rc = purdah_builder_new(&b);
    if (!rc) rc = purdah_builder_load_default(b, &err);
    static const char *const candidates[] = {"candidates.csv", "candidates-county.csv"};
    for (size_t i = 0; !rc && i < 2; i++) {
        snprintf(path, sizeof path, "%s/fixtures/%s", golden, candidates[i]);
        rc = purdah_builder_add_candidates_file(b, path, &err);
    }
    snprintf(path, sizeof path, "%s/fixtures/members.csv", golden);
    if (!rc) rc = purdah_builder_add_members_file(b, path, &err);
    if (!rc) rc = purdah_builder_add_election(b, "local:2027-05-06", &err);
    if (!rc) rc = purdah_builder_add_election(b, "by-election:2027-09-16:Millbrook:notice=2027-08-11", &err);
    if (!rc) rc = purdah_policy_compile(&policy, b, &err);
    purdah_builder_free(b);
    if (rc) {
        fprintf(stderr, "cannot set up: %s\n", purdah_error_message(err));
        return 99;
    }
    test_sixteen_threads();
    test_shared_scanner_is_refused();
    for (size_t i = 0; i < draft_count; i++) {
        free(drafts[i].data);
        purdah_free(drafts[i].expected);
    }
    purdah_policy_free(policy);
    return harness_report();
}
