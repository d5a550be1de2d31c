/* error.c: status strings and detailed error objects (message, file, line, column). */
#include "internal.h"

#include <stdio.h>

struct purdah_error {
    int code;
    char *message;
    char *file;
    unsigned long line;
    unsigned long column;
};

PURDAH_API const char *purdah_strerror(int status)
{
    switch (status) {
    case PURDAH_OK: return "success";
    case PURDAH_ENOMEM: return "out of memory";
    case PURDAH_EINVAL: return "invalid argument";
    case PURDAH_EPOLICY: return "malformed policy";
    case PURDAH_EREGEX: return "invalid regular expression";
    case PURDAH_EIO: return "cannot read file";
    case PURDAH_EDATA: return "malformed data file";
    case PURDAH_EBUSY: return "scanner in use by another thread";
    case PURDAH_ELIMIT: return "size limit exceeded";
    case PURDAH_ENOTFOUND: return "not found";
    case PURDAH_EVERSION: return "unsupported options version";
    default: return "unknown error";
    }
}

int pd_error_setv(purdah_error **err, int code, const char *file, unsigned long line,
                  unsigned long column, const char *fmt, va_list ap)
{
    if (!err) return code;
    *err = NULL;
    purdah_error *e = pd_calloc(1, sizeof *e);
    if (!e) return code;
    pd_buf msg;
    pd_buf_init(&msg);
    char small[512];
    int n = vsnprintf(small, sizeof small, fmt, ap);
    if (n < 0) n = 0;
    if ((size_t)n >= sizeof small) n = (int)sizeof small - 1; /* long messages are cut */
    pd_buf_append(&msg, small, (size_t)n);
    e->message = pd_buf_take(&msg, NULL);
    e->file = file ? pd_strdup(file) : NULL;
    e->code = code;
    e->line = line;
    e->column = column;
    *err = e;
    return code;
}

int pd_error_set(purdah_error **err, int code, const char *file, unsigned long line,
                 unsigned long column, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    pd_error_setv(err, code, file, line, column, fmt, ap);
    va_end(ap);
    return code;
}

PURDAH_API int purdah_error_code(const purdah_error *e) { return e ? e->code : PURDAH_OK; }

PURDAH_API const char *purdah_error_message(const purdah_error *e)
{
    if (!e) return "";
    /* the message allocation can fail on its own: fall back to the status text */
    return e->message ? e->message : purdah_strerror(e->code);
}

PURDAH_API const char *purdah_error_file(const purdah_error *e) { return e ? e->file : NULL; }
PURDAH_API unsigned long purdah_error_line(const purdah_error *e) { return e ? e->line : 0; }
PURDAH_API unsigned long purdah_error_column(const purdah_error *e) { return e ? e->column : 0; }

PURDAH_API int purdah_error_format(const purdah_error *e, char **out)
{
    if (!out) return PURDAH_EINVAL;
    *out = NULL;
    if (!e) return PURDAH_EINVAL;
    pd_buf b;
    pd_buf_init(&b);
    if (e->file) {
        pd_buf_puts(&b, e->file);
        if (e->line) {
            pd_buf_printf(&b, ":%lu", e->line);
            if (e->column) pd_buf_printf(&b, ":%lu", e->column);
        }
        pd_buf_puts(&b, ": ");
    }
    pd_buf_puts(&b, purdah_error_message(e));
    *out = pd_buf_take(&b, NULL);
    return *out ? PURDAH_OK : PURDAH_ENOMEM;
}

PURDAH_API void purdah_error_free(purdah_error *e)
{
    if (!e) return;
    pd_free(e->message);
    pd_free(e->file);
    pd_free(e);
}

PURDAH_API void purdah_free(void *buffer) { pd_free(buffer); }
