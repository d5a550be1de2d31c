/* calendar.h: civil dates, UK bank holidays, working-day arithmetic and election timetables.
 *
 * Dates are day numbers (days since 1970-01-01, proleptic Gregorian), so comparisons and
 * arithmetic are plain integer operations. Bank holidays come from the bundled gov.uk feed for the
 * years it covers and from a rule-based generator for other years. */
#ifndef PD_CALENDAR_H
#define PD_CALENDAR_H

#include "internal.h"

typedef int32_t pd_day;

/* Converts a valid year/month/day to a day number and back. */
pd_day pd_day_from_ymd(int year, int month, int day);
void pd_day_to_ymd(pd_day d, int *year, int *month, int *day);
bool pd_ymd_valid(int year, int month, int day);
/* Parses exactly "YYYY-MM-DD" (len bytes, no NUL needed): a real date (2027-02-30 is rejected)
 * with a year in 1900..2199. Returns false on anything else. */
bool pd_date_parse(const char *s, size_t len, pd_day *out);
/* Writes "YYYY-MM-DD" and a NUL into out. A day outside years 0000..9999 is written as
 * "0000-00-00" so the output always fits. */
void pd_date_format(pd_day d, char out[11]);
/* 0 = Monday ... 6 = Sunday. */
int pd_weekday(pd_day d);
pd_day pd_easter_sunday(int year);
/* The ordinary day of local elections in England, Wales and Northern Ireland: the first Thursday
 * in May on or after `as_of`. */
pd_day pd_next_ordinary_poll(pd_day as_of);

/* Bank-holiday divisions of the UK. PD_DIV_UK is the union of all three (a UK general election
 * skips a day that is a bank holiday in any part of the UK). */
typedef enum pd_division {
    PD_DIV_ENGLAND_WALES,
    PD_DIV_SCOTLAND,
    PD_DIV_NORTHERN_IRELAND,
    PD_DIV_UK
} pd_division;

/* True when `d` is a bank holiday in the division. *provisional (may be NULL) is set to true
 * when the answer comes from the rule-based generator rather than the bundled gov.uk data. */
bool pd_is_bank_holiday(pd_division div, pd_day d, bool *provisional);
/* The first and last year covered by the bundled gov.uk data. */
void pd_bundled_years(int *first, int *last);

/* Added: the rule-based generator on its own (domain-rules.md section 6.2), ignoring the bundled
 * data, so tests can check the rules against the bundled years. Writes the year's bank holidays
 * of `div` (PD_DIV_UK is not accepted: returns 0) in ascending order into out and returns their
 * count. */
#define PD_RULE_HOLIDAYS_MAX 16
size_t pd_rule_bank_holidays(pd_division div, int year, pd_day out[PD_RULE_HOLIDAYS_MAX]);

/* What counts as a working day when computing an election timetable. */
typedef struct pd_calendar {
    pd_division division;
    bool skip_easter_monday;  /* Scottish timetables also skip Easter Monday */
    const pd_day *extra_days; /* sorted days of thanksgiving or mourning (caller-owned) */
    size_t extra_count;
} pd_calendar;

/* Not a Saturday, Sunday, Christmas Eve, Christmas Day, Good Friday, bank holiday of the
 * division, (when set) Easter Monday, or an extra day. */
bool pd_is_working_day(const pd_calendar *cal, pd_day d);
/* The n-th working day before `poll` (poll itself is day 0 and not counted). */
pd_day pd_working_days_before(const pd_calendar *cal, pd_day poll, int n);

typedef enum pd_jurisdiction {
    PD_JUR_ENGLAND,
    PD_JUR_WALES,
    PD_JUR_SCOTLAND,
    PD_JUR_NORTHERN_IRELAND
} pd_jurisdiction;
const char *pd_jurisdiction_name(pd_jurisdiction j);
bool pd_jurisdiction_parse(const char *s, pd_jurisdiction *out);

typedef enum pd_election_type {
    PD_EL_LOCAL,
    PD_EL_PARISH,
    PD_EL_MAYOR,
    PD_EL_PCC,
    PD_EL_GLA,
    PD_EL_GENERAL,
    PD_EL_SENEDD,
    PD_EL_SCOTTISH_LOCAL,
    PD_EL_SCOTTISH_PARLIAMENT,
    PD_EL_NI_LOCAL,
    PD_EL_REFERENDUM,
    PD_EL_BY_ELECTION,
    PD_EL_NI_ASSEMBLY,
    PD_EL_COUNT
} pd_election_type;
/* "local", "parish", "mayor", "pcc", "gla", "general", "senedd", "scottish-local",
 * "scottish-parliament", "ni-local", "referendum", "by-election", "ni-assembly". */
const char *pd_election_type_name(pd_election_type t);
bool pd_election_type_parse(const char *s, size_t len, pd_election_type *out);

/* The latest day the pre-election window can start, by statute: the latest day for publishing
 * the notice of election (for a general election, dissolution: 25 working days before), or 28
 * calendar days before a referendum. The division and Easter Monday rule follow from the type
 * and, for types that exist in several nations (local, by-election, mayor), the jurisdiction. */
pd_day pd_statutory_window_start(pd_election_type t, pd_jurisdiction j, pd_day poll,
                                 const pd_day *extra_days, size_t extra_count);
/* The deadline for publishing the statement of persons nominated: the latest day the statute
 * allows (for a UK general election that is the day allowed when objections are made, one working
 * day after the usual 5pm-on-the-19th-day publication). A referendum has no nominations: returns
 * the poll day. */
pd_day pd_sopn_deadline(pd_election_type t, pd_jurisdiction j, pd_day poll,
                        const pd_day *extra_days, size_t extra_count);
/* Added: the working-day calendar the timetable of type t in jurisdiction j counts with (the
 * calendar of the two functions above), so callers can compute other deadlines. The extra days
 * are stored by pointer, not copied. A referendum gets the jurisdiction's calendar. */
pd_calendar pd_timetable_calendar(pd_election_type t, pd_jurisdiction j, const pd_day *extra_days,
                                  size_t extra_count);

#endif
