/* test_fault.c: allocation failure at every allocation, in turn.
 *
 * Every allocation the library makes goes through pd_malloc, pd_malloc_large, pd_calloc and
 * pd_realloc_array (lib/util.c), which call malloc, posix_memalign, calloc and realloc. This test
 * is linked with -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=posix_memalign, so those
 * calls, from the library's objects and this file's alike, reach the __wrap_ functions below. While a scenario is armed, the wrappers
 * count the calls and make the Nth one fail (return NULL without allocating). The counter is a
 * global of this test binary only: the library itself has no fault-injection state, no test hook,
 * and is the very same internal library the other unit tests link.
 *
 * For each scenario, N = 1, 2, 3, ... until a run finishes without reaching its Nth allocation.
 * Each run must
 *   - not crash (AddressSanitizer and UndefinedBehaviorSanitizer in the sanitizer build),
 *   - return PURDAH_OK or PURDAH_ENOMEM, with every out-parameter NULL on failure and an error
 *     object (when one could be allocated) whose message is not empty,
 *   - when it returns PURDAH_OK although an allocation failed, give exactly the result of a run
 *     without failures (the JSON of the scan, or of a probe scan with the compiled policy): an
 *     allocation may be optional, but a piece may never go silently missing,
 *   - leak nothing: LeakSanitizer checks at exit in the sanitizer build (FAULT_LEAK_EACH=1 checks
 *     after every run and names the run that leaked).
 * Allocations made inside libxml2, PCRE2 and libzip use their own allocators and are not
 * injected here.
 *
 * Scenarios: compiling the default policy with candidates, members, elections and a non-working
 * day; loading a policy XML with an include, inline people, a regex rule and a score; loading
 * malformed sources (their error paths); creating a scanner and scanning one draft of each format
 * (text, HTML, Markdown, NewsML-G2 XML, Word, social), a degraded draft (invalid UTF-8, NUL
 * bytes, suppression directives with problems, truncation) and a by-election draft with areas;
 * computing windows; writing a result as JSON. Prints "N passed, N failed" and a line per
 * scenario with the number of allocations it makes. PURDAH_TEST_QUICK=1 (the valgrind setup)
 * tries about 500 evenly spaced allocations of the big scenarios instead of every one; FAULT_ONLY=
 * TEXT runs the scenarios whose name contains TEXT, and FAULT_VERBOSE=1 prints the stack of each
 * allocation whose failure the call survived. usage: test_fault */
#include "harness.h"

#include "purdah.h"

#include <errno.h>
#include <execinfo.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fault_fixtures.h"

#if defined(__SANITIZE_ADDRESS__)
#define FAULT_LSAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define FAULT_LSAN 1
#endif
#endif
#ifdef FAULT_LSAN
#include <sanitizer/lsan_interface.h>
#endif

/* ---- the allocator wrappers (test-only state) ---- */

void *__real_malloc(size_t size);
void *__real_calloc(size_t count, size_t size);
void *__real_realloc(void *ptr, size_t size);
void *__wrap_malloc(size_t size);
void *__wrap_calloc(size_t count, size_t size);
void *__wrap_realloc(void *ptr, size_t size);
int __real_posix_memalign(void **out, size_t align, size_t size);
int __wrap_posix_memalign(void **out, size_t align, size_t size);

static int armed;                 /* count and fail only while a scenario runs */
static unsigned long calls;       /* allocations seen in this run */
static unsigned long fail_at;     /* the call to fail (1-based); 0: none */
static int hit;                   /* the failure was injected in this run */
static void *hit_stack[24];       /* where (FAULT_VERBOSE=1 prints it for surprising runs) */
static int hit_depth;

static int should_fail(void)
{
    if (!armed) return 0;
    calls++;
    if (fail_at && calls == fail_at) {
        hit = 1;
        armed = 0; /* backtrace() may allocate */
        hit_depth = backtrace(hit_stack, 24);
        armed = 1;
        return 1;
    }
    return 0;
}

static void print_hit_stack(void)
{
    if (!getenv("FAULT_VERBOSE")) return;
    backtrace_symbols_fd(hit_stack, hit_depth, 2);
}

void *__wrap_malloc(size_t size) { return should_fail() ? NULL : __real_malloc(size); }
void *__wrap_calloc(size_t count, size_t size) { return should_fail() ? NULL : __real_calloc(count, size); }
void *__wrap_realloc(void *ptr, size_t size) { return should_fail() ? NULL : __real_realloc(ptr, size); }
int __wrap_posix_memalign(void **out, size_t align, size_t size)
{
    return should_fail() ? ENOMEM : __real_posix_memalign(out, align, size);
}

/* ---- shared state, made before anything is armed ---- */

#define AS_OF "2027-04-14"

static bool quick;            /* PURDAH_TEST_QUICK: sample the allocations of big scenarios */
static purdah_policy *policy; /* the default policy with the fixtures */
static char *probe_baseline;  /* the probe draft's JSON with `policy` */

static const char probe_draft[] =
    "Cllr Priya Okonkwo said the Labour group has delivered. Vote for the Green Party!\n"
    "We are launching a new scheme. Ann Mills attended with Ruth Ashworth.\n";

/* The JSON of scanning `draft` (unarmed), or NULL. */
static char *json_of_scan(const purdah_policy *p, const char *draft, size_t len, purdah_format format,
                          const char *const *areas, size_t area_count, size_t max_input)
{
    purdah_scanner *s = NULL;
    if (purdah_scanner_new(&s, p) != PURDAH_OK) return NULL;
    purdah_scan_options o = PURDAH_SCAN_OPTIONS_INIT;
    o.as_of = AS_OF;
    o.format = format;
    o.areas = areas;
    o.area_count = area_count;
    o.max_input_bytes = max_input;
    purdah_result *r = NULL;
    char *json = NULL;
    if (purdah_scan(s, draft, len, &o, &r, NULL) == PURDAH_OK) purdah_result_to_json(r, "draft", &json, NULL);
    purdah_result_free(r);
    purdah_scanner_free(s);
    return json;
}

/* ---- scenarios: each returns a status, and on success may set *json (caller frees) ---- */

typedef struct scenario scenario;
struct scenario {
    const char *name;
    int (*run)(const scenario *sc, char **json);
    /* for the scan scenarios */
    const unsigned char *draft;
    size_t len;
    purdah_format format;
    size_t max_input;
    int with_areas;
    char *baseline; /* the JSON of an unarmed run */
};

/* Fills a builder as the CLI would: default policy, candidates, members, elections. */
static int fill_builder(purdah_builder *b, purdah_error **err)
{
    int rc = purdah_builder_load_default(b, err);
    if (!rc)
        rc = purdah_builder_add_candidates_buffer(b, (const char *)fixture_candidates, sizeof fixture_candidates - 1,
                                                  "candidates.csv", err);
    if (!rc)
        rc = purdah_builder_add_candidates_buffer(b, (const char *)fixture_county, sizeof fixture_county - 1,
                                                  "candidates-county.csv", err);
    if (!rc)
        rc = purdah_builder_add_members_buffer(b, (const char *)fixture_members, sizeof fixture_members - 1,
                                               "members.csv", err);
    if (!rc) rc = purdah_builder_add_election(b, "local:2027-05-06", err);
    if (!rc) rc = purdah_builder_add_election(b, "by-election:2027-09-16:Millbrook, Abbey Park:notice=2027-08-11", err);
    if (!rc) rc = purdah_builder_add_non_working_day(b, "2027-04-19", err);
    return rc;
}

static int check_error(int rc, purdah_error *err);

/* The end of a compile scenario: frees the builder, checks the status and error, and (unarmed)
 * scans the probe draft with the policy, whose JSON is the scenario's result. */
static int finish_compile(purdah_builder *b, purdah_policy *p, int rc, purdah_error *err, char **json)
{
    purdah_builder_free(b);
    rc = check_error(rc, err);
    if (rc) return rc;
    armed = 0;
    *json = json_of_scan(p, probe_draft, sizeof probe_draft - 1, PURDAH_FORMAT_AUTO, NULL, 0, 0);
    armed = 1;
    purdah_policy_free(p);
    return PURDAH_OK;
}

/* Compiles with the builder the CLI would fill, then (unarmed) scans the probe draft. */
static int run_compile(const scenario *sc, char **json)
{
    (void)sc;
    purdah_builder *b = NULL;
    purdah_error *err = NULL;
    purdah_policy *p = (purdah_policy *)&p; /* must become NULL on failure */
    int rc = purdah_builder_new(&b);
    if (rc) {
        CHECK(b == NULL);
        return rc;
    }
    rc = fill_builder(b, &err);
    if (!rc) {
        rc = purdah_policy_compile(&p, b, &err);
        if (rc) CHECK(p == NULL);
    }
    return finish_compile(b, p, rc, err, json);
}

/* A policy XML with an include, wordlists, inline candidates and members, elections, a regex
 * rule, a non-working day and a score, loaded from memory; then the probe scan. */
static int run_policy_xml(const scenario *sc, char **json)
{
    (void)sc;
    purdah_builder *b = NULL;
    purdah_error *err = NULL;
    purdah_policy *p = NULL;
    int rc = purdah_builder_new(&b);
    if (rc) return rc;
    rc = purdah_builder_load_policy_buffer(b, (const char *)fixture_policy, sizeof fixture_policy - 1,
                                           "builtin:fault-policy.xml", &err);
    if (!rc) rc = purdah_policy_compile(&p, b, &err);
    return finish_compile(b, p, rc, err, json);
}

/* Sources with mistakes: each must be refused with its own status, or PURDAH_ENOMEM. The result
 * is the list of statuses and formatted errors, compared with an unarmed run. */
static int run_bad_sources(const scenario *sc, char **json)
{
    (void)sc;
    static const char *const bad_policy = "<policy xmlns=\"urn:purdah:policy:1\" name=\"x\">\n<rule id=\"a\"/>\n</policy>\n";
    static const char *const bad_csv = "name,party,area\nSam Green,Green Party\n";
    static const char *const bad_date_csv = "name,party,area,election_date\nA B,P,W,2027-02-30\n";
    purdah_builder *b = NULL;
    int rc = purdah_builder_new(&b);
    if (rc) return rc;
    char summary[2048] = "";
    struct {
        int rc;
        purdah_error *err;
    } r[4];
    memset(r, 0, sizeof r);
    r[0].rc = purdah_builder_load_policy_buffer(b, bad_policy, strlen(bad_policy), "bad.xml", &r[0].err);
    r[1].rc = purdah_builder_add_candidates_buffer(b, bad_csv, strlen(bad_csv), "bad.csv", &r[1].err);
    r[2].rc = purdah_builder_add_candidates_buffer(b, bad_date_csv, strlen(bad_date_csv), "date.csv", &r[2].err);
    r[3].rc = purdah_builder_add_election(b, "by-election:2027-09-16", &r[3].err);
    purdah_builder_free(b);
    int status = PURDAH_OK;
    for (size_t i = 0; i < 4; i++) {
        CHECK(r[i].rc != PURDAH_OK);
        if (r[i].rc == PURDAH_ENOMEM) {
            status = PURDAH_ENOMEM;
            purdah_error_free(r[i].err);
            continue;
        }
        /* The status must be right. The error object's own text may degrade when its allocations
         * fail (the message falls back to the status text, the file name goes), so only its
         * presence is checked. */
        if (r[i].err) CHECK(purdah_error_message(r[i].err)[0] != '\0');
        size_t used = strlen(summary);
        snprintf(summary + used, sizeof summary - used, "%d\n", r[i].rc);
        purdah_error_free(r[i].err);
    }
    if (status != PURDAH_OK) return status;
    armed = 0;
    *json = strdup(summary);
    armed = 1;
    return PURDAH_OK;
}

/* A scanner, one scan and its JSON. */
static int run_scan(const scenario *sc, char **json)
{
    purdah_scanner *s = NULL;
    int rc = purdah_scanner_new(&s, policy);
    if (rc) {
        CHECK(s == NULL);
        return rc;
    }
    static const char *const areas[] = {"Millbrook"};
    purdah_scan_options o = PURDAH_SCAN_OPTIONS_INIT;
    o.as_of = AS_OF;
    o.format = sc->format;
    o.max_input_bytes = sc->max_input;
    if (sc->with_areas) {
        o.areas = areas;
        o.area_count = 1;
    }
    purdah_result *r = (purdah_result *)&r;
    purdah_error *err = NULL;
    rc = purdah_scan(s, sc->draft, sc->len, &o, &r, &err);
    if (rc) CHECK(r == NULL);
    purdah_scanner_free(s);
    rc = check_error(rc, err);
    if (rc) return rc;
    char *out = (char *)&out;
    size_t len = 1;
    rc = purdah_result_to_json(r, "draft", &out, &len);
    if (rc) CHECK(out == NULL && len == 0);
    purdah_result_free(r);
    if (rc) return rc;
    armed = 0;
    *json = strdup(out);
    armed = 1;
    purdah_free(out);
    return PURDAH_OK;
}

/* Windows as of a date, for a draft about two areas, written out. */
static int run_windows(const scenario *sc, char **json)
{
    (void)sc;
    static const char *const areas[] = {"Millbrook", "Castle"};
    purdah_windows *w = (purdah_windows *)&w;
    purdah_error *err = NULL;
    int rc = purdah_policy_windows(policy, AS_OF, areas, 2, &w, &err);
    if (rc) CHECK(w == NULL);
    rc = check_error(rc, err);
    if (rc) return rc;
    armed = 0;
    char text[4096] = "";
    for (size_t i = 0; i < purdah_windows_count(w); i++) {
        const purdah_window *x = purdah_windows_get(w, i);
        size_t used = strlen(text);
        snprintf(text + used, sizeof text - used, "%s %s %s %s %s %zu %d %d\n", x->election, x->type, x->poll,
                 x->start, x->start_basis, x->area_count, x->in_window, x->applies);
    }
    *json = strdup(text);
    armed = 1;
    purdah_windows_free(w);
    return PURDAH_OK;
}

/* The status of an armed call: OK, or ENOMEM with a usable error object when there is one. */
static int check_error(int rc, purdah_error *err)
{
    if (rc == PURDAH_OK) {
        CHECK(err == NULL);
        return rc;
    }
    if (rc != PURDAH_ENOMEM)
        fprintf(stderr, "  status %d (%s), not ENOMEM: %s\n", rc, purdah_strerror(rc), purdah_error_message(err));
    CHECK_INT(rc, PURDAH_ENOMEM);
    if (err) {
        CHECK_INT(purdah_error_code(err), rc);
        CHECK(purdah_error_message(err)[0] != '\0');
    }
    purdah_error_free(err);
    return rc;
}

/* ---- the driver ---- */

static const unsigned char degraded_draft[] =
    "# purdah-disable-next-line candidate-named\n"
    "Cllr Priya Okonkwo \xFF\xFE visited\0 the hall.\n"
    "# purdah-disable candidate-nmaed -- a typo in the rule\n"
    "Ann Mills said it would reopen.\n"
    "# purdah-enable\n"
    "Vote for Labour! \xC3 The rest of this draft is past the size limit and is not checked.\n";

static const unsigned char by_election_draft[] =
    "Millbrook's new library opens. Chloe Hartigan, standing in Millbrook, said it was overdue.\n";

#define DRAFT(fixture) fixture, sizeof fixture - 1

static scenario scenarios[] = {
    {"compile default policy + CSVs + elections", run_compile, NULL, 0, 0, 0, 0, NULL},
    {"load policy XML (include, inline people, regex)", run_policy_xml, NULL, 0, 0, 0, 0, NULL},
    {"malformed sources (error paths)", run_bad_sources, NULL, 0, 0, 0, 0, NULL},
    {"scan text", run_scan, DRAFT(fixture_text), PURDAH_FORMAT_TEXT, 0, 0, NULL},
    {"scan html", run_scan, DRAFT(fixture_html), PURDAH_FORMAT_HTML, 0, 0, NULL},
    {"scan markdown", run_scan, DRAFT(fixture_markdown), PURDAH_FORMAT_MARKDOWN, 0, 0, NULL},
    {"scan xml (NewsML-G2)", run_scan, DRAFT(fixture_xml), PURDAH_FORMAT_XML, 0, 0, NULL},
    {"scan docx", run_scan, DRAFT(fixture_docx), PURDAH_FORMAT_DOCX, 0, 0, NULL},
    {"scan social", run_scan, DRAFT(fixture_social), PURDAH_FORMAT_SOCIAL, 0, 0, NULL},
    {"scan auto-detected html", run_scan, DRAFT(fixture_html), PURDAH_FORMAT_AUTO, 0, 0, NULL},
    {"scan degraded text (warnings, truncation)", run_scan, DRAFT(degraded_draft), PURDAH_FORMAT_TEXT, 200, 0, NULL},
    {"scan by-election draft with areas", run_scan, DRAFT(by_election_draft), PURDAH_FORMAT_TEXT, 0, 1, NULL},
    {"windows", run_windows, NULL, 0, 0, 0, 0, NULL},
};

int main(void)
{
    quick = getenv("PURDAH_TEST_QUICK") && strcmp(getenv("PURDAH_TEST_QUICK"), "0") != 0;
    void *warm[1];
    backtrace(warm, 1); /* loads what backtrace() needs before anything is armed */
    /* the shared policy and the baselines, with nothing armed */
    purdah_builder *b = NULL;
    purdah_error *err = NULL;
    if (purdah_builder_new(&b) || fill_builder(b, &err) || purdah_policy_compile(&policy, b, &err)) {
        fprintf(stderr, "cannot set up: %s\n", purdah_error_message(err));
        return 99;
    }
    purdah_builder_free(b);
    probe_baseline = json_of_scan(policy, probe_draft, sizeof probe_draft - 1, PURDAH_FORMAT_AUTO, NULL, 0, 0);
    if (!probe_baseline) return 99;

    int total_runs = 0;
    for (size_t i = 0; i < sizeof scenarios / sizeof scenarios[0]; i++) {
        scenario *sc = &scenarios[i];
        if (getenv("FAULT_ONLY") && !strstr(sc->name, getenv("FAULT_ONLY"))) continue; /* for debugging */
        /* the baseline: one run with no failure, which also counts the allocations */
        armed = 1;
        calls = 0;
        fail_at = 0;
        hit = 0;
        char *baseline = NULL;
        int rc = sc->run(sc, &baseline);
        armed = 0;
        unsigned long allocations = calls;
        if (rc != PURDAH_OK || !baseline) {
            fprintf(stderr, "%s: the run without failures failed (%d)\n", sc->name, rc);
            CHECK(0);
            free(baseline);
            continue;
        }
        sc->baseline = baseline;
        unsigned long failed_runs = 0, optional = 0, leaks = 0, wrong = 0;
        /* PURDAH_TEST_QUICK=1 (valgrind) samples the big scenarios: about 500 runs each */
        unsigned long step = quick && allocations > 2000 ? allocations / 500 + 1 : 1;
        for (unsigned long n = 1;; n += step) {
            char *json = NULL;
            armed = 1;
            calls = 0;
            fail_at = n;
            hit = 0;
            rc = sc->run(sc, &json);
            armed = 0;
            total_runs++;
            if (!hit) { /* finished without reaching its nth allocation: every one was tried */
                CHECK_INT(rc, PURDAH_OK);
                CHECK(json && strcmp(json, baseline) == 0);
                free(json);
                break;
            }
            if (rc == PURDAH_OK) {
                /* success despite the failure: allowed only when nothing is missing */
                if (!json || strcmp(json, baseline) != 0) {
                    fprintf(stderr, "%s: allocation %lu failed, yet the call succeeded with a different result:\n"
                            "  want %s\n  got  %s\n", sc->name, n, baseline, json ? json : "(null)");
                    CHECK(0);
                    wrong++;
                } else {
                    optional++;
                    if (getenv("FAULT_VERBOSE")) fprintf(stderr, "%s: allocation %lu is optional:\n", sc->name, n);
                }
                print_hit_stack();
            } else {
                failed_runs++;
                CHECK(json == NULL);
            }
            free(json);
#ifdef FAULT_LSAN
            /* LeakSanitizer's check at exit catches any leak (with the allocating stack); checking
             * after every run names the run too, but stops the world each time: opt in with
             * FAULT_LEAK_EACH=1 when hunting one down */
            if (getenv("FAULT_LEAK_EACH") && __lsan_do_recoverable_leak_check()) {
                fprintf(stderr, "%s: leak after failing allocation %lu (see the report above)\n", sc->name, n);
                CHECK(0);
                leaks++;
            }
#endif
            if (n > allocations + 1000) { /* the count should not grow with failures */
                fprintf(stderr, "%s: still hitting failures at allocation %lu of %lu\n", sc->name, n, allocations);
                CHECK(0);
                break;
            }
        }
        printf("%-50s %6lu allocations: %lu failed with ENOMEM, %lu optional, %lu wrong, %lu leaked%s\n",
               sc->name, allocations, failed_runs, optional, wrong, leaks, step > 1 ? " (sampled)" : "");
        free(baseline);
        sc->baseline = NULL;
    }
    printf("%d runs in all\n", total_runs);
    free(probe_baseline);
    purdah_policy_free(policy);
    return harness_report();
}
