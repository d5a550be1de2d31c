/* mini_policy.h: the small policy of test/data/mini that the engine tests scan with, compiled
 * once, with one scanner. */
#ifndef PD_TEST_MINI_POLICY_H
#define PD_TEST_MINI_POLICY_H

#include <purdah.h>
#include <stdio.h>

/* Returns 0, or prints why and returns 99 (meson's "hard error" status) when it cannot load. */
static inline int load_mini_policy(const char *data_dir, purdah_policy **policy, purdah_scanner **scanner)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/mini/policy.xml", data_dir);
    purdah_builder *b = NULL;
    purdah_error *err = NULL;
    if (purdah_builder_new(&b) || purdah_builder_load_policy_file(b, path, &err) ||
        purdah_policy_compile(policy, b, &err) || purdah_scanner_new(scanner, *policy)) {
        fprintf(stderr, "cannot set up: %s\n", purdah_error_message(err));
        purdah_error_free(err);
        purdah_builder_free(b);
        return 99;
    }
    purdah_builder_free(b);
    return 0;
}

#endif
