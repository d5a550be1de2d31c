/* test_sopn.c: checks pd_sopn_deadline against real statement-of-persons-nominated dates.
 *
 * Usage: test_sopn PATH/historic_sopn_data.csv
 *
 * The CSV is Democracy Club's tests/historic_sopn_data.csv (uk-election-timetables). Its licence
 * and provenance are mixed, so it is not copied into this repository: the test reads it from
 * ../shared/data/election_timetables/ and is skipped (exit 77) when it is not there.
 *
 * A deadline is "not later than", so a real date may be earlier but never later. Per election
 * type the test counts exact, earlier and later publications and asserts:
 *   - none is later than the deadline;
 *   - none is more than two working days earlier (the rule is not loose);
 *   - where the statute publishes the statement when nominations close (Scottish Parliament,
 *     NI Assembly) at least 90% are exact. Elsewhere the deadline is a working day or more after
 *     the close of nominations and many returning officers publish at the close, so an exact
 *     floor would be meaningless; the figures are printed instead. */
#include "calendar.h"
#include "harness.h"

#include <errno.h>
#include <stdio.h>

enum { MAX_LINE = 1024, MAX_FIELDS = 5, GROUPS = 7 };

/* How rows are grouped: by the election_id prefix (the part before the first dot). */
typedef struct group {
    const char *prefix;
    pd_election_type type;
    pd_jurisdiction jurisdiction;
    bool expect_exact; /* statement due the day nominations close */
    int rows, exact, earlier, later;
    int one_early; /* earlier by exactly one working day: usually the close of nominations */
    int too_early;
} group;

static int split_csv(char *line, char *fields[MAX_FIELDS])
{
    int n = 0;
    char *p = line;
    while (n < MAX_FIELDS) {
        fields[n++] = p;
        p = strchr(p, ',');
        if (!p) break;
        *p++ = '\0';
    }
    return n;
}

static void chomp(char *s)
{
    size_t len = strlen(s);
    while (len > 0 && (s[len - 1] == '\n' || s[len - 1] == '\r')) s[--len] = '\0';
}

static group *group_for(group *groups, const char *election_id)
{
    /* The Mayor of London is elected under the GLA rules, not the local mayoral ones. */
    if (strncmp(election_id, "mayor.london.", 13) == 0) election_id = "gla";
    size_t plen = strcspn(election_id, ".");
    for (int i = 0; i < GROUPS; i++)
        if (strlen(groups[i].prefix) == plen && strncmp(groups[i].prefix, election_id, plen) == 0)
            return &groups[i];
    return NULL;
}

/* Working days from `from` back to `to` (to <= from) on the type's calendar. */
static int working_days_between(const group *g, pd_day to, pd_day from)
{
    pd_calendar cal = pd_timetable_calendar(g->type, g->jurisdiction, NULL, 0);
    int n = 0;
    for (pd_day d = from; d > to; d--)
        if (pd_is_working_day(&cal, d - 1)) n++;
    return n;
}

static void tally(group *g, pd_day poll, pd_day published, const char *election_id)
{
    pd_day deadline = pd_sopn_deadline(g->type, g->jurisdiction, poll, NULL, 0);
    g->rows++;
    if (published == deadline) {
        g->exact++;
    } else if (published < deadline) {
        g->earlier++;
        int gap = working_days_between(g, published, deadline);
        if (gap == 1) g->one_early++;
        if (gap > 2) g->too_early++;
    } else {
        char want[11];
        pd_date_format(deadline, want);
        fprintf(stderr, "%s: published after the deadline %s\n", election_id, want);
        g->later++;
    }
}

/* Returns the number of data rows read, or -1 on a malformed row. */
static int read_rows(FILE *f, group *groups)
{
    char line[MAX_LINE];
    int rows = 0;
    unsigned long lineno = 0;
    while (fgets(line, sizeof line, f)) {
        lineno++;
        chomp(line);
        /* "--" lines are the file's commented-out edge cases; the first line is the header. */
        if (line[0] == '\0' || strncmp(line, "--", 2) == 0 || lineno == 1) continue;
        char *fields[MAX_FIELDS];
        pd_day poll, published;
        if (split_csv(line, fields) != MAX_FIELDS ||
            !pd_date_parse(fields[3], strlen(fields[3]), &poll) ||
            !pd_date_parse(fields[4], strlen(fields[4]), &published)) {
            fprintf(stderr, "line %lu: malformed row\n", lineno);
            return -1;
        }
        group *g = group_for(groups, fields[0]);
        if (!g) {
            fprintf(stderr, "line %lu: unknown election type in %s\n", lineno, fields[0]);
            return -1;
        }
        tally(g, poll, published, fields[0]);
        rows++;
    }
    return rows;
}

static void report(const group *groups)
{
    printf("%-6s %-20s %5s %6s %8s %9s %6s %8s\n", "prefix", "type", "rows", "exact", "earlier",
           "(by 1 wd)", "later", "exact%");
    for (int i = 0; i < GROUPS; i++) {
        const group *g = &groups[i];
        double share = g->rows ? 100.0 * g->exact / g->rows : 0.0;
        printf("%-6s %-20s %5d %6d %8d %9d %6d %7.1f%%\n", g->prefix,
               pd_election_type_name(g->type), g->rows, g->exact, g->earlier, g->one_early, g->later,
               share);
    }
}

static void check_groups(const group *groups)
{
    for (int i = 0; i < GROUPS; i++) {
        const group *g = &groups[i];
        CHECK(g->rows > 0);
        CHECK_INT(g->later, 0);
        CHECK_INT(g->too_early, 0);
        if (g->expect_exact) CHECK(g->rows > 0 && g->exact * 10 >= g->rows * 9);
    }
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s PATH/historic_sopn_data.csv\n", argv[0]);
        return 2;
    }
    FILE *f = fopen(argv[1], "r");
    if (!f) {
        int e = errno;
        printf("skipped: cannot open %s (%s); it lives in ../shared/data/election_timetables\n",
               argv[1], strerror(e));
        return 77;
    }
    group groups[GROUPS] = {
        {"parl", PD_EL_GENERAL, PD_JUR_ENGLAND, false, 0, 0, 0, 0, 0, 0},
        {"sp", PD_EL_SCOTTISH_PARLIAMENT, PD_JUR_SCOTLAND, true, 0, 0, 0, 0, 0, 0},
        {"nia", PD_EL_NI_ASSEMBLY, PD_JUR_NORTHERN_IRELAND, true, 0, 0, 0, 0, 0, 0},
        {"naw", PD_EL_SENEDD, PD_JUR_WALES, false, 0, 0, 0, 0, 0, 0},
        {"pcc", PD_EL_PCC, PD_JUR_ENGLAND, false, 0, 0, 0, 0, 0, 0},
        {"mayor", PD_EL_MAYOR, PD_JUR_ENGLAND, false, 0, 0, 0, 0, 0, 0},
        {"gla", PD_EL_GLA, PD_JUR_ENGLAND, false, 0, 0, 0, 0, 0, 0},
    };
    int rows = read_rows(f, groups);
    fclose(f);
    CHECK(rows > 0);
    if (rows > 0) {
        report(groups);
        check_groups(groups);
    }
    return harness_report();
}
