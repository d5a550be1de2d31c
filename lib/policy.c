/* policy.c: read-only accessors of a compiled policy (rules, clauses, jurisdiction). */
#include "policy.h"

PURDAH_API size_t purdah_policy_rule_count(const purdah_policy *p) { return p ? p->rule_count : 0; }

PURDAH_API const purdah_rule *purdah_policy_rule(const purdah_policy *p, size_t i)
{
    return p && i < p->rule_count ? &p->rules[i].pub : NULL;
}

PURDAH_API const purdah_rule *purdah_policy_find_rule(const purdah_policy *p, const char *id)
{
    if (!p || !id) return NULL;
    for (size_t i = 0; i < p->rule_count; i++)
        if (strcmp(p->rules[i].pub.id, id) == 0) return &p->rules[i].pub;
    return NULL;
}

PURDAH_API size_t purdah_policy_clause_count(const purdah_policy *p) { return p ? p->clause_count : 0; }

PURDAH_API const purdah_clause *purdah_policy_clause(const purdah_policy *p, size_t i)
{
    return p && i < p->clause_count ? &p->clauses[i] : NULL;
}

PURDAH_API const purdah_clause *purdah_policy_find_clause(const purdah_policy *p, const char *id)
{
    if (!p || !id) return NULL;
    for (size_t i = 0; i < p->clause_count; i++)
        if (strcmp(p->clauses[i].id, id) == 0) return &p->clauses[i];
    return NULL;
}

PURDAH_API const char *purdah_policy_jurisdiction(const purdah_policy *p)
{
    return p ? pd_jurisdiction_name(p->jurisdiction) : NULL;
}

PURDAH_API unsigned purdah_version_number(void) { return PURDAH_VERSION_NUMBER; }
PURDAH_API const char *purdah_version_string(void) { return PURDAH_VERSION_STRING; }
