/* offmap.h: maps byte ranges of a derived buffer (extracted or folded text) back to the buffer it
 * was derived from, so that every finding can point into the caller's original bytes.
 *
 * The map is a sorted list of runs. A run says that output bytes [out, out+out_len) come from
 * input bytes [in, in+in_len). When out_len == in_len the correspondence is byte to byte (a
 * copy, possibly case-changed); otherwise the run is atomic: any output byte in it stands for
 * the whole input range (an HTML entity, a folded "é" -> "e", a collapsed whitespace run). An
 * inserted separator with no source is an atomic run with in_len == 0. */
#ifndef PD_OFFMAP_H
#define PD_OFFMAP_H

#include "internal.h"

typedef struct pd_offrun {
    uint32_t out, out_len;
    uint32_t in, in_len;
} pd_offrun;

typedef struct pd_offmap {
    pd_offrun *runs;
    size_t count;
    size_t cap;
    bool failed; /* an add ran out of memory; the caller reports PURDAH_ENOMEM */
    /* Optional index (pd_offmap_index): block[k] is the run holding output byte k << 7, so a
     * lookup searches a few runs instead of all of them. Any add or reset drops it. */
    uint32_t *block;
    size_t block_count, block_cap;
} pd_offmap;

void pd_offmap_init(pd_offmap *m);
void pd_offmap_reset(pd_offmap *m); /* keeps the memory for reuse */
void pd_offmap_free(pd_offmap *m);

/* Appends a run. Runs must be added in increasing `out` order with no gaps. Adjacent byte-to-byte
 * runs that continue each other are merged, so copying text one byte at a time stays compact. */
void pd_offmap_add(pd_offmap *m, size_t out, size_t out_len, size_t in, size_t in_len);

/* Indexes a complete map of `out_len` output bytes for fast lookups (a speed-up only: without
 * memory for it, lookups search every run as before). */
void pd_offmap_index(pd_offmap *m, size_t out_len);

/* Maps the output range [start, end) (end > start) to the smallest input range that covers it. */
void pd_offmap_range(const pd_offmap *m, size_t start, size_t end, size_t *in_start,
                     size_t *in_end);

#endif
