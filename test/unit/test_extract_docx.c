/* test_extract_docx.c: Word documents, built in memory with libzip's writing API (no binary files
 * in the repository), then read back through pd_extract_docx. Covers the WordprocessingML
 * mapping, the part order, broken and hostile archives, and the decompression caps. */
#include "extract.h"
#include "harness.h"

#include <stdlib.h>
#include <zip.h>

/* ---- building archives ---- */

typedef struct part {
    const char *name;
    const char *data; /* NULL: a generated part (see bomb) */
    int store; /* 1: stored uncompressed; 0: deflated */
} part;

/* A generated part: head, then `fill` repeated up to `total` bytes, then tail. */
typedef struct bomb {
    const char *head, *tail;
    char fill;
    size_t total, pos;
    zip_error_t error;
} bomb;

static zip_int64_t bomb_cb(void *ud, void *data, zip_uint64_t len, zip_source_cmd_t cmd)
{
    bomb *b = ud;
    switch (cmd) {
    case ZIP_SOURCE_OPEN: b->pos = 0; return 0;
    case ZIP_SOURCE_READ: {
        char *out = data;
        size_t head = strlen(b->head), body_end = b->total - strlen(b->tail), n = 0;
        while (n < len && b->pos < b->total) {
            size_t p = b->pos, room = (size_t)len - n, k;
            if (p < head) {
                k = head - p < room ? head - p : room;
                memcpy(out + n, b->head + p, k);
            } else if (p < body_end) {
                k = body_end - p < room ? body_end - p : room;
                memset(out + n, b->fill, k);
            } else {
                k = b->total - p < room ? b->total - p : room;
                memcpy(out + n, b->tail + (p - body_end), k);
            }
            n += k;
            b->pos += k;
        }
        return (zip_int64_t)n;
    }
    case ZIP_SOURCE_CLOSE: return 0;
    case ZIP_SOURCE_STAT: {
        zip_stat_t *st = data;
        zip_stat_init(st);
        st->size = b->total;
        st->valid |= ZIP_STAT_SIZE;
        return sizeof *st;
    }
    case ZIP_SOURCE_ERROR: return zip_error_to_data(&b->error, data, len);
    case ZIP_SOURCE_FREE: return 0;
    case ZIP_SOURCE_SUPPORTS:
        return zip_source_make_command_bitmap(ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE,
                                              ZIP_SOURCE_STAT, ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE,
                                              -1);
    default: zip_error_set(&b->error, ZIP_ER_OPNOTSUPP, 0); return -1;
    }
}

/* Writes the parts into a zip in memory and returns its bytes (malloc'd). `b` feeds the part
 * whose data is NULL; `encrypt` names a part to encrypt with AES. */
static char *build_zip_ex(const part *parts, size_t n, bomb *b, const char *encrypt,
                          size_t *out_len)
{
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *buf = zip_source_buffer_create(NULL, 0, 0, &ze);
    if (!buf) return NULL;
    zip_source_keep(buf);
    zip_t *za = zip_open_from_source(buf, ZIP_CREATE | ZIP_TRUNCATE, &ze);
    if (!za) {
        zip_source_free(buf);
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        zip_source_t *s = parts[i].data
                              ? zip_source_buffer(za, parts[i].data, strlen(parts[i].data), 0)
                              : zip_source_function(za, bomb_cb, b);
        zip_int64_t idx = zip_file_add(za, parts[i].name, s, ZIP_FL_ENC_UTF_8);
        if (idx < 0) {
            zip_source_free(s);
            continue;
        }
        if (parts[i].store)
            zip_set_file_compression(za, (zip_uint64_t)idx, ZIP_CM_STORE, 0);
        else if (!parts[i].data) /* fastest deflate for the big generated part */
            zip_set_file_compression(za, (zip_uint64_t)idx, ZIP_CM_DEFLATE, 1);
        if (encrypt && strcmp(encrypt, parts[i].name) == 0)
            zip_file_set_encryption(za, (zip_uint64_t)idx, ZIP_EM_AES_256, "secret");
    }
    if (zip_close(za) != 0) {
        zip_discard(za);
        zip_source_free(buf);
        return NULL;
    }
    zip_stat_t st;
    zip_stat_init(&st);
    char *data = NULL;
    if (zip_source_stat(buf, &st) == 0 && zip_source_open(buf) == 0) {
        data = malloc(st.size ? st.size : 1);
        if (zip_source_read(buf, data, st.size) != (zip_int64_t)st.size) {
            free(data);
            data = NULL;
        }
        zip_source_close(buf);
    }
    zip_source_free(buf);
    *out_len = data ? st.size : 0;
    return data;
}

static char *build_zip(const part *parts, size_t n, size_t *out_len)
{
    return build_zip_ex(parts, n, NULL, NULL, out_len);
}

/* ---- checks ---- */

static void check_invariants(const pd_extracted *x)
{
    bool segments_ok = true;
    size_t at = 0;
    for (size_t i = 0; i < x->segment_count; i++) {
        const pd_segment *g = &x->segments[i];
        if (g->start != at || g->end <= g->start) segments_ok = false;
        if (i > 0 && (g->start < 2 || memcmp(x->text + g->start - 2, "\n\n", 2) != 0))
            segments_ok = false;
        at = g->end;
    }
    CHECK(segments_ok);
    CHECK_INT(at, x->len);
    CHECK(x->text == x->owned && x->text[x->len] == '\0');
    CHECK_INT(x->map.count, 0); /* identity: offsets are into the text */
}

static int docx_n(pd_extracted *x, const char *data, size_t n)
{
    char *copy = malloc(n ? n : 1); /* exact length: ASan sees any read past it */
    if (n) memcpy(copy, data, n);
    int rc = pd_extract_docx(x, copy, n);
    if (rc == PURDAH_OK) check_invariants(x);
    free(copy);
    return rc;
}

static size_t find(const char *hay, size_t hay_len, const char *needle)
{
    size_t n = strlen(needle);
    if (n == 0 || n > hay_len) return SIZE_MAX;
    for (size_t i = 0; i + n <= hay_len; i++)
        if (memcmp(hay + i, needle, n) == 0) return i;
    return SIZE_MAX;
}

static bool text_has(const pd_extracted *x, const char *sub)
{
    return find(x->text, x->len, sub) != SIZE_MAX;
}

static const char *role_of(const pd_extracted *x, const char *sub)
{
    size_t at = find(x->text, x->len, sub);
    if (at == SIZE_MAX) return "(not in text)";
    for (size_t i = 0; i < x->segment_count; i++)
        if (at >= x->segments[i].start && at < x->segments[i].end)
            return pd_role_name(x->segments[i].role);
    return "(no segment)";
}

/* True when `sub` starts a segment. */
static bool starts_segment(const pd_extracted *x, const char *sub)
{
    size_t at = find(x->text, x->len, sub);
    for (size_t i = 0; i < x->segment_count; i++)
        if (x->segments[i].start == at) return true;
    return false;
}

/* ---- documents ---- */

#define W_NS                                                                                       \
    " xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\""                    \
    " xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\""             \
    " xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\""                    \
    " xmlns:wp=\"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing\""         \
    " xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\""                           \
    " xmlns:wps=\"http://schemas.microsoft.com/office/word/2010/wordprocessingShape\""             \
    " xmlns:v=\"urn:schemas-microsoft-com:vml\" mc:Ignorable=\"w14 wp14\""
#define XML_DECL "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n"

static const char content_types[] =
    XML_DECL "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
    "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package."
    "relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/>"
    "<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-"
    "officedocument.wordprocessingml.document.main+xml\"/></Types>";

static const char package_rels[] =
    XML_DECL "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
    "relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>";

static const char document_xml[] =
    XML_DECL "<w:document" W_NS "><w:body>"
    "<w:p><w:pPr><w:pStyle w:val=\"Title\"/></w:pPr><w:r><w:t>Leisure centre opens</w:t></w:r>"
    "</w:p>"
    "<w:p><w:pPr><w:pStyle w:val=\"Heading1\"/><w:tabs><w:tab w:val=\"left\" w:pos=\"720\"/>"
    "</w:tabs></w:pPr><w:r><w:t>Background</w:t></w:r></w:p>"
    "<w:p w14:paraId=\"1A2B\"><w:r><w:t xml:space=\"preserve\">Cllr </w:t></w:r><w:r><w:rPr>"
    "<w:b/></w:rPr><w:t>Jane Green</w:t></w:r><w:r><w:t xml:space=\"preserve\"> said "
    "R&amp;D &#8217;x&#8217; &foo;</w:t></w:r><w:r><w:tab/><w:t>tabbed</w:t><w:br/>"
    "<w:t>next line</w:t></w:r></w:p>\r\n"
    "<w:p><w:r><w:t xml:space=\"preserve\">Keep </w:t></w:r><w:del w:id=\"1\" w:author=\"A\">"
    "<w:r><w:delText>Vote Labour</w:delText></w:r></w:del><w:ins w:id=\"2\" w:author=\"A\">"
    "<w:r><w:t>this</w:t></w:r></w:ins><w:moveFrom w:id=\"3\"><w:r><w:t>moved away</w:t></w:r>"
    "</w:moveFrom><w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText "
    "xml:space=\"preserve\"> HYPERLINK \"https://field.example\" </w:instrText></w:r><w:r>"
    "<w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t xml:space=\"preserve\"> field "
    "result</w:t></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r></w:p>"
    "<w:p><w:r><w:t xml:space=\"preserve\">Visit </w:t></w:r><w:hyperlink r:id=\"rId5\" "
    "w:tooltip=\"Party site\" w:history=\"1\"><w:r><w:rPr><w:rStyle w:val=\"Hyperlink\"/>"
    "</w:rPr><w:t>our site</w:t></w:r></w:hyperlink><w:r><w:t xml:space=\"preserve\"> today"
    "</w:t></w:r></w:p>"
    "<w:p><w:pPr><w:pStyle w:val=\"IntenseQuote\"/><w:pPrChange w:id=\"9\"><w:pPr><w:pStyle "
    "w:val=\"Heading2\"/></w:pPr></w:pPrChange></w:pPr><w:r><w:t>We delivered</w:t></w:r></w:p>"
    "<w:p><w:r><w:drawing><wp:inline><wp:extent cx=\"1\" cy=\"1\"/><wp:docPr id=\"1\" "
    "name=\"Picture 1\" descr=\"Cllr Green cuts the ribbon\" title=\"Opening\"/><a:graphic>"
    "<a:graphicData><pic:pic xmlns:pic=\"x\"><pic:nvPicPr><pic:cNvPr id=\"0\" name=\"p.jpg\"/>"
    "</pic:nvPicPr></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>"
    "<w:p><w:pPr><w:pStyle w:val=\"Caption\"/></w:pPr><w:r><w:t>Figure 1: the pool</w:t>"
    "</w:r></w:p>"
    "<w:p><w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing><wp:anchor>"
    "<wp:docPr id=\"2\" name=\"Text Box 2\"/><a:graphic><a:graphicData><wps:wsp><wps:txbx>"
    "<w:txbxContent><w:p><w:r><w:t>Boxed text</w:t></w:r></w:p></w:txbxContent></wps:txbx>"
    "</wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback>"
    "<w:pict><v:shape alt=\"fallback alt\"><v:textbox><w:txbxContent><w:p><w:r><w:t>Boxed "
    "again</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>"
    "</mc:AlternateContent></w:r><w:r><w:t>After box</w:t></w:r></w:p>"
    "<w:p><w:hyperlink w:anchor=\"_Toc1\"><w:r><w:t>Internal link</w:t></w:r></w:hyperlink>"
    "<w:hyperlink r:id=\"rId1\"><w:r><w:t>, styles</w:t></w:r></w:hyperlink></w:p>"
    "<w:p><w:r><w:t>Non</w:t></w:r><w:r><w:noBreakHyphen/><w:t>stop</w:t></w:r></w:p>"
    "<w:p><w:r><w:pict><v:shape alt=\"VML picture of the Mayor\"/></w:pict></w:r></w:p>"
    "<w:p/><w:p><w:pPr><w:rPr><w:del w:id=\"7\"/></w:rPr></w:pPr></w:p>"
    "<w:sectPr><w:headerReference w:type=\"default\" r:id=\"rId8\"/></w:sectPr>"
    "</w:body></w:document>";

static const char document_rels[] =
    XML_DECL "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
    "relationships/webSettings\" Target=\"webSettings.xml\"/>"
    "<Relationship Id=\"rId5\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
    "relationships/hyperlink\" Target=\"https://labour.example/?a=1&amp;b=2\" "
    "TargetMode=\"External\"/>"
    "<Relationship Id=\"rId8\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
    "relationships/header\" Target=\"header1.xml\"/>"
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
    "relationships/styles\" Target=\"styles.xml\"/></Relationships>";

static const char expected_text[] =
    "Leisure centre opens\n\nBackground\n\n"
    "Cllr Jane Green said R&D \xE2\x80\x99x\xE2\x80\x99 &foo;\ttabbed\nnext line\n\n"
    "Keep this field result\n\n"
    "Visit \n\nhttps://labour.example/?a=1&b=2\n\nParty site\n\nour site\n\n today\n\n"
    "We delivered\n\n"
    "Cllr Green cuts the ribbon\n\nOpening\n\n"
    "Figure 1: the pool\n\n"
    "Boxed text\n\nAfter box\n\n"
    "Internal link, styles\n\n"
    "Non-stop\n\n"
    "VML picture of the Mayor";

static void test_document(pd_extracted *x)
{
    part parts[] = {
        {"[Content_Types].xml", content_types, 0},
        {"_rels/.rels", package_rels, 0},
        {"word/document.xml", document_xml, 0},
        {"word/_rels/document.xml.rels", document_rels, 0},
        {"word/styles.xml", XML_DECL "<w:styles" W_NS "><w:style><w:name w:val=\"Styles "
                                     "text\"/></w:style></w:styles>",
         0},
    };
    size_t n;
    char *z = build_zip(parts, PD_ARRAY_LEN(parts), &n);
    CHECK(z != NULL);
    CHECK(pd_looks_like_docx(z, n));
    CHECK_INT(docx_n(x, z, n), PURDAH_OK);
    CHECK_STR(x->text, expected_text);
    CHECK_INT(x->flags, PD_EXTRACT_TEXT_OFFSETS);
    CHECK_STR(role_of(x, "Leisure centre"), "headline");
    CHECK_STR(role_of(x, "Background"), "headline");
    CHECK_STR(role_of(x, "Cllr Jane Green"), "body");
    CHECK_STR(role_of(x, "Visit"), "body");
    CHECK_STR(role_of(x, "https://labour.example"), "link_url");
    CHECK_STR(role_of(x, "Party site"), "title");
    CHECK_STR(role_of(x, "our site"), "link_text");
    CHECK_STR(role_of(x, " today"), "body");
    CHECK_STR(role_of(x, "We delivered"), "quote");
    CHECK_STR(role_of(x, "Cllr Green cuts"), "image_alt");
    CHECK_STR(role_of(x, "Opening"), "title");
    CHECK_STR(role_of(x, "Figure 1"), "caption");
    CHECK_STR(role_of(x, "Boxed text"), "body");
    CHECK_STR(role_of(x, "Internal link"), "link_text");
    CHECK_STR(role_of(x, "VML picture"), "image_alt");
    /* not text: deleted and moved-away revisions, field codes, the fallback copy, names */
    CHECK(!text_has(x, "Vote Labour") && !text_has(x, "moved away"));
    CHECK(!text_has(x, "HYPERLINK") && !text_has(x, "field.example"));
    CHECK(!text_has(x, "Boxed again") && !text_has(x, "fallback alt"));
    CHECK(!text_has(x, "Picture 1") && !text_has(x, "p.jpg") && !text_has(x, "Styles text"));
    CHECK(!text_has(x, "styles.xml") && !text_has(x, "header1.xml"));
    /* the same bytes again: the object is reusable */
    CHECK_INT(docx_n(x, z, n), PURDAH_OK);
    CHECK_STR(x->text, expected_text);

    /* stored (uncompressed) parts read the same */
    for (size_t i = 0; i < PD_ARRAY_LEN(parts); i++) parts[i].store = 1;
    free(z);
    z = build_zip(parts, PD_ARRAY_LEN(parts), &n);
    CHECK_INT(docx_n(x, z, n), PURDAH_OK);
    CHECK_STR(x->text, expected_text);
    free(z);

    /* without the relationships part, links have no URL but keep their text */
    part no_rels[] = {{"word/document.xml", document_xml, 0}};
    z = build_zip(no_rels, 1, &n);
    CHECK_INT(docx_n(x, z, n), PURDAH_OK);
    CHECK(!text_has(x, "https://labour.example"));
    CHECK_STR(role_of(x, "our site"), "link_text");
    free(z);
}

#define PARA(text) "<w:p><w:r><w:t>" text "</w:t></w:r></w:p>"
#define PART(root, body) XML_DECL "<w:" root W_NS ">" body "</w:" root ">"

static void test_parts(pd_extracted *x)
{
    part parts[] = {
        {"[Content_Types].xml", content_types, 0},
        {"word/comments.xml", PART("comments", "<w:comment w:id=\"0\" w:author=\"Press Office\" "
                                               "w:initials=\"PO\">" PARA("Check with Cllr Green")
                                                   "</w:comment>"),
         0},
        {"word/footer1.xml", PART("ftr", PARA("Footer one")), 0},
        {"word/header10.xml", PART("hdr", PARA("Header ten")), 0},
        {"word/header2.xml", PART("hdr", PARA("Header two")), 0},
        {"word/header1.xml",
         PART("hdr", "<w:p><w:hyperlink r:id=\"rId1\"><w:r><w:t>Header link</w:t></w:r>"
                     "</w:hyperlink></w:p>"),
         0},
        {"word/_rels/header1.xml.rels",
         XML_DECL "<Relationships><Relationship Id=\"rId1\" Target=\"https://header.example\" "
                  "TargetMode=\"External\"/></Relationships>",
         0},
        {"word/endnotes.xml", PART("endnotes", "<w:endnote w:type=\"separator\" w:id=\"-1\">"
                                               "<w:p><w:r><w:separator/></w:r></w:p></w:endnote>"
                                               "<w:endnote w:id=\"1\">" PARA("End note")
                                                   "</w:endnote>"),
         0},
        {"word/footnotes.xml", PART("footnotes", "<w:footnote w:id=\"1\">" PARA("Foot note")
                                                     "</w:footnote>"),
         0},
        {"word/document.xml", PART("document", "<w:body>" PARA("Main text") "</w:body>"), 0},
        /* none of these is read: not our names */
        {"word/header1.xml.bak", PART("hdr", PARA("bak")), 0},
        {"word/../word/header3.xml", PART("hdr", PARA("dotdot")), 0},
        {"word\\header4.xml", PART("hdr", PARA("backslash")), 0},
        {"/word/header5.xml", PART("hdr", PARA("absolute")), 0},
        {"word/headerX.xml", PART("hdr", PARA("letters")), 0},
        {"word/header12345678901.xml", PART("hdr", PARA("long")), 0},
        {"word/sub/header6.xml", PART("hdr", PARA("subdir")), 0},
        {"Word/header7.xml", PART("hdr", PARA("case")), 0},
        {"word/glossary/document.xml", PART("document", PARA("glossary")), 0},
    };
    size_t n;
    char *z = build_zip(parts, PD_ARRAY_LEN(parts), &n);
    CHECK(z != NULL);
    CHECK_INT(docx_n(x, z, n), PURDAH_OK);
    CHECK_STR(x->text, "Main text\n\nhttps://header.example\n\nHeader link\n\nHeader two\n\n"
                       "Header ten\n\nFooter one\n\nFoot note\n\nEnd note\n\n"
                       "Check with Cllr Green");
    CHECK_STR(role_of(x, "Main"), "body");
    CHECK_STR(role_of(x, "https://header"), "link_url");
    CHECK_STR(role_of(x, "Header two"), "body");
    CHECK_STR(role_of(x, "Check with"), "body");
    /* each part is a segment of its own, even next to a part of the same role */
    CHECK(starts_segment(x, "Header two") && starts_segment(x, "Header ten"));
    CHECK(starts_segment(x, "Footer one") && starts_segment(x, "Foot note"));
    CHECK(starts_segment(x, "End note") && starts_segment(x, "Check with"));
    CHECK_INT(x->segment_count, 9);
    CHECK(!text_has(x, "Press Office"));
    free(z);
}

static void test_edge_documents(pd_extracted *x)
{
    size_t n;
    char *z;
    /* an empty body */
    part empty[] = {{"word/document.xml", PART("document", "<w:body/>"), 0}};
    z = build_zip(empty, 1, &n);
    CHECK_INT(docx_n(x, z, n), PURDAH_OK);
    CHECK_INT(x->len, 0);
    CHECK_INT(x->segment_count, 0);
    free(z);
    /* an empty part */
    part zero[] = {{"word/document.xml", "", 0}};
    z = build_zip(zero, 1, &n);
    CHECK_INT(docx_n(x, z, n), PURDAH_OK);
    CHECK_INT(x->len, 0);
    free(z);
    /* broken XML still gives its text, flagged */
    part broken[] = {{"word/document.xml", "<w:document><w:body><w:p><w:r><w:t>Half a para"
                                           "graph</w:t></w:r><w:p><w:r><w:t>unclosed",
                      0}};
    z = build_zip(broken, 1, &n);
    CHECK_INT(docx_n(x, z, n), PURDAH_OK);
    CHECK_STR(x->text, "Half a paragraph\n\nunclosed");
    CHECK(x->flags & PD_EXTRACT_MALFORMED);
    free(z);
    /* a DOCTYPE with entities in a part is skipped, never expanded */
    part bomb_xml[] = {{"word/document.xml",
                        "<!DOCTYPE w:document [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;"
                        "&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                        "<w:document><w:body>" PARA("&b;&x;") "</w:body></w:document>",
                        0}};
    z = build_zip(bomb_xml, 1, &n);
    CHECK_INT(docx_n(x, z, n), PURDAH_OK);
    CHECK_STR(x->text, "&b;&x;");
    free(z);
    /* deep nesting */
    size_t depth = 100000;
    char *deep = malloc(depth * 8 + 64);
    size_t k = 0;
    k += (size_t)sprintf(deep + k, "<w:document><w:body><w:p><w:r><w:t>top</w:t></w:r>");
    for (size_t i = 0; i < depth; i++) k += (size_t)sprintf(deep + k, "<w:sdt>");
    deep[k] = '\0';
    part deep_part[] = {{"word/document.xml", deep, 0}};
    z = build_zip(deep_part, 1, &n);
    CHECK_INT(docx_n(x, z, n), PURDAH_OK);
    CHECK_STR(x->text, "top");
    CHECK(x->flags & PD_EXTRACT_DEEP);
    free(z);
    free(deep);
}

static void test_errors(pd_extracted *x)
{
    size_t n;
    char *z;
    CHECK_INT(pd_extract_docx(x, NULL, 0), PURDAH_EINVAL);
    CHECK_INT(pd_extract_docx(x, NULL, 10), PURDAH_EINVAL);
    CHECK_INT(docx_n(x, "", 0), PURDAH_EINVAL);
    CHECK_INT(docx_n(x, "hello world", 11), PURDAH_EINVAL);
    CHECK_INT(docx_n(x, "PK\x03\x04garbage", 11), PURDAH_EINVAL);
    CHECK_INT(x->len, 0);
    CHECK_INT(x->segment_count, 0);

    /* a zip without word/document.xml is not a Word document */
    part other[] = {{"[Content_Types].xml", content_types, 0},
                    {"xl/workbook.xml", "<workbook/>", 0},
                    {"word/header1.xml", PART("hdr", PARA("orphan header")), 0}};
    z = build_zip(other, PD_ARRAY_LEN(other), &n);
    CHECK_INT(docx_n(x, z, n), PURDAH_EINVAL);
    CHECK_INT(x->len, 0);
    free(z);

    /* every truncation and many corruptions of a real document: a status, never a crash */
    part parts[] = {{"[Content_Types].xml", content_types, 0},
                    {"word/document.xml", document_xml, 0},
                    {"word/_rels/document.xml.rels", document_rels, 0},
                    {"word/header1.xml", PART("hdr", PARA("Header")), 0}};
    z = build_zip(parts, PD_ARRAY_LEN(parts), &n);
    bool statuses_ok = true;
    size_t ok = 0;
    for (size_t i = 0; i < n; i++) {
        int rc = docx_n(x, z, i);
        if (rc != PURDAH_OK && rc != PURDAH_EINVAL && rc != PURDAH_ELIMIT) statuses_ok = false;
        ok += rc == PURDAH_OK;
    }
    CHECK(statuses_ok);
    CHECK(ok < n / 10); /* a zip without its central directory does not open */
    char *bad = malloc(n);
    size_t failed = 0;
    for (size_t i = 0; i < n; i++) {
        memcpy(bad, z, n);
        bad[i] = (char)(bad[i] ^ 0x5A);
        int rc = docx_n(x, bad, n);
        if (rc != PURDAH_OK && rc != PURDAH_EINVAL && rc != PURDAH_ELIMIT) statuses_ok = false;
        failed += rc != PURDAH_OK;
    }
    CHECK(statuses_ok);
    CHECK(failed > n / 2); /* CRCs and headers catch most corruption */

    /* a corrupted compressed stream of the main document: an error, not a silent pass */
    memcpy(bad, z, n);
    size_t doc_hdr = find(bad, n, "word/document.xml"); /* first: in its local header */
    CHECK(doc_hdr != SIZE_MAX && doc_hdr >= 30);
    for (size_t i = doc_hdr + 17 + 40; i < doc_hdr + 17 + 80; i++) bad[i] = (char)0xFF;
    CHECK_INT(docx_n(x, bad, n), PURDAH_EINVAL);
    CHECK_INT(x->len, 0);

    /* an unsupported compression method (6, implode) in both headers */
    memcpy(bad, z, n);
    for (size_t i = 0; i + 4 <= n; i++) {
        if (memcmp(bad + i, "PK\x03\x04", 4) == 0 && i + 30 + 17 <= n &&
            memcmp(bad + i + 30, "word/document.xml", 17) == 0)
            bad[i + 8] = 6;
        if (memcmp(bad + i, "PK\x01\x02", 4) == 0 && i + 46 + 17 <= n &&
            memcmp(bad + i + 46, "word/document.xml", 17) == 0)
            bad[i + 10] = 6;
    }
    CHECK_INT(docx_n(x, bad, n), PURDAH_EINVAL);
    free(bad);
    free(z);

    /* an encrypted main document */
#if LIBZIP_VERSION_MAJOR > 1 || (LIBZIP_VERSION_MAJOR == 1 && LIBZIP_VERSION_MINOR >= 7)
    bool can_encrypt = zip_encryption_method_supported(ZIP_EM_AES_256, 1);
#else
    bool can_encrypt = false;
#endif
    if (can_encrypt) {
        z = build_zip_ex(parts, PD_ARRAY_LEN(parts), NULL, "word/document.xml", &n);
        CHECK(z != NULL);
        CHECK_INT(docx_n(x, z, n), PURDAH_EINVAL);
        free(z);
        /* an encrypted optional part fails closed too */
        z = build_zip_ex(parts, PD_ARRAY_LEN(parts), NULL, "word/header1.xml", &n);
        CHECK_INT(docx_n(x, z, n), PURDAH_EINVAL);
        free(z);
    }

    /* too many entries: refused; exactly the limit: read */
    size_t many = PD_DOCX_MAX_ENTRIES + 1;
    part *lots = calloc(many, sizeof *lots);
    char (*names)[32] = calloc(many, sizeof *names);
    lots[0] = (part){"word/document.xml", PART("document", PARA("Many")), 0};
    for (size_t i = 1; i < many; i++) {
        snprintf(names[i], sizeof names[i], "customXml/item%zu.xml", i);
        lots[i] = (part){names[i], "<x/>", 1};
    }
    z = build_zip(lots, many, &n);
    CHECK_INT(docx_n(x, z, n), PURDAH_ELIMIT);
    free(z);
    z = build_zip(lots, many - 1, &n);
    CHECK_INT(docx_n(x, z, n), PURDAH_OK);
    CHECK_STR(x->text, "Many");
    free(z);
    free(names);
    free(lots);
}

/* Patches the uncompressed size of `name` in its local and central headers to `size`. */
static void lie_about_size(char *z, size_t n, const char *name, uint32_t size)
{
    size_t nl = strlen(name);
    for (size_t i = 0; i + 4 <= n; i++) {
        size_t at = SIZE_MAX;
        if (memcmp(z + i, "PK\x03\x04", 4) == 0 && i + 30 + nl <= n &&
            memcmp(z + i + 30, name, nl) == 0)
            at = i + 22;
        if (memcmp(z + i, "PK\x01\x02", 4) == 0 && i + 46 + nl <= n &&
            memcmp(z + i + 46, name, nl) == 0)
            at = i + 24;
        if (at == SIZE_MAX) continue;
        for (int b = 0; b < 4; b++) z[at + (size_t)b] = (char)((size >> (8 * b)) & 0xFF);
    }
}

static void test_caps(pd_extracted *x)
{
    size_t n, read;
    char *z;
    part parts[] = {
        {"word/document.xml", PART("document", "<w:body>" PARA("Main text") "</w:body>"), 0},
        {"word/header1.xml", PART("hdr", PARA("Header one")), 0},
        {"word/footer1.xml", PART("ftr", PARA("Footer one")), 0},
    };
    z = build_zip(parts, PD_ARRAY_LEN(parts), &n);
    size_t doc_len = strlen(parts[0].data), hdr_len = strlen(parts[1].data);

    /* the cap stops the main document before any text: an error */
    CHECK_INT(pd_extract_docx_capped(x, z, n, 1 << 20, 64, &read), PURDAH_ELIMIT);
    CHECK(read <= 64);
    CHECK_INT(x->len, 0);
    CHECK_INT(pd_extract_docx_capped(x, z, n, 64, 1 << 20, &read), PURDAH_ELIMIT);
    CHECK(read <= 64);

    /* the main document fits; the total cap stops the header half way and the footer */
    CHECK_INT(pd_extract_docx_capped(x, z, n, doc_len + hdr_len / 2, 1 << 20, &read), PURDAH_OK);
    CHECK(read <= doc_len + hdr_len / 2);
    CHECK_STR(x->text, "Main text");
    CHECK(x->flags & PD_EXTRACT_TRUNCATED);
    CHECK(!(x->flags & PD_EXTRACT_MALFORMED)); /* cut by the cap, not broken */
    /* the part cap cuts each part: the main document keeps the text it had */
    size_t cut = (size_t)(strstr(parts[0].data, "Main text") - parts[0].data) + 4;
    CHECK_INT(pd_extract_docx_capped(x, z, n, 1 << 20, cut, &read), PURDAH_OK);
    CHECK(strncmp(x->text, "Main\n\n", 6) == 0 && !text_has(x, "Main text"));
    CHECK(x->flags & PD_EXTRACT_TRUNCATED);
    CHECK(read <= 3 * cut);
    /* enough for everything: nothing flagged */
    CHECK_INT(pd_extract_docx_capped(x, z, n, 1 << 20, 1 << 20, &read), PURDAH_OK);
    CHECK_STR(x->text, "Main text\n\nHeader one\n\nFooter one");
    CHECK_INT(x->flags, PD_EXTRACT_TEXT_OFFSETS);
    CHECK_INT(read, doc_len + hdr_len + strlen(parts[2].data));
    free(z);

    /* a zip bomb: 200 MiB of one letter in the main document, a few hundred KB compressed */
    bomb b = {XML_DECL "<w:document" W_NS "><w:body>" PARA("Start of the bomb")
                  "<w:p><w:r><w:t>",
              "</w:t></w:r></w:p></w:body></w:document>", 'A', (size_t)200 << 20, 0, {0}};
    zip_error_init(&b.error);
    part bomb_parts[] = {{"word/document.xml", NULL, 0},
                         {"word/header1.xml", PART("hdr", PARA("Header one")), 0}};
    z = build_zip_ex(bomb_parts, 2, &b, NULL, &n);
    CHECK(z != NULL);
    CHECK(n < ((size_t)2 << 20));
    CHECK_INT(pd_extract_docx_capped(x, z, n, PD_DOCX_MAX_TOTAL, PD_DOCX_MAX_PART, &read),
              PURDAH_OK);
    CHECK(read <= PD_DOCX_MAX_PART + 4096); /* the document, then the small header */
    CHECK(x->flags & PD_EXTRACT_TRUNCATED);
    CHECK(strncmp(x->text, "Start of the bomb\n\nAAAA", 23) == 0);
    CHECK(x->len <= PD_DOCX_MAX_PART);
    CHECK(text_has(x, "Header one"));
    /* the same through the public function */
    CHECK_INT(docx_n(x, z, n), PURDAH_OK);
    CHECK(x->flags & PD_EXTRACT_TRUNCATED);
    /* a zip that claims the part is 100 bytes: what is read still decides */
    lie_about_size(z, n, "word/document.xml", 100);
    int rc = pd_extract_docx_capped(x, z, n, PD_DOCX_MAX_TOTAL, PD_DOCX_MAX_PART, &read);
    CHECK(rc == PURDAH_OK || rc == PURDAH_EINVAL);
    CHECK(read <= PD_DOCX_MAX_PART + 4096);
    /* smaller caps on the same bomb */
    CHECK_INT(pd_extract_docx_capped(x, z, n, 1 << 20, 1 << 20, &read), PURDAH_OK);
    CHECK(read <= (1 << 20));
    free(z);
    zip_error_fini(&b.error);

    /* the bomb in every header: the total cap holds over the parts */
    b = (bomb){XML_DECL "<w:hdr" W_NS ">" PARA("Header") "<w:p><w:r><w:t>",
               "</w:t></w:r></w:p></w:hdr>", 'B', (size_t)24 << 20, 0, {0}};
    zip_error_init(&b.error);
    part many_bombs[] = {{"word/document.xml", PART("document", "<w:body>" PARA("Main")
                                                                    "</w:body>"),
                          0},
                         {"word/header1.xml", NULL, 0}, {"word/header2.xml", NULL, 0},
                         {"word/header3.xml", NULL, 0}, {"word/header4.xml", NULL, 0}};
    z = build_zip_ex(many_bombs, PD_ARRAY_LEN(many_bombs), &b, NULL, &n);
    CHECK(z != NULL);
    CHECK_INT(pd_extract_docx_capped(x, z, n, PD_DOCX_MAX_TOTAL, PD_DOCX_MAX_PART, &read),
              PURDAH_OK);
    CHECK(read <= PD_DOCX_MAX_TOTAL);
    CHECK(x->flags & PD_EXTRACT_TRUNCATED);
    CHECK(strncmp(x->text, "Main\n\nHeader\n\nBBBB", 18) == 0);
    free(z);
    zip_error_fini(&b.error);
}

static void test_looks_like_docx(void)
{
    part parts[] = {{"[Content_Types].xml", content_types, 0},
                    {"word/document.xml", PART("document", "<w:body/>"), 0}};
    size_t n;
    char *z = build_zip(parts, PD_ARRAY_LEN(parts), &n);
    CHECK(pd_looks_like_docx(z, n));
    free(z);
    part xlsx[] = {{"[Content_Types].xml", content_types, 0}, {"xl/workbook.xml", "<w/>", 0}};
    z = build_zip(xlsx, PD_ARRAY_LEN(xlsx), &n);
    CHECK(!pd_looks_like_docx(z, n));
    free(z);
    CHECK(!pd_looks_like_docx("PK\x03\x04", 4));
    CHECK(pd_looks_like_docx("PK\x03\x04word/", 9));
    CHECK(!pd_looks_like_docx("word/PK\x03\x04", 9));
    CHECK(!pd_looks_like_docx("<w:document>", 12));
    CHECK(!pd_looks_like_docx("", 0));
    CHECK(!pd_looks_like_docx(NULL, 4));
}

int main(void)
{
    pd_extracted x;
    pd_extracted_init(&x);
    test_document(&x);
    test_parts(&x);
    test_edge_documents(&x);
    test_errors(&x);
    test_caps(&x);
    test_looks_like_docx();
    pd_extracted_free(&x);
    return harness_report();
}
