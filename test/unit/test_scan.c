/* test_scan.c: the engine end to end on the small test policy (test/data/mini): how people are
 * named and quoted, windows and by-election areas, ambiguous party words and ordinary phrases,
 * exemptions, HTML offsets and roles, scores and verdicts, degradation warnings and the API
 * contracts of scanners and results. usage: test_scan DATA_DIR */
#include "harness.h"
#include "mini_policy.h"

#include "scan.h"

#include <pthread.h>
#include <stdio.h>

static const char *data_dir;
static purdah_policy *policy;
static purdah_scanner *scanner;

static purdah_result *scan_as(const char *date, const char *area, purdah_format format, const char *text)
{
    purdah_scan_options o = PURDAH_SCAN_OPTIONS_INIT;
    o.as_of = date;
    o.format = format;
    const char *areas[1] = {area};
    if (area) {
        o.areas = areas;
        o.area_count = 1;
    }
    purdah_result *r = NULL;
    purdah_error *err = NULL;
    int rc = purdah_scan(scanner, text, strlen(text), &o, &r, &err);
    if (rc) fprintf(stderr, "scan failed: %s\n", purdah_error_message(err));
    purdah_error_free(err);
    return r;
}

static purdah_result *scan(const char *date, const char *text)
{
    return scan_as(date, NULL, PURDAH_FORMAT_AUTO, text);
}

/* The first finding of `rule` whose text is `text` (any text when NULL). */
static const purdah_finding *find(const purdah_result *r, const char *rule, const char *text)
{
    for (size_t i = 0; i < purdah_result_finding_count(r); i++) {
        const purdah_finding *f = purdah_result_finding(r, i);
        if (strcmp(f->rule_id, rule) == 0 && (!text || strcmp(f->text, text) == 0)) return f;
    }
    return NULL;
}

static size_t count_rule(const purdah_result *r, const char *rule)
{
    size_t n = 0;
    for (size_t i = 0; i < purdah_result_finding_count(r); i++) n += strcmp(purdah_result_finding(r, i)->rule_id, rule) == 0;
    return n;
}

#define IN "2027-04-12"  /* inside the local window (2027-03-31 to 2027-05-06) */
#define OUT "2026-11-20" /* outside every window */

static void test_name_forms(void)
{
    purdah_result *r = scan(IN, "Samantha Jane Green opened it. Samantha Green came too.\n\n"
                                "Cllr Okonkwo visited. P. Hall was there, as was Mr Hall.");
    CHECK(find(r, "candidate-named", "Samantha Jane Green") != NULL);
    CHECK(find(r, "candidate-named", "Samantha Green") != NULL);
    CHECK(find(r, "candidate-named", "Cllr Okonkwo") != NULL);
    CHECK(find(r, "candidate-named", "P. Hall") != NULL);
    CHECK(find(r, "candidate-named", "Mr Hall") != NULL);
    CHECK_INT(purdah_result_verdict(r), PURDAH_VERDICT_BLOCK);
    const purdah_finding *f = find(r, "candidate-named", "Cllr Okonkwo");
    if (f) {
        CHECK_STR(f->message, "Names Priya Okonkwo (Labour Party, Harbour), a candidate in local 2027-05-06.");
        CHECK_STR(f->role, "body");
        CHECK_INT(f->line, 3);
        CHECK_INT(f->column, 1);
        CHECK_INT(f->clause_count, 1);
    }
    purdah_result_free(r);
}

static void test_printed_name_forms(void)
{
    const char *text = "KETTLEBOROUGH, Robert and Bob Kettleborough.\n"
                       "Zoe Smith Jones and Zo\u00eb Smith-Jones.\n"
                       "Sian ONeill, Si\u00e2n O\u2019Neill.\n"
                       "Follow @SianForAbbey or visit https://sianoneill.org.uk/about.\n";
    purdah_result *r = scan(IN, text);
    CHECK(find(r, "candidate-named", "KETTLEBOROUGH, Robert") != NULL);
    CHECK(find(r, "candidate-named", "Bob Kettleborough") != NULL);
    CHECK(find(r, "candidate-named", "Zoe Smith Jones") != NULL);
    CHECK(find(r, "candidate-named", "Zo\u00eb Smith-Jones") != NULL);
    CHECK(find(r, "candidate-named", "Sian ONeill") != NULL);
    CHECK(find(r, "candidate-named", "Si\u00e2n O\u2019Neill") != NULL);
    const purdah_finding *handle = find(r, "candidate-link", "@SianForAbbey");
    CHECK(handle && handle->severity == PURDAH_SEVERITY_BLOCK);
    if (handle) CHECK_STR(handle->message, "Points to Si\u00e2n O'Neill.");
    CHECK(find(r, "candidate-link", "https://sianoneill.org.uk/about") != NULL);
    purdah_result_free(r);
    r = scan(OUT, "Follow @SianForAbbey."); /* outside the window she is not a candidate */
    CHECK_INT(purdah_result_finding_count(r), 0);
    purdah_result_free(r);
}

static void test_ordinary_surnames(void)
{
    /* ordinary-word surnames alone are not people; a distinctive one beside a speech verb is */
    purdah_result *r = scan(IN, "The green space by the church hall is open. Baker Street is closed. Hall 2 is free.");
    CHECK_INT(purdah_result_finding_count(r), 0);
    CHECK_INT(purdah_result_verdict(r), PURDAH_VERDICT_PASS);
    purdah_result_free(r);
    r = scan(IN, "\"It is good news,\" Okonkwo said.");
    CHECK(find(r, "candidate-quoted", "Okonkwo") != NULL);
    purdah_result_free(r);
    r = scan(IN, "Okonkwo Road is closed.");
    CHECK_INT(purdah_result_finding_count(r), 0);
    purdah_result_free(r);
    /* once identified, the bare surname is the person, even an ordinary word */
    r = scan(IN, "Samantha Green opened the park. Green then planted a tree.");
    CHECK(find(r, "candidate-named", "Green") != NULL);
    CHECK_INT(count_rule(r, "candidate-named"), 2);
    purdah_result_free(r);
}

static void test_quotes(void)
{
    purdah_result *r = scan(IN, "Cllr Green said the park was lovely.\nRuth Baker said: \"Homes matter.\"\n"
                                "Ruth Baker attended.\nThe Leader of the Council said it was a good day.");
    CHECK(find(r, "candidate-quoted", "Cllr Green") != NULL);
    CHECK(find(r, "candidate-named", "Cllr Green") == NULL);
    const purdah_finding *baker = find(r, "member-quoted", "Ruth Baker");
    CHECK(baker && baker->severity == PURDAH_SEVERITY_REVIEW);
    const purdah_finding *named = find(r, "member-named", "Ruth Baker");
    CHECK(named && named->severity == PURDAH_SEVERITY_ADVISORY);
    /* the Leader is Peter Hall, who is standing: quoting him by role is quoting a candidate */
    CHECK(find(r, "candidate-quoted", "Leader of the Council") != NULL);
    CHECK(find(r, "member-quoted", "Leader of the Council") == NULL);
    purdah_result_free(r);
    r = scan(IN, "The Cabinet Member for Housing said rents would be frozen.");
    const purdah_finding *role = find(r, "member-quoted", "Cabinet Member for");
    CHECK(role && role->severity == PURDAH_SEVERITY_REVIEW);
    CHECK(role && strcmp(role->message, "Quotes Ruth Baker.") == 0);
    CHECK_INT(purdah_result_verdict(r), PURDAH_VERDICT_REVIEW);
    purdah_result_free(r);
}

static void test_outside_window(void)
{
    const char *text = "Samantha Green said the Labour group has delivered. Ruth Baker said hello. Vote for Labour.";
    purdah_result *r = scan(OUT, text);
    CHECK(!purdah_result_in_window(r));
    CHECK_INT(count_rule(r, "candidate-named") + count_rule(r, "candidate-quoted"), 0);
    CHECK_INT(count_rule(r, "member-quoted"), 0);
    const purdah_finding *party = find(r, "party-reference", "Labour");
    CHECK(party && party->severity == PURDAH_SEVERITY_REVIEW);
    const purdah_finding *political = find(r, "party-political", "Labour");
    CHECK(political && political->severity == PURDAH_SEVERITY_BLOCK);
    const purdah_finding *vote = find(r, "electioneering", "Vote for Labour");
    CHECK(vote && vote->severity == PURDAH_SEVERITY_REVIEW);
    CHECK(find(r, "electioneering", "Vote for") == NULL); /* inside the longer match */
    CHECK_INT(purdah_result_verdict(r), PURDAH_VERDICT_BLOCK);
    if (party) CHECK(strstr(party->context, "outside any pre-election period") != NULL);
    purdah_result_free(r);
    /* the day before the window, and the day after polling day */
    r = scan("2027-03-30", "Cllr Okonkwo visited.");
    CHECK_INT(purdah_result_finding_count(r), 0);
    purdah_result_free(r);
    r = scan("2027-03-31", "Cllr Okonkwo visited.");
    CHECK_INT(count_rule(r, "candidate-named"), 1);
    purdah_result_free(r);
    r = scan("2027-05-06", "Cllr Okonkwo visited.");
    CHECK_INT(count_rule(r, "candidate-named"), 1);
    purdah_result_free(r);
    r = scan("2027-05-07", "Cllr Okonkwo visited.");
    CHECK_INT(purdah_result_finding_count(r), 0);
    purdah_result_free(r);
}

static void test_by_election(void)
{
    /* Martínez stands in the Millbrook by-election only */
    purdah_result *r = scan("2027-09-01", "Work on the Eastfield play area starts on Monday.");
    CHECK(!purdah_result_in_window(r));
    /* the whole-council election applies (its window is over); Millbrook's does not */
    CHECK_INT(purdah_result_window_count(r), 1);
    CHECK(purdah_result_window_count(r) == 1 && !purdah_result_window(r, 0)->in_window);
    purdah_result_free(r);
    r = scan("2027-09-01", "Jose Martinez welcomed the new play area.");
    CHECK(purdah_result_in_window(r));
    CHECK(find(r, "candidate-named", "Jose Martinez") != NULL);
    purdah_result_free(r);
    r = scan("2027-09-01", "The Millbrook play area opens. We launched a new scheme.");
    CHECK(purdah_result_in_window(r));
    CHECK(find(r, "new-initiative", "launched") != NULL);
    purdah_result_free(r);
    r = scan("2027-09-01", "The millbrook trail opens. We launched a new scheme."); /* not the ward */
    CHECK(!purdah_result_in_window(r));
    CHECK_INT(purdah_result_finding_count(r), 0);
    purdah_result_free(r);
    r = scan_as("2027-09-01", "Millbrook", PURDAH_FORMAT_AUTO, "We launched a new scheme.");
    CHECK(purdah_result_in_window(r));
    CHECK_INT(count_rule(r, "new-initiative"), 2);
    purdah_result_free(r);
    /* before the notice date the by-election window is closed */
    r = scan_as("2027-08-10", "Millbrook", PURDAH_FORMAT_AUTO, "We launched a new scheme.");
    CHECK(!purdah_result_in_window(r));
    purdah_result_free(r);
}

static void test_parties(void)
{
    purdah_result *r = scan(IN, "The labour market is strong. A green space and reform of parking.");
    CHECK_INT(purdah_result_finding_count(r), 0);
    purdah_result_free(r);
    r = scan(IN, "The Green Party and the Green group met. Greens are green. The green group met.");
    CHECK(find(r, "party-reference", "Green Party") != NULL);
    CHECK(find(r, "party-reference", "Green") != NULL); /* "Green group": capital and a cue */
    CHECK_INT(count_rule(r, "party-reference"), 2);    /* no cue in the sentence of "Greens are", no capital in "green group" */
    const purdah_finding *f = find(r, "party-reference", "Green Party");
    if (f) CHECK_STR(f->message, "Refers to Green Party.");
    purdah_result_free(r);
    r = scan(IN, "The La\xE2\x80\x8B" "bour group met."); /* a zero-width space does not hide it */
    CHECK_INT(count_rule(r, "party-reference"), 1);
    purdah_result_free(r);
    r = scan(IN, "Details at https://www.labour.org.uk/join today.");
    const purdah_finding *link = find(r, "party-link", "https://www.labour.org.uk/join"); /* the whole address */
    CHECK(link && link->severity == PURDAH_SEVERITY_BLOCK);
    purdah_result_free(r);
}

static void test_exemptions(void)
{
    purdah_result *r = scan(IN, "NOTICE OF ELECTION\nCandidates: Samantha Green (Green Party), Priya Okonkwo (Labour).");
    const purdah_finding *f = find(r, "candidate-named", "Samantha Green");
    CHECK(f && f->severity == PURDAH_SEVERITY_ADVISORY);
    if (f) CHECK(strstr(f->context, "statutory-notice") != NULL);
    f = find(r, "party-reference", "Labour");
    CHECK(f && f->severity == PURDAH_SEVERITY_ADVISORY);
    CHECK(f && strcmp(f->role, "notice") == 0);
    CHECK_INT(purdah_result_verdict(r), PURDAH_VERDICT_PASS);
    purdah_result_free(r);
    /* an officer speaking lowers the initiative finding in their sentence only */
    r = scan(IN, "A council spokesperson said we launched it. We launched it. The chief executive launched it.");
    CHECK_INT(count_rule(r, "new-initiative"), 3);
    CHECK_INT(purdah_result_finding(r, 0)->severity, PURDAH_SEVERITY_ADVISORY);
    CHECK(strstr(purdah_result_finding(r, 0)->context, "officer") != NULL);
    CHECK_INT(purdah_result_finding(r, 1)->severity, PURDAH_SEVERITY_REVIEW);
    CHECK_INT(purdah_result_finding(r, 2)->severity, PURDAH_SEVERITY_REVIEW); /* nobody speaks */
    purdah_result_free(r);
    r = scan(IN, "A council spokesperson said we launched it.");
    CHECK_INT(purdah_result_verdict(r), PURDAH_VERDICT_PASS);
    purdah_result_free(r);
    r = scan(IN, "A flood warning is in force. Cllr Okonkwo said residents should move their cars.");
    f = find(r, "candidate-quoted", "Cllr Okonkwo");
    CHECK(f && f->severity == PURDAH_SEVERITY_REVIEW);
    CHECK_INT(purdah_result_verdict(r), PURDAH_VERDICT_REVIEW);
    purdah_result_free(r);
}

static void test_html_offsets_and_roles(void)
{
    const char *html = "<html><body><h1>News</h1>\n<p>Cllr <b>Okonkwo</b> opened it &amp; smiled.</p>\n"
                       "<img src=\"a.jpg\" alt=\"Samantha Green at the fair\">\n"
                       "<p>See <a href=\"https://www.greenparty.org.uk/\">the site</a>.</p></body></html>";
    purdah_result *r = scan(IN, html);
    CHECK_STR(purdah_result_format(r), "html");
    const purdah_finding *f = find(r, "candidate-named", "Cllr <b>Okonkwo");
    CHECK(f != NULL);
    if (f) {
        CHECK_INT(f->start, (size_t)(strstr(html, "Cllr") - html));
        CHECK_INT(f->line, 2);
        CHECK_INT(f->column, 4);
    }
    f = find(r, "candidate-in-image", "Samantha Green");
    CHECK(f && strcmp(f->role, "image_alt") == 0);
    if (f) CHECK_INT(f->start, (size_t)(strstr(html, "Samantha") - html));
    CHECK(find(r, "candidate-named", "Samantha Green") == NULL);
    f = find(r, "party-link", "https://www.greenparty.org.uk/");
    CHECK(f && strcmp(f->role, "link_url") == 0);
    purdah_result_free(r);
    /* forced text reads the markup as words */
    r = scan_as(IN, NULL, PURDAH_FORMAT_TEXT, "<p>Cllr Okonkwo</p>");
    CHECK_STR(purdah_result_format(r), "text");
    CHECK(find(r, "candidate-named", "Cllr Okonkwo") != NULL);
    purdah_result_free(r);
}

static void test_score_formula(void)
{
    purdah_result *r = scan(IN, "Nothing to see here.");
    CHECK_INT(purdah_result_score(r), 0);
    purdah_result_free(r);
    r = scan(IN, "Cllr Okonkwo visited. Priya Okonkwo left."); /* one rule, twice: counted once */
    CHECK_INT(purdah_result_score(r), 70);
    purdah_result_free(r);
    r = scan(IN, "We launched it.");
    CHECK_INT(purdah_result_score(r), 30);
    CHECK_INT(purdah_result_verdict(r), PURDAH_VERDICT_REVIEW);
    purdah_result_free(r);
    r = scan(IN, "Cllr Okonkwo launched it."); /* 1 - 0.3 * 0.7 = 0.79 */
    CHECK_INT(purdah_result_score(r), 79);
    purdah_result_free(r);
    r = scan(IN, "Ruth Baker attended."); /* advisory only: 5, pass */
    CHECK_INT(purdah_result_score(r), 5);
    CHECK_INT(purdah_result_verdict(r), PURDAH_VERDICT_PASS);
    purdah_result_free(r);
}

static void test_degraded_input(void)
{
    const char bad[] = "Cllr Okonkwo \xFF\xFE visited\0 the \xC3 hall.";
    purdah_scan_options o = PURDAH_SCAN_OPTIONS_INIT;
    o.as_of = IN;
    purdah_result *r = NULL;
    CHECK_INT(purdah_scan(scanner, bad, sizeof bad - 1, &o, &r, NULL), PURDAH_OK);
    CHECK(find(r, "candidate-named", "Cllr Okonkwo") != NULL);
    CHECK_INT(purdah_result_warning_count(r), 2);
    CHECK(purdah_result_warning_count(r) >= 1 && strstr(purdah_result_warning(r, 0), "invalid UTF-8 from byte 13"));
    purdah_result_free(r);
    /* truncation at the limit is a warning, and the part read is still checked */
    char big[200];
    memset(big, 'a', sizeof big);
    memcpy(big, "Cllr Okonkwo ", 13);
    big[sizeof big - 1] = '\0';
    o.max_input_bytes = 50;
    CHECK_INT(purdah_scan(scanner, big, strlen(big), &o, &r, NULL), PURDAH_OK);
    CHECK(find(r, "candidate-named", "Cllr Okonkwo") != NULL);
    CHECK(purdah_result_warning_count(r) == 1 && strstr(purdah_result_warning(r, 0), "truncated"));
    purdah_result_free(r);
    /* an empty draft is fine */
    o.max_input_bytes = 0;
    CHECK_INT(purdah_scan(scanner, "", 0, &o, &r, NULL), PURDAH_OK);
    CHECK_INT(purdah_result_finding_count(r), 0);
    purdah_result_free(r);
}

static void test_scan_contracts(void)
{
    purdah_result *r = (purdah_result *)1;
    purdah_error *err = NULL;
    purdah_scan_options o = PURDAH_SCAN_OPTIONS_INIT;
    CHECK_INT(purdah_scan(scanner, "x", 1, &o, &r, &err), PURDAH_EINVAL); /* no as-of date */
    CHECK(r == NULL);
    CHECK(err && strstr(purdah_error_message(err), "never reads the clock") != NULL);
    purdah_error_free(err);
    o.as_of = "2027-02-29";
    CHECK_INT(purdah_scan(scanner, "x", 1, &o, &r, NULL), PURDAH_EINVAL);
    o.as_of = IN;
    o.version = 99;
    CHECK_INT(purdah_scan(scanner, "x", 1, &o, &r, NULL), PURDAH_EVERSION);
    o.version = PURDAH_SCAN_OPTIONS_VERSION;
    CHECK_INT(purdah_scan(scanner, "x", 1, NULL, &r, NULL), PURDAH_EINVAL);
    CHECK_INT(purdah_scan(NULL, "x", 1, &o, &r, NULL), PURDAH_EINVAL);
    CHECK_INT(purdah_scan(scanner, NULL, 1, &o, &r, NULL), PURDAH_EINVAL);
    /* a scanner already in use (another thread) is refused, not corrupted */
    atomic_flag_test_and_set(&scanner->busy);
    CHECK_INT(purdah_scan(scanner, "x", 1, &o, &r, &err), PURDAH_EBUSY);
    CHECK(err && strstr(purdah_error_message(err), "one scanner per thread") != NULL);
    purdah_error_free(err);
    atomic_flag_clear(&scanner->busy);
    CHECK_INT(purdah_scan(scanner, "x", 1, &o, &r, NULL), PURDAH_OK);
    purdah_result_free(r);
    CHECK(purdah_result_finding(NULL, 0) == NULL);
    CHECK_INT(purdah_result_finding_count(NULL), 0);
    purdah_result_free(NULL);
    purdah_scanner_free(NULL);
    CHECK_INT(purdah_format_from_name("html"), PURDAH_FORMAT_HTML);
    CHECK_INT(purdah_format_from_name("docx"), PURDAH_FORMAT_DOCX);
    CHECK_INT(purdah_format_from_name("pdf"), -1);
    CHECK_INT(purdah_format_from_file_name("News/Release.MD"), PURDAH_FORMAT_MARKDOWN);
    CHECK_INT(purdah_format_from_file_name("a.docx"), PURDAH_FORMAT_DOCX);
    CHECK_INT(purdah_format_from_file_name("posts.txt"), PURDAH_FORMAT_AUTO);
    CHECK_INT(purdah_format_from_file_name("dir.d/noext"), PURDAH_FORMAT_AUTO);
    CHECK_INT(purdah_format_from_file_name(NULL), PURDAH_FORMAT_AUTO);
}

/* A Word document's findings point into its extracted text, which the result carries. */
static void test_docx_offsets(void)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/../golden/86-docx-name-split-across-runs.docx", data_dir);
    FILE *f = fopen(path, "rb");
    CHECK(f != NULL);
    if (!f) return;
    static char docx[1 << 16];
    size_t len = fread(docx, 1, sizeof docx, f);
    fclose(f);
    purdah_scan_options o = PURDAH_SCAN_OPTIONS_INIT;
    o.as_of = IN;
    purdah_result *r = NULL;
    CHECK_INT(purdah_scan(scanner, docx, len, &o, &r, NULL), PURDAH_OK);
    CHECK_STR(purdah_result_format(r), "docx");
    CHECK_STR(purdah_result_offsets(r), "text");
    size_t text_len = 0;
    const char *text = purdah_result_text(r, &text_len);
    CHECK(text != NULL && text_len > 0);
    CHECK(purdah_result_finding_count(r) > 0);
    for (size_t i = 0; text && i < purdah_result_finding_count(r); i++) {
        const purdah_finding *fi = purdah_result_finding(r, i);
        CHECK(fi->end <= text_len && strlen(fi->text) == fi->end - fi->start &&
              memcmp(text + fi->start, fi->text, fi->end - fi->start) == 0);
    }
    purdah_result_free(r);
    r = scan(IN, "plain");
    CHECK_STR(purdah_result_offsets(r), "input");
    CHECK(purdah_result_text(r, NULL) == NULL);
    purdah_result_free(r);
}

static void test_json(void)
{
    purdah_result *r = scan(IN, "Cllr Okonkwo said \"yes\".\n");
    char *json = NULL;
    size_t len = 0;
    CHECK_INT(purdah_result_to_json(r, "draft \"1\".txt", &json, &len), PURDAH_OK);
    CHECK(json && len == strlen(json));
    if (json) {
        CHECK(strstr(json, "\"file\":\"draft \\\"1\\\".txt\"") != NULL);
        CHECK(strstr(json, "\"verdict\":\"block\"") != NULL);
        CHECK(strstr(json, "\"rule\":\"candidate-quoted\"") != NULL);
        CHECK(strstr(json, "\"clauses\":[{\"id\":\"t-para34\"") != NULL);
        CHECK(strstr(json, "\"windows\":[{\"election\":\"local 2027-05-06\"") != NULL);
    }
    purdah_free(json);
    purdah_result_free(r);
}

static void test_roles(void)
{
    purdah_result *r = scan(IN, "\u201cWe launched the scheme today,\u201d said Cllr Okonkwo.\n\nA new scheme starts.");
    const purdah_finding *f = find(r, "new-initiative", "launched");
    CHECK(f && strcmp(f->role, "quote") == 0);
    f = find(r, "candidate-quoted", "Cllr Okonkwo");
    CHECK(f && strcmp(f->role, "attribution") == 0);
    f = find(r, "new-initiative", "new scheme");
    CHECK(f && strcmp(f->role, "body") == 0); /* the quotation closed in the paragraph before */
    purdah_result_free(r);
}

static void test_suppressions(void)
{
    /* text: a line directive covers the next line only; the directive line itself is not text */
    purdah_result *r = scan(IN, "Cllr Okonkwo visited.\n"
                                "# purdah-disable-next-line candidate-named -- caption approved by the monitoring officer\n"
                                "Cllr Okonkwo visited again.\n");
    CHECK_INT(count_rule(r, "candidate-named"), 2);
    const purdah_finding *f = purdah_result_finding(r, 1);
    CHECK(f && f->suppressed && strcmp(f->suppression, "caption approved by the monitoring officer") == 0);
    CHECK(f && f->line == 3);
    CHECK(!purdah_result_finding(r, 0)->suppressed);
    purdah_result_free(r);

    /* a region suppresses every finding of its rules until purdah-enable, and none of them count */
    r = scan(IN, "# purdah-disable candidate-named,new-initiative -- the notice the law requires\n"
                 "Cllr Okonkwo launched it.\n# purdah-enable\nWe launched it.\n");
    CHECK_INT(purdah_result_finding_count(r), 3);
    CHECK(find(r, "candidate-named", "Cllr Okonkwo")->suppressed);
    CHECK_INT(purdah_result_score(r), 30); /* only the unsuppressed "launched" */
    CHECK_INT(purdah_result_verdict(r), PURDAH_VERDICT_REVIEW);
    char *json = NULL;
    purdah_result_to_json(r, NULL, &json, NULL);
    CHECK(json && strstr(json, "\"suppressed\":true,\"suppression\":\"the notice the law requires\""));
    purdah_free(json);
    purdah_result_free(r);

    /* HTML comments; no reason or an unknown rule: ignored, with a warning */
    r = scan(IN, "<p>x</p><!-- purdah-disable -- every rule, approved -->\n<p>Cllr Okonkwo</p>\n"
                 "<!-- purdah-enable --><p>Cllr Okonkwo</p>\n<!-- purdah-disable candidate-named -->\n"
                 "<!-- purdah-disable candidate-nmaed -- typo -->\n<p>Cllr Okonkwo</p>");
    CHECK_INT(count_rule(r, "candidate-named"), 3);
    CHECK(purdah_result_finding(r, 0)->suppressed && !purdah_result_finding(r, 1)->suppressed &&
          !purdah_result_finding(r, 2)->suppressed);
    CHECK_INT(purdah_result_warning_count(r), 2);
    CHECK(strstr(purdah_result_warning(r, 0), "line 4: suppression ignored: it gives no reason") != NULL);
    CHECK(strstr(purdah_result_warning(r, 1), "\"candidate-nmaed\", which is not a rule") != NULL);
    CHECK_INT(purdah_result_verdict(r), PURDAH_VERDICT_BLOCK);
    purdah_result_free(r);
}

/* A pattern that would backtrack for ages is stopped by the match limit, with a warning. */
static void test_regex_match_limit(void)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/mini/backtracking-policy.xml", data_dir);
    purdah_builder *b = NULL;
    purdah_policy *p = NULL;
    purdah_scanner *s = NULL;
    purdah_builder_new(&b);
    CHECK_INT(purdah_builder_load_policy_file(b, path, NULL), PURDAH_OK);
    CHECK_INT(purdah_policy_compile(&p, b, NULL), PURDAH_OK);
    purdah_builder_free(b);
    if (!p) return;
    purdah_scanner_new(&s, p);
    char text[64];
    memset(text, 'a', 40);
    strcpy(text + 40, "b Cllr Okonkwo");
    purdah_scan_options o = PURDAH_SCAN_OPTIONS_INIT;
    o.as_of = IN;
    purdah_result *r = NULL;
    CHECK_INT(purdah_scan(s, text, strlen(text), &o, &r, NULL), PURDAH_OK);
    CHECK(find(r, "candidate-named", "Cllr Okonkwo") != NULL); /* the rest of the scan went on */
    bool warned = false;
    for (size_t i = 0; i < purdah_result_warning_count(r); i++)
        warned |= strstr(purdah_result_warning(r, i), "slow-pattern") && strstr(purdah_result_warning(r, i), "match limit");
    CHECK(warned);
    purdah_result_free(r);
    purdah_scanner_free(s);
    purdah_policy_free(p);
}

/* One compiled policy shared by threads, each with its own scanner, gives the same results as
 * one thread does. */
enum { THREADS = 4, ROUNDS = 50 };
static const char *const thread_drafts[] = {
    "Cllr Okonkwo said the Labour group has delivered.",
    "<p>Samantha Green at the <a href=\"https://greenparty.org.uk\">fair</a></p><img alt=\"Ruth Baker\">",
    "The green space and the labour market. Vote for Labour!",
    "NOTICE OF ELECTION. Priya Okonkwo (Labour Party).",
};

static char *json_of(purdah_scanner *s, const char *draft)
{
    purdah_scan_options o = PURDAH_SCAN_OPTIONS_INIT;
    o.as_of = IN;
    purdah_result *r = NULL;
    char *json = NULL;
    if (purdah_scan(s, draft, strlen(draft), &o, &r, NULL) == PURDAH_OK) purdah_result_to_json(r, NULL, &json, NULL);
    purdah_result_free(r);
    return json;
}

static char *expected_json[4];

static void *scan_in_thread(void *arg)
{
    size_t id = (size_t)arg, mismatches = 0;
    purdah_scanner *s = NULL;
    if (purdah_scanner_new(&s, policy) != PURDAH_OK) return (void *)1;
    for (size_t round = 0; round < ROUNDS; round++) {
        size_t d = (id + round) % 4;
        char *json = json_of(s, thread_drafts[d]);
        if (!json || strcmp(json, expected_json[d]) != 0) mismatches++;
        purdah_free(json);
    }
    purdah_scanner_free(s);
    return (void *)mismatches;
}

static void test_threads_share_a_policy(void)
{
    for (size_t d = 0; d < 4; d++) expected_json[d] = json_of(scanner, thread_drafts[d]);
    pthread_t t[THREADS];
    for (size_t i = 0; i < THREADS; i++) CHECK_INT(pthread_create(&t[i], NULL, scan_in_thread, (void *)i), 0);
    for (size_t i = 0; i < THREADS; i++) {
        void *mismatches = NULL;
        pthread_join(t[i], &mismatches);
        CHECK_INT((size_t)mismatches, 0);
    }
    for (size_t d = 0; d < 4; d++) purdah_free(expected_json[d]);
}

int main(int argc, char **argv)
{
    data_dir = argc > 1 ? argv[1] : "test/data";
    if (load_mini_policy(data_dir, &policy, &scanner)) return 99;
    test_name_forms();
    test_printed_name_forms();
    test_ordinary_surnames();
    test_quotes();
    test_outside_window();
    test_by_election();
    test_parties();
    test_exemptions();
    test_html_offsets_and_roles();
    test_score_formula();
    test_degraded_input();
    test_scan_contracts();
    test_json();
    test_docx_offsets();
    test_roles();
    test_suppressions();
    test_regex_match_limit();
    test_threads_share_a_policy();
    purdah_scanner_free(scanner);
    purdah_policy_free(policy);
    return harness_report();
}
