/* calendar.c: civil dates, UK bank holidays, working-day arithmetic and election timetables.
 *
 * The rules and test vectors come from shared/research/domain-rules.md sections 4-6; each
 * election timetable rule below names its statute. */
#include "calendar.h"

/* The bundled gov.uk data, generated at build time by tools/gen_bank_holidays.py into
 * bank_holidays_table.c. Each array is sorted ascending. */
extern const int32_t pd_bh_england_wales[];
extern const size_t pd_bh_england_wales_count;
extern const int32_t pd_bh_scotland[];
extern const size_t pd_bh_scotland_count;
extern const int32_t pd_bh_northern_ireland[];
extern const size_t pd_bh_northern_ireland_count;
extern const int pd_bh_first_year;
extern const int pd_bh_last_year;

/* ---- civil dates ---- */

static bool is_leap_year(int year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

static int days_in_month(int year, int month)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 2 && is_leap_year(year) ? 29 : days[month - 1];
}

bool pd_ymd_valid(int year, int month, int day)
{
    /* Four-digit years only: pd_date_format has room for no more, and the day arithmetic
     * stays far from overflow. */
    if (year < 0 || year > 9999 || month < 1 || month > 12) return false;
    return day >= 1 && day <= days_in_month(year, month);
}

/* Howard Hinnant's days_from_civil: eras of 400 years, each starting on 1 March. */
pd_day pd_day_from_ymd(int year, int month, int day)
{
    int64_t y = (int64_t)year - (month <= 2);
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (pd_day)(era * 146097 + doe - 719468);
}

/* Hinnant's civil_from_days, the inverse of the above. */
void pd_day_to_ymd(pd_day d, int *year, int *month, int *day)
{
    int64_t z = (int64_t)d + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int m = (int)(mp < 10 ? mp + 3 : mp - 9);
    if (year) *year = (int)(yoe + era * 400 + (m <= 2));
    if (month) *month = m;
    if (day) *day = (int)(doy - (153 * mp + 2) / 5 + 1);
}

static int year_of(pd_day d)
{
    int y;
    pd_day_to_ymd(d, &y, NULL, NULL);
    return y;
}

static bool parse_digits(const char *s, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') return false;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return true;
}

bool pd_date_parse(const char *s, size_t len, pd_day *out)
{
    int y, m, d;
    if (!s || len != 10 || s[4] != '-' || s[7] != '-') return false;
    if (!parse_digits(s, 4, &y) || !parse_digits(s + 5, 2, &m) || !parse_digits(s + 8, 2, &d))
        return false;
    if (y < 1900 || y > 2199 || !pd_ymd_valid(y, m, d)) return false;
    if (out) *out = pd_day_from_ymd(y, m, d);
    return true;
}

static void put_digits(char *out, int value, int n)
{
    for (int i = n - 1; i >= 0; i--) {
        out[i] = (char)('0' + value % 10);
        value /= 10;
    }
}

void pd_date_format(pd_day d, char out[11])
{
    int y, m, day;
    pd_day_to_ymd(d, &y, &m, &day);
    if (y < 0 || y > 9999) y = m = day = 0;
    put_digits(out, y, 4);
    out[4] = '-';
    put_digits(out + 5, m, 2);
    out[7] = '-';
    put_digits(out + 8, day, 2);
    out[10] = '\0';
}

int pd_weekday(pd_day d)
{
    /* 1970-01-01 was a Thursday (3). The first % may be negative. */
    return (int)(((d % 7) + 7 + 3) % 7);
}

/* The anonymous Gregorian algorithm (Meeus/Jones/Butcher). */
pd_day pd_easter_sunday(int year)
{
    int a = year % 19, b = year / 100, c = year % 100;
    int d = b / 4, e = b % 4, f = (b + 8) / 25;
    int g = (b - f + 1) / 3;
    int h = (19 * a + b - d - g + 15) % 30;
    int i = c / 4, k = c % 4;
    int l = (32 + 2 * e + 2 * i - h - k) % 7;
    int m = (a + 11 * h + 22 * l) / 451;
    int month = (h + l - 7 * m + 114) / 31;
    int day = (h + l - 7 * m + 114) % 31 + 1;
    return pd_day_from_ymd(year, month, day);
}

enum { MONDAY = 0, THURSDAY = 3, SATURDAY = 5 };

static pd_day first_weekday_of_month(int year, int month, int weekday)
{
    pd_day first = pd_day_from_ymd(year, month, 1);
    return first + (weekday - pd_weekday(first) + 7) % 7;
}

static pd_day last_weekday_of_month(int year, int month, int weekday)
{
    pd_day last = pd_day_from_ymd(year, month, days_in_month(year, month));
    return last - (pd_weekday(last) - weekday + 7) % 7;
}

pd_day pd_next_ordinary_poll(pd_day as_of)
{
    int year = year_of(as_of);
    pd_day poll = first_weekday_of_month(year, 5, THURSDAY);
    return as_of <= poll ? poll : first_weekday_of_month(year + 1, 5, THURSDAY);
}

/* ---- bank holidays ---- */

static bool is_weekend(pd_day d) { return pd_weekday(d) >= SATURDAY; }

static bool sorted_contains(const pd_day *days, size_t count, pd_day d)
{
    size_t lo = 0, hi = count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (days[mid] < d) lo = mid + 1;
        else if (days[mid] > d) hi = mid;
        else return true;
    }
    return false;
}

static bool set_contains(const pd_day *days, size_t count, pd_day d)
{
    for (size_t i = 0; i < count; i++)
        if (days[i] == d) return true;
    return false;
}

static void sort_days(pd_day *days, size_t count)
{
    for (size_t i = 1; i < count; i++) /* insertion sort: at most 16 days */
        for (size_t j = i; j > 0 && days[j - 1] > days[j]; j--) {
            pd_day t = days[j];
            days[j] = days[j - 1];
            days[j - 1] = t;
        }
}

/* A fixed-date holiday on a weekend moves to the next weekday that is not already a holiday, the
 * substitute-day pattern of the gov.uk feed (25 Dec on a Sunday gives Mon 26 and Tue 27). Weekday
 * fixed dates are placed first so a substitute never lands on one. */
static size_t add_fixed_days(pd_day *days, size_t count, const pd_day *fixed, size_t nfixed)
{
    for (size_t i = 0; i < nfixed; i++)
        if (!is_weekend(fixed[i])) days[count++] = fixed[i];
    for (size_t i = 0; i < nfixed; i++) {
        if (!is_weekend(fixed[i])) continue;
        pd_day d = fixed[i] + 1;
        while (is_weekend(d) || set_contains(days, count, d)) d++;
        days[count++] = d;
    }
    return count;
}

/* domain-rules.md section 6.2. Accurate for the current statutory pattern (St Andrew's Day since
 * 2007); years long past or far ahead are only as good as that pattern, hence "provisional". */
size_t pd_rule_bank_holidays(pd_division div, int year, pd_day out[PD_RULE_HOLIDAYS_MAX])
{
    if (div != PD_DIV_ENGLAND_WALES && div != PD_DIV_SCOTLAND && div != PD_DIV_NORTHERN_IRELAND)
        return 0;
    pd_day easter = pd_easter_sunday(year);
    size_t n = 0;
    out[n++] = easter - 2;                              /* Good Friday */
    if (div != PD_DIV_SCOTLAND) out[n++] = easter + 1;  /* Easter Monday */
    out[n++] = first_weekday_of_month(year, 5, MONDAY); /* Early May */
    out[n++] = last_weekday_of_month(year, 5, MONDAY);  /* Spring */
    /* Summer: first Monday of August in Scotland, last elsewhere */
    out[n++] = div == PD_DIV_SCOTLAND ? first_weekday_of_month(year, 8, MONDAY)
                                      : last_weekday_of_month(year, 8, MONDAY);

    pd_day fixed[6];
    size_t nfixed = 0;
    fixed[nfixed++] = pd_day_from_ymd(year, 1, 1);
    if (div == PD_DIV_SCOTLAND) fixed[nfixed++] = pd_day_from_ymd(year, 1, 2);
    if (div == PD_DIV_NORTHERN_IRELAND) {
        fixed[nfixed++] = pd_day_from_ymd(year, 3, 17); /* St Patrick's Day */
        fixed[nfixed++] = pd_day_from_ymd(year, 7, 12); /* Battle of the Boyne */
    }
    /* St Andrew's Day (St Andrew's Day Bank Holiday (Scotland) Act 2007): on a weekend, the next
     * Monday, which the general weekend rule gives too. */
    if (div == PD_DIV_SCOTLAND) fixed[nfixed++] = pd_day_from_ymd(year, 11, 30);
    fixed[nfixed++] = pd_day_from_ymd(year, 12, 25);
    fixed[nfixed++] = pd_day_from_ymd(year, 12, 26);

    n = add_fixed_days(out, n, fixed, nfixed);
    sort_days(out, n);
    return n;
}

void pd_bundled_years(int *first, int *last)
{
    if (first) *first = pd_bh_first_year;
    if (last) *last = pd_bh_last_year;
}

static bool bundled_year(int year) { return year >= pd_bh_first_year && year <= pd_bh_last_year; }

static bool bundled_holiday(pd_division div, pd_day d)
{
    switch (div) {
    case PD_DIV_ENGLAND_WALES:
        return sorted_contains(pd_bh_england_wales, pd_bh_england_wales_count, d);
    case PD_DIV_SCOTLAND:
        return sorted_contains(pd_bh_scotland, pd_bh_scotland_count, d);
    case PD_DIV_NORTHERN_IRELAND:
        return sorted_contains(pd_bh_northern_ireland, pd_bh_northern_ireland_count, d);
    case PD_DIV_UK:
        break;
    }
    return false;
}

static bool rule_holiday(pd_division div, int year, pd_day d)
{
    pd_day days[PD_RULE_HOLIDAYS_MAX];
    size_t n = pd_rule_bank_holidays(div, year, days);
    return set_contains(days, n, d);
}

static bool division_holiday(pd_division div, int year, pd_day d)
{
    return bundled_year(year) ? bundled_holiday(div, d) : rule_holiday(div, year, d);
}

bool pd_is_bank_holiday(pd_division div, pd_day d, bool *provisional)
{
    int year = year_of(d);
    if (provisional) *provisional = !bundled_year(year);
    if (div == PD_DIV_UK)
        return division_holiday(PD_DIV_ENGLAND_WALES, year, d) ||
               division_holiday(PD_DIV_SCOTLAND, year, d) ||
               division_holiday(PD_DIV_NORTHERN_IRELAND, year, d);
    return division_holiday(div, year, d);
}

/* ---- working days ---- */

bool pd_is_working_day(const pd_calendar *cal, pd_day d)
{
    static const pd_calendar default_cal = {PD_DIV_ENGLAND_WALES, false, NULL, 0};
    if (!cal) cal = &default_cal;
    if (is_weekend(d)) return false;
    int year, month, day;
    pd_day_to_ymd(d, &year, &month, &day);
    /* Christmas Eve, Christmas Day and Good Friday are disregarded by name in every timetable,
     * whether or not they are bank holidays (e.g. SI 2006/3304 Sch 2 r.2). */
    if (month == 12 && (day == 24 || day == 25)) return false;
    pd_day easter = pd_easter_sunday(year);
    if (d == easter - 2) return false;
    if (cal->skip_easter_monday && d == easter + 1) return false;
    if (pd_is_bank_holiday(cal->division, d, NULL)) return false;
    return !(cal->extra_days && sorted_contains(cal->extra_days, cal->extra_count, d));
}

pd_day pd_working_days_before(const pd_calendar *cal, pd_day poll, int n)
{
    pd_day d = poll;
    for (int counted = 0; counted < n && d > INT32_MIN;) {
        d--;
        if (pd_is_working_day(cal, d)) counted++;
    }
    return d;
}

/* ---- names ---- */

static const char *const jurisdiction_names[] = {"england", "wales", "scotland",
                                                  "northern-ireland"};

const char *pd_jurisdiction_name(pd_jurisdiction j)
{
    return (unsigned)j < PD_ARRAY_LEN(jurisdiction_names) ? jurisdiction_names[j] : "unknown";
}

bool pd_jurisdiction_parse(const char *s, pd_jurisdiction *out)
{
    if (!s) return false;
    for (size_t i = 0; i < PD_ARRAY_LEN(jurisdiction_names); i++)
        if (pd_ascii_ieq(s, jurisdiction_names[i])) {
            if (out) *out = (pd_jurisdiction)i;
            return true;
        }
    return false;
}

static const char *const election_type_names[PD_EL_COUNT] = {
    [PD_EL_LOCAL] = "local",
    [PD_EL_PARISH] = "parish",
    [PD_EL_MAYOR] = "mayor",
    [PD_EL_PCC] = "pcc",
    [PD_EL_GLA] = "gla",
    [PD_EL_GENERAL] = "general",
    [PD_EL_SENEDD] = "senedd",
    [PD_EL_SCOTTISH_LOCAL] = "scottish-local",
    [PD_EL_SCOTTISH_PARLIAMENT] = "scottish-parliament",
    [PD_EL_NI_LOCAL] = "ni-local",
    [PD_EL_REFERENDUM] = "referendum",
    [PD_EL_BY_ELECTION] = "by-election",
    [PD_EL_NI_ASSEMBLY] = "ni-assembly",
};

const char *pd_election_type_name(pd_election_type t)
{
    return (unsigned)t < PD_EL_COUNT ? election_type_names[t] : "unknown";
}

static bool ascii_ieq_n(const char *a, size_t alen, const char *b)
{
    size_t blen = strlen(b);
    if (alen != blen) return false;
    for (size_t i = 0; i < alen; i++)
        if (pd_ascii_lower((unsigned char)a[i]) != pd_ascii_lower((unsigned char)b[i]))
            return false;
    return true;
}

bool pd_election_type_parse(const char *s, size_t len, pd_election_type *out)
{
    if (!s) return false;
    for (int t = 0; t < PD_EL_COUNT; t++)
        if (ascii_ieq_n(s, len, election_type_names[t])) {
            if (out) *out = (pd_election_type)t;
            return true;
        }
    return false;
}

/* ---- election timetables ---- */

/* One statutory timetable: which calendar it counts with and how many working days before the
 * poll its notice of election (or dissolution) and statement of persons nominated fall due. */
typedef struct timetable_rule {
    pd_division division;
    bool skip_easter_monday;
    int notice_days; /* latest notice of election; 0 = calendar days rule (referendum) */
    int sopn_days;   /* latest statement of persons nominated; 0 = none (referendum) */
} timetable_rule;

/* Statement of persons nominated: "not later than" days are the statutory outer limit.
 * Where a statute publishes the statement "at the close of the time for making objections or as
 * soon afterwards as any objections are disposed of", there is no later fixed day, so the close
 * of nominations day (when it is published unless an objection is pending) is the deadline. */
static const timetable_rule RULE_EW_LOCAL = {
    /* SI 2006/3304 and 2006/3305 Sch r.1: notice not later than the 25th day; statement not later
     * than 4pm on the 18th day (SI 2014/494, 2014/492: nominations close 4pm on the 19th).
     * Local authority mayors (SI 2007/1024 as amended by SI 2014/370) and combined authority
     * mayors (SI 2017/67) follow the same timetable. */
    PD_DIV_ENGLAND_WALES, false, 25, 18};
static const timetable_rule RULE_PCC = {
    /* Police and Crime Commissioner Elections Order 2012 (SI 2012/1917) Sch 3 r.3 as amended by
     * SI 2014/921: notice not later than 25 working days; statement not later than the 18th. */
    PD_DIV_ENGLAND_WALES, false, 25, 18};
static const timetable_rule RULE_GLA = {
    /* GLA Elections Rules 2007 (SI 2007/3541) as amended by SI 2016/24: notice not later than the
     * 30th working day; statement not later than 4pm on the 22nd (nominations close on the 24th;
     * London Elects 2024 timetable). */
    PD_DIV_ENGLAND_WALES, false, 30, 22};
static const timetable_rule RULE_SENEDD = {
    /* National Assembly for Wales (Representation of the People) Order 2007 (SI 2007/236) Sch 5
     * r.1: notice by the 25th day; statement "4 in the afternoon ... eighteenth day" (SI 2016/272
     * art 18(2)(c)). */
    PD_DIV_ENGLAND_WALES, false, 25, 18};
static const timetable_rule RULE_SCOTTISH_LOCAL = {
    /* Scottish Local Government Elections Order 2011 (SSI 2011/399) Sch 1 r.1-2: notice not later
     * than the 28th day; nominations close 4pm on the 23rd and the statement follows the close of
     * objections that day. Scottish bank holidays, plus Easter Monday as Democracy Club's
     * uk-election-timetables does (domain-rules.md 4.2). */
    PD_DIV_SCOTLAND, true, 28, 23};
static const timetable_rule RULE_SCOTTISH_PARLIAMENT = {
    /* Scottish Parliament (Elections etc.) Order 2015 (SSI 2015/425) Sch 2 r.1: notice between the
     * 35th and the 28th day; nominations and objections close on the 23rd, statement at that
     * close. Scottish bank holidays plus Easter Monday (as above). */
    PD_DIV_SCOTLAND, true, 28, 23};
static const timetable_rule RULE_NI_LOCAL = {
    /* Electoral Law Act (NI) 1962 Sch 5 (as substituted by SI 2010/2977): notice not later than
     * the 25th day; nominations close on the 16th and the statement is published that day when
     * there are no objections (EC timetable for 18 May 2023: 6pm on 24 April). NI holidays. */
    PD_DIV_NORTHERN_IRELAND, false, 25, 16};
static const timetable_rule RULE_NI_ASSEMBLY = {
    /* Northern Ireland Assembly (Elections) Order 2001 Sch 1 r.1 (as amended by SI 2009/256):
     * notice by the 25th day; statement at the close of objections on the 16th. NI holidays. */
    PD_DIV_NORTHERN_IRELAND, false, 25, 16};
static const timetable_rule RULE_GENERAL = {
    /* RPA 1983 Sch 1 r.1: dissolution is the 25th working day before the poll; the statement is
     * due by 5pm on the 19th day, or by 4pm on the 18th when objections are made (EC guidance
     * for UK Parliamentary general elections). A day is skipped when it is a bank holiday in any
     * part of the UK, which the 2019 dissolution date (6 Nov) confirms (domain-rules.md 5.4). */
    PD_DIV_UK, false, 25, 18};
static const timetable_rule RULE_REFERENDUM = {
    /* Council publicity ban for the 28 calendar days before the poll (SI 2012/323 reg 5,
     * PPERA s.125); no candidates, so no statement. */
    PD_DIV_ENGLAND_WALES, false, 0, 0};

static pd_division division_of(pd_jurisdiction j)
{
    switch (j) {
    case PD_JUR_SCOTLAND:
        return PD_DIV_SCOTLAND;
    case PD_JUR_NORTHERN_IRELAND:
        return PD_DIV_NORTHERN_IRELAND;
    case PD_JUR_ENGLAND:
    case PD_JUR_WALES:
        break;
    }
    return PD_DIV_ENGLAND_WALES;
}

/* Council elections (and by-elections, parish and mayoral polls) follow the nation they are
 * held in; every other type fixes its own nation. */
static const timetable_rule *local_rule_for(pd_jurisdiction j)
{
    switch (division_of(j)) {
    case PD_DIV_SCOTLAND:
        return &RULE_SCOTTISH_LOCAL;
    case PD_DIV_NORTHERN_IRELAND:
        return &RULE_NI_LOCAL;
    case PD_DIV_ENGLAND_WALES:
    case PD_DIV_UK:
        break;
    }
    return &RULE_EW_LOCAL;
}

static const timetable_rule *rule_for(pd_election_type t, pd_jurisdiction j)
{
    switch (t) {
    case PD_EL_LOCAL:
    case PD_EL_PARISH:
    case PD_EL_MAYOR:
    case PD_EL_BY_ELECTION:
        return local_rule_for(j);
    case PD_EL_PCC: /* PCCs exist only in England and Wales */
        return &RULE_PCC;
    case PD_EL_GLA:
        return &RULE_GLA;
    case PD_EL_GENERAL:
        return &RULE_GENERAL;
    case PD_EL_SENEDD:
        return &RULE_SENEDD;
    case PD_EL_SCOTTISH_LOCAL:
        return &RULE_SCOTTISH_LOCAL;
    case PD_EL_SCOTTISH_PARLIAMENT:
        return &RULE_SCOTTISH_PARLIAMENT;
    case PD_EL_NI_LOCAL:
        return &RULE_NI_LOCAL;
    case PD_EL_NI_ASSEMBLY:
        return &RULE_NI_ASSEMBLY;
    case PD_EL_REFERENDUM:
        return &RULE_REFERENDUM;
    case PD_EL_COUNT:
        break;
    }
    return &RULE_EW_LOCAL;
}

pd_calendar pd_timetable_calendar(pd_election_type t, pd_jurisdiction j, const pd_day *extra_days,
                                  size_t extra_count)
{
    const timetable_rule *rule = rule_for(t, j);
    pd_calendar cal = {rule->division, rule->skip_easter_monday, extra_days, extra_count};
    if (t == PD_EL_REFERENDUM) cal.division = division_of(j);
    return cal;
}

pd_day pd_statutory_window_start(pd_election_type t, pd_jurisdiction j, pd_day poll,
                                 const pd_day *extra_days, size_t extra_count)
{
    const timetable_rule *rule = rule_for(t, j);
    if (rule->notice_days == 0) return poll - 28;
    pd_calendar cal = pd_timetable_calendar(t, j, extra_days, extra_count);
    return pd_working_days_before(&cal, poll, rule->notice_days);
}

pd_day pd_sopn_deadline(pd_election_type t, pd_jurisdiction j, pd_day poll,
                        const pd_day *extra_days, size_t extra_count)
{
    const timetable_rule *rule = rule_for(t, j);
    if (rule->sopn_days == 0) return poll;
    pd_calendar cal = pd_timetable_calendar(t, j, extra_days, extra_count);
    return pd_working_days_before(&cal, poll, rule->sopn_days);
}
