/* json.c: writes a result as the JSON object `purdah check --format json` prints for each file. */
#include "internal.h"

static void str_or_null(pd_buf *b, const char *s)
{
    if (s) pd_buf_json_string(b, s, strlen(s));
    else pd_buf_puts(b, "null");
}

static void write_clauses(pd_buf *b, const purdah_clause *const *clauses, size_t n)
{
    pd_buf_putc(b, '[');
    for (size_t i = 0; i < n; i++) {
        if (i) pd_buf_putc(b, ',');
        pd_buf_puts(b, "{\"id\":");
        str_or_null(b, clauses[i]->id);
        pd_buf_puts(b, ",\"title\":");
        str_or_null(b, clauses[i]->title);
        pd_buf_puts(b, ",\"source\":");
        str_or_null(b, clauses[i]->source);
        pd_buf_putc(b, '}');
    }
    pd_buf_putc(b, ']');
}

static void write_window(pd_buf *b, const purdah_window *w)
{
    pd_buf_puts(b, "{\"election\":");
    str_or_null(b, w->election);
    pd_buf_puts(b, ",\"type\":");
    str_or_null(b, w->type);
    pd_buf_printf(b, ",\"poll\":\"%s\",\"start\":\"%s\",\"end\":\"%s\",\"start_basis\":", w->poll, w->start, w->end);
    str_or_null(b, w->start_basis);
    pd_buf_puts(b, ",\"areas\":[");
    for (size_t i = 0; i < w->area_count; i++) {
        if (i) pd_buf_putc(b, ',');
        str_or_null(b, w->areas[i]);
    }
    pd_buf_printf(b, "],\"in_window\":%s}", w->in_window ? "true" : "false");
}

static void write_finding(pd_buf *b, const purdah_finding *f)
{
    pd_buf_puts(b, "{\"rule\":");
    str_or_null(b, f->rule_id);
    pd_buf_puts(b, ",\"category\":");
    str_or_null(b, f->category);
    pd_buf_printf(b, ",\"severity\":\"%s\",\"start\":%zu,\"end\":%zu,\"line\":%zu,\"column\":%zu,\"text\":",
                  purdah_severity_name(f->severity), f->start, f->end, f->line, f->column);
    str_or_null(b, f->text);
    pd_buf_puts(b, ",\"role\":");
    str_or_null(b, f->role);
    pd_buf_puts(b, ",\"clauses\":");
    write_clauses(b, f->clauses, f->clause_count);
    pd_buf_puts(b, ",\"message\":");
    str_or_null(b, f->message);
    pd_buf_puts(b, ",\"suggestion\":");
    str_or_null(b, f->suggestion);
    pd_buf_puts(b, ",\"context\":");
    str_or_null(b, f->context);
    pd_buf_printf(b, ",\"suppressed\":%s,\"suppression\":", f->suppressed ? "true" : "false");
    str_or_null(b, f->suppression);
    pd_buf_putc(b, '}');
}

PURDAH_API int purdah_result_to_json(const purdah_result *r, const char *file, char **out, size_t *len)
{
    if (!out) return PURDAH_EINVAL;
    *out = NULL;
    if (len) *len = 0;
    if (!r) return PURDAH_EINVAL;
    pd_buf b;
    pd_buf_init(&b);
    pd_buf_puts(&b, "{\"file\":");
    str_or_null(&b, file);
    pd_buf_puts(&b, ",\"format\":");
    str_or_null(&b, purdah_result_format(r));
    pd_buf_printf(&b, ",\"offsets\":\"%s\"", purdah_result_offsets(r));
    pd_buf_printf(&b, ",\"as_of\":\"%s\",\"in_window\":%s,\"windows\":[", purdah_result_as_of(r),
                  purdah_result_in_window(r) ? "true" : "false");
    for (size_t i = 0; i < purdah_result_window_count(r); i++) {
        if (i) pd_buf_putc(&b, ',');
        write_window(&b, purdah_result_window(r, i));
    }
    pd_buf_printf(&b, "],\"score\":%d,\"verdict\":\"%s\",\"findings\":[", purdah_result_score(r),
                  purdah_verdict_name(purdah_result_verdict(r)));
    for (size_t i = 0; i < purdah_result_finding_count(r); i++) {
        if (i) pd_buf_putc(&b, ',');
        write_finding(&b, purdah_result_finding(r, i));
    }
    pd_buf_puts(&b, "],\"warnings\":[");
    for (size_t i = 0; i < purdah_result_warning_count(r); i++) {
        if (i) pd_buf_putc(&b, ',');
        str_or_null(&b, purdah_result_warning(r, i));
    }
    pd_buf_puts(&b, "]}");
    *out = pd_buf_take(&b, len);
    return *out ? PURDAH_OK : PURDAH_ENOMEM;
}
