/* fuzz_candidates.c: the candidates CSV reader (Democracy Club exports and name,party,area
 * files, recognised from the header) and the name forms compiled from it; see fuzz_people.h. */
#include "fuzz_people.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_people(data, size, purdah_builder_add_candidates_buffer);
    return 0;
}
