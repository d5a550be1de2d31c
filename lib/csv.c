/* csv.c: RFC 4180 CSV reading (see csv.h). Every field is copied into one buffer per row so
 * quoted and unquoted fields are handled the same way. */
#include "csv.h"

void pd_csv_init(pd_csv *c, const char *data, size_t len, const char *file)
{
    memset(c, 0, sizeof *c);
    c->p = data;
    c->end = data + len;
    c->file = file;
    c->next_line = 1;
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) c->p += 3;
    pd_buf_init(&c->unquoted);
}

void pd_csv_free(pd_csv *c)
{
    pd_buf_free(&c->unquoted);
    pd_free(c->fields);
    pd_free(c->offsets);
    memset(c, 0, sizeof *c);
}

static bool at_line_end(const pd_csv *c) { return c->p < c->end && (*c->p == '\n' || *c->p == '\r'); }

static void skip_line_end(pd_csv *c)
{
    if (*c->p == '\r' && c->p + 1 < c->end && c->p[1] == '\n') c->p++;
    c->p++;
    c->next_line++;
}

static int start_field(pd_csv *c)
{
    if (PD_RESERVE(c->offsets, c->offset_cap, c->field_count + 1) != 0) return -1;
    c->offsets[c->field_count++] = c->unquoted.len;
    return 0;
}

int pd_csv_next(pd_csv *c, purdah_error **err)
{
    for (;;) {
        /* skip empty lines */
        while (at_line_end(c)) skip_line_end(c);
        if (c->p >= c->end) return 0;
        c->line = c->next_line;
        c->unquoted.len = 0;
        c->unquoted.failed = false;
        c->field_count = 0;
        if (start_field(c) != 0) goto oom;
        while (c->p < c->end && !at_line_end(c)) {
            char ch = *c->p;
            if (ch == ',') {
                c->p++;
                if (start_field(c) != 0) goto oom;
            } else if (ch == '"' && c->offsets[c->field_count - 1] == c->unquoted.len) {
                unsigned long opened = c->next_line;
                c->p++;
                for (;;) {
                    if (c->p >= c->end)
                        return pd_error_set(err, PURDAH_EDATA, c->file, opened, 0,
                                            "a quoted field is never closed (missing '\"')");
                    if (*c->p == '"') {
                        if (c->p + 1 < c->end && c->p[1] == '"') {
                            pd_buf_putc(&c->unquoted, '"');
                            c->p += 2;
                            continue;
                        }
                        c->p++;
                        break;
                    }
                    if (*c->p == '\n' || (*c->p == '\r' && !(c->p + 1 < c->end && c->p[1] == '\n')))
                        c->next_line++;
                    pd_buf_putc(&c->unquoted, *c->p);
                    c->p++;
                }
            } else {
                const char *s = c->p;
                while (c->p < c->end && *c->p != ',' && *c->p != '\n' && *c->p != '\r') c->p++;
                pd_buf_append(&c->unquoted, s, (size_t)(c->p - s));
            }
        }
        if (c->p < c->end) skip_line_end(c);
        if (c->unquoted.failed) goto oom;
        if (PD_RESERVE(c->fields, c->field_cap, c->field_count) != 0) goto oom;
        for (size_t i = 0; i < c->field_count; i++) {
            size_t start = c->offsets[i];
            size_t stop = i + 1 < c->field_count ? c->offsets[i + 1] : c->unquoted.len;
            c->fields[i].data = c->unquoted.data ? c->unquoted.data + start : "";
            c->fields[i].len = stop - start;
        }
        /* a line holding only separators and spaces is as good as empty */
        bool blank = true;
        for (size_t i = 0; i < c->field_count && blank; i++)
            for (size_t k = 0; k < c->fields[i].len; k++)
                if (!pd_ascii_isspace((unsigned char)c->fields[i].data[k])) { blank = false; break; }
        if (!blank) return 1;
    }
oom:
    return pd_error_set(err, PURDAH_ENOMEM, c->file, c->line, 0, "out of memory");
}
