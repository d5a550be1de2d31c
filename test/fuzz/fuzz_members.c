/* fuzz_members.c: the sitting members CSV reader (name,party,area,role) and the name and role
 * forms compiled from it; see fuzz_people.h. */
#include "fuzz_people.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_people(data, size, purdah_builder_add_members_buffer);
    return 0;
}
