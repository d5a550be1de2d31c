/* fuzz_election.c: election specs (TYPE:POLL_DATE[:AREA[,AREA...]][:notice=YYYY-MM-DD]) and
 * what is computed from them: each input line is a spec, except lines "asof DATE" (the dates to
 * compute windows for and scan on) and "nwd DATE" (an added non-working day). Specs are given
 * as the CLI gives them, NUL-terminated. A refused spec or date is PURDAH_EINVAL with a message
 * quoting it; accepted ones are compiled with the people policy (fuzz_people.h), and the
 * windows computed for each as-of date must be consistent (start <= end == poll, in_window iff
 * the date is inside) and a scan on that date must pass the result checks of fuzz_common.h. */
#include "fuzz_people.h"

static const char draft[] =
    "Cllr Priya Okonkwo of Millbrook said the hall would reopen. Ann Mills attended.\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 4096) return 0; /* specs are short; keep each run fast */
    people_mark mark;
    purdah_builder *b = people_builder(&mark);
    purdah_error *err = NULL;
    int rc;
    if (mark.candidates == 0) {
        /* the fixture candidates, once per builder: kept when the input's additions are undone */
        rc = purdah_builder_add_candidates_buffer(b, (const char *)fixture_candidates, sizeof fixture_candidates - 1,
                                                  "candidates.csv", &err);
        if (rc) fuzz_die("candidates", err);
        mark.candidates = b->candidate_count;
    }

    char *text = malloc(size + 1);
    FUZZ_CHECK(text != NULL);
    if (size) memcpy(text, data, size);
    text[size] = '\0';
    enum { MAX_DATES = 4 };
    char as_of[MAX_DATES][11];
    size_t dates = 0;
    for (char *line = text, *next; line; line = next) {
        char *nl = strchr(line, '\n');
        next = nl ? nl + 1 : NULL;
        if (nl) *nl = '\0';
        if (strncmp(line, "asof ", 5) == 0) {
            pd_day d;
            if (dates < MAX_DATES && pd_date_parse(line + 5, strlen(line + 5), &d)) {
                memcpy(as_of[dates], line + 5, 10);
                as_of[dates++][10] = '\0';
            }
            continue;
        }
        if (strncmp(line, "nwd ", 4) == 0) {
            rc = purdah_builder_add_non_working_day(b, line + 4, &err);
        } else {
            rc = purdah_builder_add_election(b, line, &err);
        }
        if (rc != PURDAH_OK) {
            fuzz_check_error(rc, err, NULL);
            FUZZ_CHECK(rc == PURDAH_EINVAL);
            purdah_error_free(err);
        } else {
            FUZZ_CHECK(err == NULL);
        }
    }
    free(text);
    if (dates == 0) {
        memcpy(as_of[0], FUZZ_AS_OF, 11);
        dates = 1;
    }

    purdah_policy *p = NULL;
    rc = purdah_policy_compile(&p, b, &err);
    people_restore(&mark);
    if (rc != PURDAH_OK) {
        fuzz_check_error(rc, err, NULL);
        purdah_error_free(err);
        return 0;
    }
    for (size_t i = 0; i < dates; i++) {
        fuzz_check_policy(p, as_of[i]);
        fuzz_scan_with(p, draft, sizeof draft - 1, as_of[i]);
        /* by-elections apply to drafts about their areas */
        const char *areas[] = {"Millbrook", "Castle"};
        purdah_windows *w = NULL;
        FUZZ_CHECK(purdah_policy_windows(p, as_of[i], areas, 2, &w, &err) == PURDAH_OK);
        purdah_windows_free(w);
    }
    purdah_policy_free(p);
    return 0;
}
