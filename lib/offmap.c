/* offmap.c: run-length offset maps (see offmap.h). */
#include "offmap.h"

void pd_offmap_init(pd_offmap *m) { memset(m, 0, sizeof *m); }

void pd_offmap_reset(pd_offmap *m)
{
    m->count = 0;
    m->failed = false;
    m->block_count = 0;
}

void pd_offmap_free(pd_offmap *m)
{
    pd_free(m->runs);
    pd_free(m->block);
    pd_offmap_init(m);
}

void pd_offmap_add(pd_offmap *m, size_t out, size_t out_len, size_t in, size_t in_len)
{
    m->block_count = 0; /* the index no longer describes the map */
    if (m->failed || out_len == 0) return;
    if (m->count) {
        pd_offrun *last = &m->runs[m->count - 1];
        if (last->out_len == last->in_len && out_len == in_len &&
            last->out + last->out_len == out && last->in + last->in_len == in) {
            last->out_len += (uint32_t)out_len;
            last->in_len += (uint32_t)in_len;
            return;
        }
    }
    if (PD_RESERVE(m->runs, m->cap, m->count + 1) != 0) {
        m->failed = true;
        return;
    }
    m->runs[m->count++] = (pd_offrun){(uint32_t)out, (uint32_t)out_len, (uint32_t)in,
                                      (uint32_t)in_len};
}

enum { BLOCK_SHIFT = 7 };

void pd_offmap_index(pd_offmap *m, size_t out_len)
{
    m->block_count = 0;
    if (m->failed || m->count < 64) return; /* a short map is searched fast enough as it is */
    size_t n = (out_len >> BLOCK_SHIFT) + 1;
    if (PD_RESERVE(m->block, m->block_cap, n) != 0) return; /* lookups just stay slower */
    size_t r = 0;
    for (size_t k = 0; k < n; k++) {
        size_t pos = k << BLOCK_SHIFT;
        while (r + 1 < m->count && m->runs[r + 1].out <= pos) r++;
        m->block[k] = (uint32_t)r;
    }
    m->block_count = n;
}

/* Index of the run containing output byte `pos` (the last run when pos is past the end). */
static size_t find_run(const pd_offmap *m, size_t pos)
{
    size_t lo = 0, hi = m->count;
    size_t k = pos >> BLOCK_SHIFT;
    if (k < m->block_count) { /* the answer lies between this block's run and the next one's */
        lo = m->block[k];
        if (k + 1 < m->block_count) hi = m->block[k + 1] + 1;
    }
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (m->runs[mid].out <= pos) lo = mid;
        else hi = mid;
    }
    return lo;
}

void pd_offmap_range(const pd_offmap *m, size_t start, size_t end, size_t *in_start,
                     size_t *in_end)
{
    if (m->count == 0) { /* identity */
        *in_start = start;
        *in_end = end;
        return;
    }
    const pd_offrun *a = &m->runs[find_run(m, start)];
    if (a->out_len == a->in_len && start >= a->out)
        *in_start = a->in + (start - a->out);
    else
        *in_start = a->in;
    size_t last = end > start ? end - 1 : start;
    const pd_offrun *b = &m->runs[find_run(m, last)];
    if (b->out_len == b->in_len && last >= b->out)
        *in_end = b->in + (last - b->out) + 1;
    else
        *in_end = b->in + b->in_len;
    if (*in_end < *in_start) *in_end = *in_start;
}
