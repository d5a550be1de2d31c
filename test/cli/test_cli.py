#!/usr/bin/env python3
"""Tests of the `purdah` command line: its interface, exit statuses (fail closed: 2 whenever the
policy, candidates or a draft cannot be read), output formats, and the windows and explain
commands. Standard library only. usage: test_cli.py PURDAH_BINARY SOURCE_ROOT"""
import json
import os
import subprocess
import sys
import tempfile
import unittest

PURDAH = None
ROOT = None
GOLDEN = None


def run(*args, stdin=None):
    return subprocess.run([PURDAH] + list(args), input=stdin, capture_output=True, cwd=GOLDEN)


FIXTURES = ['--candidates', 'fixtures/candidates.csv', '--members', 'fixtures/members.csv',
            '--election', 'local:2027-05-06']
RISKY = b'Cllr Okonkwo said the new scheme was a triumph for the Labour group.\n'
SAFE = b'Bins will be collected on Saturday instead of Friday next week.\n'


class ExitStatus(unittest.TestCase):
    def test_block_exits_1_and_pass_exits_0(self):
        self.assertEqual(run('check', '--date', '2027-04-12', *FIXTURES, '-', stdin=RISKY).returncode, 1)
        self.assertEqual(run('check', '--date', '2027-04-12', *FIXTURES, stdin=SAFE).returncode, 0)

    def test_fail_on_review(self):
        review = b'We have launched a new scheme for residents.\n'
        self.assertEqual(run('check', '--date', '2027-04-12', '-', stdin=review).returncode, 0)
        self.assertEqual(run('check', '--date', '2027-04-12', '--fail-on', 'review', '-', stdin=review).returncode, 1)

    def test_unreadable_policy_fails_closed(self):
        r = run('check', '--policy', 'no-such-policy.xml', '--date', '2027-04-12', stdin=SAFE)
        self.assertEqual(r.returncode, 2)
        self.assertIn(b'no-such-policy.xml', r.stderr)

    def test_broken_policy_names_file_and_line(self):
        with tempfile.NamedTemporaryFile('w', suffix='.xml', delete=False) as f:
            f.write('<?xml version="1.0"?>\n<policy xmlns="urn:purdah:policy:1" name="x">\n<bogus/>\n</policy>\n')
        try:
            r = run('check', '--policy', f.name, '--date', '2027-04-12', stdin=SAFE)
            self.assertEqual(r.returncode, 2)
            self.assertIn(('%s:3' % f.name).encode(), r.stderr)
            self.assertIn(b'bogus', r.stderr)
        finally:
            os.unlink(f.name)

    def test_unreadable_candidates_fail_closed(self):
        r = run('check', '--candidates', 'missing.csv', '--date', '2027-04-12', stdin=SAFE)
        self.assertEqual(r.returncode, 2)
        self.assertIn(b'missing.csv', r.stderr)

    def test_malformed_candidates_fail_closed(self):
        with tempfile.NamedTemporaryFile('w', suffix='.csv', delete=False) as f:
            f.write('name,party,area\nSam Green,Green Party\n')
        try:
            r = run('check', '--candidates', f.name, '--date', '2027-04-12', stdin=SAFE)
            self.assertEqual(r.returncode, 2)
            self.assertIn(('%s:2' % f.name).encode(), r.stderr)
        finally:
            os.unlink(f.name)

    def test_missing_draft_fails_closed_even_beside_a_good_one(self):
        with tempfile.NamedTemporaryFile('wb', suffix='.txt', delete=False) as f:
            f.write(SAFE)
        try:
            r = run('check', '--date', '2027-04-12', f.name, 'no-such-draft.txt')
            self.assertEqual(r.returncode, 2)
            self.assertIn(b'no-such-draft.txt', r.stderr)
            self.assertIn(b'verdict pass', r.stdout)  # the readable draft was still checked
        finally:
            os.unlink(f.name)

    def test_usage_errors(self):
        self.assertEqual(run('check', '--date').returncode, 2)
        self.assertEqual(run('check', '--bogus').returncode, 2)
        self.assertEqual(run('frobnicate').returncode, 2)
        self.assertEqual(run('check', '--election', 'local:2027-02-30', stdin=SAFE).returncode, 2)
        self.assertEqual(run('check', '--date', '2027-02-30', stdin=SAFE).returncode, 2)
        self.assertEqual(run('check', '--input-format', 'pdf', stdin=SAFE).returncode, 2)
        self.assertEqual(run('check', '--format', 'xml', stdin=SAFE).returncode, 2)
        self.assertEqual(run('check', '--fail-on', 'advisory', stdin=SAFE).returncode, 2)
        self.assertEqual(subprocess.run([PURDAH], capture_output=True).returncode, 2)


class Output(unittest.TestCase):
    def test_text_lines(self):
        r = run('check', '--date', '2027-04-12', *FIXTURES, '-', stdin=RISKY)
        lines = r.stdout.decode().splitlines()
        self.assertIn('<stdin>:1:1: block: candidate-quoted: ', lines[0])
        self.assertTrue(lines[0].endswith(']'))
        self.assertIn('code2011-para34', lines[0])
        self.assertTrue(lines[-1].startswith('<stdin>: score '))
        self.assertIn('verdict block', lines[-1])

    def test_json_shape(self):
        r = run('check', '--format', 'json', '--date', '2027-04-12', *FIXTURES, '-', stdin=RISKY)
        doc = json.loads(r.stdout)
        self.assertEqual(doc['version'], 1)
        res = doc['results'][0]
        for key in ('file', 'format', 'as_of', 'in_window', 'windows', 'score', 'verdict', 'findings'):
            self.assertIn(key, res)
        self.assertEqual(res['as_of'], '2027-04-12')
        self.assertTrue(res['in_window'])
        self.assertEqual(res['windows'][0]['start'], '2027-03-31')
        f = res['findings'][0]
        for key in ('rule', 'category', 'severity', 'start', 'end', 'line', 'column', 'text', 'clauses',
                    'message', 'suggestion'):
            self.assertIn(key, f)
        self.assertEqual(RISKY[f['start']:f['end']].decode(), f['text'])
        self.assertEqual(set(f['clauses'][0]), {'id', 'title', 'source'})

    def test_several_files_one_document(self):
        paths = []
        for data in (RISKY, SAFE):
            with tempfile.NamedTemporaryFile('wb', suffix='.txt', delete=False) as f:
                f.write(data)
                paths.append(f.name)
        try:
            r = run('check', '--format', 'json', '--date', '2027-04-12', *FIXTURES, *paths)
            doc = json.loads(r.stdout)
            self.assertEqual([x['file'] for x in doc['results']], paths)
            self.assertEqual([x['verdict'] for x in doc['results']], ['block', 'pass'])
            self.assertEqual(r.returncode, 1)  # the worst file decides, not the last
        finally:
            for p in paths:
                os.unlink(p)

    def test_input_format(self):
        html = b'<p>Cllr <b>Okonkwo</b> visited.</p>'
        r = run('check', '--format', 'json', '--date', '2027-04-12', *FIXTURES, '--input-format', 'html', '-', stdin=html)
        res = json.loads(r.stdout)['results'][0]
        self.assertEqual(res['format'], 'html')
        self.assertEqual(res['findings'][0]['text'], 'Cllr <b>Okonkwo')

    def test_default_date_is_today(self):
        r = run('check', '--format', 'json', '-', stdin=SAFE)
        import datetime
        self.assertEqual(json.loads(r.stdout)['results'][0]['as_of'], datetime.date.today().isoformat())


class OtherCommands(unittest.TestCase):
    def test_windows(self):
        r = run('windows', '--election', 'local:2027-05-06', '--election',
                'by-election:2027-09-16:Millbrook:notice=2027-08-11', '--date', '2027-04-12')
        self.assertEqual(r.returncode, 0)
        out = r.stdout.decode()
        self.assertIn('local 2027-05-06: 2027-03-31 to 2027-05-06', out)
        self.assertIn('is inside the window', out)
        self.assertIn('by-election 2027-09-16: 2027-08-11 to 2027-09-16 (notice of election start), areas: Millbrook', out)

    def test_windows_json_and_default_election(self):
        r = run('windows', '--format', 'json', '--date', '2026-11-22')
        doc = json.loads(r.stdout)
        self.assertEqual(doc['windows'][0]['poll'], '2027-05-06')  # the next ordinary local elections
        self.assertEqual(doc['windows'][0]['start'], '2027-03-31')
        self.assertFalse(doc['in_window'])

    def test_explain(self):
        r = run('explain', 'candidate-named')
        self.assertEqual(r.returncode, 0)
        self.assertIn(b'code2011-para34', r.stdout)
        r = run('explain', 'lga1986-s2-1')
        self.assertEqual(r.returncode, 0)
        self.assertIn(b'political party', r.stdout)
        self.assertEqual(run('explain', 'no-such-thing').returncode, 2)
        self.assertEqual(run('explain').returncode, 2)

    def test_example_council_policy(self):
        policy = os.path.join(ROOT, 'examples', 'policy', 'council-policy.xml')
        draft = os.path.join(ROOT, 'examples', 'drafts', 'leisure-centre.txt')
        r = run('check', '--format', 'json', '--policy', policy, '--date', '2027-03-29', draft)
        self.assertEqual(r.returncode, 1)
        res = json.loads(r.stdout)['results'][0]
        self.assertEqual(res['windows'][0]['start'], '2027-03-26')  # the notice date the policy gives
        quoted = [f for f in res['findings'] if f['rule'] == 'candidate-quoted']
        self.assertEqual(quoted[0]['text'], 'Priya Okonkwo')
        ids = [c['id'] for c in quoted[0]['clauses']]
        self.assertIn('code2011-para34', ids)
        self.assertTrue(any(i.startswith('bury2025-') for i in ids))
        launched = [f for f in res['findings'] if f['rule'] == 'new-initiative']
        self.assertEqual(launched[0]['severity'], 'block')  # the council's stricter rule

    def test_version_and_help(self):
        self.assertEqual(run('--version').returncode, 0)
        self.assertIn(b'purdah check', run('--help').stdout)


if __name__ == '__main__':
    PURDAH = os.path.abspath(sys.argv[1])
    ROOT = os.path.abspath(sys.argv[2])
    GOLDEN = os.path.join(ROOT, 'test', 'golden')
    suite = unittest.defaultTestLoader.loadTestsFromModule(sys.modules[__name__])
    result = unittest.TextTestRunner(verbosity=1).run(suite)
    failed = len(result.failures) + len(result.errors)
    print('%d passed, %d failed' % (result.testsRun - failed, failed))
    sys.exit(1 if failed else 0)
