/* xml_util.c: safe libxml2 reading and schema validation (see xml_util.h). */
#include "xml_util.h"

#include "sources.h"

#include <libxml/parser.h>
#include <libxml/xmlschemas.h>
#include <pthread.h>

/* libxml2 must be initialised once per process before threads use it; this is the library's
 * only static state and it is never written after initialisation. */
static pthread_once_t xml_once = PTHREAD_ONCE_INIT;
static void xml_init_once(void) { xmlInitParser(); }
void pd_xml_init(void) { pthread_once(&xml_once, xml_init_once); }

/* Schema messages name elements as "{urn:purdah:policy:1}rule"; drop the namespace part. */
static void strip_namespaces(char *msg)
{
    char *w = msg;
    for (char *r = msg; *r;) {
        if (*r == '{') {
            char *close = strchr(r, '}');
            if (close) {
                r = close + 1;
                continue;
            }
        }
        *w++ = *r++;
    }
    *w = '\0';
    /* libxml2 messages end with a newline */
    while (w > msg && (w[-1] == '\n' || w[-1] == ' ')) *--w = '\0';
}

static int error_from_xml(purdah_error **err, const xmlError *e, const char *file, const char *what)
{
    char msg[400];
    snprintf(msg, sizeof msg, "%s", e && e->message ? e->message : "malformed XML");
    strip_namespaces(msg);
    return pd_error_set(err, PURDAH_EPOLICY, file, e ? (unsigned long)(e->line > 0 ? e->line : 0) : 0,
                        e ? (unsigned long)(e->int2 > 0 ? e->int2 : 0) : 0, "%s: %s", what, msg);
}

/* Finds "<!DOCTYPE" or "<!ENTITY" outside comments closely enough to refuse them up front. */
static bool declares_doctype(const char *data, size_t len, unsigned long *line)
{
    *line = 1;
    for (size_t i = 0; i < len; i++) {
        if (data[i] == '\n') (*line)++;
        if (data[i] == '<' && i + 2 < len && data[i + 1] == '!') {
            if (i + 4 <= len && memcmp(data + i, "<!--", 4) == 0) {
                const char *end = NULL;
                for (size_t k = i + 4; k + 3 <= len; k++)
                    if (memcmp(data + k, "-->", 3) == 0) { end = data + k; break; }
                if (!end) return false; /* the parser reports the unclosed comment */
                for (const char *q = data + i; q < end; q++)
                    if (*q == '\n') (*line)++;
                i = (size_t)(end - data) + 2;
                continue;
            }
            size_t rest = len - i - 2;
            if ((rest >= 7 && strncmp(data + i + 2, "DOCTYPE", 7) == 0) ||
                (rest >= 6 && strncmp(data + i + 2, "ENTITY", 6) == 0))
                return true;
        }
    }
    return false;
}

int pd_xml_read(const char *data, size_t len, const char *file, xmlDocPtr *out, purdah_error **err)
{
    *out = NULL;
    if (len > INT32_MAX)
        return pd_error_set(err, PURDAH_ELIMIT, file, 0, 0, "file is larger than 2 GB");
    unsigned long line;
    if (declares_doctype(data, len, &line))
        return pd_error_set(err, PURDAH_EPOLICY, file, line, 0,
                            "DOCTYPE and ENTITY declarations are not allowed in purdah files");
    xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
    if (!ctxt) return pd_error_set(err, PURDAH_ENOMEM, file, 0, 0, "out of memory");
    /* never XML_PARSE_NOENT, DTDLOAD, DTDVALID, XINCLUDE or HUGE: see DESIGN.md */
    int options = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOBLANKS;
    xmlDocPtr doc = xmlCtxtReadMemory(ctxt, data, (int)len, file, "UTF-8", options);
    if (!doc || !ctxt->wellFormed) {
        int rc = error_from_xml(err, xmlCtxtGetLastError(ctxt), file, "malformed XML");
        if (doc) xmlFreeDoc(doc);
        xmlFreeParserCtxt(ctxt);
        return rc;
    }
    xmlFreeParserCtxt(ctxt);
    *out = doc;
    return PURDAH_OK;
}

typedef struct validation_state {
    bool failed;
    xmlError first;
    char message[400];
} validation_state;

static void on_schema_error(void *data, xmlErrorPtr e)
{
    validation_state *st = data;
    if (st->failed || !e) return;
    st->failed = true;
    st->first = *e;
    snprintf(st->message, sizeof st->message, "%s", e->message ? e->message : "invalid");
    st->first.message = st->message;
    st->first.file = NULL; /* the pointers in *e do not outlive the callback */
    st->first.str1 = st->first.str2 = st->first.str3 = NULL;
    st->first.ctxt = st->first.node = NULL;
}

int pd_xml_validate(xmlDocPtr doc, const char *schema_name, const char *file, purdah_error **err)
{
    const pd_embedded_file *xsd = pd_embedded_find(schema_name);
    if (!xsd) return pd_error_set(err, PURDAH_ENOTFOUND, file, 0, 0, "schema %s is not built in", schema_name);
    validation_state st;
    memset(&st, 0, sizeof st);
    int rc = PURDAH_OK;
    xmlSchemaParserCtxtPtr pctxt = xmlSchemaNewMemParserCtxt(xsd->data, (int)xsd->len);
    xmlSchemaPtr schema = NULL;
    xmlSchemaValidCtxtPtr vctxt = NULL;
    if (!pctxt) { rc = pd_error_set(err, PURDAH_ENOMEM, file, 0, 0, "out of memory"); goto done; }
    xmlSchemaSetParserStructuredErrors(pctxt, on_schema_error, &st);
    schema = xmlSchemaParse(pctxt);
    if (!schema) {
        rc = pd_error_set(err, PURDAH_EPOLICY, schema_name, (unsigned long)st.first.line, 0,
                          "built-in schema does not load: %s", st.message);
        goto done;
    }
    vctxt = xmlSchemaNewValidCtxt(schema);
    if (!vctxt) { rc = pd_error_set(err, PURDAH_ENOMEM, file, 0, 0, "out of memory"); goto done; }
    xmlSchemaSetValidStructuredErrors(vctxt, on_schema_error, &st);
    int v = xmlSchemaValidateDoc(vctxt, doc);
    if (v != 0 || st.failed)
        rc = error_from_xml(err, st.failed ? &st.first : NULL, file, "does not follow the schema");
done:
    if (vctxt) xmlSchemaFreeValidCtxt(vctxt);
    if (schema) xmlSchemaFree(schema);
    if (pctxt) xmlSchemaFreeParserCtxt(pctxt);
    return rc;
}

bool pd_dom_is(xmlNodePtr node, const char *name)
{
    return node && node->type == XML_ELEMENT_NODE && strcmp((const char *)node->name, name) == 0;
}

const char *pd_dom_attr(pd_arena *arena, xmlNodePtr node, const char *name, bool *oom)
{
    xmlChar *v = xmlGetProp(node, (const xmlChar *)name);
    if (!v) return NULL;
    const char *copy = pd_arena_strdup(arena, (const char *)v);
    xmlFree(v);
    if (!copy) *oom = true;
    return copy;
}

const char *pd_dom_text(pd_arena *arena, xmlNodePtr node, bool *oom)
{
    xmlChar *v = xmlNodeGetContent(node);
    if (!v) return NULL;
    /* collapse whitespace so catalogue text can be wrapped freely in the XML file */
    size_t n = strlen((const char *)v);
    char *copy = pd_arena_alloc(arena, n + 1);
    if (!copy) {
        xmlFree(v);
        *oom = true;
        return NULL;
    }
    size_t w = 0;
    bool space = false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = v[i];
        if (pd_ascii_isspace(c)) { space = w > 0; continue; }
        if (space) copy[w++] = ' ';
        space = false;
        copy[w++] = (char)c;
    }
    copy[w] = '\0';
    xmlFree(v);
    return copy;
}
