/* test_extract.c: plain-text and HTML extraction, with the offset map checked against the exact
 * input bytes every time. Inputs are copied into heap buffers of their exact length (no NUL) so
 * that AddressSanitizer catches any read past `len`. */
#include "extract_check.h"
#include "html_entities.h"

#include <stdlib.h>

static int html_n(pd_extracted *x, const char *s, size_t n)
{
    return extract_checked(pd_extract_html, x, s, n, false);
}

static int html(pd_extracted *x, const char *s) { return html_n(x, s, strlen(s)); }

static void test_inline_tags(pd_extracted *x)
{
    CHECK_INT(html(x, "Cllr <b>Green</b>"), PURDAH_OK);
    CHECK_STR(x->text, "Cllr Green");
    CHECK_INT(x->map.count, 2);
    CHECK_STR(mapped(x, "Cllr Green"), "Cllr <b>Green");
    CHECK_STR(mapped(x, "Green"), "Green");
    CHECK_INT(x->segment_count, 1);
    CHECK_STR(role_of(x, "Cllr"), "body");

    html(x, "<p>Councillor <span class=\"name\"><em>Jane</em> <strong>Green</strong></span> "
            "said</p>");
    CHECK_STR(x->text, "Councillor Jane Green said");
    CHECK_STR(mapped(x, "Jane Green"), "Jane</em> <strong>Green");
    CHECK_STR(mapped(x, " said"), " said");
    CHECK_INT(mapped_start(x, "said"), input_offset("said"));
    CHECK_INT(x->flags, 0);
}

static void test_entities(pd_extracted *x)
{
    html(x, "<p>R&amp;D O&rsquo;Brien O&#8217;Neil O&#x2019;Hara O&#X2019;Dea a&nbsp;b</p>");
    CHECK_STR(x->text, "R&D O\xE2\x80\x99" "Brien O\xE2\x80\x99Neil O\xE2\x80\x99Hara "
                       "O\xE2\x80\x99" "Dea a\xC2\xA0" "b");
    CHECK_STR(mapped(x, "R&D"), "R&amp;D");
    CHECK_STR(mapped(x, "&"), "&amp;");
    CHECK_STR(mapped(x, "\xE2\x80\x99"), "&rsquo;");
    CHECK_STR(mapped(x, "\xE2\x80\x99Neil"), "&#8217;Neil");
    CHECK_STR(mapped(x, "O\xE2\x80\x99Hara"), "O&#x2019;Hara");
    CHECK_STR(mapped(x, "\xC2\xA0"), "&nbsp;");
    CHECK_STR(mapped(x, "Brien"), "Brien");
    /* a part of a decoded character still maps to the whole reference */
    CHECK_STR(mapped(x, "\x80"), "&rsquo;");

    /* broken references stay literal text, byte for byte */
    html(x, "AT&T &foo; &foo &#xZZ; &#; &# &");
    CHECK_STR(x->text, "AT&T &foo; &foo &#xZZ; &#; &# &");
    CHECK_STR(mapped(x, "&#xZZ;"), "&#xZZ;");
    CHECK_INT(x->map.count, 1);

    /* numeric: zero, surrogates, too big -> U+FFFD; C1 read as Windows-1252; ';' optional */
    html(x, "[&#0;][&#xD800;][&#x110000;][&#99999999999999999999;][&#146;][&#65][&#x41;]");
    CHECK_STR(x->text, "[\xEF\xBF\xBD][\xEF\xBF\xBD][\xEF\xBF\xBD][\xEF\xBF\xBD][\xE2\x80\x99][A][A]");
    CHECK_STR(mapped(x, "[A]"), "[&#65]");
    CHECK_STR(mapped(x, "\xE2\x80\x99"), "&#146;");

    /* legacy names without ';' as browsers read them in text; the longest legacy prefix wins */
    html(x, "&copy 2024 &copy2024 &amp &lt;b&gt; &notit; &eacute &AMP;");
    CHECK_STR(x->text, "\xC2\xA9 2024 \xC2\xA9" "2024 & <b> \xC2\xACit; \xC3\xA9 &");
    CHECK_STR(mapped(x, "\xC2\xA9" "2024"), "&copy2024");
    CHECK_STR(mapped(x, "<b>"), "&lt;b&gt;");
    /* an entity whose UTF-8 is as long as its reference stays atomic */
    html(x, "x&nLl;y");
    CHECK_STR(x->text, "x\xE2\x8B\x98\xCC\xB8y");
    CHECK_STR(mapped(x, "\xE2\x8B\x98"), "&nLl;");
    CHECK_STR(mapped(x, "\xCC\xB8y"), "&nLl;y");
}

static void test_entity_table(void)
{
    size_t n = PD_ARRAY_LEN(pd_entities), legacy = 0;
    bool sorted = true;
    for (size_t i = 1; i < n; i++)
        if (strcmp(pd_entities[i - 1].name, pd_entities[i].name) >= 0) sorted = false;
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(pd_entities[i].name);
        if (pd_entities[i].name[len - 1] != ';') legacy++;
        CHECK(len <= PD_ENTITY_MAX_NAME);
    }
    CHECK(sorted);
    CHECK(n >= 2231);
    CHECK_INT(legacy, 106);
    /* HTML 4 names, from each of its three sets, decode */
    pd_extracted x;
    pd_extracted_init(&x);
    html(&x, "&Alpha;&thetasym;&hellip;&mdash;&ndash;&ldquo;&rdquo;&lsquo;&euro;&yuml;&zwnj;"
             "&lang;&rang;&spades;&apos;&quot;&pound;");
    CHECK_STR(x.text, "\xCE\x91\xCF\x91\xE2\x80\xA6\xE2\x80\x94\xE2\x80\x93\xE2\x80\x9C"
                      "\xE2\x80\x9D\xE2\x80\x98\xE2\x82\xAC\xC3\xBF\xE2\x80\x8C\xE2\x9F\xA8"
                      "\xE2\x9F\xA9\xE2\x99\xA0'\"\xC2\xA3");
    pd_extracted_free(&x);
}

static void test_attributes(pd_extracted *x)
{
    html(x, "<p>Intro <img src=\"green.jpg\" alt=\"Cllr Jane Green &amp; friends\" "
            "title='Photo: J. Green'> <a href=\"https://example.org/?a=1&amp;b=2&copy=3\" "
            "title=Labour>Labour site</a> end</p>");
    CHECK_STR(x->text, "Intro \n\nCllr Jane Green & friends\n\nPhoto: J. Green\n\n"
                       "https://example.org/?a=1&b=2&copy=3\n\nLabour\n\nLabour site\n\n end");
    CHECK_INT(x->segment_count, 7);
    CHECK_STR(role_of(x, "Intro"), "body");
    CHECK_STR(role_of(x, "Cllr Jane"), "image_alt");
    CHECK_STR(role_of(x, "Photo"), "title");
    CHECK_STR(role_of(x, "https"), "link_url");
    CHECK_STR(role_of(x, "Labour\n"), "title");
    CHECK_STR(role_of(x, "Labour site"), "link_text");
    CHECK_STR(role_of(x, " end"), "body");
    CHECK(!text_has(x, "green.jpg")); /* <img src> is not text */
    CHECK_STR(mapped(x, "Jane Green & friends"), "Jane Green &amp; friends");
    CHECK_INT(mapped_start(x, "Cllr Jane"), input_offset("Cllr Jane"));
    CHECK_STR(mapped(x, "Photo: J. Green"), "Photo: J. Green");
    CHECK_STR(mapped(x, "https://example.org/?a=1&b=2&copy=3"),
              "https://example.org/?a=1&amp;b=2&copy=3");
    CHECK_INT(mapped_start(x, "Labour\n"), input_offset("Labour>"));
    CHECK_STR(mapped(x, "Labour site"), "Labour site");

    /* adjacent values of the same role never join; empty ones insert nothing */
    html(x, "<img alt=\"Vote\"><img alt=\"\"><img alt=Labour><b>Gr<img alt=' '>een</b>");
    CHECK_STR(x->text, "Vote\n\nLabour\n\nGreen");
    CHECK_INT(x->segment_count, 3);
    CHECK(!text_has(x, "Vote Labour") && !text_has(x, "VoteLabour"));
    CHECK_STR(mapped(x, "Green"), "Gr<img alt=' '>een");

    /* title on any element, first of duplicates, none from end tags, no alt outside images */
    html(x, "<abbr title=\"Liberal Democrats\" TITLE=\"x\">LD</abbr></p title=\"no\">"
            "<div alt=\"no\">z</div>");
    CHECK_STR(x->text, "Liberal Democrats\n\nLD\n\nz");
    CHECK_STR(role_of(x, "Liberal"), "title");
    CHECK_STR(role_of(x, "LD"), "body");
}

static void test_skipped(pd_extracted *x)
{
    html(x, "<p>a</p><script>var s = \"</scr\" + \"ipt>Vote Labour\";</script>"
            "<STYLE type=text/css>p { color: red }</StYlE ><template><p>Vote</p></template>"
            "<noscript><p>Vote</p></noscript><script/>x</script ><p>b</p>");
    CHECK_STR(x->text, "a\n\nb");
    CHECK_STR(mapped(x, "b"), "b");
    CHECK_INT(x->flags, 0);

    html(x, "a<!-- Vote Labour -->b<!---->c<!-->d<!--->e<!-- x --!>f<!-- <p>g</p> -->h");
    CHECK_STR(x->text, "abcdefh");
    CHECK_STR(mapped(x, "fh"), "f<!-- <p>g</p> -->h");

    html(x, "<!DOCTYPE html><?xml version=\"1.0\"?><html><head><meta charset=utf-8>"
            "<title>News &amp; views</title></head><body>x</body></html>");
    CHECK_STR(x->text, "News & views\n\nx");
    CHECK_STR(role_of(x, "News"), "headline");
    CHECK_STR(role_of(x, "x"), "body");

    /* RCDATA: tags inside <title> are text */
    html(x, "<title>A <b>b</b></title >c");
    CHECK_STR(x->text, "A <b>b</b>\n\nc");
    CHECK_STR(mapped(x, "<b>b</b>"), "<b>b</b>");

    /* CDATA content is kept as literal text */
    html(x, "a<![CDATA[x<y &amp;]]>b");
    CHECK_STR(x->text, "ax<y &amp;b");
    CHECK_STR(mapped(x, "x<y &amp;b"), "x<y &amp;]]>b");
}

static void test_breaks(pd_extracted *x)
{
    /* <br> ends a line; a block ends a paragraph */
    html(x, "<p>Cllr<br>Green</p><p>Labour</p>\n  <p>\n</p><div>x<br/>y</div>");
    CHECK_STR(x->text, "Cllr\nGreen\n\nLabour\n\nx\ny");
    CHECK_STR(mapped(x, "Green"), "Green");
    CHECK_STR(mapped(x, "Labour"), "Labour");
    CHECK_STR(mapped(x, "Green\n\nLabour"), "Green</p><p>Labour");
    size_t at = find(x->text, x->len, "\n", 1), a, b;
    pd_offmap_range(&x->map, at, at + 1, &a, &b);
    CHECK(a == b); /* a break stands for no input bytes */

    /* whitespace between inline elements is text; between blocks it is nothing */
    html(x, "<b>Cllr</b> <i>Green</i>\n<ul>\n <li>one</li>\n <li>two\n</ul>\n");
    CHECK_STR(x->text, "Cllr Green\n\none\n\ntwo\n");
    CHECK_STR(mapped(x, "Cllr Green"), "Cllr</b> <i>Green");
}

static void test_roles(pd_extracted *x)
{
    html(x, "<h1>Vote</h1><p>Labour</p>");
    CHECK_STR(x->text, "Vote\n\nLabour");
    CHECK(!text_has(x, "Vote\nLabour") && !text_has(x, "Vote Labour"));
    CHECK_STR(role_of(x, "Vote"), "headline");
    CHECK_STR(role_of(x, "Labour"), "body");
    CHECK_INT(x->segment_count, 2);
    CHECK_INT(x->segments[0].end, 6); /* the separator belongs to the segment before it */

    /* a role change inside a line still separates */
    html(x, "He said <q>vote for</q> Labour");
    CHECK_STR(x->text, "He said \n\nvote for\n\n Labour");
    CHECK_STR(role_of(x, "vote"), "quote");
    CHECK_STR(mapped(x, "vote for"), "vote for");

    /* the innermost role wins; the outer one comes back after it */
    html(x, "<h2>Plans <a href=/x>here</a> now</h2><blockquote><p>We <q>will</q></p>"
            "<figure><img alt=A><figcaption>Cap <b>tion</b></figcaption></figure></blockquote>");
    CHECK_STR(x->text, "Plans \n\n/x\n\nhere\n\n now\n\nWe will\n\nA\n\nCap tion");
    CHECK_STR(role_of(x, "Plans"), "headline");
    CHECK_STR(role_of(x, "/x"), "link_url");
    CHECK_STR(role_of(x, "here"), "link_text");
    CHECK_STR(role_of(x, " now"), "headline");
    CHECK_STR(role_of(x, "We"), "quote");
    CHECK_STR(role_of(x, "will"), "quote");
    CHECK_STR(role_of(x, "A\n"), "image_alt");
    CHECK_STR(role_of(x, "Cap"), "caption");
    CHECK_STR(mapped(x, "Cap tion"), "Cap <b>tion");
    /* <q> inside <blockquote> is the same role: one segment, no separator */
    CHECK_INT(x->segment_count, 7);

    /* uppercase and mixed-case tags */
    html(x, "<P>Hello <B>World</B></P><H2 CLASS=x>Head</h2><A HREF='u'>L</A>");
    CHECK_STR(x->text, "Hello World\n\nHead\n\nu\n\nL");
    CHECK_STR(role_of(x, "Head"), "headline");
    CHECK_STR(role_of(x, "u"), "link_url");
    CHECK_STR(role_of(x, "L"), "link_text");
    CHECK_STR(mapped(x, "Hello World"), "Hello <B>World");

    /* unclosed headings and links end at the next heading or link */
    html(x, "<h1>One<h2>Two</h2><p><a href=a>x<a href=b>y</a>z");
    CHECK_STR(role_of(x, "Two"), "headline");
    CHECK_STR(role_of(x, "z"), "body");
}

static void test_garbage(pd_extracted *x)
{
    /* unclosed at EOF */
    CHECK_INT(html(x, "<p>Hello <b>world"), PURDAH_OK);
    CHECK_STR(x->text, "Hello world");
    CHECK_INT(x->flags, 0);
    html(x, "<p>Hello <b class=\"x");
    CHECK_STR(x->text, "Hello ");
    CHECK(x->flags & PD_EXTRACT_MALFORMED);
    html(x, "<p>Hello</p><a");
    CHECK_STR(x->text, "Hello");
    CHECK(x->flags & PD_EXTRACT_MALFORMED);
    html(x, "x<!-- never closed <p>y</p>");
    CHECK_STR(x->text, "x");
    CHECK(x->flags & PD_EXTRACT_MALFORMED);
    html(x, "x<script>never closed");
    CHECK_STR(x->text, "x");
    CHECK(x->flags & PD_EXTRACT_MALFORMED);
    html(x, "<title>never closed &amp; more");
    CHECK_STR(x->text, "never closed & more");
    html(x, "x<![CDATA[y");
    CHECK_STR(x->text, "xy");

    /* '<' that starts no markup is text */
    html(x, "a < b, 3<4, I <3 you, <> <=, x<");
    CHECK_STR(x->text, "a < b, 3<4, I <3 you, <> <=, x<");
    CHECK_STR(mapped(x, "I <3 you"), "I <3 you");
    CHECK_INT(x->map.count, 1);
    html(x, "a</>b</ not a tag>c</");
    CHECK_STR(x->text, "abc</");

    /* NUL bytes and invalid UTF-8 are copied through (folding deals with them) */
    static const char nul[] = "<p>a\0b<b>\0</b>\xFF\xC3(</p>\0";
    html_n(x, nul, sizeof nul - 1);
    CHECK_INT(x->len, 10);
    CHECK(memcmp(x->text, "a\0b\0\xFF\xC3(\n\n\0", 10) == 0);
    CHECK_INT(mapped_start(x, "\xFF\xC3("), 14);
    /* a NUL inside a tag name is just a strange name */
    static const char nul_tag[] = "<p\0x>a</p\0x>b";
    html_n(x, nul_tag, sizeof nul_tag - 1);
    CHECK_STR(x->text, "ab");
    html(x, "\xEF\xBB\xBF<p>bom</p>");
    CHECK_STR(x->text, "bom");
    CHECK_STR(mapped(x, "bom"), "bom");

    /* attributes without values, odd quoting, '=' first */
    html(x, "<img alt =  \"spaced\" =x checked alt=second><p title=a\"b>c");
    CHECK_STR(x->text, "spaced\n\na\"b\n\nc");
}

static void test_big(pd_extracted *x)
{
    /* a 1 MB attribute value and a 1 MB attribute name */
    size_t big = (size_t)1 << 20;
    char *s = malloc(big * 2 + 64);
    size_t n = 0;
    n += (size_t)sprintf(s, "<p>x</p><img alt=\"");
    memset(s + n, 'a', big);
    n += big;
    n += (size_t)sprintf(s + n, "\" ");
    memset(s + n, 'b', big);
    n += big;
    n += (size_t)sprintf(s + n, "=1>y");
    html_n(x, s, n);
    CHECK_INT(x->len, 1 + 2 + big + 2 + 1);
    CHECK_INT(x->segment_count, 3);
    CHECK_INT(x->segments[1].role, PD_ROLE_IMAGE_ALT);
    CHECK_INT(x->segments[1].end - x->segments[1].start, big + 2);
    size_t a, b;
    pd_offmap_range(&x->map, 3, 3 + big, &a, &b);
    CHECK_INT(a, 18);
    CHECK_INT(b, 18 + big);
    CHECK_STR(mapped(x, "y"), "y");
    free(s);

    /* 100,000 nested <div>s: flattened past the cap, still correct */
    size_t n1, n2;
    char *open = repeat("<div>", 100000, "deep", &n1);
    char *close = repeat("</div>", 100000, "after", &n2);
    s = malloc(n1 + n2);
    memcpy(s, open, n1);
    memcpy(s + n1, close, n2);
    html_n(x, s, n1 + n2);
    CHECK_STR(x->text, "deep\n\nafter");
    CHECK(x->flags & PD_EXTRACT_DEEP);
    CHECK_INT(mapped_start(x, "deep"), n1 - 4);
    CHECK_INT(mapped_start(x, "after"), n1 + n2 - 5);
    free(open);
    free(close);
    free(s);

    /* a deep <h1> keeps its role inside; content past the cap gets the innermost tracked role */
    s = repeat("<h1><span>", 1000, "t", &n);
    html_n(x, s, n);
    CHECK_STR(role_of(x, "t"), "headline");
    CHECK(x->flags & PD_EXTRACT_DEEP);
    free(s);

    /* 1000 unclosed <p> and <li> do not count as nesting */
    s = repeat("<p>x<li>y", 1000, "", &n);
    html_n(x, s, n);
    CHECK(!(x->flags & PD_EXTRACT_DEEP));
    free(s);

    /* adversarial: many unterminated constructs; each must cost one pass (speed is measured by
     * the benchmark, not asserted here: a quadratic tokenizer would hit the test timeout) */
    static const char *const pieces[] = {"<a", "<!--", "<a title='", "&", "&#", "&amp", "</",
                                         "<![CDATA[", "<script>", "<!", "<?", "<p", "</x", "<b>", "<p>",
                                         "</b>", "<div title='a'>x"};
    for (size_t i = 0; i < PD_ARRAY_LEN(pieces); i++) {
        s = repeat(pieces[i], 100000, "", &n);
        CHECK_INT(html_n(x, s, n), PURDAH_OK);
        free(s);
    }
}

static void test_text(pd_extracted *x)
{
    static const char bom[] = "\xEF\xBB\xBF" "Cllr Green";
    set_input(bom, sizeof bom - 1);
    CHECK_INT(pd_extract_text(x, input, input_len), PURDAH_OK);
    check_extracted(x, false);
    CHECK(x->borrowed);
    CHECK(x->text == input + 3);
    CHECK_INT(x->len, 10);
    CHECK_STR(mapped(x, "Green"), "Green");
    CHECK_INT(mapped_start(x, "Cllr"), 3);
    CHECK_INT(x->segment_count, 1);
    CHECK_INT(x->segments[0].role, PD_ROLE_BODY);
    CHECK_INT(x->segments[0].end, 10);

    static const char plain[] = "Plain <b>text</b> & more";
    set_input(plain, sizeof plain - 1);
    CHECK_INT(pd_extract_text(x, input, input_len), PURDAH_OK);
    check_extracted(x, false);
    CHECK(x->text == input && x->len == input_len);
    CHECK_INT(x->map.count, 0);
    CHECK_STR(mapped(x, "<b>text"), "<b>text");

    set_input("\xEF\xBB\xBF", 3);
    CHECK_INT(pd_extract_text(x, input, input_len), PURDAH_OK);
    CHECK_INT(x->len, 0);
    CHECK_INT(x->segment_count, 0);
    CHECK_INT(pd_extract_text(x, NULL, 0), PURDAH_OK);
    CHECK_INT(x->len, 0);
    CHECK_INT(pd_extract_text(x, NULL, 5), PURDAH_EINVAL);
    CHECK_INT(pd_extract_html(x, NULL, 0), PURDAH_OK);
    CHECK_STR(x->text, "");
    CHECK_INT(x->segment_count, 0);
}

static void test_reuse(pd_extracted *x)
{
    pd_extracted y;
    pd_extracted_init(&y);
    html(&y, "<h1>First &amp; long headline</h1><p>with <img alt=z> body text</p>");
    char *owned = y.owned;
    pd_segment *segs = y.segments;
    pd_offrun *runs = y.map.runs;
    html(&y, "<p>Second</p>");
    CHECK_STR(y.text, "Second");
    CHECK_INT(y.segment_count, 1);
    CHECK_INT(y.flags, 0);
    CHECK_STR(mapped(&y, "Second"), "Second");
    CHECK(y.owned == owned && y.segments == segs && y.map.runs == runs); /* memory kept */
    set_input("plain", 5);
    pd_extract_text(&y, input, input_len);
    CHECK(y.borrowed && y.map.count == 0 && y.len == 5);
    html(&y, "<p>x</p><a");
    CHECK(!y.borrowed);
    CHECK_STR(y.text, "x");
    CHECK(y.flags & PD_EXTRACT_MALFORMED);
    html(&y, "y");
    CHECK_INT(y.flags, 0);
    pd_extracted_reset(&y);
    CHECK_INT(y.len, 0);
    pd_extracted_free(&y);
    pd_extracted_free(&y); /* free after free is fine: init state */
    (void)x;
}

static void test_looks_like_html(void)
{
    static const char *const yes[] = {
        "<!DOCTYPE html><html><body>x</body></html>",
        "\xEF\xBB\xBF  \n<!doctype HTML>",
        "<html lang=en>",
        "<p>Press release</p>",
        "  <div class=\"x\">",
        "<h1>Headline</h1>",
        "<?xml version=\"1.0\"?>\n<!-- c -->\n<html xmlns=\"http://www.w3.org/1999/xhtml\">",
        "Text first, then <b>bold</b> words.",
        "Line one<br>Line two<br>Line three<br>",
        "<P>UPPER</P>",
    };
    static const char *const no[] = {
        "",
        "Plain prose.",
        "I <3 the council",
        "if a < b and c > d then",
        "x<y and y>z",
        "Email <press@council.gov.uk> for more",
        "Use the <p> tag",
        "<3",
        "<",
        "a<b",
    };
    for (size_t i = 0; i < PD_ARRAY_LEN(yes); i++) {
        bool got = pd_looks_like_html(yes[i], strlen(yes[i]));
        if (!got) fprintf(stderr, "should look like HTML: %s\n", yes[i]);
        CHECK(got);
    }
    for (size_t i = 0; i < PD_ARRAY_LEN(no); i++) {
        bool got = pd_looks_like_html(no[i], strlen(no[i]));
        if (got) fprintf(stderr, "should not look like HTML: %s\n", no[i]);
        CHECK(!got);
    }
    CHECK(!pd_looks_like_html(NULL, 0));
    /* never reads past len */
    set_input("<p>", 2);
    CHECK(!pd_looks_like_html(input, input_len));
}

static void test_role_names(void)
{
    CHECK_STR(pd_role_name(PD_ROLE_BODY), "body");
    CHECK_STR(pd_role_name(PD_ROLE_IMAGE_ALT), "image_alt");
    CHECK_STR(pd_role_name(PD_ROLE_LINK_URL), "link_url");
    CHECK_STR(pd_role_name(PD_ROLE_METADATA), "metadata");
    CHECK_STR(pd_role_name(PD_ROLE_COUNT), "unknown");
    for (int r = 0; r < PD_ROLE_COUNT; r++) CHECK(pd_role_name((pd_role)r) != NULL);
}

int main(void)
{
    pd_extracted x;
    pd_extracted_init(&x);
    test_inline_tags(&x);
    test_entities(&x);
    test_entity_table();
    test_attributes(&x);
    test_skipped(&x);
    test_breaks(&x);
    test_roles(&x);
    test_garbage(&x);
    test_big(&x);
    test_text(&x);
    test_reuse(&x);
    test_looks_like_html();
    test_role_names();
    pd_extracted_free(&x);
    free(input);
    return harness_report();
}
