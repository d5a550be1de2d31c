/* fuzz_people_policy.h: a small policy for the candidates, members and election targets: the
 * people rules of the default policy and the built-in wordlists they need, without the phrase
 * lists, so that compiling it per input stays cheap (a few milliseconds). Relative names resolve
 * to built-in files because the policy is loaded under a "builtin:" name. */
#ifndef PD_FUZZ_PEOPLE_POLICY_H
#define PD_FUZZ_PEOPLE_POLICY_H

static const char fuzz_people_policy[] =
    "<policy xmlns=\"urn:purdah:policy:1\" name=\"fuzz people\" jurisdiction=\"england\">\n"
    "  <catalogue src=\"clauses/code-2011.xml\"/>\n"
    "  <wordlist id=\"titles\" src=\"titles.txt\"/>\n"
    "  <wordlist id=\"speech-verbs\" src=\"speech-verbs.txt\"/>\n"
    "  <wordlist id=\"ordinary-surnames\" src=\"ordinary-surnames.txt\"/>\n"
    "  <wordlist id=\"member-roles\" src=\"member-roles.txt\"/>\n"
    "  <elections><election type=\"local\" poll=\"next-ordinary\"/></elections>\n"
    "  <names titles=\"titles\" speech-verbs=\"speech-verbs\" ordinary-surnames=\"ordinary-surnames\"/>\n"
    "  <rule id=\"candidate-named\" category=\"candidate\" detect=\"candidate-named\" in-window=\"block\" outside=\"none\">\n"
    "    <description>d</description><message>Names {name} ({party}, {area}) in {election}.</message>\n"
    "    <cite clause=\"code2011-para34\"/></rule>\n"
    "  <rule id=\"candidate-quoted\" category=\"member_quote\" detect=\"candidate-quoted\" in-window=\"block\" outside=\"none\">\n"
    "    <description>d</description><message>Quotes {name}.</message><cite clause=\"code2011-para34\"/></rule>\n"
    "  <rule id=\"candidate-in-image\" category=\"image\" detect=\"candidate-in-image\" in-window=\"block\" outside=\"none\">\n"
    "    <description>d</description><message>Shows {name}.</message><cite clause=\"code2011-para34\"/></rule>\n"
    "  <rule id=\"candidate-link\" category=\"link\" detect=\"candidate-link\" in-window=\"block\" outside=\"none\">\n"
    "    <description>d</description><message>Points to {name} ({text}).</message><cite clause=\"code2011-para34\"/></rule>\n"
    "  <rule id=\"member-quoted\" category=\"member_quote\" detect=\"member-quoted\" in-window=\"review\" outside=\"none\">\n"
    "    <description>d</description><match list=\"member-roles\"/>\n"
    "    <message>Quotes {name}, {role}.</message>\n"
    "    <cite clause=\"code2011-para34\"/></rule>\n"
    "  <rule id=\"member-named\" category=\"member_quote\" detect=\"member-named\" in-window=\"advisory\" outside=\"none\">\n"
    "    <description>d</description><message>Names {name}.</message><cite clause=\"code2011-para34\"/></rule>\n"
    "</policy>\n";

#endif
