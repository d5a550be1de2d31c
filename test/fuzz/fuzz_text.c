/* fuzz_text.c: plain-text drafts (and suppression directive lines) through the whole of
 * purdah_scan with the default policy, then the same bytes with the format detected from the
 * content, as the CLI reads a .txt file (see fuzz_common.h for the invariants checked). */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_scan_draft(data, size, PURDAH_FORMAT_TEXT);
    fuzz_scan_draft(data, size, PURDAH_FORMAT_AUTO);
    return 0;
}
