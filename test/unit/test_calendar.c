/* test_calendar.c: dates, bank holidays, working days and election timetables.
 *
 * The timetable vectors are the published dates in shared/research/domain-rules.md section 5.4;
 * the source of each is noted beside it. */
#include "calendar.h"
#include "harness.h"

#include <stdio.h>

static pd_day day_of(const char *iso)
{
    pd_day d = 0;
    if (!pd_date_parse(iso, strlen(iso), &d)) {
        fprintf(stderr, "test bug: bad date literal %s\n", iso);
        harness_failed++;
    }
    return d;
}

static void check_date_at(const char *file, int line, const char *expr, pd_day got,
                          const char *want)
{
    char buf[11];
    pd_date_format(got, buf);
    if (strcmp(buf, want) == 0) {
        harness_passed++;
    } else {
        harness_failed++;
        fprintf(stderr, "%s:%d: %s == %s, want %s\n", file, line, expr, buf, want);
    }
}
#define CHECK_DATE(got, want) check_date_at(__FILE__, __LINE__, #got, (got), (want))

static bool parses(const char *s, size_t len)
{
    pd_day d;
    return pd_date_parse(s, len, &d);
}
#define PARSES(lit) parses((lit), sizeof(lit) - 1)

/* ---- dates ---- */

static void test_day_numbers(void)
{
    CHECK_INT(pd_day_from_ymd(1970, 1, 1), 0);
    CHECK_INT(pd_day_from_ymd(1969, 12, 31), -1);
    CHECK_INT(pd_day_from_ymd(2000, 3, 1), 11017);
    CHECK_INT(pd_day_from_ymd(1900, 1, 1), -25567);

    /* Every day of the supported range round-trips and advances the weekday by one. */
    int bad = 0;
    pd_day first = pd_day_from_ymd(1900, 1, 1), last = pd_day_from_ymd(2199, 12, 31);
    for (pd_day d = first; d <= last; d++) {
        int y, m, dd;
        pd_day_to_ymd(d, &y, &m, &dd);
        if (!pd_ymd_valid(y, m, dd) || pd_day_from_ymd(y, m, dd) != d ||
            pd_weekday(d) != (pd_weekday(d - 1) + 1) % 7)
            bad++;
    }
    CHECK_INT(bad, 0);
    CHECK_INT(last - first + 1, 300 * 365 + 73); /* leap: 1904..2196 by fours (74) less 2100 */
}

static void test_ymd_valid(void)
{
    CHECK(pd_ymd_valid(2024, 2, 29));
    CHECK(!pd_ymd_valid(2023, 2, 29));
    CHECK(pd_ymd_valid(2000, 2, 29));
    CHECK(!pd_ymd_valid(2100, 2, 29));
    CHECK(!pd_ymd_valid(2027, 2, 30));
    CHECK(!pd_ymd_valid(2027, 4, 31));
    CHECK(pd_ymd_valid(2027, 12, 31));
    CHECK(!pd_ymd_valid(2027, 13, 1));
    CHECK(!pd_ymd_valid(2027, 0, 1));
    CHECK(!pd_ymd_valid(2027, 1, 0));
    CHECK(!pd_ymd_valid(10000, 1, 1));
}

static void test_date_parse(void)
{
    pd_day d = 12345;
    CHECK(pd_date_parse("2024-05-02", 10, &d));
    CHECK_INT(d, pd_day_from_ymd(2024, 5, 2));
    CHECK(PARSES("2024-02-29"));
    CHECK(PARSES("1900-01-01"));
    CHECK(PARSES("2199-12-31"));
    CHECK(PARSES("2000-02-29"));

    CHECK(!PARSES("2023-02-29"));
    CHECK(!PARSES("2027-02-30"));
    CHECK(!PARSES("2100-02-29"));
    CHECK(!PARSES("2027-04-31"));
    CHECK(!PARSES("2027-13-01"));
    CHECK(!PARSES("2027-00-10"));
    CHECK(!PARSES("2027-01-00"));
    CHECK(!PARSES("1899-12-31"));
    CHECK(!PARSES("2200-01-01"));
    CHECK(!PARSES("abcd-ef-gh"));
    CHECK(!PARSES("2024/05/02"));
    CHECK(!PARSES("2024-5-02x"));
    CHECK(!PARSES("2024-05-0x"));
    CHECK(!PARSES("+024-05-02"));
    CHECK(!PARSES(" 2024-05-0"));
    CHECK(!PARSES("2024-05-2"));
    CHECK(!PARSES("2024-05-021"));
    CHECK(!PARSES(" 2024-05-02"));
    CHECK(!PARSES("2024-05-02T00:00"));
    CHECK(!PARSES(""));
    CHECK(!pd_date_parse(NULL, 10, &d));
    CHECK(!pd_date_parse("2024-05-02", 9, &d));

    /* len bounds the read: no NUL is needed after the date. */
    const char unterminated[10] = {'2', '0', '2', '7', '-', '0', '5', '-', '0', '6'};
    CHECK(pd_date_parse(unterminated, sizeof unterminated, &d));
    CHECK_DATE(d, "2027-05-06");
    CHECK(pd_date_parse("2027-05-06 and more", 10, &d));
}

static void test_date_format(void)
{
    char buf[11];
    pd_date_format(pd_day_from_ymd(2024, 5, 2), buf);
    CHECK_STR(buf, "2024-05-02");
    pd_date_format(pd_day_from_ymd(1900, 1, 1), buf);
    CHECK_STR(buf, "1900-01-01");
    pd_date_format(INT32_MAX, buf);
    CHECK_STR(buf, "0000-00-00");
    pd_date_format(INT32_MIN, buf);
    CHECK_STR(buf, "0000-00-00");
}

static void test_weekday(void)
{
    CHECK_INT(pd_weekday(0), 3); /* 1970-01-01, Thursday */
    CHECK_INT(pd_weekday(-1), 2);
    CHECK_INT(pd_weekday(day_of("2024-05-02")), 3);
    CHECK_INT(pd_weekday(day_of("2024-03-25")), 0);
    CHECK_INT(pd_weekday(day_of("2022-12-25")), 6);
    CHECK_INT(pd_weekday(day_of("1900-01-01")), 0);
}

static void test_easter(void)
{
    static const char *const easter[] = {"2019-04-21", "2020-04-12", "2021-04-04", "2022-04-17",
                                         "2023-04-09", "2024-03-31", "2025-04-20", "2026-04-05",
                                         "2027-03-28", "2028-04-16", "2029-04-01", "2030-04-21"};
    for (int i = 0; i < (int)PD_ARRAY_LEN(easter); i++)
        CHECK_DATE(pd_easter_sunday(2019 + i), easter[i]);
    CHECK_DATE(pd_easter_sunday(1961), "1961-04-02");
    CHECK_DATE(pd_easter_sunday(2038), "2038-04-25"); /* latest possible */
    CHECK_DATE(pd_easter_sunday(2285), "2285-03-22"); /* earliest possible */
}

static void test_next_ordinary_poll(void)
{
    CHECK_DATE(pd_next_ordinary_poll(day_of("2026-11-22")), "2027-05-06");
    CHECK_DATE(pd_next_ordinary_poll(day_of("2027-05-06")), "2027-05-06");
    CHECK_DATE(pd_next_ordinary_poll(day_of("2027-05-07")), "2028-05-04");
    CHECK_DATE(pd_next_ordinary_poll(day_of("2024-01-01")), "2024-05-02");
    CHECK_DATE(pd_next_ordinary_poll(day_of("2025-04-30")), "2025-05-01");
    CHECK_DATE(pd_next_ordinary_poll(day_of("2026-05-01")), "2026-05-07");
    CHECK_DATE(pd_next_ordinary_poll(day_of("2029-12-31")), "2030-05-02");
}

/* ---- bank holidays ---- */

static void test_bank_holidays(void)
{
    int first = 0, last = 0;
    pd_bundled_years(&first, &last);
    CHECK_INT(first, 2012);
    CHECK_INT(last, 2028);

    bool prov = true;
    /* Scotland's substitute St Andrew's Day 2019 */
    CHECK(pd_is_bank_holiday(PD_DIV_SCOTLAND, day_of("2019-12-02"), &prov));
    CHECK(!prov);
    CHECK(!pd_is_bank_holiday(PD_DIV_ENGLAND_WALES, day_of("2019-12-02"), &prov));
    CHECK(!pd_is_bank_holiday(PD_DIV_NORTHERN_IRELAND, day_of("2019-12-02"), NULL));
    CHECK(pd_is_bank_holiday(PD_DIV_UK, day_of("2019-12-02"), &prov));
    CHECK(!prov);
    CHECK(pd_is_bank_holiday(PD_DIV_UK, day_of("2019-03-18"), NULL)); /* NI St Patrick's sub */
    CHECK(!pd_is_bank_holiday(PD_DIV_ENGLAND_WALES, day_of("2019-03-18"), NULL));
    CHECK(pd_is_bank_holiday(PD_DIV_ENGLAND_WALES, day_of("2022-09-19"), NULL));
    CHECK(pd_is_bank_holiday(PD_DIV_ENGLAND_WALES, day_of("2013-05-27"), NULL));
    CHECK(pd_is_bank_holiday(PD_DIV_ENGLAND_WALES, day_of("2028-01-03"), &prov));
    CHECK(!prov);
    CHECK(!pd_is_bank_holiday(PD_DIV_SCOTLAND, day_of("2024-04-01"), NULL)); /* no Easter Mon */
    CHECK(!pd_is_bank_holiday(PD_DIV_ENGLAND_WALES, day_of("2024-05-02"), &prov));
    CHECK(!prov);

    /* Outside the bundled years the generator answers, flagged provisional. */
    CHECK(pd_is_bank_holiday(PD_DIV_ENGLAND_WALES, day_of("2029-12-25"), &prov));
    CHECK(prov);
    CHECK(!pd_is_bank_holiday(PD_DIV_ENGLAND_WALES, day_of("2029-12-27"), &prov));
    CHECK(prov);
    CHECK(pd_is_bank_holiday(PD_DIV_SCOTLAND, day_of("2030-12-02"), NULL));
    CHECK(pd_is_bank_holiday(PD_DIV_NORTHERN_IRELAND, day_of("2029-03-19"), NULL));
    CHECK(pd_is_bank_holiday(PD_DIV_UK, day_of("2029-03-19"), &prov));
    CHECK(prov);
    CHECK(pd_is_bank_holiday(PD_DIV_ENGLAND_WALES, day_of("2011-08-29"), &prov));
    CHECK(prov);
    CHECK(!pd_is_bank_holiday((pd_division)42, day_of("2024-12-25"), NULL));
}

/* The generated dates for 2028-2030 printed in domain-rules.md section 6.2. */
static void test_rule_table(void)
{
    static const struct {
        pd_division div;
        int year;
        const char *days[12];
    } want[] = {
        {PD_DIV_ENGLAND_WALES, 2028, {"2028-01-03", "2028-04-14", "2028-04-17", "2028-05-01",
                                      "2028-05-29", "2028-08-28", "2028-12-25", "2028-12-26"}},
        {PD_DIV_ENGLAND_WALES, 2029, {"2029-01-01", "2029-03-30", "2029-04-02", "2029-05-07",
                                      "2029-05-28", "2029-08-27", "2029-12-25", "2029-12-26"}},
        {PD_DIV_ENGLAND_WALES, 2030, {"2030-01-01", "2030-04-19", "2030-04-22", "2030-05-06",
                                      "2030-05-27", "2030-08-26", "2030-12-25", "2030-12-26"}},
        {PD_DIV_SCOTLAND, 2028, {"2028-01-03", "2028-01-04", "2028-04-14", "2028-05-01",
                                 "2028-05-29", "2028-08-07", "2028-11-30", "2028-12-25",
                                 "2028-12-26"}},
        {PD_DIV_SCOTLAND, 2030, {"2030-01-01", "2030-01-02", "2030-04-19", "2030-05-06",
                                 "2030-05-27", "2030-08-05", "2030-12-02", "2030-12-25",
                                 "2030-12-26"}},
        {PD_DIV_NORTHERN_IRELAND, 2029, {"2029-01-01", "2029-03-19", "2029-03-30", "2029-04-02",
                                         "2029-05-07", "2029-05-28", "2029-07-12", "2029-08-27",
                                         "2029-12-25", "2029-12-26"}},
        {PD_DIV_NORTHERN_IRELAND, 2030, {"2030-01-01", "2030-03-18", "2030-04-19", "2030-04-22",
                                         "2030-05-06", "2030-05-27", "2030-07-12", "2030-08-26",
                                         "2030-12-25", "2030-12-26"}},
    };
    for (size_t i = 0; i < PD_ARRAY_LEN(want); i++) {
        pd_day got[PD_RULE_HOLIDAYS_MAX];
        size_t n = pd_rule_bank_holidays(want[i].div, want[i].year, got);
        size_t expect = 0;
        while (expect < PD_ARRAY_LEN(want[i].days) && want[i].days[expect]) expect++;
        CHECK_INT(n, expect);
        for (size_t k = 0; k < n && k < expect; k++) CHECK_DATE(got[k], want[i].days[k]);
    }
    pd_day scratch[PD_RULE_HOLIDAYS_MAX];
    CHECK_INT(pd_rule_bank_holidays(PD_DIV_UK, 2029, scratch), 0);
    /* Christmas on a Sunday: Boxing Day Monday, Christmas substitute Tuesday (gov.uk 2022). */
    size_t n = pd_rule_bank_holidays(PD_DIV_ENGLAND_WALES, 2022, scratch);
    CHECK_DATE(scratch[n - 2], "2022-12-26");
    CHECK_DATE(scratch[n - 1], "2022-12-27");
    /* Scotland, 1 Jan on a Saturday: both New Year days move (gov.uk 2022: 3 and 4 Jan). */
    pd_rule_bank_holidays(PD_DIV_SCOTLAND, 2022, scratch);
    CHECK_DATE(scratch[0], "2022-01-03");
    CHECK_DATE(scratch[1], "2022-01-04");
}

/* Days where the bundled gov.uk data and the ordinary rules differ: one-off proclamations and
 * the bank holidays they moved. Nothing else may differ. */
static const struct {
    const char *date;
    unsigned divisions; /* bit per pd_division */
} one_offs[] = {
    {"2012-05-28", 7}, /* Spring bank holiday moved to 4 June for the Diamond Jubilee */
    {"2012-06-04", 7},
    {"2012-06-05", 7}, /* Queen's Diamond Jubilee */
    {"2020-05-04", 7}, /* Early May bank holiday moved to 8 May for VE Day */
    {"2020-05-08", 7},
    {"2022-05-30", 7}, /* Spring bank holiday moved to 2 June for the Platinum Jubilee */
    {"2022-06-02", 7},
    {"2022-06-03", 7}, /* Platinum Jubilee */
    {"2022-09-19", 7}, /* State Funeral of Queen Elizabeth II */
    {"2023-05-08", 7}, /* Coronation of King Charles III */
    {"2026-06-15", 2}, /* Scotland: World Cup bank holiday (Democracy Club's newer copy) */
};

static bool is_one_off(pd_division div, pd_day d)
{
    for (size_t i = 0; i < PD_ARRAY_LEN(one_offs); i++)
        if (day_of(one_offs[i].date) == d && (one_offs[i].divisions >> div & 1u)) return true;
    return false;
}

/* Counts the days of `year` where the bundled data and the rule generator disagree, apart from
 * the one-offs; also counts the one-offs that really do differ. */
static void compare_rules_with_bundle(pd_division div, int year, int *unexpected, int *one_off)
{
    pd_day rules[PD_RULE_HOLIDAYS_MAX];
    size_t n = pd_rule_bank_holidays(div, year, rules);
    for (pd_day d = pd_day_from_ymd(year, 1, 1); d <= pd_day_from_ymd(year, 12, 31); d++) {
        bool prov = true;
        bool bundled = pd_is_bank_holiday(div, d, &prov);
        bool ruled = false;
        for (size_t i = 0; i < n; i++) ruled = ruled || rules[i] == d;
        if (prov) (*unexpected)++; /* the bundled years must answer from the data */
        if (bundled == ruled) continue;
        if (is_one_off(div, d)) {
            (*one_off)++;
        } else {
            char buf[11];
            pd_date_format(d, buf);
            fprintf(stderr, "division %d: %s bundled=%d rules=%d\n", (int)div, buf, bundled,
                    ruled);
            (*unexpected)++;
        }
    }
}

static void test_rules_match_bundle(void)
{
    int first, last, unexpected = 0, one_off = 0;
    pd_bundled_years(&first, &last);
    for (int div = PD_DIV_ENGLAND_WALES; div <= PD_DIV_NORTHERN_IRELAND; div++)
        for (int year = first; year <= last; year++)
            compare_rules_with_bundle((pd_division)div, year, &unexpected, &one_off);
    CHECK_INT(unexpected, 0);
    CHECK_INT(one_off, 10 * 3 + 1); /* every listed one-off is a real difference */
}

/* ---- working days ---- */

static void test_working_days(void)
{
    pd_calendar ew = {PD_DIV_ENGLAND_WALES, false, NULL, 0};
    pd_calendar scot = {PD_DIV_SCOTLAND, false, NULL, 0};
    pd_calendar scot_em = {PD_DIV_SCOTLAND, true, NULL, 0};
    CHECK(pd_is_working_day(&ew, day_of("2024-05-02")));
    CHECK(!pd_is_working_day(&ew, day_of("2024-05-04"))); /* Saturday */
    CHECK(!pd_is_working_day(&ew, day_of("2024-05-05"))); /* Sunday */
    CHECK(!pd_is_working_day(&ew, day_of("2024-12-24"))); /* Christmas Eve, a Tuesday */
    CHECK(!pd_is_working_day(&ew, day_of("2024-12-25")));
    CHECK(!pd_is_working_day(&ew, day_of("2024-03-29"))); /* Good Friday */
    CHECK(!pd_is_working_day(&ew, day_of("2024-04-01"))); /* Easter Monday, E&W bank holiday */
    CHECK(pd_is_working_day(&scot, day_of("2024-04-01")));
    CHECK(!pd_is_working_day(&scot_em, day_of("2024-04-01")));
    CHECK(!pd_is_working_day(&scot, day_of("2024-08-05")));
    CHECK(pd_is_working_day(&ew, day_of("2024-08-05")));
    CHECK(!pd_is_working_day(NULL, day_of("2024-08-26"))); /* NULL: England and Wales */
    /* Christmas Eve and Good Friday by name, in a generated year as well */
    CHECK(!pd_is_working_day(&ew, day_of("2029-12-24")));
    CHECK(!pd_is_working_day(&scot, day_of("2030-04-19")));

    CHECK_DATE(pd_working_days_before(&ew, day_of("2024-05-02"), 0), "2024-05-02");
    CHECK_DATE(pd_working_days_before(&ew, day_of("2024-05-02"), 1), "2024-05-01");
    CHECK_DATE(pd_working_days_before(&ew, day_of("2024-05-06"), 1), "2024-05-03");
}

static void test_extra_days(void)
{
    pd_day poll = day_of("2024-05-02");
    CHECK_DATE(pd_statutory_window_start(PD_EL_LOCAL, PD_JUR_ENGLAND, poll, NULL, 0),
               "2024-03-26");
    /* A day of mourning inside the count pushes the deadline back by one working day. */
    pd_day mourning[] = {day_of("2024-04-10")};
    CHECK_DATE(pd_statutory_window_start(PD_EL_LOCAL, PD_JUR_ENGLAND, poll, mourning, 1),
               "2024-03-25");
    /* Extra days before the deadline, or on weekends, change nothing. */
    pd_day outside[] = {day_of("2024-03-01"), day_of("2024-04-13"), day_of("2024-06-01")};
    CHECK_DATE(pd_statutory_window_start(PD_EL_LOCAL, PD_JUR_ENGLAND, poll, outside, 3),
               "2024-03-26");
    /* Several extra days, searched by binary search over the sorted list. */
    pd_day many[] = {day_of("2024-04-08"), day_of("2024-04-09"), day_of("2024-04-10"),
                     day_of("2024-04-11"), day_of("2024-04-12")};
    pd_calendar cal = pd_timetable_calendar(PD_EL_LOCAL, PD_JUR_ENGLAND, many, 5);
    for (size_t i = 0; i < 5; i++) CHECK(!pd_is_working_day(&cal, many[i]));
    CHECK(pd_is_working_day(&cal, day_of("2024-04-15")));
    CHECK_DATE(pd_statutory_window_start(PD_EL_LOCAL, PD_JUR_ENGLAND, poll, many, 5),
               "2024-03-19");
    CHECK_DATE(pd_sopn_deadline(PD_EL_LOCAL, PD_JUR_ENGLAND, poll, mourning, 1), "2024-04-05");
}

/* ---- election timetables ---- */

static pd_day window(pd_election_type t, pd_jurisdiction j, const char *poll)
{
    return pd_statutory_window_start(t, j, day_of(poll), NULL, 0);
}

static pd_day sopn(pd_election_type t, pd_jurisdiction j, const char *poll)
{
    return pd_sopn_deadline(t, j, day_of(poll), NULL, 0);
}

static void test_published_vectors(void)
{
    /* domain-rules.md 5.4 */
    CHECK_DATE(window(PD_EL_LOCAL, PD_JUR_ENGLAND, "2013-05-02"), "2013-03-26"); /* 11KBW */
    CHECK_DATE(window(PD_EL_LOCAL, PD_JUR_ENGLAND, "2016-05-05"), "2016-03-30"); /* LGA 2016 */
    CHECK_DATE(window(PD_EL_LOCAL, PD_JUR_ENGLAND, "2019-05-02"), "2019-03-26"); /* LGA */
    CHECK_DATE(window(PD_EL_NI_LOCAL, PD_JUR_NORTHERN_IRELAND, "2019-05-02"),
               "2019-03-26"); /* NILGA */
    CHECK_DATE(window(PD_EL_LOCAL, PD_JUR_ENGLAND, "2023-05-04"), "2023-03-27"); /* LGA FAQ */
    CHECK_DATE(window(PD_EL_LOCAL, PD_JUR_ENGLAND, "2024-05-02"), "2024-03-26"); /* LGA */
    CHECK_DATE(window(PD_EL_GLA, PD_JUR_ENGLAND, "2024-05-02"), "2024-03-19"); /* London Elects */
    CHECK_DATE(window(PD_EL_GENERAL, PD_JUR_ENGLAND, "2015-05-07"), "2015-03-30"); /* RP15/11 */
    CHECK_DATE(window(PD_EL_GENERAL, PD_JUR_ENGLAND, "2017-06-08"), "2017-05-03");
    CHECK_DATE(window(PD_EL_GENERAL, PD_JUR_ENGLAND, "2019-12-12"), "2019-11-06"); /* CS 2019 */
    CHECK_DATE(window(PD_EL_GENERAL, PD_JUR_ENGLAND, "2024-07-04"), "2024-05-30"); /* PA */
    CHECK_DATE(window(PD_EL_SCOTTISH_LOCAL, PD_JUR_SCOTLAND, "2022-05-05"), "2022-03-23");
    CHECK_DATE(window(PD_EL_LOCAL, PD_JUR_ENGLAND, "2026-05-07"), "2026-03-30"); /* DC test */
    CHECK_DATE(window(PD_EL_NI_LOCAL, PD_JUR_NORTHERN_IRELAND, "2026-05-07"), "2026-03-30");
    CHECK_DATE(window(PD_EL_SCOTTISH_PARLIAMENT, PD_JUR_SCOTLAND, "2026-05-07"), "2026-03-25");

    /* The 2019 general election only works with the UK-wide union: with England and Wales
     * holidays alone, Scotland's 2 Dec substitute St Andrew's Day is counted and the date is
     * a day late. */
    pd_calendar ew = {PD_DIV_ENGLAND_WALES, false, NULL, 0};
    CHECK_DATE(pd_working_days_before(&ew, day_of("2019-12-12"), 25), "2019-11-07");

    /* General election notice of election: 22nd working day, UK union (RPA 1983 Sch 1 r.1). */
    pd_calendar uk = pd_timetable_calendar(PD_EL_GENERAL, PD_JUR_WALES, NULL, 0);
    CHECK_INT(uk.division, PD_DIV_UK);
    CHECK_DATE(pd_working_days_before(&uk, day_of("2024-07-04"), 22), "2024-06-04"); /* DC */
    CHECK_DATE(pd_working_days_before(&uk, day_of("2019-12-12"), 22), "2019-11-11"); /* EC */

    /* Scottish Parliament notice window opens on the 35th working day (East Lothian 2026). */
    pd_calendar sp = pd_timetable_calendar(PD_EL_SCOTTISH_PARLIAMENT, PD_JUR_ENGLAND, NULL, 0);
    CHECK_DATE(pd_working_days_before(&sp, day_of("2026-05-07"), 35), "2026-03-16");
}

static void test_forward_vectors(void)
{
    /* domain-rules.md 5.4 forward reference; 2029 and 2030 use generated holidays. */
    CHECK_DATE(window(PD_EL_LOCAL, PD_JUR_ENGLAND, "2025-05-01"), "2025-03-25");
    CHECK_DATE(window(PD_EL_LOCAL, PD_JUR_ENGLAND, "2026-05-07"), "2026-03-30");
    CHECK_DATE(window(PD_EL_LOCAL, PD_JUR_ENGLAND, "2027-05-06"), "2027-03-31");
    CHECK_DATE(window(PD_EL_LOCAL, PD_JUR_ENGLAND, "2028-05-04"), "2028-03-27");
    CHECK_DATE(window(PD_EL_LOCAL, PD_JUR_ENGLAND, "2029-05-03"), "2029-03-27");
    CHECK_DATE(window(PD_EL_LOCAL, PD_JUR_ENGLAND, "2030-05-02"), "2030-03-26");
    CHECK_DATE(window(PD_EL_GLA, PD_JUR_ENGLAND, "2028-05-04"), "2028-03-20");
    /* The next ordinary poll feeds straight in. */
    pd_day poll = pd_next_ordinary_poll(day_of("2029-01-15"));
    CHECK_DATE(pd_statutory_window_start(PD_EL_PARISH, PD_JUR_WALES, poll, NULL, 0),
               "2029-03-27");
}

static void test_type_and_jurisdiction_rules(void)
{
    /* Types that exist in several nations follow the jurisdiction. */
    for (pd_election_type t = PD_EL_LOCAL; t <= PD_EL_MAYOR; t++) {
        CHECK_DATE(window(t, PD_JUR_SCOTLAND, "2022-05-05"), "2022-03-23");
        CHECK_DATE(window(t, PD_JUR_NORTHERN_IRELAND, "2026-05-07"), "2026-03-30");
        CHECK_DATE(window(t, PD_JUR_WALES, "2024-05-02"), "2024-03-26");
    }
    CHECK_DATE(window(PD_EL_BY_ELECTION, PD_JUR_SCOTLAND, "2022-05-05"), "2022-03-23");
    CHECK_DATE(window(PD_EL_BY_ELECTION, PD_JUR_ENGLAND, "2024-05-02"), "2024-03-26");
    CHECK_DATE(window(PD_EL_PCC, PD_JUR_WALES, "2024-05-02"), "2024-03-26");
    CHECK_DATE(window(PD_EL_SENEDD, PD_JUR_WALES, "2026-05-07"), "2026-03-30");
    CHECK_DATE(window(PD_EL_NI_ASSEMBLY, PD_JUR_NORTHERN_IRELAND, "2022-05-05"), "2022-03-28");

    /* Types that fix their nation ignore the jurisdiction. */
    CHECK_DATE(window(PD_EL_GLA, PD_JUR_SCOTLAND, "2024-05-02"), "2024-03-19");
    CHECK_DATE(window(PD_EL_SCOTTISH_LOCAL, PD_JUR_ENGLAND, "2022-05-05"), "2022-03-23");
    CHECK_DATE(window(PD_EL_GENERAL, PD_JUR_SCOTLAND, "2019-12-12"), "2019-11-06");
    CHECK_DATE(window(PD_EL_GENERAL, PD_JUR_NORTHERN_IRELAND, "2019-12-12"), "2019-11-06");
    CHECK_DATE(window(PD_EL_NI_LOCAL, PD_JUR_ENGLAND, "2026-05-07"), "2026-03-30");
    pd_calendar c = pd_timetable_calendar(PD_EL_SENEDD, PD_JUR_SCOTLAND, NULL, 0);
    CHECK_INT(c.division, PD_DIV_ENGLAND_WALES);
    c = pd_timetable_calendar(PD_EL_LOCAL, PD_JUR_SCOTLAND, NULL, 0);
    CHECK_INT(c.division, PD_DIV_SCOTLAND);
    CHECK(c.skip_easter_monday);
    c = pd_timetable_calendar(PD_EL_NI_ASSEMBLY, PD_JUR_WALES, NULL, 0);
    CHECK_INT(c.division, PD_DIV_NORTHERN_IRELAND);
    CHECK(!c.skip_easter_monday);

    /* Referendum: 28 calendar days, whatever the holidays. */
    CHECK_DATE(window(PD_EL_REFERENDUM, PD_JUR_ENGLAND, "2024-05-02"), "2024-04-04");
    CHECK_DATE(window(PD_EL_REFERENDUM, PD_JUR_SCOTLAND, "2014-09-18"), "2014-08-21");
    CHECK_DATE(window(PD_EL_REFERENDUM, PD_JUR_ENGLAND, "2025-01-09"), "2024-12-12");
    CHECK_DATE(sopn(PD_EL_REFERENDUM, PD_JUR_ENGLAND, "2024-05-02"), "2024-05-02");
}

static void test_sopn_vectors(void)
{
    /* Published timetables (see lib/calendar.c for the statutes). */
    CHECK_DATE(sopn(PD_EL_LOCAL, PD_JUR_ENGLAND, "2024-05-02"), "2024-04-08"); /* Maidstone */
    CHECK_DATE(sopn(PD_EL_PCC, PD_JUR_ENGLAND, "2024-05-02"), "2024-04-08");
    CHECK_DATE(sopn(PD_EL_MAYOR, PD_JUR_ENGLAND, "2024-05-02"), "2024-04-08");
    CHECK_DATE(sopn(PD_EL_GLA, PD_JUR_ENGLAND, "2024-05-02"), "2024-04-02");    /* Hounslow */
    CHECK_DATE(sopn(PD_EL_GENERAL, PD_JUR_ENGLAND, "2024-07-04"), "2024-06-10"); /* CnES */
    CHECK_DATE(sopn(PD_EL_SCOTTISH_PARLIAMENT, PD_JUR_SCOTLAND, "2021-05-06"),
               "2021-03-31"); /* CnES 2021 timetable */
    CHECK_DATE(sopn(PD_EL_NI_LOCAL, PD_JUR_NORTHERN_IRELAND, "2023-05-18"),
               "2023-04-24"); /* EC 2023 */
    CHECK_DATE(sopn(PD_EL_LOCAL, PD_JUR_NORTHERN_IRELAND, "2019-05-02"), "2019-04-08"); /* DC */
    CHECK_DATE(sopn(PD_EL_SCOTTISH_LOCAL, PD_JUR_SCOTLAND, "2022-05-05"), "2022-03-30");
    CHECK_DATE(sopn(PD_EL_SENEDD, PD_JUR_WALES, "2026-05-07"), "2026-04-10");
}

static void test_names(void)
{
    for (int t = 0; t < PD_EL_COUNT; t++) {
        const char *name = pd_election_type_name((pd_election_type)t);
        pd_election_type back = PD_EL_COUNT;
        CHECK(pd_election_type_parse(name, strlen(name), &back));
        CHECK_INT(back, t);
    }
    CHECK_STR(pd_election_type_name(PD_EL_SCOTTISH_PARLIAMENT), "scottish-parliament");
    CHECK_STR(pd_election_type_name(PD_EL_COUNT), "unknown");
    pd_election_type t;
    CHECK(pd_election_type_parse("GLA", 3, &t));
    CHECK_INT(t, PD_EL_GLA);
    CHECK(pd_election_type_parse("locality", 5, &t)); /* len bounds the read */
    CHECK_INT(t, PD_EL_LOCAL);
    CHECK(!pd_election_type_parse("loc", 3, &t));
    CHECK(!pd_election_type_parse("locals", 6, &t));
    CHECK(!pd_election_type_parse("", 0, &t));
    CHECK(!pd_election_type_parse(NULL, 0, &t));

    for (int j = PD_JUR_ENGLAND; j <= PD_JUR_NORTHERN_IRELAND; j++) {
        pd_jurisdiction back = PD_JUR_ENGLAND;
        CHECK(pd_jurisdiction_parse(pd_jurisdiction_name((pd_jurisdiction)j), &back));
        CHECK_INT(back, j);
    }
    pd_jurisdiction j;
    CHECK(pd_jurisdiction_parse("Northern-Ireland", &j));
    CHECK_INT(j, PD_JUR_NORTHERN_IRELAND);
    CHECK(!pd_jurisdiction_parse("ni", &j));
    CHECK(!pd_jurisdiction_parse(NULL, &j));
    CHECK_STR(pd_jurisdiction_name((pd_jurisdiction)9), "unknown");
}

int main(void)
{
    test_day_numbers();
    test_ymd_valid();
    test_date_parse();
    test_date_format();
    test_weekday();
    test_easter();
    test_next_ordinary_poll();
    test_bank_holidays();
    test_rule_table();
    test_rules_match_bundle();
    test_working_days();
    test_extra_days();
    test_published_vectors();
    test_forward_vectors();
    test_type_and_jurisdiction_rules();
    test_sopn_vectors();
    test_names();
    return harness_report();
}
