/* fuzz_common.h: shared by the libFuzzer targets in test/fuzz (one fuzz_<target>.c each).
 *
 * Each target defines LLVMFuzzerTestOneInput. Built with clang and -Dfuzzing=true it links
 * libFuzzer; otherwise it links replay_main.c, which runs the corpus and the regression inputs
 * through the same function as an ordinary test. Invariants are checked with FUZZ_CHECK, which
 * aborts (a crash for libFuzzer, a failed test for the replay build) whatever NDEBUG says:
 *   - every finding's [start, end) lies inside the bytes it points into, start <= end, findings
 *     are ordered by start, their text is exactly those bytes, and line and column are where the
 *     bytes are (1-based, columns in code points, CRLF and a lone CR each one line break);
 *   - the extraction's segments cover its text in order and its offset map stays in the input;
 *   - the JSON of every result is well-formed JSON with valid UTF-8 strings;
 *   - scanning the same draft twice with one scanner gives the same JSON (no state leaks from
 *     one scan into the next);
 *   - a draft over max_input_bytes is truncated with a warning (formats that can be truncated)
 *     or refused with PURDAH_ELIMIT (Word).
 * No state is kept between inputs except the compiled policy and the scanner (both reused, as a
 * real caller would). */
#ifndef PD_FUZZ_COMMON_H
#define PD_FUZZ_COMMON_H

#include "scan.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_fixtures.h" /* generated: fixture_candidates, fixture_county, fixture_members */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(cond)                                                                           \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "%s:%d: invariant violated: %s\n", __FILE__, __LINE__, #cond);         \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

/* The as-of date the drafts are checked on: inside the window of the 2027-05-06 local elections
 * (the default policy's next ordinary election), so every rule is live. */
#define FUZZ_AS_OF "2027-04-14"

/* ---- a strict JSON checker (RFC 8259): returns the end of the value, or NULL ---- */

static inline const char *fuzz_json_ws(const char *p, const char *end)
{
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')) p++;
    return p;
}

static inline const char *fuzz_json_string(const char *p, const char *end)
{
    if (p >= end || *p != '"') return NULL;
    p++;
    while (p < end) {
        unsigned char c = (unsigned char)*p;
        if (c == '"') return p + 1;
        if (c < 0x20) return NULL;
        if (c == '\\') {
            if (++p >= end) return NULL;
            if (*p == 'u') {
                for (int i = 1; i <= 4; i++)
                    if (p + i >= end || !strchr("0123456789abcdefABCDEF", p[i]) || !p[i]) return NULL;
                p += 5;
            } else if (strchr("\"\\/bfnrt", *p) && *p) {
                p++;
            } else {
                return NULL;
            }
            continue;
        }
        if (c < 0x80) { p++; continue; }
        /* valid UTF-8 only: no overlongs, surrogates or code points past U+10FFFF */
        size_t n;
        uint32_t cp;
        if (c >= 0xC2 && c <= 0xDF) { n = 2; cp = c & 0x1F; }
        else if (c >= 0xE0 && c <= 0xEF) { n = 3; cp = c & 0x0F; }
        else if (c >= 0xF0 && c <= 0xF4) { n = 4; cp = c & 0x07; }
        else return NULL;
        if ((size_t)(end - p) < n) return NULL;
        for (size_t i = 1; i < n; i++) {
            if (((unsigned char)p[i] & 0xC0) != 0x80) return NULL;
            cp = (cp << 6) | ((unsigned char)p[i] & 0x3F);
        }
        if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
            (cp >= 0xD800 && cp <= 0xDFFF))
            return NULL;
        p += n;
    }
    return NULL;
}

static inline const char *fuzz_json_value(const char *p, const char *end, int depth)
{
    if (depth > 64) return NULL;
    p = fuzz_json_ws(p, end);
    if (p >= end) return NULL;
    if (*p == '"') return fuzz_json_string(p, end);
    if (*p == '{' || *p == '[') {
        char close = *p == '{' ? '}' : ']';
        bool object = *p == '{';
        p = fuzz_json_ws(p + 1, end);
        if (p < end && *p == close) return p + 1;
        for (;;) {
            if (object) {
                p = fuzz_json_string(fuzz_json_ws(p, end), end);
                if (!p) return NULL;
                p = fuzz_json_ws(p, end);
                if (p >= end || *p != ':') return NULL;
                p++;
            }
            p = fuzz_json_value(p, end, depth + 1);
            if (!p) return NULL;
            p = fuzz_json_ws(p, end);
            if (p >= end) return NULL;
            if (*p == close) return p + 1;
            if (*p != ',') return NULL;
            p++;
        }
    }
    static const char *const words[] = {"true", "false", "null"};
    for (size_t i = 0; i < 3; i++) {
        size_t n = strlen(words[i]);
        if ((size_t)(end - p) >= n && memcmp(p, words[i], n) == 0) return p + n;
    }
    /* a number: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? */
    const char *q = p;
    if (q < end && *q == '-') q++;
    if (q >= end || *q < '0' || *q > '9') return NULL;
    if (*q == '0') q++;
    else while (q < end && *q >= '0' && *q <= '9') q++;
    if (q < end && *q == '.') {
        q++;
        if (q >= end || *q < '0' || *q > '9') return NULL;
        while (q < end && *q >= '0' && *q <= '9') q++;
    }
    if (q < end && (*q == 'e' || *q == 'E')) {
        q++;
        if (q < end && (*q == '+' || *q == '-')) q++;
        if (q >= end || *q < '0' || *q > '9') return NULL;
        while (q < end && *q >= '0' && *q <= '9') q++;
    }
    return q;
}

static inline void fuzz_check_json(const char *json, size_t len)
{
    FUZZ_CHECK(json != NULL);
    FUZZ_CHECK(strlen(json) == len);
    const char *end = fuzz_json_value(json, json + len, 0);
    FUZZ_CHECK(end != NULL);
    FUZZ_CHECK(fuzz_json_ws(end, json + len) == json + len);
}

/* ---- results ---- */

/* Checks a result against the bytes its offsets point into. */
static inline void fuzz_check_result(const purdah_result *r, const char *input, size_t input_len,
                              purdah_format format, const char *as_of)
{
    FUZZ_CHECK(r != NULL);
    const char *src = input;
    size_t src_len = input_len;
    const char *offsets = purdah_result_offsets(r);
    if (strcmp(offsets, "text") == 0) {
        FUZZ_CHECK(strcmp(purdah_result_format(r), "docx") == 0);
        src = purdah_result_text(r, &src_len);
        FUZZ_CHECK(src != NULL);
    } else {
        FUZZ_CHECK(strcmp(offsets, "input") == 0);
        FUZZ_CHECK(purdah_result_text(r, NULL) == NULL);
    }
    if (format != PURDAH_FORMAT_AUTO) FUZZ_CHECK(strcmp(purdah_result_format(r), purdah_format_name(format)) == 0);
    FUZZ_CHECK(purdah_result_score(r) >= 0 && purdah_result_score(r) <= 100);
    FUZZ_CHECK((unsigned)purdah_result_verdict(r) <= PURDAH_VERDICT_BLOCK);
    FUZZ_CHECK(purdah_result_as_of(r) && strcmp(purdah_result_as_of(r), as_of) == 0);

    size_t pos = 0, line = 1, column = 1, prev_start = 0;
    bool any_unsuppressed_block = false;
    for (size_t i = 0; i < purdah_result_finding_count(r); i++) {
        const purdah_finding *f = purdah_result_finding(r, i);
        FUZZ_CHECK(f && f->rule && f->rule_id && strcmp(f->rule_id, f->rule->id) == 0);
        FUZZ_CHECK(f->category && strcmp(f->category, f->rule->category) == 0);
        FUZZ_CHECK(f->start <= f->end && f->end <= src_len);
        FUZZ_CHECK(f->start >= prev_start); /* ordered by start */
        prev_start = f->start;
        FUZZ_CHECK(f->text && memcmp(f->text, src + f->start, f->end - f->start) == 0 &&
                   f->text[f->end - f->start] == '\0');
        FUZZ_CHECK(f->severity <= PURDAH_SEVERITY_BLOCK);
        FUZZ_CHECK(f->role && f->message && f->context);
        FUZZ_CHECK(f->clause_count == 0 || f->clauses);
        for (size_t k = 0; k < f->clause_count; k++) FUZZ_CHECK(f->clauses[k] && f->clauses[k]->id);
        FUZZ_CHECK(!f->suppressed || f->suppression);
        if (!f->suppressed && f->severity == PURDAH_SEVERITY_BLOCK) any_unsuppressed_block = true;
        /* line and column, recounted here */
        while (pos < f->start) {
            unsigned char c = (unsigned char)src[pos];
            if (c == '\n' || (c == '\r' && !(pos + 1 < src_len && src[pos + 1] == '\n'))) {
                line++;
                column = 1;
            } else if ((c & 0xC0) != 0x80) {
                column++;
            }
            pos++;
        }
        FUZZ_CHECK(f->line == line && f->column == column);
    }
    if (any_unsuppressed_block) FUZZ_CHECK(purdah_result_verdict(r) == PURDAH_VERDICT_BLOCK);
    for (size_t i = 0; i < purdah_result_warning_count(r); i++) FUZZ_CHECK(purdah_result_warning(r, i) != NULL);
    for (size_t i = 0; i < purdah_result_window_count(r); i++) {
        const purdah_window *w = purdah_result_window(r, i);
        FUZZ_CHECK(w && w->election && w->type && w->start_basis);
        FUZZ_CHECK(strlen(w->poll) == 10 && strlen(w->start) == 10 && strlen(w->end) == 10);
        FUZZ_CHECK(strcmp(w->start, w->end) <= 0);
        FUZZ_CHECK(w->area_count == 0 || w->areas);
    }
}

/* The extraction the scanner made: segments cover the text in order, runs stay in the input. */
static inline void fuzz_check_extracted(const pd_extracted *x, size_t input_len)
{
    size_t at = 0;
    for (size_t i = 0; i < x->segment_count; i++) {
        const pd_segment *g = &x->segments[i];
        FUZZ_CHECK(g->start == at && g->end > g->start && (unsigned)g->role < PD_ROLE_COUNT);
        at = g->end;
    }
    FUZZ_CHECK(at == x->len);
    if (!x->borrowed) FUZZ_CHECK(x->text == x->owned && x->text[x->len] == '\0');
    if (x->flags & PD_EXTRACT_TEXT_OFFSETS) {
        FUZZ_CHECK(x->map.count == 0);
        return;
    }
    size_t out = 0;
    for (size_t i = 0; i < x->map.count; i++) {
        const pd_offrun *run = &x->map.runs[i];
        FUZZ_CHECK(run->out == out && run->out_len > 0);
        FUZZ_CHECK((size_t)run->in + run->in_len <= input_len);
        out = (size_t)run->out + run->out_len;
    }
    if (x->map.count) FUZZ_CHECK(out == x->len);
}

/* A failed call's error: the status it returned, a message, and formatting that works. When
 * `file` is given, the error must name it (errors in a source name the source). */
static inline void fuzz_check_error(int rc, purdah_error *err, const char *file)
{
    FUZZ_CHECK(rc < 0 && rc >= PURDAH_EVERSION);
    FUZZ_CHECK(err != NULL && purdah_error_code(err) == rc);
    const char *message = purdah_error_message(err);
    FUZZ_CHECK(message != NULL && message[0] != '\0');
    if (file) {
        if (!purdah_error_file(err) || strcmp(purdah_error_file(err), file) != 0) {
            fprintf(stderr, "error does not name %s: %s: %s\n", file,
                    purdah_error_file(err) ? purdah_error_file(err) : "(no file)", message);
            FUZZ_CHECK(!"the error names the file it is in");
        }
    }
    char *text = NULL;
    FUZZ_CHECK(purdah_error_format(err, &text) == PURDAH_OK && text != NULL);
    purdah_free(text);
}

/* Scans `draft` with a fresh scanner on `policy` and checks the result. */
static inline void fuzz_scan_with(const purdah_policy *policy, const char *draft, size_t len, const char *as_of)
{
    purdah_scanner *s = NULL;
    FUZZ_CHECK(purdah_scanner_new(&s, policy) == PURDAH_OK);
    purdah_scan_options o = PURDAH_SCAN_OPTIONS_INIT;
    o.as_of = as_of;
    purdah_result *r = NULL;
    purdah_error *err = NULL;
    int rc = purdah_scan(s, draft, len, &o, &r, &err);
    if (rc != PURDAH_OK) fprintf(stderr, "scan: %s\n", purdah_error_message(err));
    FUZZ_CHECK(rc == PURDAH_OK);
    fuzz_check_extracted(&s->extracted, len);
    fuzz_check_result(r, draft, len, PURDAH_FORMAT_AUTO, as_of);
    char *json = NULL;
    size_t json_len = 0;
    FUZZ_CHECK(purdah_result_to_json(r, NULL, &json, &json_len) == PURDAH_OK);
    fuzz_check_json(json, json_len);
    purdah_free(json);
    purdah_result_free(r);
    purdah_scanner_free(s);
}

/* Checks the public view of a compiled policy: rules, clauses and windows. */
static inline void fuzz_check_policy(const purdah_policy *p, const char *as_of)
{
    FUZZ_CHECK(purdah_policy_jurisdiction(p) != NULL);
    for (size_t i = 0; i < purdah_policy_rule_count(p); i++) {
        const purdah_rule *rule = purdah_policy_rule(p, i);
        FUZZ_CHECK(rule && rule->id && rule->category && rule->description && rule->message);
        FUZZ_CHECK(purdah_policy_find_rule(p, rule->id) != NULL);
        FUZZ_CHECK(rule->clause_count == 0 || rule->clauses);
        for (size_t k = 0; k < rule->clause_count; k++) FUZZ_CHECK(rule->clauses[k] && rule->clauses[k]->id);
    }
    for (size_t i = 0; i < purdah_policy_clause_count(p); i++) {
        const purdah_clause *c = purdah_policy_clause(p, i);
        FUZZ_CHECK(c && c->id && c->title && c->source && c->text);
        FUZZ_CHECK(purdah_policy_find_clause(p, c->id) != NULL);
    }
    purdah_windows *w = NULL;
    purdah_error *err = NULL;
    int rc = purdah_policy_windows(p, as_of, NULL, 0, &w, &err);
    if (rc != PURDAH_OK) fprintf(stderr, "windows: %s\n", purdah_error_message(err));
    FUZZ_CHECK(rc == PURDAH_OK);
    for (size_t i = 0; i < purdah_windows_count(w); i++) {
        const purdah_window *x = purdah_windows_get(w, i);
        FUZZ_CHECK(x && x->election && x->type && x->start_basis);
        FUZZ_CHECK(strlen(x->poll) == 10 && strlen(x->start) == 10 && strlen(x->end) == 10);
        FUZZ_CHECK(strcmp(x->start, x->end) <= 0 && strcmp(x->end, x->poll) == 0);
        FUZZ_CHECK(x->in_window == (strcmp(x->start, as_of) <= 0 && strcmp(as_of, x->end) <= 0));
        FUZZ_CHECK(x->area_count == 0 || x->areas);
        for (size_t k = 0; k < x->area_count; k++) FUZZ_CHECK(x->areas[k] != NULL);
    }
    purdah_windows_free(w);
}

/* ---- the drafts targets: the default policy with the golden corpus's candidates ---- */

static purdah_policy *fuzz_policy __attribute__((unused));
static purdah_scanner *fuzz_scanner __attribute__((unused));

static inline void fuzz_die(const char *what, purdah_error *err)
{
    fprintf(stderr, "fuzz setup: %s: %s\n", what, err ? purdah_error_message(err) : "failed");
    abort();
}

static inline void fuzz_setup_default_policy(void)
{
    if (fuzz_scanner) return;
    purdah_builder *b = NULL;
    purdah_error *err = NULL;
    if (purdah_builder_new(&b)) fuzz_die("builder", NULL);
    if (purdah_builder_load_default(b, &err)) fuzz_die("default policy", err);
    if (purdah_builder_add_candidates_buffer(b, (const char *)fixture_candidates, sizeof fixture_candidates - 1,
                                             "candidates.csv", &err))
        fuzz_die("candidates", err);
    if (purdah_builder_add_candidates_buffer(b, (const char *)fixture_county, sizeof fixture_county - 1,
                                             "candidates-county.csv", &err))
        fuzz_die("candidates", err);
    if (purdah_builder_add_members_buffer(b, (const char *)fixture_members, sizeof fixture_members - 1,
                                          "members.csv", &err))
        fuzz_die("members", err);
    if (purdah_builder_add_election(b, "local:2027-05-06", &err) ||
        purdah_builder_add_election(b, "by-election:2027-09-16:Millbrook:notice=2027-08-11", &err))
        fuzz_die("elections", err);
    if (purdah_policy_compile(&fuzz_policy, b, &err)) fuzz_die("compile", err);
    purdah_builder_free(b);
    if (purdah_scanner_new(&fuzz_scanner, fuzz_policy)) fuzz_die("scanner", NULL);
}

/* Scans and checks; returns the JSON of the result (caller frees), or NULL when the scan failed
 * (the status is in *status). */
static inline char *fuzz_scan_once(const char *input, size_t len, purdah_format format, size_t max_input,
                            int *status, bool *truncated)
{
    purdah_scan_options o = PURDAH_SCAN_OPTIONS_INIT;
    o.as_of = FUZZ_AS_OF;
    o.format = format;
    o.max_input_bytes = max_input;
    purdah_result *r = NULL;
    purdah_error *err = NULL;
    *status = purdah_scan(fuzz_scanner, input, len, &o, &r, &err);
    *truncated = false;
    if (*status != PURDAH_OK) {
        FUZZ_CHECK(r == NULL && err != NULL && purdah_error_code(err) == *status);
        FUZZ_CHECK(purdah_error_message(err) != NULL);
        char *text = NULL;
        FUZZ_CHECK(purdah_error_format(err, &text) == PURDAH_OK && text != NULL);
        purdah_free(text);
        purdah_error_free(err);
        /* only a Word document can be unreadable; the other formats always degrade instead */
        FUZZ_CHECK(*status == PURDAH_ELIMIT || format == PURDAH_FORMAT_DOCX ||
                   (format == PURDAH_FORMAT_AUTO && pd_looks_like_docx(input, len < 65536 ? len : 65536)));
        return NULL;
    }
    FUZZ_CHECK(err == NULL);
    size_t checked_len = len;
    for (size_t i = 0; i < purdah_result_warning_count(r); i++)
        if (strstr(purdah_result_warning(r, i), "input truncated")) *truncated = true;
    if (max_input && len > max_input) {
        FUZZ_CHECK(*truncated);
        checked_len = max_input;
    }
    fuzz_check_extracted(&fuzz_scanner->extracted, checked_len);
    fuzz_check_result(r, input, checked_len, format, FUZZ_AS_OF);
    char *json = NULL;
    size_t json_len = 0;
    FUZZ_CHECK(purdah_result_to_json(r, "draft", &json, &json_len) == PURDAH_OK);
    fuzz_check_json(json, json_len);
    purdah_result_free(r);
    return json;
}

/* The whole pipeline for one draft in one format: scan, check, scan again (same JSON), and scan
 * with a size limit below the draft's size. */
static inline void fuzz_scan_draft(const uint8_t *data, size_t size, purdah_format format)
{
    fuzz_setup_default_policy();
    /* an exact-size copy: ASan catches any read past the end */
    char *input = malloc(size ? size : 1);
    FUZZ_CHECK(input != NULL);
    if (size) memcpy(input, data, size);
    int status, status2;
    bool truncated;
    char *json = fuzz_scan_once(input, size, format, 0, &status, &truncated);
    FUZZ_CHECK(!truncated);
    char *again = fuzz_scan_once(input, size, format, 0, &status2, &truncated);
    FUZZ_CHECK(status == status2);
    FUZZ_CHECK((json == NULL) == (again == NULL));
    if (json) {
        if (strcmp(json, again) != 0) {
            fprintf(stderr, "first scan:  %s\nsecond scan: %s\n", json, again);
            FUZZ_CHECK(!"the same draft scanned twice gives the same result");
        }
    }
    purdah_free(json);
    purdah_free(again);
    if (size > 1) {
        size_t limit = size / 2;
        json = fuzz_scan_once(input, size, format, limit, &status, &truncated);
        if (format == PURDAH_FORMAT_DOCX) FUZZ_CHECK(status == PURDAH_ELIMIT);
        else if (format != PURDAH_FORMAT_AUTO) FUZZ_CHECK(status == PURDAH_OK && truncated);
        purdah_free(json);
    }
    free(input);
}

#endif
