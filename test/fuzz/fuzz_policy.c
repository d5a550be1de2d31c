/* fuzz_policy.c: the policy XML loader (libxml2 with the schema, then purdah's own checks of
 * includes, wordlists, catalogues, rules, regex patterns, elections and inline people) and the
 * compiler. The input is loaded under the name "builtin:fuzz-policy.xml", so relative `src`
 * names resolve to files built into the library (the default policy's wordlists and clause
 * catalogues), and absolute ones are refused (fuzz_files.h). A failure must be an error object
 * that names the policy it is in; a policy that compiles is checked through the public API and
 * used for a scan (fuzz_common.h checks the result). */
#include "fuzz_common.h"
#include "fuzz_files.h"

#define NAME "builtin:fuzz-policy.xml"

static const char draft[] =
    "Cllr Priya Okonkwo said the Labour group has delivered on its pledge.\n"
    "<p>Vote for the Green Party! #VoteLabour @SianForAbbey https://www.labour.org.uk/</p>\n"
    "We are launching a new scheme. Notice of Election.\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_refuse_files = 1;
    purdah_builder *b = NULL;
    FUZZ_CHECK(purdah_builder_new(&b) == PURDAH_OK);
    purdah_error *err = NULL;
    int rc = purdah_builder_load_policy_buffer(b, (const char *)data, size, NAME, &err);
    if (rc != PURDAH_OK) {
        /* errors in an included file name that file; the rest name the input */
        fuzz_check_error(rc, err, NULL);
        FUZZ_CHECK(rc != PURDAH_EINVAL && rc != PURDAH_EBUSY && rc != PURDAH_EVERSION);
        FUZZ_CHECK(purdah_error_file(err) != NULL);
        purdah_error_free(err);
        purdah_builder_free(b);
        fuzz_refuse_files = 0;
        return 0;
    }
    FUZZ_CHECK(err == NULL);
    purdah_policy *p = NULL;
    rc = purdah_policy_compile(&p, b, &err);
    purdah_builder_free(b); /* the policy must not depend on the builder */
    if (rc != PURDAH_OK) {
        fuzz_check_error(rc, err, NULL);
        FUZZ_CHECK(p == NULL);
        purdah_error_free(err);
        fuzz_refuse_files = 0;
        return 0;
    }
    fuzz_check_policy(p, FUZZ_AS_OF);
    fuzz_scan_with(p, draft, sizeof draft - 1, FUZZ_AS_OF);
    purdah_policy_free(p);
    fuzz_refuse_files = 0;
    return 0;
}
