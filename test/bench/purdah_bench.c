/* purdah_bench.c: end-to-end benchmark of libpurdah through its public API (and, when built with
 * Hyperscan, of Hyperscan's literal matcher on the same literal list and text). Not a test: it
 * prints measurements, one "key<TAB>value" line each, which test/bench/bench.py turns into the
 * table (run everything with test/bench/run_bench.sh).
 *
 *   purdah-bench --names CSV [--text FILE] [--html FILE] [--drafts FILE] [--html-drafts FILE]
 *                [--literals FILE] [--runs N] [--threads N] [--date YYYY-MM-DD]
 *                [--latency-reps N] [--clock cpu|wall] [--compile-only]
 *
 * Single-threaded times are this thread's CPU time unless --clock wall (see now()); the
 * multi-threaded runs are always timed by the wall clock.
 *
 * What it measures (the policy is compiled once, before any timing of scans):
 *   load_ms, compile_ms       the default policy plus the candidates CSV: loading (parsing) and
 *                             purdah_policy_compile (first compile, as a program does it once)
 *   compile_peak_rss_kb       (--compile-only) peak RSS of the process after loading, compiling,
 *                             creating a scanner and checking one draft
 *   text_* / html_*           a full check (purdah_scan) of the whole file as one draft: median
 *                             seconds of --runs runs, MB/s, findings; *_half_* the same on the
 *                             first half of the file (linearity: MB/s should not change)
 *   docs_*                    the file split into its documents (at blank-line triples, the
 *                             releases), each checked separately, with 1..--threads threads (one
 *                             scanner per thread, one shared policy)
 *   lat_text_* / lat_html_*   per-draft latency of the 3 KB drafts (0x1E-separated), p50/p99/mean
 *                             in microseconds, one thread, every draft checked --latency-reps times
 *   hs_*                      Hyperscan 5: hs_compile_lit_multi of the literal list (one literal
 *                             a line) with HS_FLAG_CASELESS, block-mode scan of the text counting
 *                             every match (no word-boundary check: Hyperscan's literal API has
 *                             none); median of --runs
 *   peak_rss_kb               peak RSS of the whole run (inputs included) */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif
#include <purdah.h>

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#ifdef HAVE_HYPERSCAN
#include <hs.h>
#endif

/* Wall-clock time, for the multi-threaded runs. */
static double wall(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* The clock of single-threaded measurements: this thread's CPU time by default (--clock cpu), so
 * that other processes on a shared machine do not inflate the figures (time they take from us is
 * not counted), or wall-clock time (--clock wall). On an idle machine the two agree. */
static int use_wall_clock;
static double now(void)
{
    if (use_wall_clock) return wall();
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void die(const char *what, purdah_error *err)
{
    fprintf(stderr, "purdah-bench: %s: %s\n", what, err ? purdah_error_message(err) : "failed");
    exit(2);
}

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "purdah-bench: cannot open %s\n", path);
        exit(2);
    }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n) {
        fprintf(stderr, "purdah-bench: cannot read %s\n", path);
        exit(2);
    }
    fclose(f);
    buf[n] = '\0';
    *len = (size_t)n;
    return buf;
}

static long peak_rss_kb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double median(double *v, size_t n)
{
    qsort(v, n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static double percentile(double *sorted, size_t n, double p)
{
    size_t i = (size_t)(p * (double)(n - 1) + 0.5);
    return sorted[i < n ? i : n - 1];
}

/* ---- pieces of input ---- */

typedef struct span {
    const char *p;
    size_t n;
} span;

/* Splits buf at every occurrence of sep (sep_len bytes); empty pieces are dropped. */
static span *split(const char *buf, size_t len, const char *sep, size_t sep_len, size_t *count)
{
    size_t cap = 1024, n = 0;
    span *s = malloc(cap * sizeof *s);
    size_t at = 0;
    while (at < len) {
        const char *hit = NULL;
        for (size_t i = at; i + sep_len <= len; i++)
            if (memcmp(buf + i, sep, sep_len) == 0) {
                hit = buf + i;
                break;
            }
        size_t end = hit ? (size_t)(hit - buf) + sep_len : len;
        if (end > at) {
            if (n == cap) s = realloc(s, (cap *= 2) * sizeof *s);
            s[n++] = (span){buf + at, end - at};
        }
        at = end;
    }
    *count = n;
    return s;
}

/* ---- scanning ---- */

static const char *as_of = "2027-04-12";

typedef struct scan_stats {
    size_t findings;
    int verdict;
} scan_stats;

static void check(purdah_scanner *sc, const char *p, size_t n, purdah_format fmt, scan_stats *st)
{
    purdah_scan_options o = PURDAH_SCAN_OPTIONS_INIT;
    o.format = fmt;
    o.as_of = as_of;
    o.max_input_bytes = n + 1;
    purdah_result *r;
    purdah_error *err;
    if (purdah_scan(sc, p, n, &o, &r, &err) != PURDAH_OK) die("scan", err);
    if (st) {
        st->findings += purdah_result_finding_count(r);
        if ((int)purdah_result_verdict(r) > st->verdict) st->verdict = (int)purdah_result_verdict(r);
    }
    purdah_result_free(r);
}

/* The whole buffer as one draft, `runs` times: the median seconds. */
static double whole(purdah_scanner *sc, const char *p, size_t n, purdah_format fmt, int runs, scan_stats *st)
{
    double t[64];
    if (runs > 64) runs = 64;
    for (int r = 0; r < runs; r++) {
        scan_stats s = {0, 0};
        double t0 = now();
        check(sc, p, n, fmt, &s);
        t[r] = now() - t0;
        *st = s;
    }
    return median(t, (size_t)runs);
}

static void report_whole(const char *key, purdah_scanner *sc, const char *p, size_t n, purdah_format fmt, int runs)
{
    /* ... and its first half, cut at a line end: MB/s should be the same (linear time). Half, not
     * less: a person named anywhere in a draft makes their bare surname count everywhere after,
     * so the findings per MB settle only once the text has gone round the releases it repeats.
     * The two are timed in turn, run after run, so that neither gains from going second (memory
     * the machine reclaimed in between, caches, clock speed). */
    size_t m = n / 2;
    while (m < n && p[m - 1] != '\n') m++;
    check(sc, p, n, fmt, NULL); /* warm-up: buffers grown, pages touched */
    check(sc, p, m, fmt, NULL);
    double t[64], t_half[64];
    if (runs > 64) runs = 64;
    scan_stats st = {0, 0}, st_half = {0, 0};
    for (int r = 0; r < runs; r++) {
        t[r] = whole(sc, p, n, fmt, 1, &st);
        t_half[r] = whole(sc, p, m, fmt, 1, &st_half);
    }
    double sec = median(t, (size_t)runs), sec_half = median(t_half, (size_t)runs);
    printf("%s_bytes\t%zu\n%s_sec\t%.6f\n%s_mbs\t%.1f\n%s_findings\t%zu\n", key, n, key, sec, key,
           (double)n / sec / 1e6, key, st.findings);
    printf("%s_half_bytes\t%zu\n%s_half_mbs\t%.1f\n%s_half_findings\t%zu\n", key, m, key,
           (double)m / sec_half / 1e6, key, st_half.findings);
    fflush(stdout);
}

/* ---- documents in parallel ---- */

typedef struct pool {
    const purdah_policy *policy;
    const span *docs;
    size_t ndocs;
    purdah_format fmt;
    atomic_size_t next;
    atomic_size_t findings;
    double cpu[64]; /* each thread's CPU time */
} pool;

typedef struct worker_arg {
    pool *pl;
    int index;
} worker_arg;

static double thread_cpu(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void *worker(void *arg)
{
    pool *pl = ((worker_arg *)arg)->pl;
    double c0 = thread_cpu();
    purdah_scanner *sc;
    if (purdah_scanner_new(&sc, pl->policy) != PURDAH_OK) die("scanner", NULL);
    scan_stats st = {0, 0};
    for (;;) {
        size_t i = atomic_fetch_add(&pl->next, 1);
        if (i >= pl->ndocs) break;
        check(sc, pl->docs[i].p, pl->docs[i].n, pl->fmt, &st);
    }
    atomic_fetch_add(&pl->findings, st.findings);
    purdah_scanner_free(sc);
    pl->cpu[((worker_arg *)arg)->index] = thread_cpu() - c0;
    return NULL;
}

/* Wall seconds for all documents with `threads` threads; *cpu gets the CPU seconds they used. */
static double run_pool(const purdah_policy *policy, const span *docs, size_t ndocs, purdah_format fmt, int threads,
                       size_t *findings, double *cpu)
{
    pool pl = {policy, docs, ndocs, fmt, 0, 0, {0}};
    pthread_t tid[64];
    worker_arg wa[64];
    double t0 = wall();
    for (int i = 0; i < threads; i++) {
        wa[i] = (worker_arg){&pl, i};
        pthread_create(&tid[i], NULL, worker, &wa[i]);
    }
    for (int i = 0; i < threads; i++) pthread_join(tid[i], NULL);
    double dt = wall() - t0;
    *findings = pl.findings;
    *cpu = 0;
    for (int i = 0; i < threads; i++) *cpu += pl.cpu[i];
    return dt;
}

static void report_docs(const purdah_policy *policy, const char *buf, size_t len, int max_threads, int runs)
{
    size_t ndocs;
    span *docs = split(buf, len, "\n\n\n", 3, &ndocs);
    printf("docs_count\t%zu\ndocs_avg_bytes\t%zu\n", ndocs, ndocs ? len / ndocs : 0);
    for (int t = 1; t <= max_threads; t++) {
        size_t findings = 0;
        double v[64], c[64], cpu;
        run_pool(policy, docs, ndocs, PURDAH_FORMAT_TEXT, t, &findings, &cpu); /* warm-up */
        for (int r = 0; r < runs && r < 64; r++) {
            v[r] = run_pool(policy, docs, ndocs, PURDAH_FORMAT_TEXT, t, &findings, &cpu);
            c[r] = cpu;
        }
        double sec = median(v, (size_t)(runs < 64 ? runs : 64)), csec = median(c, (size_t)(runs < 64 ? runs : 64));
        /* cpu_mbs: MB per CPU-second of all threads together; when it stays at the 1-thread
         * figure, threads do not slow each other down and the wall-clock speed-up is bounded
         * only by the cores the machine actually gives us */
        printf("docs_t%d_mbs\t%.1f\ndocs_t%d_docs_per_sec\t%.0f\ndocs_t%d_cpu_mbs\t%.1f\ndocs_t%d_findings\t%zu\n", t,
               (double)len / sec / 1e6, t, (double)ndocs / sec, t, (double)len / csec / 1e6, t, findings);
        fflush(stdout);
    }
    free(docs);
}

/* ---- latency ---- */

static void report_latency(const char *key, purdah_scanner *sc, const char *buf, size_t len, purdah_format fmt, int reps)
{
    size_t n;
    span *d = split(buf, len, "\x1e", 1, &n);
    for (size_t i = 0; i < n; i++) /* drop the separator itself */
        if (d[i].n && d[i].p[d[i].n - 1] == '\x1e') d[i].n--;
    size_t total = n * (size_t)reps;
    double *t = malloc(total * sizeof *t);
    /* what reading the clock twice costs (the CPU-time clock is a system call), subtracted from
     * every sample */
    double cal[1001];
    for (int i = 0; i < 1001; i++) {
        double c0 = now();
        cal[i] = (now() - c0) * 1e6;
    }
    double overhead = median(cal, 1001);
    size_t bytes = 0;
    for (size_t i = 0; i < n; i++) check(sc, d[i].p, d[i].n, fmt, NULL); /* warm-up */
    scan_stats st = {0, 0};
    size_t k = 0;
    for (int r = 0; r < reps; r++)
        for (size_t i = 0; i < n; i++) {
            double t0 = now();
            check(sc, d[i].p, d[i].n, fmt, r == 0 ? &st : NULL);
            double us = (now() - t0) * 1e6 - overhead;
            t[k++] = us > 0 ? us : 0;
            if (r == 0) bytes += d[i].n;
        }
    /* each draft's fastest run: what the draft costs without interference from other processes
     * (their cache misses, interrupts); its p99 says whether the slow tail is the drafts or noise */
    double *best = malloc((n ? n : 1) * sizeof *best);
    for (size_t i = 0; i < n; i++) {
        best[i] = t[i];
        for (int r = 1; r < reps; r++)
            if (t[(size_t)r * n + i] < best[i]) best[i] = t[(size_t)r * n + i];
    }
    qsort(best, n, sizeof *best, cmp_double);
    printf("%s_best_p50_us\t%.1f\n%s_best_p99_us\t%.1f\n", key, percentile(best, n, 0.50), key, percentile(best, n, 0.99));
    free(best);
    qsort(t, total, sizeof *t, cmp_double);
    double sum = 0;
    for (size_t i = 0; i < total; i++) sum += t[i];
    printf("%s_timer_overhead_us\t%.2f\n", key, overhead);
    printf("%s_drafts\t%zu\n%s_avg_bytes\t%zu\n%s_p50_us\t%.1f\n%s_p99_us\t%.1f\n%s_max_us\t%.1f\n%s_mean_us\t%.1f\n"
           "%s_findings\t%zu\n",
           key, n, key, n ? bytes / n : 0, key, percentile(t, total, 0.50), key, percentile(t, total, 0.99), key,
           t[total - 1], key, sum / (double)total, key, st.findings);
    fflush(stdout);
    free(t);
    free(d);
}

/* ---- Hyperscan ---- */

#ifdef HAVE_HYPERSCAN
static int on_hs_match(unsigned id, unsigned long long from, unsigned long long to, unsigned flags, void *ctx)
{
    (void)id, (void)from, (void)to, (void)flags;
    ++*(size_t *)ctx;
    return 0;
}

static void report_hyperscan(const char *literals_path, const char *text, size_t len, int runs)
{
    size_t llen;
    char *lits = read_file(literals_path, &llen);
    size_t n = 0, cap = 1024;
    const char **exprs = malloc(cap * sizeof *exprs);
    size_t *lens = malloc(cap * sizeof *lens);
    for (char *line = lits; line < lits + llen;) {
        char *end = memchr(line, '\n', (size_t)(lits + llen - line));
        if (!end) end = lits + llen;
        if (end > line) {
            if (n == cap) {
                cap *= 2;
                exprs = realloc(exprs, cap * sizeof *exprs);
                lens = realloc(lens, cap * sizeof *lens);
            }
            exprs[n] = line;
            lens[n++] = (size_t)(end - line);
        }
        line = end + 1;
    }
    unsigned *flags = malloc(n * sizeof *flags), *ids = malloc(n * sizeof *ids);
    for (size_t i = 0; i < n; i++) {
        flags[i] = HS_FLAG_CASELESS;
        ids[i] = (unsigned)i;
    }
    hs_database_t *db = NULL;
    hs_compile_error_t *cerr = NULL;
    double t0 = now();
    if (hs_compile_lit_multi(exprs, flags, ids, lens, (unsigned)n, HS_MODE_BLOCK, NULL, &db, &cerr) != HS_SUCCESS) {
        fprintf(stderr, "purdah-bench: hyperscan: %s\n", cerr ? cerr->message : "compile failed");
        hs_free_compile_error(cerr);
        printf("hs_error\t1\n");
        return;
    }
    double compile = now() - t0;
    size_t dbsize = 0;
    hs_database_size(db, &dbsize);
    hs_scratch_t *scratch = NULL;
    hs_alloc_scratch(db, &scratch);
    double v[64];
    size_t matches = 0;
    if (runs > 64) runs = 64;
    hs_scan(db, text, (unsigned)len, 0, scratch, on_hs_match, &matches); /* warm-up */
    for (int r = 0; r < runs; r++) {
        matches = 0;
        t0 = now();
        hs_scan(db, text, (unsigned)len, 0, scratch, on_hs_match, &matches);
        v[r] = now() - t0;
    }
    double sec = median(v, (size_t)runs);
    printf("hs_literals\t%zu\nhs_compile_ms\t%.1f\nhs_db_bytes\t%zu\nhs_sec\t%.6f\nhs_mbs\t%.1f\nhs_matches\t%zu\n", n,
           compile * 1e3, dbsize, sec, (double)len / sec / 1e6, matches);
    fflush(stdout);
    hs_free_scratch(scratch);
    hs_free_database(db);
    free(flags);
    free(ids);
    free(exprs);
    free(lens);
    free(lits);
}
#endif

/* ---- main ---- */

static const char *arg_value(int argc, char **argv, int *i)
{
    if (*i + 1 >= argc) {
        fprintf(stderr, "purdah-bench: %s needs a value\n", argv[*i]);
        exit(2);
    }
    return argv[++*i];
}

int main(int argc, char **argv)
{
    const char *names = NULL, *text_path = NULL, *html_path = NULL, *drafts = NULL, *html_drafts = NULL,
               *literals = NULL;
    int runs = 5, threads = 2, reps = 5, compile_only = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--names")) names = arg_value(argc, argv, &i);
        else if (!strcmp(a, "--text")) text_path = arg_value(argc, argv, &i);
        else if (!strcmp(a, "--html")) html_path = arg_value(argc, argv, &i);
        else if (!strcmp(a, "--drafts")) drafts = arg_value(argc, argv, &i);
        else if (!strcmp(a, "--html-drafts")) html_drafts = arg_value(argc, argv, &i);
        else if (!strcmp(a, "--literals")) literals = arg_value(argc, argv, &i);
        else if (!strcmp(a, "--runs")) runs = atoi(arg_value(argc, argv, &i));
        else if (!strcmp(a, "--threads")) threads = atoi(arg_value(argc, argv, &i));
        else if (!strcmp(a, "--latency-reps")) reps = atoi(arg_value(argc, argv, &i));
        else if (!strcmp(a, "--date")) as_of = arg_value(argc, argv, &i);
        else if (!strcmp(a, "--compile-only")) compile_only = 1;
        else if (!strcmp(a, "--clock")) use_wall_clock = !strcmp(arg_value(argc, argv, &i), "wall");
        else {
            fprintf(stderr,
                    "usage: purdah-bench --names CSV [--text FILE] [--html FILE] [--drafts FILE] [--html-drafts FILE]\n"
                    "                    [--literals FILE] [--runs N] [--threads N] [--latency-reps N]\n"
                    "                    [--date YYYY-MM-DD] [--clock cpu|wall] [--compile-only]\n");
            return 2;
        }
    }
    if (runs < 1) runs = 1;
    if (threads < 1) threads = 1;
    if (threads > 64) threads = 64;
    if (reps < 1) reps = 1;
    printf("version\t%s\nclock\t%s\n", purdah_version_string(), use_wall_clock ? "wall" : "cpu");
#ifdef HAVE_HYPERSCAN
    printf("hyperscan\t%s\n", hs_version());
#endif

    /* the policy: default rules + candidates, compiled once */
    purdah_builder *b;
    purdah_error *err = NULL;
    purdah_policy *policy;
    double t0 = now();
    if (purdah_builder_new(&b) != PURDAH_OK) die("builder", NULL);
    if (purdah_builder_load_default(b, &err) != PURDAH_OK) die("default policy", err);
    if (names && purdah_builder_add_candidates_file(b, names, &err) != PURDAH_OK) die(names, err);
    double t1 = now();
    if (purdah_policy_compile(&policy, b, &err) != PURDAH_OK) die("compile", err);
    double t2 = now();
    purdah_builder_free(b);
    printf("load_ms\t%.1f\ncompile_ms\t%.1f\n", (t1 - t0) * 1e3, (t2 - t1) * 1e3);

    purdah_scanner *sc;
    if (purdah_scanner_new(&sc, policy) != PURDAH_OK) die("scanner", NULL);
    if (compile_only) {
        static const char draft[] = "Cllr Jane Smith said the Labour Party will launch a new scheme.\n";
        check(sc, draft, sizeof draft - 1, PURDAH_FORMAT_TEXT, NULL);
        printf("compile_peak_rss_kb\t%ld\n", peak_rss_kb());
        purdah_scanner_free(sc);
        purdah_policy_free(policy);
        return 0;
    }

    size_t tlen = 0;
    char *text = text_path ? read_file(text_path, &tlen) : NULL;
    if (text) report_whole("text", sc, text, tlen, PURDAH_FORMAT_TEXT, runs);
    if (html_path) {
        size_t hlen;
        char *h = read_file(html_path, &hlen);
        report_whole("html", sc, h, hlen, PURDAH_FORMAT_HTML, runs);
        free(h);
    }
    if (drafts) {
        size_t n;
        char *d = read_file(drafts, &n);
        report_latency("lat_text", sc, d, n, PURDAH_FORMAT_TEXT, reps);
        free(d);
    }
    if (html_drafts) {
        size_t n;
        char *d = read_file(html_drafts, &n);
        report_latency("lat_html", sc, d, n, PURDAH_FORMAT_HTML, reps);
        free(d);
    }
    if (text && threads > 0) report_docs(policy, text, tlen, threads, runs);
#ifdef HAVE_HYPERSCAN
    if (text && literals) report_hyperscan(literals, text, tlen, runs);
#else
    (void)literals;
#endif
    printf("peak_rss_kb\t%ld\n", peak_rss_kb());
    purdah_scanner_free(sc);
    purdah_policy_free(policy);
    free(text);
    return 0;
}
