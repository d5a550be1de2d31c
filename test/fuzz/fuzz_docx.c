/* fuzz_docx.c: Word documents (zip archives read with libzip) through the whole of purdah_scan
 * with the default policy (see fuzz_common.h), and through the extractor with small caps: the
 * bytes it decompresses (counted as read, never as the zip claims) never pass the cap, and a
 * cap hit either fails cleanly or keeps what was read and says it was truncated.
 *
 * The corpus is of real .docx files; libFuzzer's byte mutations mostly break the zip's CRCs, so
 * the extractor's error paths get most of the exercise, which is what hostile uploads exercise. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_scan_draft(data, size, PURDAH_FORMAT_DOCX);

    char *copy = malloc(size ? size : 1);
    FUZZ_CHECK(copy != NULL);
    if (size) memcpy(copy, data, size);
    pd_extracted x;
    pd_extracted_init(&x);
    size_t bytes_read = SIZE_MAX;
    enum { TOTAL_CAP = 3000, PART_CAP = 2000 };
    int rc = pd_extract_docx_capped(&x, copy, size, TOTAL_CAP, PART_CAP, &bytes_read);
    FUZZ_CHECK(rc == PURDAH_OK || rc == PURDAH_EINVAL || rc == PURDAH_ELIMIT);
    FUZZ_CHECK(bytes_read <= TOTAL_CAP);
    if (rc == PURDAH_OK) {
        FUZZ_CHECK(x.flags & PD_EXTRACT_TEXT_OFFSETS);
        fuzz_check_extracted(&x, size);
    }
    pd_extracted_free(&x);
    free(copy);
    return 0;
}
