/* test_policy.c: loading and compiling policies: the XML loader and schema, wordlists, clause
 * catalogues, candidates and members CSVs, election specs, includes and overrides, and the
 * errors each gives (file, line, what is wrong). usage: test_policy DATA_DIR */
#include "harness.h"

#include "sources.h"

#include <stdio.h>
#include <stdlib.h>

static const char *data_dir;

static char *path_of(const char *name)
{
    static char buf[4][1024];
    static int next;
    char *p = buf[next++ % 4];
    snprintf(p, 1024, "%s/%s", data_dir, name);
    return p;
}

/* Loads a policy buffer (named as if it sat in the mini policy's folder, so its relative paths
 * resolve there) and compiles it; returns the failing status and keeps the error. */
static int load_and_compile(const char *xml, purdah_error **err, purdah_policy **out)
{
    purdah_builder *b = NULL;
    purdah_policy *p = NULL;
    *err = NULL;
    int rc = purdah_builder_new(&b);
    if (!rc) rc = purdah_builder_load_policy_buffer(b, xml, strlen(xml), path_of("mini/inline.xml"), err);
    if (!rc) rc = purdah_policy_compile(&p, b, err);
    purdah_builder_free(b);
    if (out) *out = p;
    else purdah_policy_free(p);
    return rc;
}

#define HEAD "<?xml version=\"1.0\"?>\n<policy xmlns=\"urn:purdah:policy:1\" name=\"t\">\n"

static void test_mini_policy_compiles(void)
{
    purdah_builder *b;
    purdah_policy *p = NULL;
    purdah_error *err = NULL;
    CHECK_INT(purdah_builder_new(&b), PURDAH_OK);
    CHECK_INT(purdah_builder_load_policy_file(b, path_of("mini/policy.xml"), &err), PURDAH_OK);
    CHECK_INT(purdah_policy_compile(&p, b, &err), PURDAH_OK);
    CHECK(err == NULL);
    purdah_builder_free(b);
    if (!p) return;
    CHECK_INT(purdah_policy_rule_count(p), 11);
    const purdah_rule *r = purdah_policy_find_rule(p, "candidate-named");
    CHECK(r != NULL);
    if (r) {
        CHECK_STR(r->category, "candidate");
        CHECK_INT(r->in_window, PURDAH_SEVERITY_BLOCK);
        CHECK_INT(r->outside_window, PURDAH_SEVERITY_NONE);
        CHECK_INT(r->clause_count, 1);
        CHECK_STR(r->clauses[0]->id, "t-para34");
        CHECK_STR(r->clauses[0]->source, "Test catalogue, para 34");
    }
    CHECK(purdah_policy_find_rule(p, "no-such-rule") == NULL);
    const purdah_clause *c = purdah_policy_find_clause(p, "t-s2");
    CHECK(c && strcmp(c->title, "Political publicity") == 0);
    CHECK_STR(purdah_policy_jurisdiction(p), "england");
    purdah_policy_free(p);
}

static void test_malformed_xml_names_line(void)
{
    purdah_error *err;
    int rc = load_and_compile(HEAD "  <rule id=\"x\">\n  <oops>\n</policy>\n", &err, NULL);
    CHECK_INT(rc, PURDAH_EPOLICY);
    CHECK(err && purdah_error_line(err) >= 4);
    CHECK(err && strstr(purdah_error_message(err), "malformed XML") != NULL);
    CHECK(err && strstr(purdah_error_file(err), "inline.xml") != NULL);
    purdah_error_free(err);
}

static void test_schema_error_names_element_and_line(void)
{
    purdah_error *err;
    int rc = load_and_compile(HEAD "  <description>x</description>\n  <rulez/>\n</policy>\n", &err, NULL);
    CHECK_INT(rc, PURDAH_EPOLICY);
    CHECK_INT(purdah_error_line(err), 4);
    CHECK(err && strstr(purdah_error_message(err), "rulez") != NULL);
    /* the namespace noise is stripped from schema messages */
    CHECK(err && strstr(purdah_error_message(err), "urn:purdah") == NULL);
    purdah_error_free(err);
}

static void test_doctype_refused(void)
{
    purdah_error *err;
    const char *xxe = "<?xml version=\"1.0\"?>\n<!DOCTYPE policy [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n"
                      "<policy xmlns=\"urn:purdah:policy:1\" name=\"&x;\"/>\n";
    CHECK_INT(load_and_compile(xxe, &err, NULL), PURDAH_EPOLICY);
    CHECK_INT(purdah_error_line(err), 2);
    CHECK(err && strstr(purdah_error_message(err), "DOCTYPE") != NULL);
    purdah_error_free(err);
}

static void test_impossible_date(void)
{
    purdah_error *err;
    const char *xml = HEAD "  <elections>\n    <election type=\"local\" poll=\"2027-02-30\"/>\n  </elections>\n</policy>\n";
    CHECK_INT(load_and_compile(xml, &err, NULL), PURDAH_EPOLICY);
    CHECK_INT(purdah_error_line(err), 4);
    CHECK(err && strstr(purdah_error_message(err), "2027-02-30") != NULL);
    purdah_error_free(err);
}

static void test_by_election_needs_area(void)
{
    purdah_error *err;
    const char *xml = HEAD "  <elections><election type=\"by-election\" poll=\"2027-09-16\"/></elections>\n</policy>\n";
    CHECK_INT(load_and_compile(xml, &err, NULL), PURDAH_EPOLICY);
    CHECK(err && strstr(purdah_error_message(err), "area") != NULL);
    purdah_error_free(err);
}

static void test_missing_file_names_policy_line(void)
{
    purdah_error *err;
    const char *xml = HEAD "  <wordlist id=\"w\" src=\"no-such-file.txt\"/>\n</policy>\n";
    CHECK_INT(load_and_compile(xml, &err, NULL), PURDAH_EIO);
    CHECK_INT(purdah_error_line(err), 3);
    CHECK(err && strstr(purdah_error_message(err), "no-such-file.txt") != NULL);
    purdah_error_free(err);
    xml = HEAD "  <catalogue src=\"builtin:clauses/nothing.xml\"/>\n</policy>\n";
    CHECK_INT(load_and_compile(xml, &err, NULL), PURDAH_ENOTFOUND);
    purdah_error_free(err);
}

/* A policy that includes the mini policy and then changes it. */
static void test_include_and_override(void)
{
    purdah_error *err;
    purdah_policy *p = NULL;
    const char *xml = HEAD "  <include src=\"policy.xml\"/>\n"
                      "  <rule id=\"new-initiative\" category=\"initiative\" in-window=\"block\" outside=\"advisory\">\n"
                      "    <description>Stricter.</description><match list=\"initiative\"/>\n"
                      "    <message>m</message><cite clause=\"t-new\"/>\n  </rule>\n</policy>\n";
    CHECK_INT(load_and_compile(xml, &err, &p), PURDAH_OK);
    purdah_error_free(err);
    if (!p) return;
    const purdah_rule *r = purdah_policy_find_rule(p, "new-initiative");
    CHECK(r && r->in_window == PURDAH_SEVERITY_BLOCK && r->outside_window == PURDAH_SEVERITY_ADVISORY);
    CHECK_INT(purdah_policy_rule_count(p), 11); /* replaced, not added */
    purdah_policy_free(p);
}

static void test_include_loop_stops(void)
{
    purdah_error *err;
    /* inline.xml does not exist on disk, so point the include at a file that includes itself */
    FILE *f = fopen("/tmp/purdah-test-loop.xml", "w");
    CHECK(f != NULL);
    if (!f) return;
    fputs(HEAD "  <include src=\"purdah-test-loop.xml\"/>\n</policy>\n", f);
    fclose(f);
    purdah_builder *b;
    purdah_builder_new(&b);
    int rc = purdah_builder_load_policy_file(b, "/tmp/purdah-test-loop.xml", &err);
    CHECK_INT(rc, PURDAH_EPOLICY);
    CHECK(err && strstr(purdah_error_message(err), "nested") != NULL);
    purdah_error_free(err);
    purdah_builder_free(b);
    remove("/tmp/purdah-test-loop.xml");
}

static void test_compile_cross_references(void)
{
    purdah_error *err;
    const char *unknown_list = HEAD "  <include src=\"policy.xml\"/>\n"
                               "  <rule id=\"x\" category=\"party\" in-window=\"block\" outside=\"none\">\n"
                               "    <description>d</description><match list=\"nope\"/><message>m</message><cite clause=\"t-s2\"/>\n"
                               "  </rule>\n</policy>\n";
    CHECK_INT(load_and_compile(unknown_list, &err, NULL), PURDAH_EPOLICY);
    CHECK(err && strstr(purdah_error_message(err), "\"nope\"") && strstr(purdah_error_message(err), "rule x"));
    CHECK_INT(purdah_error_line(err), 5); /* the <match> line */
    purdah_error_free(err);

    const char *unknown_clause = HEAD "  <include src=\"policy.xml\"/>\n"
                                 "  <rule id=\"x\" category=\"party\" in-window=\"block\" outside=\"none\">\n"
                                 "    <description>d</description><match list=\"parties\"/><message>m</message><cite clause=\"t-none\"/>\n"
                                 "  </rule>\n</policy>\n";
    CHECK_INT(load_and_compile(unknown_clause, &err, NULL), PURDAH_EPOLICY);
    CHECK(err && strstr(purdah_error_message(err), "t-none") != NULL);
    purdah_error_free(err);

    const char *bad_regex = HEAD "  <include src=\"policy.xml\"/>\n"
                            "  <rule id=\"x\" category=\"party\" in-window=\"block\" outside=\"none\">\n"
                            "    <description>d</description>\n    <match pattern=\"(unclosed\"/><message>m</message><cite clause=\"t-s2\"/>\n"
                            "  </rule>\n</policy>\n";
    CHECK_INT(load_and_compile(bad_regex, &err, NULL), PURDAH_EREGEX);
    CHECK_INT(purdah_error_line(err), 6);
    CHECK(err && strstr(purdah_error_message(err), "rule x") != NULL);
    purdah_error_free(err);
}

static void test_wordlists(void)
{
    purdah_builder *b;
    purdah_error *err = NULL;
    purdah_builder_new(&b);
    const char *ok = "\xEF\xBB\xBF# title\n# source: somewhere\n\nlabour\n  tories => Conservative and Unionist Party  \n";
    CHECK_INT(pd_wordlist_parse(b, "p", ok, strlen(ok), "p.txt", &err), PURDAH_OK);
    CHECK_INT(b->wordlist_count, 1);
    CHECK_INT(b->wordlists[0].count, 2);
    CHECK_STR(b->wordlists[0].entries[1].phrase, "tories");
    CHECK_STR(b->wordlists[0].entries[1].canonical, "Conservative and Unionist Party");
    CHECK_INT(b->wordlists[0].entries[1].line, 5);
    CHECK_STR(b->wordlists[0].source, "somewhere");

    const char *hashtag = "# source: x\n\\#VoteForMe\n";
    CHECK_INT(pd_wordlist_parse(b, "h", hashtag, strlen(hashtag), "h.txt", &err), PURDAH_OK);
    CHECK_STR(b->wordlists[1].entries[0].phrase, "#VoteForMe");

    const char *no_source = "# a list\nlabour\n";
    CHECK_INT(pd_wordlist_parse(b, "q", no_source, strlen(no_source), "q.txt", &err), PURDAH_EPOLICY);
    CHECK(err && strstr(purdah_error_message(err), "source") != NULL);
    CHECK_STR(purdah_error_file(err), "q.txt");
    purdah_error_free(err);

    const char *dangling = "# source: x\nlabour =>\n";
    CHECK_INT(pd_wordlist_parse(b, "r", dangling, strlen(dangling), "r.txt", &err), PURDAH_EPOLICY);
    CHECK_INT(purdah_error_line(err), 2);
    purdah_error_free(err);
    purdah_builder_free(b);
}

static void test_candidates_csv(void)
{
    purdah_builder *b;
    purdah_error *err = NULL;
    purdah_builder_new(&b);
    /* Democracy Club's export: columns found by name, in any order, with extras */
    const char *dc = "\xEF\xBB\xBFperson_id,person_name,election_date,post_label,party_name,ballot_paper_id\r\n"
                     "1,Francyne Edith Johnson,2018-05-03,Stocksbridge & Upper Don,Labour Party,x\r\n"
                     "2,\"O'Brien, Mary\",2018-05-03,\"Beauchief, Greenhill\",Green Party,y\r\n";
    CHECK_INT(purdah_builder_add_candidates_buffer(b, dc, strlen(dc), "dc.csv", &err), PURDAH_OK);
    CHECK_INT(b->candidate_count, 2);
    if (b->candidate_count == 2) {
        CHECK_STR(b->candidates[0].name, "Francyne Edith Johnson");
        CHECK_STR(b->candidates[0].area, "Stocksbridge & Upper Don");
        CHECK_STR(b->candidates[1].name, "O'Brien, Mary");
        CHECK_STR(b->candidates[1].area, "Beauchief, Greenhill");
        CHECK(b->candidates[1].has_election_date);
        CHECK_INT(b->candidates[1].line, 3);
    }
    const char *simple = "name,party,area\nSam Green,Green Party,Millbrook\n\n";
    CHECK_INT(purdah_builder_add_candidates_buffer(b, simple, strlen(simple), "s.csv", &err), PURDAH_OK);
    CHECK_INT(b->candidate_count, 3);
    CHECK(!b->candidates[2].has_election_date);

    const char *wrong_columns = "name,party,area\nSam Green,Green Party\n";
    CHECK_INT(purdah_builder_add_candidates_buffer(b, wrong_columns, strlen(wrong_columns), "w.csv", &err), PURDAH_EDATA);
    CHECK_INT(purdah_error_line(err), 2);
    CHECK(err && strstr(purdah_error_message(err), "2 fields") != NULL);
    purdah_error_free(err);

    const char *no_name = "who,party\nx,y\n";
    CHECK_INT(purdah_builder_add_candidates_buffer(b, no_name, strlen(no_name), "n.csv", &err), PURDAH_EDATA);
    CHECK_INT(purdah_error_line(err), 1);
    purdah_error_free(err);

    const char *bad_date = "name,party,area,election_date\nA B,P,W,2027-02-30\n";
    CHECK_INT(purdah_builder_add_candidates_buffer(b, bad_date, strlen(bad_date), "d.csv", &err), PURDAH_EDATA);
    CHECK_INT(purdah_error_line(err), 2);
    CHECK_INT(purdah_error_column(err), 4);
    purdah_error_free(err);

    const char *unclosed = "name,party\n\"Sam Green,Green\n";
    CHECK_INT(purdah_builder_add_candidates_buffer(b, unclosed, strlen(unclosed), "u.csv", &err), PURDAH_EDATA);
    CHECK_INT(purdah_error_line(err), 2);
    purdah_error_free(err);

    CHECK_INT(purdah_builder_add_candidates_buffer(b, "", 0, "empty.csv", &err), PURDAH_EDATA);
    purdah_error_free(err);

    const char *members = "name,party,area,role\nRuth Baker,Labour,Northgate,Cabinet Member for Housing\n";
    CHECK_INT(purdah_builder_add_members_buffer(b, members, strlen(members), "m.csv", &err), PURDAH_OK);
    CHECK_INT(b->member_count, 1);
    CHECK_STR(b->members[0].role, "Cabinet Member for Housing");
    CHECK_INT(purdah_builder_add_candidates_file(b, "/nonexistent/c.csv", &err), PURDAH_EIO);
    CHECK_STR(purdah_error_file(err), "/nonexistent/c.csv");
    purdah_error_free(err);
    purdah_builder_free(b);
}

static void test_election_specs(void)
{
    pd_arena a;
    pd_arena_init(&a);
    pd_election_src e;
    purdah_error *err = NULL;
    CHECK_INT(pd_election_spec_parse(&a, "local:2027-05-06", &e, &err), PURDAH_OK);
    CHECK_INT(e.type, PD_EL_LOCAL);
    CHECK_INT(e.area_count, 0);
    CHECK(!e.has_notice);
    CHECK_INT(pd_election_spec_parse(&a, "by-election:2027-09-16:Millbrook, Abbey Park:notice=2027-08-11", &e, &err), PURDAH_OK);
    CHECK_INT(e.type, PD_EL_BY_ELECTION);
    CHECK_INT(e.area_count, 2);
    if (e.area_count == 2) CHECK_STR(e.areas[1], "Abbey Park");
    CHECK(e.has_notice);
    CHECK_INT(pd_election_spec_parse(&a, "local:next-ordinary", &e, &err), PURDAH_OK);
    CHECK(e.next_ordinary);
    const char *bad[] = {"", "local", "locale:2027-05-06", "local:2027-13-01", "by-election:2027-09-16",
                         "local:2027-05-06:A:notice=2027-06-01", "local:2027-05-06:A::B", "local:2027-05-06:A,,B",
                         "local:2027-05-06:notice=2027-04-01:notice=2027-04-02", "local:2027-05-06:A:B:C"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int rc = pd_election_spec_parse(&a, bad[i], &e, &err);
        CHECK_INT(rc, PURDAH_EINVAL);
        CHECK(err && strstr(purdah_error_message(err), "expected TYPE:POLL_DATE") != NULL);
        purdah_error_free(err);
        err = NULL;
    }
    pd_arena_free(&a);
}

static void test_windows(void)
{
    purdah_error *err = NULL;
    purdah_policy *p = NULL;
    purdah_builder *b;
    purdah_builder_new(&b);
    CHECK_INT(purdah_builder_load_policy_file(b, path_of("mini/policy.xml"), &err), PURDAH_OK);
    CHECK_INT(purdah_policy_compile(&p, b, &err), PURDAH_OK);
    purdah_builder_free(b);
    if (!p) return;
    purdah_windows *w = NULL;
    CHECK_INT(purdah_policy_windows(p, "2027-04-01", NULL, 0, &w, &err), PURDAH_OK);
    CHECK_INT(purdah_windows_count(w), 2);
    const purdah_window *local = purdah_windows_get(w, 0), *by = purdah_windows_get(w, 1);
    CHECK_STR(local->start, "2027-03-31");
    CHECK_STR(local->end, "2027-05-06");
    CHECK_STR(local->start_basis, "statutory");
    CHECK(local->in_window && local->applies);
    CHECK_STR(by->start, "2027-08-11");
    CHECK_STR(by->start_basis, "notice");
    CHECK(!by->in_window && !by->applies);
    purdah_windows_free(w);
    const char *areas[] = {"millbrook"}; /* areas compare folded */
    CHECK_INT(purdah_policy_windows(p, "2027-09-16", areas, 1, &w, &err), PURDAH_OK);
    CHECK(purdah_windows_get(w, 1)->in_window && purdah_windows_get(w, 1)->applies);
    CHECK(!purdah_windows_get(w, 0)->in_window);
    purdah_windows_free(w);
    CHECK_INT(purdah_policy_windows(p, "2027-09-31", NULL, 0, &w, &err), PURDAH_EINVAL);
    CHECK(w == NULL);
    purdah_error_free(err);
    purdah_policy_free(p);
}

static void test_cli_elections_replace_policy_elections(void)
{
    purdah_error *err = NULL;
    purdah_policy *p = NULL;
    purdah_builder *b;
    purdah_builder_new(&b);
    CHECK_INT(purdah_builder_load_policy_file(b, path_of("mini/policy.xml"), &err), PURDAH_OK);
    CHECK_INT(purdah_builder_add_election(b, "gla:2024-05-02", &err), PURDAH_OK);
    CHECK_INT(purdah_builder_add_election(b, "nonsense", &err), PURDAH_EINVAL);
    purdah_error_free(err);
    err = NULL;
    CHECK_INT(purdah_builder_add_non_working_day(b, "2024-04-10", &err), PURDAH_OK);
    CHECK_INT(purdah_policy_compile(&p, b, &err), PURDAH_OK);
    purdah_builder_free(b);
    if (!p) return;
    purdah_windows *w = NULL;
    CHECK_INT(purdah_policy_windows(p, "2024-03-19", NULL, 0, &w, &err), PURDAH_OK);
    CHECK_INT(purdah_windows_count(w), 1);
    /* GLA: 30 working days, 19 March 2024; a day of mourning inside the count moves it a
     * working day earlier */
    CHECK_STR(purdah_windows_get(w, 0)->start, "2024-03-18");
    purdah_windows_free(w);
    purdah_policy_free(p);
}

static void test_api_misuse(void)
{
    purdah_error *err = NULL;
    purdah_policy *p = (purdah_policy *)1;
    purdah_builder *b;
    CHECK_INT(purdah_builder_new(NULL), PURDAH_EINVAL);
    purdah_builder_new(&b);
    CHECK_INT(purdah_policy_compile(&p, b, &err), PURDAH_EINVAL); /* nothing loaded yet */
    CHECK(p == NULL);
    CHECK(err && strstr(purdah_error_message(err), "no policy loaded") != NULL);
    purdah_error_free(err);
    CHECK_INT(purdah_builder_load_policy_file(b, NULL, NULL), PURDAH_EINVAL);
    CHECK_INT(purdah_builder_load_policy_file(NULL, "x", NULL), PURDAH_EINVAL);
    purdah_builder_free(b);
    purdah_builder_free(NULL);
    purdah_policy_free(NULL);
    purdah_error_free(NULL);
    purdah_free(NULL);
    CHECK_STR(purdah_strerror(PURDAH_EBUSY), "scanner in use by another thread");
    CHECK_STR(purdah_strerror(12345), "unknown error");
    CHECK_INT(purdah_version_number(), PURDAH_VERSION_NUMBER);
    char *text = NULL;
    pd_error_set(&err, PURDAH_EPOLICY, "f.xml", 3, 7, "bad %s", "thing");
    CHECK_INT(purdah_error_format(err, &text), PURDAH_OK);
    CHECK_STR(text, "f.xml:3:7: bad thing");
    purdah_free(text);
    purdah_error_free(err);
}

int main(int argc, char **argv)
{
    data_dir = argc > 1 ? argv[1] : "test/data";
    test_mini_policy_compiles();
    test_malformed_xml_names_line();
    test_schema_error_names_element_and_line();
    test_doctype_refused();
    test_impossible_date();
    test_by_election_needs_area();
    test_missing_file_names_policy_line();
    test_include_and_override();
    test_include_loop_stops();
    test_compile_cross_references();
    test_wordlists();
    test_candidates_csv();
    test_election_specs();
    test_windows();
    test_cli_elections_replace_policy_elections();
    test_api_misuse();
    return harness_report();
}
