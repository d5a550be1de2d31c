/* fuzz_social.c: social posts and threads (hashtags, mentions, links, numbering),
 * through the whole of purdah_scan with the default policy (see fuzz_common.h for the
 * invariants checked). */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_scan_draft(data, size, PURDAH_FORMAT_SOCIAL);
    return 0;
}
