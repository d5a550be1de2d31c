/* test_default_policy.c: the policy compiled into the library: it loads with no files, every
 * rule cites clauses that exist, every shipped data file names its source, its election is the
 * next ordinary English local elections, its wordlists tell parties from ordinary words, and a
 * council policy that includes it and names its protocol cites the council's clauses too.
 * usage: test_default_policy DATA_DIR */
#include "harness.h"

#include "policy.h"

#include <stdio.h>

static purdah_policy *compile_buffer(const char *xml, const char *name)
{
    purdah_builder *b = NULL;
    purdah_policy *p = NULL;
    purdah_error *err = NULL;
    purdah_builder_new(&b);
    int rc = xml ? purdah_builder_load_policy_buffer(b, xml, strlen(xml), name, &err) : purdah_builder_load_default(b, &err);
    if (!rc) rc = purdah_policy_compile(&p, b, &err);
    if (rc) fprintf(stderr, "%s: %s (line %lu)\n", name, purdah_error_message(err), purdah_error_line(err));
    purdah_error_free(err);
    purdah_builder_free(b);
    return p;
}

static purdah_result *check(purdah_scanner *s, const char *date, const char *text)
{
    purdah_scan_options o = PURDAH_SCAN_OPTIONS_INIT;
    o.as_of = date;
    purdah_result *r = NULL;
    CHECK_INT(purdah_scan(s, text, strlen(text), &o, &r, NULL), PURDAH_OK);
    return r;
}

static size_t count_rule(const purdah_result *r, const char *rule)
{
    size_t n = 0;
    for (size_t i = 0; i < purdah_result_finding_count(r); i++) n += strcmp(purdah_result_finding(r, i)->rule_id, rule) == 0;
    return n;
}

static void test_shape(const purdah_policy *p)
{
    static const char *const expected_rules[] = {
        "candidate-named", "candidate-quoted", "candidate-in-image", "member-quoted", "member-named",
        "party-reference", "party-political", "electioneering", "campaign-hashtag", "track-record",
        "promise-language", "new-initiative", "controversial-issue", "party-link", "candidate-link", "party-slogan"};
    for (size_t i = 0; i < sizeof expected_rules / sizeof *expected_rules; i++)
        CHECK(purdah_policy_find_rule(p, expected_rules[i]) != NULL);
    for (size_t i = 0; i < purdah_policy_rule_count(p); i++) {
        const purdah_rule *r = purdah_policy_rule(p, i);
        CHECK(r->clause_count >= 1);
        CHECK(r->message && *r->message);
    }
    static const char *const national[] = {"lga1986-s2-1", "lga1986-s2-2", "lga1986-s2-3", "lga1986-s4-1",
                                           "lga1986-s6-4", "code2011-principles", "code2011-para28",
                                           "code2011-para33", "code2011-para34", "code2011-para35",
                                           "lga-pe-no-references", "lga-pe-member-quotes"};
    for (size_t i = 0; i < sizeof national / sizeof *national; i++) {
        const purdah_clause *c = purdah_policy_find_clause(p, national[i]);
        CHECK(c && *c->title && *c->text && *c->source);
    }
    /* the five councils' protocols are loaded, so their clauses can be explained and cited */
    static const char *const local[] = {"bury2025-8.1", "bury2025-8.2", "bury2025-12", "bury2023-15.2", "bury2023-15.6",
                                        "bury2023-15.8", "bury2023-13.6", "blackpool2016-11.1", "blackpool2016-11.5",
                                        "hoptoncoton2022-media-1", "jan2025-9.2"};
    for (size_t i = 0; i < sizeof local / sizeof *local; i++) CHECK(purdah_policy_find_clause(p, local[i]) != NULL);
    const purdah_clause *s2 = purdah_policy_find_clause(p, "lga1986-s2-1");
    if (s2) {
        CHECK(strstr(s2->text, "political party") != NULL);
        CHECK(strstr(s2->source, "Local Government Act 1986") != NULL);
    }
}

/* Every embedded data file declares where it comes from. */
static void test_embedded_sources(void)
{
    const char *const *names = purdah_embedded_names();
    size_t wordlists = 0, catalogues = 0;
    for (; *names; names++) {
        const char *data;
        size_t len;
        CHECK_INT(purdah_embedded_file(*names, &data, &len), PURDAH_OK);
        size_t n = strlen(*names);
        if (n > 4 && strcmp(*names + n - 4, ".txt") == 0) {
            wordlists++;
            CHECK(strstr(data, "\n# source:") != NULL || strncmp(data, "# source:", 9) == 0);
        } else if (strncmp(*names, "clauses/", 8) == 0) {
            catalogues++;
            CHECK(strstr(data, "source=\"") != NULL);
        }
    }
    CHECK(wordlists >= 17);
    CHECK_INT(catalogues, 8);
    CHECK_INT(purdah_embedded_file("no/such/file", NULL, NULL), PURDAH_ENOTFOUND);
}

static void test_next_ordinary_election(const purdah_policy *p)
{
    static const struct { const char *as_of, *poll, *start; int inside; } cases[] = {
        {"2026-11-22", "2027-05-06", "2027-03-31", 0},
        {"2027-03-31", "2027-05-06", "2027-03-31", 1},
        {"2027-05-06", "2027-05-06", "2027-03-31", 1},
        {"2027-05-07", "2028-05-04", "2028-03-27", 0},
        {"2024-04-01", "2024-05-02", "2024-03-26", 1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        purdah_windows *w = NULL;
        CHECK_INT(purdah_policy_windows(p, cases[i].as_of, NULL, 0, &w, NULL), PURDAH_OK);
        CHECK_INT(purdah_windows_count(w), 1);
        if (purdah_windows_count(w) == 1) {
            const purdah_window *win = purdah_windows_get(w, 0);
            CHECK_STR(win->poll, cases[i].poll);
            CHECK_STR(win->start, cases[i].start);
            CHECK_INT(win->in_window, cases[i].inside);
            CHECK_STR(win->type, "local");
        }
        purdah_windows_free(w);
    }
}

/* Real collisions from GOV.UK releases and council text (wordlists/collisions-evidence.md). */
static void test_collisions(const purdah_policy *p)
{
    purdah_scanner *s = NULL;
    purdah_scanner_new(&s, p);
    static const char *const ordinary[] = {
        "The Labour Force Survey shows the labour market is tight.",
        "A conservative estimate puts the cost at 2 million pounds.",
        "The reform of adult social care continues, with an independent review due in June.",
        "New green spaces and a green bin for garden waste.",
        "Register to vote by 20 April. Polling stations are open from 7am to 10pm.",
        "The church hall and the village green will host the fair.",
        "She went into labour at the maternity unit.",
    };
    for (size_t i = 0; i < sizeof ordinary / sizeof *ordinary; i++) {
        purdah_result *r = check(s, "2027-04-12", ordinary[i]);
        CHECK_INT(count_rule(r, "party-reference"), 0);
        CHECK_INT(count_rule(r, "electioneering"), 0);
        if (count_rule(r, "party-reference")) fprintf(stderr, "  in: %s\n", ordinary[i]);
        purdah_result_free(r);
    }
    static const char *const parties[] = {
        "The Conservative MP for the area said the scheme was welcome.",
        "Labour councillors voted against the budget.",
        "The Lib Dems and the Greens tabled an amendment.",
        "Reform UK won two seats.",
        "Plaid Cymru and the SNP responded.",
    };
    for (size_t i = 0; i < sizeof parties / sizeof *parties; i++) {
        purdah_result *r = check(s, "2026-11-20", parties[i]);
        CHECK(count_rule(r, "party-reference") >= 1);
        if (!count_rule(r, "party-reference")) fprintf(stderr, "  missed: %s\n", parties[i]);
        /* outside any window a mere mention is for review, not a block */
        CHECK_INT(purdah_result_verdict(r), PURDAH_VERDICT_REVIEW);
        purdah_result_free(r);
    }
    purdah_result *r = check(s, "2026-11-20", "Thanks to the Labour administration, which has delivered on its promises.");
    CHECK_INT(count_rule(r, "party-political"), 1);
    CHECK_INT(purdah_result_verdict(r), PURDAH_VERDICT_BLOCK);
    purdah_result_free(r);
    r = check(s, "2027-04-12", "Great to see @UKLabour at the fair. Let's Get Brexit Done! #GetBrexitDone");
    CHECK_INT(count_rule(r, "party-link"), 1);
    CHECK_INT(count_rule(r, "party-slogan"), 2);
    purdah_result_free(r);
    r = check(s, "2027-04-12", "Vote Labour on 6 May! #VoteLabour");
    CHECK(count_rule(r, "electioneering") >= 1);
    CHECK_INT(count_rule(r, "campaign-hashtag"), 1);
    purdah_result_free(r);
    purdah_scanner_free(s);
}

/* A council's policy includes the default and names its protocol: each rule then cites the
 * council's clause for its category beside the national ones. */
static void test_council_protocol(void)
{
    const char *xml = "<?xml version=\"1.0\"?>\n"
                      "<policy xmlns=\"urn:purdah:policy:1\" name=\"Bury Council\">\n"
                      "  <include src=\"builtin:default-policy.xml\"/>\n"
                      "  <protocol catalogue=\"bury-2025\"/>\n"
                      "  <elections><election type=\"local\" poll=\"2027-05-06\" notice=\"2027-03-26\"/></elections>\n"
                      "  <candidates><candidate name=\"Jane Example\" party=\"Labour Party\" area=\"Elton\"/></candidates>\n"
                      "</policy>\n";
    purdah_policy *p = compile_buffer(xml, "bury.xml");
    CHECK(p != NULL);
    if (!p) return;
    const purdah_rule *r = purdah_policy_find_rule(p, "candidate-named");
    bool national = false, local = false;
    for (size_t i = 0; r && i < r->clause_count; i++) {
        national |= strcmp(r->clauses[i]->id, "code2011-para34") == 0;
        local |= strncmp(r->clauses[i]->id, "bury2025-", 9) == 0;
    }
    CHECK(national && local);
    purdah_windows *w = NULL;
    CHECK_INT(purdah_policy_windows(p, "2027-03-27", NULL, 0, &w, NULL), PURDAH_OK);
    CHECK(purdah_windows_count(w) == 1 && purdah_windows_get(w, 0)->in_window);
    CHECK_STR(purdah_windows_get(w, 0)->start_basis, "notice");
    purdah_windows_free(w);
    purdah_scanner *s = NULL;
    purdah_scanner_new(&s, p);
    purdah_result *res = check(s, "2027-04-12", "Jane Example opened the park.");
    CHECK_INT(count_rule(res, "candidate-named"), 1);
    const purdah_finding *f = purdah_result_finding(res, 0);
    bool cites_bury = false;
    for (size_t i = 0; f && i < f->clause_count; i++) cites_bury |= strncmp(f->clauses[i]->id, "bury2025-", 9) == 0;
    CHECK(cites_bury);
    purdah_result_free(res);
    purdah_scanner_free(s);
    purdah_policy_free(p);

    /* naming a protocol that is not loaded is an error, not a silent omission */
    const char *bad = "<?xml version=\"1.0\"?>\n<policy xmlns=\"urn:purdah:policy:1\" name=\"x\">\n"
                      "  <include src=\"builtin:default-policy.xml\"/>\n  <protocol catalogue=\"nowhere-2030\"/>\n</policy>\n";
    purdah_builder *b = NULL;
    purdah_error *err = NULL;
    purdah_policy *q = NULL;
    purdah_builder_new(&b);
    CHECK_INT(purdah_builder_load_policy_buffer(b, bad, strlen(bad), "bad.xml", &err), PURDAH_OK);
    CHECK_INT(purdah_policy_compile(&q, b, &err), PURDAH_EPOLICY);
    CHECK(err && strstr(purdah_error_message(err), "nowhere-2030") != NULL);
    purdah_error_free(err);
    purdah_builder_free(b);
}

int main(void)
{
    purdah_policy *p = compile_buffer(NULL, "default");
    CHECK(p != NULL);
    if (p) {
        CHECK_STR(purdah_policy_jurisdiction(p), "england");
        test_shape(p);
        test_next_ordinary_election(p);
        test_collisions(p);
    }
    test_embedded_sources();
    test_council_protocol();
    purdah_policy_free(p);
    return harness_report();
}
