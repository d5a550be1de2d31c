/* fuzz_markdown.c: Markdown drafts (CommonMark and GitHub extensions, front matter, inline HTML),
 * through the whole of purdah_scan with the default policy (see fuzz_common.h for the
 * invariants checked). */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_scan_draft(data, size, PURDAH_FORMAT_MARKDOWN);
    return 0;
}
