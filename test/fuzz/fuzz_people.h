/* fuzz_people.h: the candidates, members and election targets share this. Loading a policy
 * (libxml2 and its schema) costs more than everything else these targets do, so one builder
 * holding the people policy (fuzz_people_policy.h) is kept: each input adds its sources to it,
 * and afterwards the builder's candidate, member, election and non-working-day vectors are cut
 * back to what they held before (the strings the input added stay in the builder's arena, so the
 * builder is replaced every PEOPLE_REUSE inputs to keep memory bounded). Adding a CSV touches
 * nothing else in a builder (lib/people.c), and compiling leaves the builder unchanged.
 *
 * fuzz_people: add the input as a CSV, compile, and scan both the input itself (so the names it
 * gives are in the draft) and a fixed draft. Errors must name the CSV. */
#ifndef PD_FUZZ_PEOPLE_H
#define PD_FUZZ_PEOPLE_H

#include "fuzz_common.h"
#include "fuzz_people_policy.h"

enum { PEOPLE_REUSE = 128 };

typedef struct people_mark {
    size_t candidates, members, elections, non_working;
} people_mark;

static purdah_builder *people_base;
static unsigned people_uses;

/* The shared builder, and what it holds now (to restore after the input). */
static inline purdah_builder *people_builder(people_mark *mark)
{
    if (!people_base || ++people_uses % PEOPLE_REUSE == 0) {
        purdah_builder_free(people_base);
        people_base = NULL;
        purdah_error *err = NULL;
        if (purdah_builder_new(&people_base)) fuzz_die("builder", NULL);
        if (purdah_builder_load_policy_buffer(people_base, fuzz_people_policy, sizeof fuzz_people_policy - 1,
                                              "builtin:fuzz-people.xml", &err))
            fuzz_die("people policy", err);
    }
    mark->candidates = people_base->candidate_count;
    mark->members = people_base->member_count;
    mark->elections = people_base->cli_election_count;
    mark->non_working = people_base->non_working_count;
    return people_base;
}

static inline void people_restore(const people_mark *mark)
{
    FUZZ_CHECK(people_base->candidate_count >= mark->candidates && people_base->member_count >= mark->members);
    people_base->candidate_count = mark->candidates;
    people_base->member_count = mark->members;
    people_base->cli_election_count = mark->elections;
    people_base->non_working_count = mark->non_working;
}

typedef int (*fuzz_add_csv)(purdah_builder *, const char *, size_t, const char *, purdah_error **);

static const char people_draft[] __attribute__((unused)) =
    "Cllr Priya Okonkwo said: \"We will deliver.\" Ann Mills and M. A. Whitlock attended.\n"
    "The Leader of the Council, Graham Pettifer, said the hall would reopen. @BobKForSouthmoor\n";

static inline void fuzz_people(const uint8_t *data, size_t size, fuzz_add_csv add)
{
    static const char csv_name[] = "fuzz.csv";
    people_mark mark;
    purdah_builder *b = people_builder(&mark);
    purdah_error *err = NULL;
    char *copy = malloc(size ? size : 1); /* exact size: ASan catches reads past the end */
    FUZZ_CHECK(copy != NULL);
    if (size) memcpy(copy, data, size);
    int rc = add(b, copy, size, csv_name, &err);
    if (rc != PURDAH_OK) {
        fuzz_check_error(rc, err, csv_name);
        FUZZ_CHECK(rc == PURDAH_EDATA || rc == PURDAH_ELIMIT);
        purdah_error_free(err);
        people_restore(&mark);
        free(copy);
        return;
    }
    purdah_policy *p = NULL;
    rc = purdah_policy_compile(&p, b, &err);
    people_restore(&mark);
    if (rc != PURDAH_OK) {
        fuzz_check_error(rc, err, NULL);
        purdah_error_free(err);
        free(copy);
        return;
    }
    fuzz_check_policy(p, FUZZ_AS_OF);
    fuzz_scan_with(p, copy, size, FUZZ_AS_OF);
    fuzz_scan_with(p, people_draft, sizeof people_draft - 1, FUZZ_AS_OF);
    purdah_policy_free(p);
    free(copy);
}

#endif
