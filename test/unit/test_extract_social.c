/* test_extract_social.c: social posts and threads, with the offset map checked against the exact
 * input bytes every time. Inputs are copied into heap buffers of their exact length (no NUL) so
 * that AddressSanitizer catches any read past `len`. */
#include "extract_check.h"

#include <stdlib.h>

static int social_n(pd_extracted *x, const char *s, size_t n)
{
    return extract_checked(pd_extract_social, x, s, n, true);
}

static int social(pd_extracted *x, const char *s) { return social_n(x, s, strlen(s)); }

/* How many segments have `role`. */
static size_t count_role(const pd_extracted *x, pd_role role)
{
    size_t n = 0;
    for (size_t i = 0; i < x->segment_count; i++) n += x->segments[i].role == role;
    return n;
}

/* The text of segment i without its trailing separator (a static copy). */
static const char *segment_text(const pd_extracted *x, size_t i)
{
    static char buf[512];
    if (i >= x->segment_count) return "(no segment)";
    size_t a = x->segments[i].start, b = x->segments[i].end;
    while (b > a && x->text[b - 1] == '\n') b--;
    if (b - a >= sizeof buf) return "(too long)";
    memcpy(buf, x->text + a, b - a);
    buf[b - a] = '\0';
    return buf;
}

static void test_hashtags(pd_extracted *x)
{
    CHECK_INT(social(x, "Proud of our #NHS staff today"), PURDAH_OK);
    CHECK_STR(x->text, "Proud of our \n\n#NHS\n\n staff today");
    CHECK_INT(x->segment_count, 3);
    CHECK_STR(role_of(x, "Proud"), "body");
    CHECK_STR(role_of(x, "#NHS"), "hashtag");
    CHECK_STR(role_of(x, " staff"), "body");
    CHECK_STR(mapped(x, "#NHS"), "#NHS");
    CHECK_STR(mapped(x, "staff today"), "staff today");
    CHECK_INT(mapped_start(x, "#NHS"), 13);
    CHECK_INT(x->flags, 0);

    /* one segment per hashtag, even side by side; the whole "#word" is in it */
    social(x, "Thanks to everyone who came #Eastfield #VoteLabour");
    CHECK_STR(x->text, "Thanks to everyone who came \n\n#Eastfield\n\n#VoteLabour");
    CHECK_INT(count_role(x, PD_ROLE_HASHTAG), 2);
    CHECK_STR(segment_text(x, 2), "#VoteLabour");
    CHECK_STR(mapped(x, "#VoteLabour"), "#VoteLabour");
    CHECK(!text_has(x, "#Eastfield #VoteLabour")); /* never joined */

    /* letters of any script, digits and '_'; a number alone is no hashtag */
    social(x, "#café_bar #\xD0\x9F\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82 #2024vote #1 #_ a#b "
              "&#39; ##x # x");
    CHECK_INT(count_role(x, PD_ROLE_HASHTAG), 4);
    CHECK_STR(role_of(x, "#café_bar"), "hashtag");
    CHECK_STR(mapped(x, "#café_bar"), "#café_bar");
    CHECK_STR(role_of(x, "#\xD0\x9F"), "hashtag");
    CHECK_STR(role_of(x, "#2024vote"), "hashtag");
    CHECK_STR(role_of(x, "#_"), "hashtag");
    CHECK_STR(role_of(x, "#1"), "body");
    CHECK_STR(role_of(x, "a#b"), "body");
    CHECK_STR(role_of(x, "&#39;"), "body");
    CHECK_STR(role_of(x, "##x"), "body");

    /* emoji next to hashtags: the emoji stay body text, the tag is exact */
    social(x, "Sunny \xE2\x98\x80\xEF\xB8\x8F#ParksForAll\xF0\x9F\x8C\xB3 and #Vote\xE2\x9C\x85!");
    CHECK_STR(x->text, "Sunny \xE2\x98\x80\xEF\xB8\x8F\n\n#ParksForAll\n\n\xF0\x9F\x8C\xB3 and \n\n"
                       "#Vote\n\n\xE2\x9C\x85!");
    CHECK_STR(mapped(x, "#ParksForAll"), "#ParksForAll");
    CHECK_STR(role_of(x, "\xF0\x9F\x8C\xB3"), "body");
    CHECK_INT(mapped_start(x, "#Vote"), input_offset("#Vote"));
    CHECK_STR(mapped(x, "#Vote"), "#Vote");

    /* punctuation ends a hashtag */
    social(x, "#NHS. #NHS's (#Labour), \"#Green\"");
    CHECK_STR(x->text, "#NHS\n\n. \n\n#NHS\n\n's (\n\n#Labour\n\n), \"\n\n#Green\n\n\"");
}

static void test_mentions(pd_extracted *x)
{
    social(x, "Great visit today \xF0\x9F\x8F\xA0 @UKLabour and .@LibDems, cc "
              "@jane@mastodon.social.");
    CHECK_STR(x->text, "Great visit today \xF0\x9F\x8F\xA0 \n\n@UKLabour\n\n and .\n\n"
                       "@LibDems\n\n, cc \n\n@jane@mastodon.social\n\n.");
    CHECK_INT(count_role(x, PD_ROLE_MENTION), 3);
    CHECK_STR(role_of(x, "@UKLabour"), "mention");
    CHECK_STR(role_of(x, "@jane@mastodon.social"), "mention");
    CHECK_STR(mapped(x, "@jane@mastodon.social"), "@jane@mastodon.social");
    CHECK_STR(mapped(x, "@UKLabour"), "@UKLabour");

    /* not mentions: e-mail addresses, '@' alone, "@@" */
    social(x, "Email press@council.gov.uk or @ or @@x or x@y");
    CHECK_STR(x->text, "Email press@council.gov.uk or @ or @@x or x@y");
    CHECK_INT(x->segment_count, 1);

    /* a Mastodon instance needs a dot; the handle alone is still a mention */
    social(x, "@user@localhost and @a_b@x.");
    CHECK_STR(x->text, "@user\n\n@localhost and \n\n@a_b\n\n@x.");
    CHECK_STR(segment_text(x, 0), "@user");
}

static void test_urls(pd_extracted *x)
{
    social(x, "Join at https://labour.org.uk/join). Or (www.libdems.org.uk) or "
              "labour.org.uk/join, see http://x.org/a_(b) and https://t.co/abc\xE2\x80\xA6 ok?");
    CHECK_STR(x->text, "Join at \n\nhttps://labour.org.uk/join\n\n). Or (\n\n"
                       "www.libdems.org.uk\n\n) or \n\nlabour.org.uk/join\n\n, see \n\n"
                       "http://x.org/a_(b)\n\n and \n\nhttps://t.co/abc\n\n\xE2\x80\xA6 ok?");
    CHECK_INT(count_role(x, PD_ROLE_LINK_URL), 5);
    CHECK_STR(mapped(x, "https://labour.org.uk/join"), "https://labour.org.uk/join");
    CHECK_STR(mapped(x, "labour.org.uk/join\n"), "labour.org.uk/join");
    CHECK_STR(role_of(x, "www."), "link_url");

    /* a hashtag or a mention inside a URL belongs to the URL */
    social(x, "https://mastodon.social/@user#top");
    CHECK_INT(x->segment_count, 1);
    CHECK_STR(role_of(x, "@user"), "link_url");

    /* not URLs: no path, no host, numbers, abbreviations */
    social(x, "council.gov.uk e.g. 3.5/4 i.e./x http:// www. a.b/ x.1/ 24/7");
    CHECK_STR(x->text, "council.gov.uk e.g. 3.5/4 i.e./x http:// www. a.b/ x.1/ 24/7");
    CHECK_INT(x->segment_count, 1);
}

static void test_threads(pd_extracted *x)
{
    /* posts separated by blank lines, "---" and thread numbers are paragraphs of one document */
    social(x, "Kestrel Vale Council X posts\n\nFirst post #KestrelVale\n1/3\nSecond post\n---\n"
              "Third post line one\nline two\n(3/3)\n\n\n\nLast");
    CHECK_STR(x->text, "Kestrel Vale Council X posts\n\nFirst post \n\n#KestrelVale\n\n"
                       "Second post\n\n"
                       "Third post line one\nline two\n\nLast");
    CHECK(!text_has(x, "1/3"));
    CHECK(!text_has(x, "---"));
    CHECK_STR(mapped(x, "one\nline"), "one\nline"); /* a line end inside a post is kept */
    CHECK_STR(role_of(x, "Second"), "body");

    /* numbers that end or start a line end the post there, and stay text */
    social(x, "We are investing in parks 1/2\nand in libraries 2/2\n3/ More soon");
    CHECK_STR(x->text, "We are investing in parks 1/2\n\nand in libraries 2/2\n\n3/ More soon");
    CHECK_STR(mapped(x, "parks 1/2"), "parks 1/2");

    /* CRLF line ends */
    social(x, "One #a\r\n\r\nTwo\r\nthree\r\n");
    CHECK_STR(x->text, "One \n\n#a\n\nTwo\r\nthree");
    CHECK_STR(mapped(x, "Two\r\nthree"), "Two\r\nthree");
}

static void test_garbage(pd_extracted *x)
{
    static const char nul[] = "a\0b #x\xFF\xC3 @u\0 \xE2\x82";
    CHECK_INT(social_n(x, nul, sizeof nul - 1), PURDAH_OK);
    CHECK_INT(x->len, 23);
    CHECK(memcmp(x->text, "a\0b \n\n#x\n\n\xFF\xC3 \n\n@u\n\n\0 \xE2\x82", x->len) == 0);
    CHECK_INT(mapped_start(x, "#x"), 4);

    /* empty and NULL inputs, a BOM, only separators */
    CHECK_INT(social(x, ""), PURDAH_OK);
    CHECK_INT(x->len, 0);
    CHECK_INT(x->segment_count, 0);
    CHECK_INT(pd_extract_social(x, NULL, 0), PURDAH_OK);
    CHECK_STR(x->text, "");
    CHECK_INT(pd_extract_social(x, NULL, 1), PURDAH_EINVAL);
    social(x, "\xEF\xBB\xBF#tag");
    CHECK_STR(x->text, "#tag");
    CHECK_INT(mapped_start(x, "#tag"), 3);
    social(x, "\n---\n1/2\n\n");
    CHECK_INT(x->len, 0);

    /* the input ends in the middle of things */
    static const char *const cut[] = {"#", "@", "@a@", "@a@b.", "https://", "www.", "a.b", "a.bc/",
                                      "\xF0\x9F", "1/", "(1/2"};
    for (size_t i = 0; i < PD_ARRAY_LEN(cut); i++) CHECK_INT(social(x, cut[i]), PURDAH_OK);
}

/* Adversarial inputs: each must cost one pass (speed is measured elsewhere, not asserted). */
static void test_adversarial(pd_extracted *x)
{
    static const char *const pieces[] = {"#", "@", "#a", "@a", "a.", "a.b", "@a@", "@a@b.",
                                         "https://", "http://x/", "www.a", "a.bc/", "1/2\n", "\n",
                                         "-", "#\xF0\x9F\x8E\x89", "\xE2", "(", ")", "a.bc/(",
                                         "@a@b.c", " ", "x"};
    for (size_t i = 0; i < PD_ARRAY_LEN(pieces); i++) {
        size_t n;
        char *s = repeat(pieces[i], 100000, " #end", &n);
        int rc = social_n(x, s, n);
        CHECK_INT(rc, PURDAH_OK);
        CHECK(x->len <= n * 5);
        if (rc != PURDAH_OK) fprintf(stderr, "piece %zu: %s\n", i, pieces[i]);
        free(s);
    }
}

static void test_reuse(pd_extracted *x)
{
    pd_extracted y;
    pd_extracted_init(&y);
    social(&y, "A long first post with #tags and @mentions and https://example.org/links");
    char *owned = y.owned;
    social(&y, "Second");
    CHECK_STR(y.text, "Second");
    CHECK_INT(y.segment_count, 1);
    CHECK_STR(mapped(&y, "Second"), "Second");
    CHECK(y.owned == owned);
    pd_extracted_free(&y);
    (void)x;
}

static void test_looks_like_social(void)
{
    static const char *const yes[] = {
        "Sunny weekend ahead! Parks are open. #KestrelVale",
        "Great to welcome the minister today @UKLabour",
        ("Kestrel Vale Council X posts, 15 April\n\nBins are collected as normal on Monday. "
         "#Bins\n\n"
         "Libraries open late on Thursday. #Libraries\n\nPools reopen Saturday. #Leisure"),
        "We are investing in parks.\n1/3\nAnd in libraries.\n2/3\nAnd in roads.\n3/3",
        "Road closed on Quay Street today (1/2)\n\nDiversion via Castle Street (2/2) #Roads",
    };
    char release[4096];
    size_t n = 0;
    n += (size_t)sprintf(release + n, "Council opens new library\n\n");
    for (int i = 0; i < 6; i++)
        n += (size_t)sprintf(release + n, "The council has opened a new library in the town "
                                          "centre. It has "
                                          "study spaces, a children's area and free computers for "
                                          "everyone, and it is open six days a week.\n\n");
    sprintf(release + n, "Follow us for updates. #KestrelVale");
    const char *no[] = {
        "",
        "Plain prose with no tags at all. The council will meet on Tuesday.",
        release,
        "<p>#NotSocial in <b>HTML</b></p>",
        "# Heading\n\nMarkdown text with a [link](https://example.org).",
        "Email press@council.gov.uk for details, quoting ref 24/7.",
    };
    for (size_t i = 0; i < PD_ARRAY_LEN(yes); i++) {
        bool got = pd_looks_like_social(yes[i], strlen(yes[i]));
        if (!got) fprintf(stderr, "should look social: %s\n", yes[i]);
        CHECK(got);
    }
    for (size_t i = 0; i < PD_ARRAY_LEN(no); i++) {
        bool got = pd_looks_like_social(no[i], strlen(no[i]));
        if (got) fprintf(stderr, "should not look social: %.60s\n", no[i]);
        CHECK(!got);
    }
    /* one very long paragraph with a hashtag is not a post */
    size_t len;
    char *s = repeat("word ", 300, "#tag", &len);
    CHECK(!pd_looks_like_social(s, len));
    free(s);
    CHECK(!pd_looks_like_social(NULL, 0));
    set_input("#tag", 1); /* never reads past len */
    CHECK(!pd_looks_like_social(input, input_len));
}

int main(void)
{
    pd_extracted x;
    pd_extracted_init(&x);
    test_hashtags(&x);
    test_mentions(&x);
    test_urls(&x);
    test_threads(&x);
    test_garbage(&x);
    test_adversarial(&x);
    test_reuse(&x);
    test_looks_like_social();
    pd_extracted_free(&x);
    free(input);
    return harness_report();
}
