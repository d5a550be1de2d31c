/* compile.h: what the parts of policy compilation share (compile.c drives, names.c compiles
 * the people). */
#ifndef PD_COMPILE_H
#define PD_COMPILE_H

#include "policy.h"

typedef struct compiler {
    const purdah_builder *b;
    purdah_policy *p;
    purdah_error **err;
    pd_ac_builder *ac;
    pd_pattern *patterns;
    size_t pattern_count, pattern_cap;
} compiler;

/* Sets the out-of-memory error and returns PURDAH_ENOMEM. */
int pd_compile_no_memory(compiler *c);
/* Adds a literal for the automaton, standing for (kind, a, b). Empty literals are ignored. */
int pd_compile_add_pattern(compiler *c, const char *text, size_t len, pd_pattern_kind kind, uint32_t a,
                           uint32_t b);
/* Merges candidates and members into people and adds every form of their names. */
int pd_compile_people(compiler *c);

#endif
