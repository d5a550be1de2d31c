/* purdah: a thin command-line front end to libpurdah.
 *
 *   purdah check [OPTIONS] [FILE...]     check drafts (no FILE or "-": standard input)
 *   purdah windows [OPTIONS]             the pre-election windows and whether the date is inside
 *   purdah explain RULE-ID|CLAUSE-ID     what a rule or clause says
 *
 * Exit status: 0 below the --fail-on threshold, 1 at or above it, 2 for usage, policy, file or
 * input errors. A gatekeeper that cannot load its policy or read a draft fails closed. */
#define _POSIX_C_SOURCE 200809L
#include <purdah.h>

#include "formats.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { EXIT_BELOW = 0, EXIT_AT_THRESHOLD = 1, EXIT_TROUBLE = 2 };

typedef struct options {
    const char *command;
    const char *policy;
    const char **candidates, **members, **elections, **areas, **files;
    size_t candidate_count, member_count, election_count, area_count, file_count;
    char date[11];
    purdah_format input_format;
    cli_format format;
    purdah_verdict fail_on;
} options;

static void usage(FILE *to)
{
    fputs("usage: purdah check [OPTIONS] [FILE...]     (no FILE or \"-\": read stdin)\n"
          "       purdah windows [OPTIONS]\n"
          "       purdah explain RULE-ID|CLAUSE-ID [--policy FILE]\n"
          "\n"
          "  --policy FILE            policy XML (default: the embedded default policy)\n"
          "  --candidates FILE        candidates CSV (Democracy Club export, or name,party,area)\n"
          "  --members FILE           sitting members CSV (name,party,area,role)\n"
          "  --election SPEC          TYPE:POLL_DATE[:AREA[,AREA...]][:notice=YYYY-MM-DD], repeatable;\n"
          "                           e.g. local:2027-05-06, by-election:2027-09-16:Millbrook:notice=2027-08-11\n"
          "  --date YYYY-MM-DD        intended publication date (default: today)\n"
          "  --area NAME              an area the draft concerns, repeatable\n"
          "  --input-format auto|text|html|markdown|xml|docx|social\n"
          "  --format FORMAT          text (default), json, line, sarif, github or rdjsonl\n"
          "                           (windows: text or json)\n"
          "  --fail-on review|block   exit 1 when any file's verdict is at least this (default block)\n"
          "  --version, --help\n",
          to);
}

static int push(const char ***items, size_t *count, const char *value)
{
    const char **grown = realloc((void *)*items, (*count + 1) * sizeof **items);
    if (!grown) return -1;
    grown[(*count)++] = value;
    *items = grown;
    return 0;
}

static void today(char out[11])
{
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    strftime(out, 11, "%Y-%m-%d", &tm);
}

static int parse_args(int argc, char **argv, options *o)
{
    memset(o, 0, sizeof *o);
    o->fail_on = PURDAH_VERDICT_BLOCK;
    today(o->date);
    if (argc < 2) return -1;
    o->command = argv[1];
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
#define TAKES_VALUE(name) (strcmp(a, name) == 0 && (v ? (i++, 1) : (fprintf(stderr, "purdah: %s needs a value\n", name), 0)))
        if (strcmp(a, "--") == 0) {
            for (i++; i < argc; i++)
                if (push(&o->files, &o->file_count, argv[i])) return -1;
            break;
        } else if (TAKES_VALUE("--policy")) o->policy = v;
        else if (TAKES_VALUE("--candidates")) { if (push(&o->candidates, &o->candidate_count, v)) return -1; }
        else if (TAKES_VALUE("--members")) { if (push(&o->members, &o->member_count, v)) return -1; }
        else if (TAKES_VALUE("--election")) { if (push(&o->elections, &o->election_count, v)) return -1; }
        else if (TAKES_VALUE("--area")) { if (push(&o->areas, &o->area_count, v)) return -1; }
        else if (TAKES_VALUE("--date")) {
            if (strlen(v) != 10) {
                fprintf(stderr, "purdah: --date %s: expected YYYY-MM-DD\n", v);
                return -1;
            }
            memcpy(o->date, v, 11);
        } else if (TAKES_VALUE("--input-format")) {
            int f = purdah_format_from_name(v);
            if (f < 0) {
                fprintf(stderr, "purdah: --input-format %s: expected auto, text, html, markdown, xml, docx or social\n", v);
                return -1;
            }
            o->input_format = (purdah_format)f;
        } else if (TAKES_VALUE("--format")) {
            if (cli_format_from_name(v, &o->format) != 0) {
                fprintf(stderr, "purdah: --format %s: expected text, json, line, sarif, github or rdjsonl\n", v);
                return -1;
            }
        } else if (TAKES_VALUE("--fail-on")) {
            if (strcmp(v, "review") == 0) o->fail_on = PURDAH_VERDICT_REVIEW;
            else if (strcmp(v, "block") == 0) o->fail_on = PURDAH_VERDICT_BLOCK;
            else {
                fprintf(stderr, "purdah: --fail-on %s: expected review or block\n", v);
                return -1;
            }
        } else if (a[0] == '-' && a[1] == '-') {
            if (v == NULL && (strcmp(a, "--policy") == 0 || strcmp(a, "--candidates") == 0 ||
                              strcmp(a, "--members") == 0 || strcmp(a, "--election") == 0 ||
                              strcmp(a, "--area") == 0 || strcmp(a, "--date") == 0 ||
                              strcmp(a, "--input-format") == 0 || strcmp(a, "--format") == 0 ||
                              strcmp(a, "--fail-on") == 0))
                return -1; /* already reported */
            fprintf(stderr, "purdah: unknown option %s\n", a);
            return -1;
        } else if (push(&o->files, &o->file_count, a)) return -1;
#undef TAKES_VALUE
    }
    return 0;
}

static void print_error(const char *what, const purdah_error *err, int rc)
{
    char *text = NULL;
    if (err && purdah_error_format(err, &text) == PURDAH_OK) {
        fprintf(stderr, "purdah: %s: %s\n", what, text);
        purdah_free(text);
    } else {
        fprintf(stderr, "purdah: %s: %s\n", what, purdah_strerror(rc));
    }
}

/* Builds the policy from the options; prints the error and returns NULL when it cannot. */
static purdah_policy *load_policy(const options *o)
{
    purdah_builder *b = NULL;
    purdah_policy *p = NULL;
    purdah_error *err = NULL;
    int rc = purdah_builder_new(&b);
    if (rc) {
        print_error("cannot start", NULL, rc);
        return NULL;
    }
    rc = o->policy ? purdah_builder_load_policy_file(b, o->policy, &err) : purdah_builder_load_default(b, &err);
    if (rc) print_error("cannot load the policy", err, rc);
    for (size_t i = 0; !rc && i < o->candidate_count; i++)
        if ((rc = purdah_builder_add_candidates_file(b, o->candidates[i], &err))) print_error("cannot load candidates", err, rc);
    for (size_t i = 0; !rc && i < o->member_count; i++)
        if ((rc = purdah_builder_add_members_file(b, o->members[i], &err))) print_error("cannot load members", err, rc);
    for (size_t i = 0; !rc && i < o->election_count; i++)
        if ((rc = purdah_builder_add_election(b, o->elections[i], &err))) print_error("bad --election", err, rc);
    if (!rc && (rc = purdah_policy_compile(&p, b, &err))) print_error("cannot compile the policy", err, rc);
    purdah_error_free(err);
    purdah_builder_free(b);
    return p;
}

/* Reads a whole file ("-" = standard input). Returns NULL and prints why on failure. */
static char *read_all(const char *path, size_t *len)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "purdah: cannot read %s: %s\n", path, strerror(errno));
        return NULL;
    }
    size_t cap = 65536, n = 0;
    char *buf = malloc(cap);
    size_t got;
    while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            char *grown = cap > SIZE_MAX / 2 ? NULL : realloc(buf, cap * 2);
            if (!grown) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = grown;
            cap *= 2;
        }
    }
    int failed = !buf || ferror(f);
    if (f != stdin) fclose(f);
    if (failed) {
        fprintf(stderr, "purdah: cannot read %s: %s\n", path, buf ? "read error" : "out of memory");
        free(buf);
        return NULL;
    }
    *len = n;
    return buf;
}

static int command_check(const options *o)
{
    purdah_policy *p = load_policy(o);
    if (!p) return EXIT_TROUBLE;
    purdah_scanner *s = NULL;
    cli_writer *w = NULL;
    if (purdah_scanner_new(&s, p) != PURDAH_OK || !(w = cli_writer_new(o->format, stdout, p))) {
        fprintf(stderr, "purdah: out of memory\n");
        purdah_scanner_free(s);
        purdah_policy_free(p);
        return EXIT_TROUBLE;
    }
    static const char *const stdin_only[] = {"-"};
    const char *const *files = o->file_count ? o->files : stdin_only;
    size_t file_count = o->file_count ? o->file_count : 1;
    purdah_scan_options so = PURDAH_SCAN_OPTIONS_INIT;
    so.as_of = o->date;
    so.areas = o->areas;
    so.area_count = o->area_count;
    int status = EXIT_BELOW, trouble = 0;
    for (size_t i = 0; i < file_count; i++) {
        const char *name = strcmp(files[i], "-") == 0 ? "<stdin>" : files[i];
        size_t len = 0;
        char *data = read_all(files[i], &len);
        if (!data) {
            cli_writer_failure(w, name, "cannot read the file");
            trouble = 1;
            continue;
        }
        purdah_result *r = NULL;
        purdah_error *err = NULL;
        so.format = o->input_format;
        if (so.format == PURDAH_FORMAT_AUTO && strcmp(files[i], "-") != 0)
            so.format = purdah_format_from_file_name(files[i]); /* then the content decides */
        int rc = purdah_scan(s, data, len, &so, &r, &err);
        if (rc) {
            print_error(name, err, rc);
            cli_writer_failure(w, name, err ? purdah_error_message(err) : purdah_strerror(rc));
            purdah_error_free(err);
            free(data);
            trouble = 1;
            continue;
        }
        if (cli_writer_result(w, name, data, len, r) != 0) {
            fprintf(stderr, "purdah: %s: cannot write the result: out of memory\n", name);
            trouble = 1;
        }
        free(data);
        if (purdah_result_verdict(r) >= o->fail_on) status = EXIT_AT_THRESHOLD;
        purdah_result_free(r);
    }
    status = trouble ? EXIT_TROUBLE : status;
    if (cli_writer_finish(w, status) != 0) {
        fprintf(stderr, "purdah: cannot write the output: %s\n", strerror(errno));
        status = EXIT_TROUBLE;
    }
    purdah_scanner_free(s);
    purdah_policy_free(p);
    return status;
}

/* Area names are user data: escape them as JSON strings. */
static void print_json_string(const char *s)
{
    putchar('"');
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\') printf("\\%c", c);
        else if (c < 0x20) printf("\\u%04x", c);
        else putchar(c);
    }
    putchar('"');
}

static int command_windows(const options *o)
{
    if (o->format != CLI_FORMAT_TEXT && o->format != CLI_FORMAT_JSON) {
        fprintf(stderr, "purdah: windows prints --format text or json\n");
        return EXIT_TROUBLE;
    }
    const int json = o->format == CLI_FORMAT_JSON;
    purdah_policy *p = load_policy(o);
    if (!p) return EXIT_TROUBLE;
    purdah_windows *w = NULL;
    purdah_error *err = NULL;
    int rc = purdah_policy_windows(p, o->date, o->areas, o->area_count, &w, &err);
    if (rc) {
        print_error("cannot compute windows", err, rc);
        purdah_error_free(err);
        purdah_policy_free(p);
        return EXIT_TROUBLE;
    }
    int inside = 0;
    if (json) printf("{\"version\":1,\"as_of\":\"%s\",\"windows\":[", o->date);
    for (size_t i = 0; i < purdah_windows_count(w); i++) {
        const purdah_window *win = purdah_windows_get(w, i);
        inside |= win->in_window && win->applies;
        if (json) {
            printf("%s{\"election\":\"%s\",\"type\":\"%s\",\"poll\":\"%s\",\"start\":\"%s\",\"end\":\"%s\","
                   "\"start_basis\":\"%s\",\"areas\":[",
                   i ? "," : "", win->election, win->type, win->poll, win->start, win->end, win->start_basis);
            for (size_t k = 0; k < win->area_count; k++) {
                fputs(k ? "," : "", stdout);
                print_json_string(win->areas[k]);
            }
            printf("],\"in_window\":%s,\"applies\":%s}", win->in_window ? "true" : "false",
                   win->applies ? "true" : "false");
        } else {
            printf("%s: %s to %s (%s start)%s", win->election, win->start, win->end,
                   strcmp(win->start_basis, "notice") == 0 ? "notice of election" : "latest statutory",
                   win->area_count ? ", areas: " : "");
            for (size_t k = 0; k < win->area_count; k++) printf("%s%s", k ? ", " : "", win->areas[k]);
            printf(": %s %s\n", o->date,
                   win->in_window ? "is inside the window" : "is outside the window");
        }
    }
    if (json) printf("],\"in_window\":%s}\n", inside ? "true" : "false");
    else if (purdah_windows_count(w) == 0) printf("no elections configured\n");
    purdah_windows_free(w);
    purdah_policy_free(p);
    return EXIT_BELOW;
}

static void print_clause(const purdah_clause *c, const char *indent)
{
    printf("%s%s: %s\n%s  %s\n%s  %s\n", indent, c->id, c->title, indent, c->source, indent, c->text);
    if (c->url) printf("%s  %s\n", indent, c->url);
}

static int command_explain(const options *o)
{
    if (o->file_count != 1) {
        fprintf(stderr, "purdah: explain needs exactly one RULE-ID or CLAUSE-ID\n");
        return EXIT_TROUBLE;
    }
    purdah_policy *p = load_policy(o);
    if (!p) return EXIT_TROUBLE;
    const char *id = o->files[0];
    const purdah_rule *rule = purdah_policy_find_rule(p, id);
    const purdah_clause *clause = purdah_policy_find_clause(p, id);
    int status = EXIT_BELOW;
    if (rule) {
        printf("rule %s (%s)\n  %s\n  in a pre-election period: %s; at other times: %s\n", rule->id, rule->category,
               rule->description, purdah_severity_name(rule->in_window), purdah_severity_name(rule->outside_window));
        if (rule->suggestion) printf("  suggestion: %s\n", rule->suggestion);
        printf("  cites:\n");
        for (size_t i = 0; i < rule->clause_count; i++) print_clause(rule->clauses[i], "    ");
    } else if (clause) {
        print_clause(clause, "");
    } else {
        fprintf(stderr, "purdah: no rule or clause called \"%s\" in the policy\n", id);
        status = EXIT_TROUBLE;
    }
    purdah_policy_free(p);
    return status;
}

int main(int argc, char **argv)
{
    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        usage(stdout);
        return EXIT_BELOW;
    }
    if (argc >= 2 && strcmp(argv[1], "--version") == 0) {
        printf("purdah %s\n", purdah_version_string());
        return EXIT_BELOW;
    }
    options o;
    int status;
    if (parse_args(argc, argv, &o) != 0) {
        usage(stderr);
        status = EXIT_TROUBLE;
    } else if (strcmp(o.command, "check") == 0) {
        status = command_check(&o);
    } else if (strcmp(o.command, "windows") == 0) {
        status = command_windows(&o);
    } else if (strcmp(o.command, "explain") == 0) {
        status = command_explain(&o);
    } else {
        fprintf(stderr, "purdah: unknown command \"%s\"\n", o.command);
        usage(stderr);
        status = EXIT_TROUBLE;
    }
    free((void *)o.candidates);
    free((void *)o.members);
    free((void *)o.elections);
    free((void *)o.areas);
    free((void *)o.files);
    return status;
}
