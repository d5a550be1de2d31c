#!/usr/bin/env python3
"""Runs the CLI golden corpus: every NAME.expect beside one draft NAME.txt, NAME.social.txt,
NAME.html, NAME.md, NAME.xml or NAME.docx.

usage: run_golden.py PURDAH_BINARY [GOLDEN_DIR] [NAME-FILTER]

For each draft it runs `purdah check --format json ARGS DRAFT` (in GOLDEN_DIR, so fixture paths
are relative to it) and checks the .expect lines:
  verdict: pass|review|block          the verdict, and the exit status that goes with it
  finding: RULE SEVERITY "TEXT" [clauses=a,b] [role=ROLE]
                                      some finding that is not suppressed has this rule, severity
                                      and exact text (and cites those clauses, and has that role)
  suppressed: RULE "TEXT" [role=ROLE] some finding has this rule and text and is suppressed
                                      ("suppressed": true, by an inline purdah-disable comment)
  no-finding: RULE                    no finding of this rule (suppressed ones included)
  no-finding-text: "TEXT"             no finding whose text contains TEXT (any case; suppressed
                                      ones included)
  offsets: text                       the finding offsets refer to the extracted text, not to the
                                      file's bytes (DOCX): the byte and line/column checks are skipped
Every finding is also checked against the draft itself (unless `offsets: text`): its [start, end)
bytes must be its text, and its line and column must be where those bytes are. Drafts in the
newer formats must also be read in their format: a .md draft as "markdown", .xml as "xml", .docx
as "docx" and .social.txt as "social" (whose args must say `--input-format social`; a .docx
draft must say `offsets: text`). Prints "N passed, N failed".
"""
import json
import os
import shlex
import subprocess
import sys

DRAFT_SUFFIXES = ('.txt', '.social.txt', '.html', '.md', '.xml', '.docx')

# The format the JSON result must report for drafts in the formats of issue 3 (the older .txt and
# .html drafts are not checked for it).
FORMAT_OF_SUFFIX = (('.social.txt', 'social'), ('.md', 'markdown'), ('.xml', 'xml'), ('.docx', 'docx'))


def parse_options(words, allowed, where):
    """KEY=VALUE words after a finding's text: clauses=a,b and role=ROLE."""
    options = {'clauses': [], 'role': None}
    for extra in words:
        key, eq, value = extra.partition('=')
        if not eq or key not in allowed:
            raise ValueError(where + ': unknown finding option ' + extra)
        if key == 'clauses':
            options['clauses'] = [c for c in value.split(',') if c]
        elif key == 'role':
            if not value:
                raise ValueError(where + ': role= needs a role')
            options['role'] = value
    return options


def parse_expect(path):
    spec = {'args': [], 'verdict': None, 'findings': [], 'suppressed': [], 'no_rules': [], 'no_texts': [],
            'text_offsets': False}
    with open(path, encoding='utf-8') as f:
        for number, raw in enumerate(f, 1):
            line = raw.strip()
            if not line or line.startswith('#'):
                continue
            key, _, value = line.partition(':')
            value = value.strip()
            where = '%s:%d' % (path, number)
            if key == 'args':
                spec['args'] = shlex.split(value)
            elif key == 'verdict':
                spec['verdict'] = value
            elif key == 'finding':
                words = shlex.split(value)
                if len(words) < 3:
                    raise ValueError(where + ': finding needs RULE SEVERITY "TEXT"')
                options = parse_options(words[3:], ('clauses', 'role'), where)
                spec['findings'].append((words[0], words[1], words[2], options['clauses'], options['role']))
            elif key == 'suppressed':
                words = shlex.split(value)
                if len(words) < 2:
                    raise ValueError(where + ': suppressed needs RULE "TEXT"')
                options = parse_options(words[2:], ('role',), where)
                spec['suppressed'].append((words[0], words[1], options['role']))
            elif key == 'offsets':
                if value != 'text':
                    raise ValueError(where + ': offsets: can only be "text"')
                spec['text_offsets'] = True
            elif key == 'no-finding':
                spec['no_rules'].append(value)
            elif key == 'no-finding-text':
                spec['no_texts'].append(shlex.split(value)[0])
            else:
                raise ValueError(where + ': unknown key ' + key)
    if spec['verdict'] not in ('pass', 'review', 'block'):
        raise ValueError(path + ': needs a verdict: line')
    return spec


def line_and_column(data, offset):
    """1-based line and code-point column of a byte offset, as the library counts them."""
    before = data[:offset]
    line = 1 + before.count(b'\n') + before.replace(b'\r\n', b'').count(b'\r')
    last_break = max(before.rfind(b'\n'), before.rfind(b'\r'))
    tail = before[last_break + 1:]
    column = 1 + sum(1 for byte in tail if byte & 0xC0 != 0x80)
    return line, column


def check_draft(purdah, golden_dir, draft, spec):
    problems = []
    cmd = [purdah, 'check', '--format', 'json'] + spec['args'] + [draft]
    run = subprocess.run(cmd, cwd=golden_dir, capture_output=True)
    if run.returncode not in (0, 1):
        return ['exit status %d: %s' % (run.returncode, run.stderr.decode(errors='replace').strip())]
    try:
        result = json.loads(run.stdout)['results'][0]
    except (ValueError, KeyError, IndexError) as e:
        return ['unreadable JSON output (%s): %r' % (e, run.stdout[:200])]
    if result['verdict'] != spec['verdict']:
        problems.append('verdict %s, expected %s' % (result['verdict'], spec['verdict']))
    want_exit = 1 if spec['verdict'] == 'block' else 0
    if result['verdict'] == spec['verdict'] and run.returncode != want_exit:
        problems.append('exit status %d, expected %d' % (run.returncode, want_exit))

    with open(os.path.join(golden_dir, draft), 'rb') as f:
        data = f.read()
    findings = result['findings']
    for suffix, format_name in FORMAT_OF_SUFFIX:
        if draft.endswith(suffix):
            if result.get('format') != format_name:
                problems.append('read as format %r, expected %r' % (result.get('format'), format_name))
            break
    want_offsets = 'text' if spec['text_offsets'] else 'input'
    if result.get('offsets') != want_offsets:
        problems.append('offsets refer to %r, expected %r' % (result.get('offsets'), want_offsets))
    for f in findings if not spec['text_offsets'] else []:
        actual = data[f['start']:f['end']].decode('utf-8', errors='replace')
        if actual != f['text']:
            problems.append('finding %s text %r but bytes [%d,%d) are %r' % (f['rule'], f['text'], f['start'], f['end'], actual))
        if (f['line'], f['column']) != line_and_column(data, f['start']):
            problems.append('finding %s at %d:%d, but byte %d is at %d:%d' %
                            ((f['rule'], f['line'], f['column'], f['start']) + line_and_column(data, f['start'])))
    for rule, severity, text, clauses, role in spec['findings']:
        matches = [f for f in findings if f['rule'] == rule and f['text'] == text and not f.get('suppressed')]
        if not matches:
            if any(f['rule'] == rule and f['text'] == text for f in findings):
                problems.append('finding %s %s %r is suppressed, expected it not to be' % (rule, severity, text))
            else:
                problems.append('missing finding %s %s %r' % (rule, severity, text))
            continue
        if not any(f['severity'] == severity for f in matches):
            problems.append('finding %s %r has severity %s, expected %s' % (rule, text, matches[0]['severity'], severity))
        for clause in clauses:
            if not any(clause in [c['id'] for c in f['clauses']] for f in matches):
                problems.append('finding %s %r does not cite %s' % (rule, text, clause))
        if role is not None and not any(f['severity'] == severity and f.get('role') == role for f in matches):
            problems.append('finding %s %s %r has role %s, expected %s' %
                            (rule, severity, text, '/'.join(sorted(set(str(f.get('role')) for f in matches))), role))
    for rule, text, role in spec['suppressed']:
        matches = [f for f in findings if f['rule'] == rule and f['text'] == text]
        if not matches:
            problems.append('missing suppressed finding %s %r' % (rule, text))
        elif not any(f.get('suppressed') for f in matches):
            problems.append('finding %s %r is not suppressed, expected it to be' % (rule, text))
        elif role is not None and not any(f.get('suppressed') and f.get('role') == role for f in matches):
            problems.append('suppressed finding %s %r has role %s, expected %s' %
                            (rule, text, '/'.join(sorted(set(str(f.get('role')) for f in matches))), role))
    for rule in spec['no_rules']:
        for f in findings:
            if f['rule'] == rule:
                problems.append('unexpected finding %s %s %r' % (rule, f['severity'], f['text']))
    for text in spec['no_texts']:
        for f in findings:
            if text.lower() in f['text'].lower():
                problems.append('unexpected finding %s %r (contains %r)' % (f['rule'], f['text'], text))
    return problems


def main():
    purdah = os.path.abspath(sys.argv[1])
    golden_dir = sys.argv[2] if len(sys.argv) > 2 else os.path.dirname(os.path.abspath(__file__))
    only = sys.argv[3] if len(sys.argv) > 3 else ''
    passed = failed = 0
    for name in sorted(os.listdir(golden_dir)):
        if not name.endswith('.expect') or only not in name:
            continue
        stem = name[:-len('.expect')]
        drafts = [stem + s for s in DRAFT_SUFFIXES if os.path.exists(os.path.join(golden_dir, stem + s))]
        try:
            if len(drafts) != 1:
                raise ValueError('%s: expected exactly one draft beside it, found %d' % (name, len(drafts)))
            spec = parse_expect(os.path.join(golden_dir, name))
            args = spec['args']
            says_social = '--input-format=social' in args or any(
                a == '--input-format' and b == 'social' for a, b in zip(args, args[1:]))
            if drafts[0].endswith('.social.txt') and not says_social:
                raise ValueError('%s: a .social.txt draft needs --input-format social in its args' % name)
            if drafts[0].endswith('.docx') and not spec['text_offsets']:
                raise ValueError('%s: a .docx draft needs an "offsets: text" line' % name)
            problems = check_draft(purdah, golden_dir, drafts[0], spec)
        except ValueError as e:
            problems = [str(e)]
        if problems:
            failed += 1
            print('FAIL %s' % stem)
            for p in problems:
                print('     ' + p)
        else:
            passed += 1
            print('ok   %s' % stem)
    print('%d passed, %d failed' % (passed, failed))
    return 1 if failed or passed == 0 else 0


if __name__ == '__main__':
    sys.exit(main())
