/* extract_text.c: plain text is used in place (borrowed), as one body segment. */
#include "extract.h"

int pd_extract_text(pd_extracted *x, const char *src, size_t len)
{
    pd_extracted_reset(x);
    if (!src && len) return PURDAH_EINVAL;
    /* map offsets are 32-bit; identity would do without a map, but keep one limit for all */
    if (len > UINT32_MAX) return PURDAH_ELIMIT;
    size_t skip = 0;
    if (len >= 3 && memcmp(src, "\xEF\xBB\xBF", 3) == 0) skip = 3;
    x->borrowed = true;
    x->text = src ? src + skip : "";
    x->len = len - skip;
    if (x->len == 0) return PURDAH_OK; /* no text, no segment */
    if (skip) {
        /* one byte-to-byte run keeps every offset pointing past the BOM */
        pd_offmap_add(&x->map, 0, x->len, skip, x->len);
        if (x->map.failed) return PURDAH_ENOMEM;
    }
    if (PD_RESERVE(x->segments, x->segment_cap, 1) != 0) return PURDAH_ENOMEM;
    x->segments[0] = (pd_segment){PD_ROLE_BODY, 0, x->len};
    x->segment_count = 1;
    return PURDAH_OK;
}
