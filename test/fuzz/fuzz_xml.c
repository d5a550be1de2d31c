/* fuzz_xml.c: XML drafts (generic XML and NewsML-G2 news items with XHTML bodies) through the
 * whole of purdah_scan with the default policy (see fuzz_common.h), and through the offset-keeping
 * XML tokenizer on its own: every token and attribute lies inside the input, tokens never move
 * backwards, START and END events are balanced with the depths they report, and the number of
 * events is linear in the input. */
#include "fuzz_common.h"

static void check_reader(const char *s, size_t len)
{
    pd_xml_reader *r = malloc(sizeof *r); /* the reader is large (its open-element stack) */
    FUZZ_CHECK(r != NULL);
    pd_xml_reader_init(r, s, len);
    size_t open = 0, events = 0, last_end = 0;
    pd_xml_token t;
    for (;;) {
        pd_xml_event e = pd_xml_next(r, &t);
        FUZZ_CHECK(++events <= 4 * len + 8);
        FUZZ_CHECK(t.kind == e && t.start <= t.end && t.end <= len);
        if (e == PD_XML_EOF) break;
        if (e == PD_XML_TEXT || e == PD_XML_CDATA) FUZZ_CHECK(t.end > t.start);
        if (t.end > t.start) {
            FUZZ_CHECK(t.start >= last_end);
            last_end = t.end;
        }
        if (e == PD_XML_START) {
            FUZZ_CHECK(t.depth == open + 1 && t.depth <= PD_XML_MAX_DEPTH);
            FUZZ_CHECK(t.name_len > 0 && t.name >= t.start && t.name + t.name_len <= t.end);
            FUZZ_CHECK(t.local >= t.name && t.local + t.local_len == t.name + t.name_len);
            FUZZ_CHECK(t.attrs <= t.attrs_end && t.attrs_end <= t.end);
            open++;
            size_t cursor = t.attrs;
            pd_xml_attr a;
            size_t attrs = 0;
            while (pd_xml_next_attr(r, &cursor, t.attrs_end, &a)) {
                FUZZ_CHECK(++attrs <= len);
                FUZZ_CHECK(a.name >= t.attrs && a.name_len > 0 && a.name + a.name_len <= t.attrs_end);
                FUZZ_CHECK(a.value + a.value_len <= t.attrs_end);
                FUZZ_CHECK(cursor <= t.attrs_end);
            }
        } else if (e == PD_XML_END) {
            FUZZ_CHECK(open > 0 && t.depth == open);
            open--;
        }
    }
    FUZZ_CHECK(open == 0);
    FUZZ_CHECK(pd_xml_next(r, &t) == PD_XML_EOF); /* EOF stays EOF */
    free(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *copy = malloc(size ? size : 1);
    FUZZ_CHECK(copy != NULL);
    if (size) memcpy(copy, data, size);
    check_reader(copy, size);
    free(copy);
    fuzz_scan_draft(data, size, PURDAH_FORMAT_XML);
    return 0;
}
