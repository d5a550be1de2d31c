/* test_extract_markdown.c: Markdown extraction, with the offset map checked against the exact
 * input bytes every time. Inputs are copied into heap buffers of their exact length (no NUL) so
 * that AddressSanitizer catches any read past `len`. */
#include "extract_check.h"

#include <stdlib.h>

static int md_n(pd_extracted *x, const char *s, size_t n)
{
    return extract_checked(pd_extract_markdown, x, s, n, true);
}

static int md(pd_extracted *x, const char *s) { return md_n(x, s, strlen(s)); }

static void test_headings(pd_extracted *x)
{
    CHECK_INT(md(x, "# Peter Hall to judge the show #\n\nBody text.\n"), PURDAH_OK);
    CHECK_STR(x->text, "Peter Hall to judge the show\n\nBody text.");
    CHECK_STR(role_of(x, "Peter Hall"), "headline");
    CHECK_STR(role_of(x, "Body"), "body");
    CHECK_STR(mapped(x, "Peter Hall"), "Peter Hall");
    CHECK_INT(mapped_start(x, "Peter"), 2);
    CHECK_INT(x->segment_count, 2);
    CHECK_INT(x->flags, 0);

    /* levels 1-6, closing sequences, and what is not a heading */
    md(x, "###### Six ######\n####### Seven\n#5 bolt\n#hashtag\n##   Spaced   ##   \n# Ends in#\n"
          "#\n");
    CHECK_STR(x->text, "Six\n\n####### Seven\n#5 bolt\n#hashtag\n\nSpaced\n\nEnds in#");
    CHECK_STR(role_of(x, "Six"), "headline");
    CHECK_STR(role_of(x, "Seven"), "body");
    CHECK_STR(role_of(x, "Spaced"), "headline");
    CHECK_STR(mapped(x, "Ends in#"), "Ends in#");

    /* setext headings, both underlines; a lone "---" after a paragraph is one too */
    md(x, "Prize marrows and a visit from Ms Strickland\n---------------------------------\n\n"
          "Big news\n===\nText\n");
    CHECK_STR(x->text, "Prize marrows and a visit from Ms Strickland\n\nBig news\n\nText");
    CHECK_STR(role_of(x, "Ms Strickland"), "headline");
    CHECK_STR(role_of(x, "Big news"), "headline");
    CHECK_STR(role_of(x, "Text"), "body");
    CHECK_STR(mapped(x, "Ms Strickland"), "Ms Strickland");

    /* a two-line setext heading keeps its line end */
    md(x, "Cllr Jane\nGreen\n===\n");
    CHECK_STR(x->text, "Cllr Jane\nGreen");
    CHECK_STR(mapped(x, "Jane\nGreen"), "Jane\nGreen");
    CHECK_INT(x->segment_count, 1);
    CHECK_STR(role_of(x, "Green"), "headline");

    /* inline markup inside headings */
    md(x, "## Cllr **Okonkwo** opens [the library](https://example.org/lib)\n");
    CHECK_STR(x->text, "Cllr Okonkwo opens \n\nthe library\n\nhttps://example.org/lib");
    CHECK_STR(role_of(x, "Cllr"), "headline");
    CHECK_STR(role_of(x, "the library"), "link_text");
    CHECK_STR(mapped(x, "Cllr Okonkwo"), "Cllr **Okonkwo");

    /* a thematic break is a paragraph break, not text */
    md(x, "one\n\n***\n\ntwo\n- - -\nthree");
    CHECK_STR(x->text, "one\n\ntwo\n\nthree");
}

static void test_emphasis(pd_extracted *x)
{
    md(x, "*a* **b** _c_ __d__ ~~e~~ ~f~ ***g***");
    CHECK_STR(x->text, "a b c d e f g");
    CHECK_STR(mapped(x, "a b"), "a* **b");
    CHECK_STR(mapped(x, "g"), "g");
    CHECK_INT(mapped_start(x, "g"), input_offset("g***"));

    /* nested, the markers gone and the rest mapped byte to byte */
    md(x, "*Cllr **Jane** Green*, _said **the** leader_.");
    CHECK_STR(x->text, "Cllr Jane Green, said the leader.");
    CHECK_STR(mapped(x, "Cllr Jane Green"), "Cllr **Jane** Green");
    CHECK_STR(mapped(x, "Jane"), "Jane");
    CHECK_STR(mapped(x, "leader."), "leader_.");

    /* the golden drafts' cases: markup inside a name is covered, markup outside it is not */
    md(x, "Cllr **Okonkwo** said, led by *Callum* Rafferty and **Rebecca Baker**, sourdough");
    CHECK_STR(x->text, "Cllr Okonkwo said, led by Callum Rafferty and Rebecca Baker, sourdough");
    CHECK_STR(mapped(x, "Cllr Okonkwo"), "Cllr **Okonkwo");
    CHECK_STR(mapped(x, "Callum Rafferty"), "Callum* Rafferty");
    CHECK_STR(mapped(x, "Rebecca Baker"), "Rebecca Baker");

    /* what is not emphasis stays text */
    md(x, "snake_case_name, 5 * 3 = 15, a ** b, *unclosed and __also, ~~~x~~~");
    CHECK_STR(x->text, "snake_case_name, 5 * 3 = 15, a ** b, *unclosed and __also, ~~~x~~~");
    CHECK_INT(x->map.count, 1);

    /* the rule of three, and delimiters next to curly quotes and emoji */
    md(x, "*foo**bar**baz* \xE2\x80\x9C_Vote_\xE2\x80\x9D \xF0\x9F\x8E\x89__Win__");
    CHECK_STR(x->text, "foobarbaz \xE2\x80\x9CVote\xE2\x80\x9D \xF0\x9F\x8E\x89Win");

    /* emphasis across a soft line break keeps the line end byte to byte */
    md(x, "**Cllr\nGreen**");
    CHECK_STR(x->text, "Cllr\nGreen");
    CHECK_STR(mapped(x, "Cllr\nGreen"), "Cllr\nGreen");
}

static void test_links(pd_extracted *x)
{
    md(x, "See [Kestrel Vale Liberal Democrats](https://www.libdems.org.uk/kv \"Lib Dems\") now.");
    CHECK_STR(x->text, "See \n\nKestrel Vale Liberal Democrats\n\nhttps://www.libdems.org.uk/kv\n\n"
                       "Lib Dems\n\n now.");
    CHECK_STR(role_of(x, "See"), "body");
    CHECK_STR(role_of(x, "Liberal Democrats"), "link_text");
    CHECK_STR(role_of(x, "https://"), "link_url");
    CHECK_STR(role_of(x, "Lib Dems"), "title");
    CHECK_STR(role_of(x, " now"), "body");
    CHECK_STR(mapped(x, "Liberal Democrats"), "Liberal Democrats");
    CHECK_STR(mapped(x, "https://www.libdems.org.uk/kv"), "https://www.libdems.org.uk/kv");
    CHECK_STR(mapped(x, "Lib Dems"), "Lib Dems");
    CHECK_INT(x->segment_count, 5);

    /* destinations: angle brackets, balanced parentheses, escapes and entities */
    md(x, "[a](<https://x.org/a b>) [b](https://en.wikipedia.org/wiki/Foo_(bar)) "
          "[c](https://x.org/\\(y\\)?a=1&amp;b=2) [d]() [e](/x 'single') [f](/y (paren))");
    /* (a space alone between isolated pieces is dropped; "d" has no URL, so its text runs on) */
    CHECK_STR(x->text, "a\n\nhttps://x.org/a b\n\nb\n\nhttps://en.wikipedia.org/wiki/Foo_(bar)\n\n"
                       "c\n\nhttps://x.org/(y)?a=1&b=2\n\nd e\n\n/x\n\nsingle\n\nf\n\n/y\n\nparen");
    CHECK_STR(mapped(x, "https://x.org/(y)?a=1&b=2"), "https://x.org/\\(y\\)?a=1&amp;b=2");
    CHECK_STR(mapped(x, "(y)"), "(y\\)");
    CHECK_STR(mapped(x, "&b"), "&amp;b");
    CHECK_STR(role_of(x, "single"), "title");
    CHECK_STR(role_of(x, "paren"), "title");

    /* emphasis inside link text; links are not nested; not links */
    md(x, "[**Vote** *for* us](u) [a [b](c) d](e) [no link] [x] (y) [z](w");
    CHECK_STR(x->text, "Vote for us\n\nu\n\n [a \n\nb\n\nc\n\n d](e) [no link] [x] (y) [z](w");
    CHECK_STR(role_of(x, "Vote for"), "link_text");
    CHECK_STR(mapped(x, "Vote for us"), "Vote** *for* us");

    /* links do not contain links: the inner one is the link, the outer brackets text */
    md(x, "[a [b](c) d](e)");
    CHECK_STR(x->text, "[a \n\nb\n\nc\n\n d](e)");
    CHECK_STR(role_of(x, "b"), "link_text");
    CHECK_STR(role_of(x, "[a"), "body");
}

static void test_images(pd_extracted *x)
{
    md(x, "![Yusuf Demir planting an oak](/media/trees-01.jpg \"Castle Mound\")\n\nText");
    CHECK_STR(x->text, "Yusuf Demir planting an oak\n\nCastle Mound\n\nText");
    CHECK_STR(role_of(x, "Yusuf"), "image_alt");
    CHECK_STR(role_of(x, "Castle"), "title");
    CHECK_STR(role_of(x, "Text"), "body");
    CHECK(!text_has(x, "trees-01")); /* the source is not text */
    CHECK_STR(mapped(x, "Yusuf Demir"), "Yusuf Demir");
    CHECK_INT(mapped_start(x, "Yusuf"), 2);

    /* an image inside a link (a badge): alt text, then the link's URL */
    md(x, "[![Cllr *Green*](g.png)](https://green.example/) after");
    CHECK_STR(x->text, "Cllr Green\n\nhttps://green.example/\n\n after");
    CHECK_STR(role_of(x, "Cllr Green"), "image_alt");
    CHECK_STR(role_of(x, "https"), "link_url");
    CHECK_STR(mapped(x, "Cllr Green"), "Cllr *Green");

    /* a link inside an image's alt text: the innermost role wins */
    md(x, "![a [b](c) d](e.png)");
    CHECK_STR(x->text, "a \n\nb\n\nc\n\n d");
    CHECK_STR(role_of(x, "a "), "image_alt");
    CHECK_STR(role_of(x, "b"), "link_text");
    CHECK_STR(role_of(x, " d"), "image_alt");

    /* "!" alone, and an image that is not one */
    md(x, "Wow! ![alt](");
    CHECK_STR(x->text, "Wow! ![alt](");
}

static void test_references(pd_extracted *x)
{
    md(x, "Read [the plan][Plan 2027] or [the plan][] or [Plan 2027] or [nope][missing].\n\n"
          "[plan   2027]: https://example.org/plan \"The plan\"\n"
          "[the plan]: <https://example.org/the plan>\n");
    CHECK_STR(x->text, "Read \n\nthe plan\n\n or \n\nthe plan\n\n or \n\nPlan 2027\n\n"
                       " or [nope][missing].\n\nhttps://example.org/plan\n\nThe plan\n\n"
                       "https://example.org/the plan");
    CHECK_STR(role_of(x, "the plan"), "link_text");
    CHECK_STR(role_of(x, "Plan 2027"), "link_text");
    CHECK_STR(role_of(x, "[nope]"), "body");
    CHECK_STR(role_of(x, "https://example.org/plan"), "link_url");
    CHECK_STR(role_of(x, "The plan"), "title");
    CHECK_STR(mapped(x, "https://example.org/plan"), "https://example.org/plan");
    CHECK(!text_has(x, "[plan")); /* the definition line is not text */
    CHECK(!text_has(x, "2027]:"));

    /* a definition used before it is defined, inside a blockquote, and the first one wins */
    md(x, "> [Cllr Green][g]\n\n[g]: https://one.example\n[g]: https://two.example\n");
    CHECK_STR(x->text, "Cllr Green\n\nhttps://one.example\n\nhttps://two.example");
    CHECK_STR(role_of(x, "Cllr Green"), "link_text");

    /* a definition cannot interrupt a paragraph: then it is text */
    md(x, "text\n[a]: /u\n");
    CHECK_STR(x->text, "text\n[a]: /u");
    CHECK_INT(x->segment_count, 1);
}

static void test_autolinks(pd_extracted *x)
{
    md(x, "Mail <press@council.gov.uk> or see <https://labour.org.uk/join?a=1&amp;b> now");
    CHECK_STR(x->text, "Mail \n\npress@council.gov.uk\n\n or see \n\n"
                       "https://labour.org.uk/join?a=1&b"
                       "\n\n now");
    CHECK_STR(role_of(x, "press@"), "link_url");
    CHECK_STR(role_of(x, "https"), "link_url");
    CHECK_STR(mapped(x, "press@council.gov.uk"), "press@council.gov.uk");
    CHECK_STR(mapped(x, "join?a=1&b"), "join?a=1&amp;b");

    /* bare URLs, with trailing punctuation and unbalanced parentheses left out */
    md(x, "Visit www.labour.org.uk. Or https://x.org/a_(b)), (http://y.org/z) and "
          "**https://b.org**!");
    CHECK_STR(x->text, "Visit \n\nwww.labour.org.uk\n\n. Or \n\nhttps://x.org/a_(b)\n\n), (\n\n"
                       "http://y.org/z\n\n) and \n\nhttps://b.org\n\n!");
    CHECK_STR(mapped(x, "www.labour.org.uk"), "www.labour.org.uk");
    CHECK_STR(mapped(x, "https://b.org"), "https://b.org");

    /* not URLs: inside a word, no host, not a scheme */
    md(x, "xhttps://a.org http:// www. ftp:/x <a@> <:x>");
    CHECK_STR(x->text, "xhttps://a.org http:// www. ftp:/x <a@> <:x>");
    CHECK_INT(x->map.count, 1);
}

static void test_blockquotes(pd_extracted *x)
{
    md(x, "> \"The pool is *warmer*,\" said Dafydd Llewellyn.\n\nOwen Pritchard said:\n\n"
          "> Opening day was a team effort.\nWe thank Tom Church.\n> > Nested _deep_ quote\n");
    CHECK_STR(x->text, "\"The pool is warmer,\" said Dafydd Llewellyn.\n\nOwen Pritchard said:\n\n"
                       "Opening day was a team effort.\nWe thank Tom Church.\n\nNested deep quote");
    CHECK_STR(role_of(x, "Dafydd"), "quote");
    CHECK_STR(role_of(x, "Owen"), "body");
    CHECK_STR(role_of(x, "Tom Church"), "quote"); /* a lazy continuation line */
    CHECK_STR(role_of(x, "Nested"), "quote");
    CHECK_STR(mapped(x, "Dafydd Llewellyn"), "Dafydd Llewellyn");
    CHECK_STR(mapped(x, "effort.\nWe"), "effort.\nWe");
    CHECK_STR(mapped(x, "Nested deep"), "Nested _deep");
    CHECK(!text_has(x, ">"));
    CHECK_INT(x->segment_count, 3);

    /* quote markers without spaces, a heading and a list inside a quote */
    md(x, ">## Head\n>- one\n>- two\n>\n>para");
    CHECK_STR(x->text, "Head\n\none\n\ntwo\n\npara");
    CHECK_STR(role_of(x, "Head"), "headline");
    CHECK_STR(role_of(x, "one"), "quote");
    CHECK_STR(role_of(x, "para"), "quote");

    /* a blank line ends the quote; a thematic break is no lazy line */
    md(x, "> a\n\nb\n> c\n---\n");
    CHECK_STR(x->text, "a\n\nb\n\nc");
    CHECK_STR(role_of(x, "b"), "body");
    CHECK_STR(role_of(x, "c"), "quote");
}

static void test_lists(pd_extracted *x)
{
    md(x, "Traders include:\n\n- **Rebecca Baker**, sourdough\n* Kest Valley Honey\n+ Plants\n\n"
          "1. First\n2) Second\n10. Tenth\n");
    CHECK_STR(x->text, "Traders include:\n\nRebecca Baker, sourdough\n\nKest Valley Honey\n\n"
                       "Plants\n\n"
                       "First\n\nSecond\n\nTenth");
    CHECK_STR(mapped(x, "Rebecca Baker"), "Rebecca Baker");
    CHECK_INT(mapped_start(x, "First"), input_offset("First"));
    CHECK_STR(role_of(x, "Plants"), "body");
    CHECK_INT(x->segment_count, 1);

    /* nested items, continuation paragraphs, lazy lines, task lists */
    md(x, "- outer\n  - inner\n    still inner\n\n  second paragraph\nlazy\n- [ ] todo\n"
          "- [x] done\n");
    CHECK_STR(x->text, "outer\n\ninner\nstill inner\n\nsecond paragraph\nlazy\n\ntodo\n\ndone");
    CHECK_STR(mapped(x, "inner\nstill"), "inner\n    still");

    /* a number that starts a line in a paragraph is no list unless it is 1 */
    md(x, "The figure for\n2024. Was high\n1. but this is a list");
    CHECK_STR(x->text, "The figure for\n2024. Was high\n\nbut this is a list");

    /* an item with indented code in it */
    md(x, "-      code here\n");
    CHECK_STR(x->text, " code here"); /* the code starts one space after the marker */
}

static void test_code(pd_extracted *x)
{
    /* code is text: a name in code formatting is still published */
    md(x, "Before\n```js title=\"x\"\nCllr *Green* &amp; <b>Labour</b>\n\n  indented\n```\nAfter\n"
          "~~~\ntilde\n~~~~\n");
    CHECK_STR(x->text, "Before\n\nCllr *Green* &amp; <b>Labour</b>\n  indented\n\nAfter\n\ntilde");
    CHECK_STR(mapped(x, "Cllr *Green* &amp;"), "Cllr *Green* &amp;");
    CHECK_STR(role_of(x, "Cllr"), "body");
    CHECK(!text_has(x, "js"));
    CHECK(!text_has(x, "```"));
    CHECK_INT(x->flags, 0);

    /* indented code, and code spans whose content is literal */
    md(x, "Para\n\n    Cllr Green\n    Labour\n\nUse `Cllr **Green**` and ``a ` b`` and `&amp;`.");
    CHECK_STR(x->text, "Para\n\nCllr Green\nLabour\n\nUse Cllr **Green** and a ` b and &amp;.");
    CHECK_STR(mapped(x, "Cllr Green\nLabour"), "Cllr Green\n    Labour");
    CHECK_STR(mapped(x, "Cllr **Green**"), "Cllr **Green**");

    /* indented lines cannot interrupt a paragraph; a fence in a quote; an unclosed fence */
    md(x, "para\n    more\n\n> ```\n> Cllr Green\n> ```\n\n```\nnever closed *x*");
    CHECK_STR(x->text, "para\nmore\n\nCllr Green\n\nnever closed *x*");
    CHECK_STR(role_of(x, "Cllr Green"), "quote");
    CHECK(x->flags & PD_EXTRACT_MALFORMED);

    /* unmatched backticks are text */
    md(x, "a ``` b `` c ` d");
    CHECK_STR(x->text, "a ``` b `` c ` d");
}

static void test_tables(pd_extracted *x)
{
    md(x, "Results:\n| Candidate | Party |\n|:--|--:|\n| Cllr **Green** | Labour \\| Co-op |\n"
          "| Emma Lockwood | Liberal Democrats | extra |\nlast row\n\nAfter");
    CHECK_STR(x->text, "Results:\n\nCandidate\n\nParty\n\nCllr Green\n\nLabour | Co-op\n\n"
                       "Emma Lockwood"
                       "\n\nLiberal Democrats\n\nextra\n\nlast row\n\nAfter");
    CHECK(!text_has(x, "|:"));
    CHECK(!text_has(x, "--"));
    CHECK_STR(mapped(x, "Cllr Green"), "Cllr **Green");
    CHECK_STR(mapped(x, "Labour | Co-op"), "Labour \\| Co-op");
    CHECK_STR(mapped(x, "Liberal Democrats"), "Liberal Democrats");
    CHECK_STR(role_of(x, "Emma"), "body");

    /* no table: counts differ, or no pipe in the delimiter row */
    md(x, "| a | b |\n|---|\n\nx\n---\n");
    CHECK_STR(x->text, "| a | b |\n|---|\n\nx");
    CHECK_STR(role_of(x, "x"), "headline");
}

static void test_front_matter(pd_extracted *x)
{
    md(x, "---\ntitle: Cllr Llewellyn opens Southmoor community fridge\ndate: 2027-04-09\n"
          "# a comment\ntags: [food, southmoor]\n---\n\nSouthmoor's fridge opened.\n");
    CHECK_STR(x->text, "Cllr Llewellyn opens Southmoor community fridge\n\ndate: 2027-04-09\n"
                       "tags: [food, southmoor]\n\nSouthmoor's fridge opened.");
    CHECK_STR(role_of(x, "Cllr Llewellyn"), "headline");
    CHECK_STR(role_of(x, "date:"), "metadata");
    CHECK_STR(role_of(x, "tags:"), "metadata");
    CHECK_STR(role_of(x, "Southmoor's"), "body");
    CHECK_STR(mapped(x, "Cllr Llewellyn"), "Cllr Llewellyn");
    CHECK_INT(mapped_start(x, "Cllr"), 11);
    CHECK(!text_has(x, "title"));
    CHECK(!text_has(x, "comment"));

    /* quoted titles, TOML, block scalars */
    md(x, "+++\ntitle = \"Vote Labour\"\ndraft = true\n+++\nBody");
    CHECK_STR(x->text, "Vote Labour\n\ndraft = true\n\nBody");
    CHECK_STR(role_of(x, "Vote"), "headline");
    CHECK_STR(mapped(x, "Vote Labour"), "Vote Labour");
    md(x, "---\nTitle: 'Quoted'\nsummary: >\n  folded text\ntitle: |\n  Cllr Green\n  at the fair\n"
          "author: Comms\n...\nBody");
    CHECK_STR(x->text, "Quoted\n\nsummary: >\nfolded text\n\nCllr Green\nat the fair\n\n"
                       "author: Comms"
                       "\n\nBody");
    CHECK_STR(role_of(x, "Quoted"), "headline");
    CHECK_STR(role_of(x, "at the fair"), "headline");
    CHECK_STR(role_of(x, "folded"), "metadata");

    /* not front matter: not at the start, not closed, no key */
    md(x, "Intro\n---\ntitle: x\n---\n");
    CHECK_STR(role_of(x, "Intro"), "headline");
    CHECK_STR(role_of(x, "title: x"), "headline");
    md(x, "---\ntitle: never closed\n");
    CHECK_STR(x->text, "title: never closed");
    CHECK_STR(role_of(x, "title"), "body");
    md(x, "---\nJust prose between rules\n---\n");
    CHECK_STR(role_of(x, "Just prose"), "headline");
}

static void test_escapes(pd_extracted *x)
{
    md(x, "\\*not emphasis\\* \\[not a link\\](x) \\\\ \\a \\&amp; 1\\. item");
    CHECK_STR(x->text, "*not emphasis* [not a link](x) \\ \\a &amp; 1. item");
    CHECK_STR(mapped(x, "*not emphasis*"), "*not emphasis\\*");
    CHECK_STR(mapped(x, "*"), "*"); /* an escaped character maps to itself */
    CHECK_INT(mapped_start(x, "*"), 1);
    CHECK_STR(mapped(x, "&amp;"), "&amp;");

    /* hard line breaks: a backslash or two spaces before the line end; a soft one is kept */
    md(x, "Cllr\\\nGreen  \nLabour \nParty\\");
    CHECK_STR(x->text, "Cllr\nGreen\nLabour \nParty\\");
    size_t at = find(x->text, x->len, "\n", 1), a, b;
    pd_offmap_range(&x->map, at, at + 1, &a, &b);
    CHECK(a == b); /* a hard break stands for no input bytes */
    CHECK_STR(mapped(x, "Labour \nParty"), "Labour \nParty"); /* a soft one is the line end */
}

static void test_entities(pd_extracted *x)
{
    md(x, "R&amp;D O&rsquo;Brien O&#8217;Neil O&#x2019;Hara &copy 2024 &nosuch; &#12345678; AT&T");
    CHECK_STR(x->text, "R&D O\xE2\x80\x99" "Brien O\xE2\x80\x99Neil O\xE2\x80\x99Hara &copy 2024 "
                       "&nosuch; &#12345678; AT&T");
    CHECK_STR(mapped(x, "R&D"), "R&amp;D");
    CHECK_STR(mapped(x, "\xE2\x80\x99"), "&rsquo;");
    CHECK_STR(mapped(x, "\x80"), "&rsquo;"); /* a part of a decoded character maps to all of it */
    CHECK_STR(mapped(x, "O\xE2\x80\x99Neil"), "O&#8217;Neil");
    CHECK_STR(mapped(x, "Hara &copy"), "Hara &copy");

    /* the shared decoder in its three modes */
    char out[8];
    size_t n = 0;
    CHECK_INT(pd_decode_char_ref("&copy 1", 0, 7, 0, out, &n), 5);
    CHECK_INT(pd_decode_char_ref("&copy 1", 0, 7, PD_REF_STRICT, out, &n), 0);
    CHECK_INT(pd_decode_char_ref("&copy=1", 0, 7, PD_REF_ATTR, out, &n), 0);
    CHECK_INT(pd_decode_char_ref("&#146;", 0, 6, PD_REF_STRICT, out, &n), 6);
    CHECK(n == 3 && memcmp(out, "\xE2\x80\x99", 3) == 0);
    CHECK_INT(pd_decode_char_ref("&#65", 0, 4, PD_REF_STRICT, out, &n), 0);
    CHECK_INT(pd_decode_char_ref("&#65", 0, 4, 0, out, &n), 4);
    CHECK_INT(pd_decode_char_ref("&", 0, 1, 0, out, &n), 0);
}

static void test_inline_html(pd_extracted *x)
{
    md(x, "Cllr <strong>Okonkwo</strong>");
    CHECK_STR(x->text, "Cllr Okonkwo");
    CHECK_INT(x->map.count, 2);
    CHECK_STR(mapped(x, "Cllr Okonkwo"), "Cllr <strong>Okonkwo");
    CHECK_STR(mapped(x, "Okonkwo"), "Okonkwo");
    CHECK_INT(x->segment_count, 1);

    /* <br>, block tags, attribute values with roles */
    md(x, "a<br/>b <span title=\"Labour group\">Leader</span> <img src=x.jpg alt='Cllr Green'> "
          "<a href=\"https://labour.org.uk\">join</a></p>c");
    CHECK_STR(x->text, "a\nb \n\nLabour group\n\nLeader\n\nCllr Green\n\nhttps://labour.org.uk\n\n"
                       "join\n\nc");
    CHECK_STR(role_of(x, "Labour group"), "title");
    CHECK_STR(role_of(x, "Cllr Green"), "image_alt");
    CHECK_STR(role_of(x, "https"), "link_url");
    CHECK_STR(role_of(x, "join"), "body");
    CHECK_STR(mapped(x, "Cllr Green"), "Cllr Green");

    /* not tags; an unknown element is still a tag */
    md(x, "a < b, 3<4, <3, <a title=\"x, x<y>z, <!x");
    CHECK_STR(x->text, "a < b, 3<4, <3, <a title=\"x, xz, <!x");
    CHECK_STR(mapped(x, "xz"), "x<y>z");

    /* markup alone on its line inside a paragraph leaves one line end, not a paragraph break */
    md(x, "Cllr\n<span>\nGreen and\n<b>x</b> <!-- c -->\nLabour");
    CHECK_STR(x->text, "Cllr\nGreen and\nx \nLabour");
    CHECK_STR(mapped(x, "Cllr\nGreen"), "Cllr\n<span>\nGreen");
    /* but a comment starting a line is an HTML block, which ends a paragraph (CommonMark) */
    md(x, "Cllr\n<!-- note -->\nGreen");
    CHECK_STR(x->text, "Cllr\n\nGreen");
}

static void test_html_comments(pd_extracted *x)
{
    /* inline comments are skipped (another module reads the purdah-disable comments) */
    md(x, "Names <!-- purdah-disable candidate-named -- reason --> here<!---->.<!-->x");
    CHECK_STR(x->text, "Names  here.x");
    CHECK_STR(mapped(x, "here."), "here<!---->.");

    /* block comments, also across blank lines, and between list items */
    md(x, "Intro\n\n<!-- purdah-disable candidate-named,party-reference -- factual\n\n"
          "still comment -->\n"
          "## Northgate ward\n\n- Daniel Forsyth, Conservative Party\n"
          "<!-- purdah-disable-next-line candidate-named -- -->\n- Emma Lockwood\n"
          "<!-- purdah-enable -->\n");
    CHECK_STR(x->text, "Intro\n\nNorthgate ward\n\nDaniel Forsyth, Conservative Party\n\n"
                       "Emma Lockwood");
    CHECK(!text_has(x, "purdah"));
    CHECK(!text_has(x, "still"));
    CHECK_STR(role_of(x, "Northgate"), "headline");
    CHECK_STR(mapped(x, "Emma Lockwood"), "Emma Lockwood");
    CHECK_INT(x->flags, 0);

    /* an inline comment that is never closed is text readers would see */
    md(x, "a <!-- never closed\n\nb -->");
    CHECK_STR(x->text, "a <!-- never closed\n\nb -->");
    CHECK(x->flags & PD_EXTRACT_MALFORMED);
    md(x, "<!-- block never closed\n\ntext");
    CHECK_STR(x->text, "");
    CHECK(x->flags & PD_EXTRACT_MALFORMED);
}

static void test_html_blocks(pd_extracted *x)
{
    /* HTML blocks are read as HTML: roles, breaks and skipped elements */
    md(x, "<div class=\"note\">\n<h2>Cllr Green</h2>\n<p>Said &amp; did</p>\n\n*after*\n\n"
          "<script>\nvote('Labour');\n</script>\n<figure><img src=a.jpg alt=\"Jane Green\">"
          "<figcaption>At the fair</figcaption></figure>\n\nend");
    CHECK_STR(x->text, "Cllr Green\n\nSaid & did\n\nafter\n\nJane Green\n\nAt the fair\n\nend");
    CHECK_STR(role_of(x, "Cllr Green"), "headline");
    CHECK_STR(role_of(x, "Said"), "body");
    CHECK_STR(role_of(x, "Jane Green"), "image_alt");
    CHECK_STR(role_of(x, "At the fair"), "caption");
    CHECK_STR(mapped(x, "Said & did"), "Said &amp; did");
    CHECK_STR(mapped(x, "Cllr Green"), "Cllr Green");
    CHECK(!text_has(x, "vote"));

    /* an HTML block inside a blockquote keeps the quote role, its prefixes not text */
    md(x, "> <div>\n> Cllr <b>Green</b>\n> </div>");
    CHECK_STR(x->text, "Cllr Green");
    CHECK_STR(role_of(x, "Cllr"), "quote");
    CHECK_STR(mapped(x, "Cllr Green"), "Cllr <b>Green");

    /* a complete tag alone on a line starts a block, but not inside a paragraph */
    md(x, "<custom-tag>\n*x*\n\npara\n<custom-tag>\n*y*");
    CHECK_STR(x->text, "*x*\n\npara\ny");
}

static void test_garbage(pd_extracted *x)
{
    /* NUL bytes and invalid UTF-8 are copied through */
    static const char nul[] = "# a\0b\n\n*\xFF\xC3(x*\0";
    CHECK_INT(md_n(x, nul, sizeof nul - 1), PURDAH_OK);
    CHECK_INT(x->len, 10);
    CHECK(memcmp(x->text, "a\0b\n\n\xFF\xC3(x\0", 10) == 0);
    CHECK_INT(mapped_start(x, "\xFF\xC3("), 8);

    /* CRLF and CR line ends, a BOM */
    md(x, "\xEF\xBB\xBF# Head\r\n\r\nline one\r\nline two\rthree\r\n> q\r\n");
    CHECK_STR(x->text, "Head\n\nline one\nline two\rthree\n\nq");
    CHECK_STR(mapped(x, "one\nline"), "one\r\nline");
    CHECK_STR(role_of(x, "q"), "quote");

    /* empty and NULL inputs */
    CHECK_INT(md(x, ""), PURDAH_OK);
    CHECK_INT(x->len, 0);
    CHECK_INT(x->segment_count, 0);
    CHECK_INT(pd_extract_markdown(x, NULL, 0), PURDAH_OK);
    CHECK_STR(x->text, "");
    CHECK_INT(pd_extract_markdown(x, NULL, 3), PURDAH_EINVAL);
    md(x, "\n\n   \n\t\n");
    CHECK_INT(x->len, 0);

    /* the input ends in the middle of constructs */
    static const char *const cut[] = {"[a](", "![", "<a href=\"x", "`", "&am", "\\", "*", "> ",
                                      "- ", "1.", "```", "---\ntitle: x", "| a |\n|-", "[a]:",
                                      "<!--", "<", "[a][", "#"};
    for (size_t i = 0; i < PD_ARRAY_LEN(cut); i++) CHECK_INT(md(x, cut[i]), PURDAH_OK);
}

/* Deep nesting is flattened past the limit. */
static void test_deep(pd_extracted *x)
{
    size_t n;
    char *s = repeat(">", 100000, " deep quote", &n);
    CHECK_INT(md_n(x, s, n), PURDAH_OK);
    CHECK_STR(x->text, "deep quote");
    CHECK_STR(role_of(x, "deep"), "quote");
    CHECK(x->flags & PD_EXTRACT_DEEP);
    free(s);

    s = repeat("- ", 1000, "item", &n);
    md_n(x, s, n);
    CHECK_STR(x->text, "item");
    CHECK(x->flags & PD_EXTRACT_DEEP);
    free(s);

    /* a quote 100 levels deep followed by lines at each level */
    s = malloc(100 * 110);
    n = 0;
    for (size_t i = 1; i <= 100; i++) {
        memset(s + n, '>', i);
        n += i;
        n += (size_t)sprintf(s + n, " l%zu\n", i);
    }
    md_n(x, s, n);
    CHECK(text_has(x, "l1\n\nl2"));
    CHECK(text_has(x, "l100"));
    CHECK_STR(role_of(x, "l100"), "quote");
    free(s);
}

/* Adversarial inputs: each must cost one pass (speed is measured by the benchmark, not asserted
 * here: a quadratic parser would hit the test timeout). */
static void test_adversarial(pd_extracted *x)
{
    static const char *const pieces[] = {
        "[", "![", "*", "`", "<", ">", "_", "~~", "](", "[a](", "[a](<", "<!--", "<a title='",
        "<a title=\"", "&", "&#", "\\", "[a][", "|", "- ", "a*", "*a", "**a", "a_b_", "`a``",
        "](x \"", "](x '", "<?", "<!X", "<![CDATA[", "www.", "http://x(", "[]", "[[]]", "> ",
        "1. ", "#", "```\n", "<div>\n", "|-|\n", "[x]: y\n", "***\n", "[a]", "\n", "a  \n",
        "*a **b", "_a __b", "~a ~~b",
    };
    for (size_t i = 0; i < PD_ARRAY_LEN(pieces); i++) {
        size_t n;
        char *s = repeat(pieces[i], 100000, "\nCllr Green", &n);
        int rc = md_n(x, s, n);
        CHECK_INT(rc, PURDAH_OK);
        /* the text after survives, unless an unclosed HTML block ("<!--", "<?") swallowed it */
        bool sane = text_has(x, "Green") || (x->flags & PD_EXTRACT_MALFORMED);
        CHECK(sane);
        if (rc != PURDAH_OK || !sane) fprintf(stderr, "piece %zu: %s\n", i, pieces[i]);
        CHECK(x->len <= n * 3); /* separators at most double the text */
        free(s);
    }
    /* nested brackets with a definition, and backtick runs of every length */
    size_t n1, n2;
    char *open = repeat("[", 50000, "", &n1), *close = repeat("]", 50000, "\n\n[a]: b\n", &n2);
    char *s = malloc(n1 + n2);
    memcpy(s, open, n1);
    memcpy(s + n1, close, n2);
    CHECK_INT(md_n(x, s, n1 + n2), PURDAH_OK);
    free(open);
    free(close);
    free(s);
    s = malloc(2000 * 2001 / 2 + 2000);
    size_t n = 0;
    for (size_t k = 1; k < 2000; k++) {
        memset(s + n, '`', k);
        n += k;
        s[n++] = 'a';
    }
    CHECK_INT(md_n(x, s, n), PURDAH_OK);
    free(s);
}

static void test_reuse(pd_extracted *x)
{
    pd_extracted y;
    pd_extracted_init(&y);
    md(&y, "# First long headline\n\nwith [a link](https://example.org) and **bold** text\n");
    char *owned = y.owned;
    md(&y, "Second");
    CHECK_STR(y.text, "Second");
    CHECK_INT(y.segment_count, 1);
    CHECK_INT(y.flags, 0);
    CHECK_STR(mapped(&y, "Second"), "Second");
    CHECK(y.owned == owned); /* memory kept */
    md(&y, "```\nunclosed");
    CHECK(y.flags & PD_EXTRACT_MALFORMED);
    md(&y, "fine");
    CHECK_INT(y.flags, 0);
    CHECK_STR(y.text, "fine");
    pd_extracted_free(&y);
    (void)x;
}

static void test_looks_like_markdown(void)
{
    static const char *const yes[] = {
        "---\ntitle: News\ndate: 2027-04-09\n---\n\nBody",
        "+++\ntitle = \"News\"\n+++\nBody",
        "# Headline\n\nSome text with a [link](https://example.org).",
        "Intro\n\n- one\n- two\n\n## Heading\n",
        "Text with **bold** words.\n\n> A quote here\n",
        "# One\n\ntext\n\n## Two\n\nmore",
        "![photo](x.jpg)",
        "| a | b |\n|---|---|\n| 1 | 2 |",
        "Some code:\n\n```\nx = 1\n```\n",
        "See [the plan][p].\n\n[p]: https://example.org\n",
        "Title\n=====\n\n* item\n",
    };
    static const char *const no[] = {
        "",
        "Plain prose. Nothing to see here, just sentences about the council.",
        "The council will meet on Tuesday.\n\nIt will discuss the budget.\n",
        "<!DOCTYPE html><html><body><h1>x</h1></body></html>",
        "<p>Press <b>release</b></p>",
        "Great day at the fair! #KestrelVale #Summer @council",
        "Price: 5 * 3 = 15 and a_b_c",
        "- just one dash line",
        "I said (hello) [sic] to them.",
    };
    for (size_t i = 0; i < PD_ARRAY_LEN(yes); i++) {
        bool got = pd_looks_like_markdown(yes[i], strlen(yes[i]));
        if (!got) fprintf(stderr, "should look like Markdown: %s\n", yes[i]);
        CHECK(got);
    }
    for (size_t i = 0; i < PD_ARRAY_LEN(no); i++) {
        bool got = pd_looks_like_markdown(no[i], strlen(no[i]));
        if (got) fprintf(stderr, "should not look like Markdown: %s\n", no[i]);
        CHECK(!got);
    }
    CHECK(!pd_looks_like_markdown(NULL, 0));
    /* never reads past len */
    set_input("# a\n# b", 5);
    CHECK(!pd_looks_like_markdown(input, input_len));
    set_input("[a](b)", 5);
    CHECK(!pd_looks_like_markdown(input, input_len));
}

int main(void)
{
    pd_extracted x;
    pd_extracted_init(&x);
    test_headings(&x);
    test_emphasis(&x);
    test_links(&x);
    test_images(&x);
    test_references(&x);
    test_autolinks(&x);
    test_blockquotes(&x);
    test_lists(&x);
    test_code(&x);
    test_tables(&x);
    test_front_matter(&x);
    test_escapes(&x);
    test_entities(&x);
    test_inline_html(&x);
    test_html_comments(&x);
    test_html_blocks(&x);
    test_garbage(&x);
    test_deep(&x);
    test_adversarial(&x);
    test_reuse(&x);
    test_looks_like_markdown();
    pd_extracted_free(&x);
    free(input);
    return harness_report();
}
