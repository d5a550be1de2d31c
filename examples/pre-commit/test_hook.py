#!/usr/bin/env python3
"""purdah's pre-commit hook, end to end: builds a press office's drafts repository from
examples/pre-commit/press-office in a temporary directory, installs the hook with the
pre-commit framework, and commits drafts: compliant ones are accepted, risky ones refused with
their findings printed, and a draft without a readable policy is refused too (fail closed). The
hook is taken both ways docs/pre-commit.md describes: `repo: local` with the installed
purdah-hook (the sample's configuration), and purdah's .pre-commit-hooks.yaml from a git
repository at a pinned revision. Nothing needs the network.

usage: test_hook.py PURDAH_BINARY SOURCE_ROOT
Standard library only; exits 77 (skipped) when git or pre-commit is not installed
(Debian: apt-get install git pre-commit). Ends with an "N passed, N failed" line."""
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

PURDAH = None
ROOT = None
SAMPLE = None
DATE = '2027-04-14'  # inside the pre-election period of the sample's local elections (2027-05-06)


class HookTest(unittest.TestCase):
    """Each test gets its own repository, made from the sample and committed once."""

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix='purdah-pre-commit-')
        bin_dir = os.path.join(self.tmp, 'bin')
        os.mkdir(bin_dir)
        # The build tree's purdah and the source tree's hook script, as `meson install` would
        # put them on PATH.
        os.symlink(PURDAH, os.path.join(bin_dir, 'purdah'))
        os.symlink(os.path.join(ROOT, 'tools', 'purdah-hook'), os.path.join(bin_dir, 'purdah-hook'))
        self.env = dict(os.environ)
        for name in list(self.env):
            if name.startswith('GIT_') or name == 'PURDAH':
                del self.env[name]
        self.env.update({
            'PATH': bin_dir + os.pathsep + os.environ.get('PATH', ''),
            'HOME': self.tmp,  # no user git configuration or pre-commit cache
            'XDG_CONFIG_HOME': os.path.join(self.tmp, '.config'),
            'XDG_CACHE_HOME': os.path.join(self.tmp, '.cache'),
            'PRE_COMMIT_HOME': os.path.join(self.tmp, 'pre-commit-cache'),
            'GIT_CONFIG_NOSYSTEM': '1',
            'PURDAH_DATE': DATE,
        })
        self.repo = os.path.join(self.tmp, 'press-office')
        shutil.copytree(SAMPLE, self.repo)
        self.git('init', '-q')
        self.git('config', 'user.name', 'Press Office')
        self.git('config', 'user.email', 'press.office@example.invalid')
        self.git('config', 'commit.gpgsign', 'false')
        r = self.run_in_repo(['pre-commit', 'install'])
        self.assertEqual(r.returncode, 0, r.stdout)
        self.commit_all('the press office repository, with a compliant release', expect_ok=True)

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    # helpers

    def run_in_repo(self, argv, env=None):
        return subprocess.run(argv, cwd=self.repo, env=env or self.env, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, universal_newlines=True, timeout=120)

    def git(self, *args):
        r = self.run_in_repo(['git'] + list(args))
        self.assertEqual(r.returncode, 0, r.stdout)
        return r.stdout

    def commits(self):
        r = self.run_in_repo(['git', 'rev-list', '--count', 'HEAD'])
        return int(r.stdout.strip()) if r.returncode == 0 else 0  # 0 before the first commit

    def commit_all(self, message, expect_ok, env=None):
        self.git('add', '-A')
        before = self.commits()
        r = self.run_in_repo(['git', 'commit', '-m', message], env=env)
        count = self.commits()
        if expect_ok:
            self.assertEqual(r.returncode, 0, r.stdout)
            self.assertEqual(count, before + 1)
        else:
            self.assertNotEqual(r.returncode, 0, r.stdout)
            self.assertEqual(count, before, 'a refused commit must not be made')
        return r.stdout

    def add_file(self, path, data=None, copy_from=None):
        full = os.path.join(self.repo, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        if copy_from:
            shutil.copyfile(copy_from, full)
        else:
            with open(full, 'w', encoding='utf-8') as f:
                f.write(data)

    def try_draft(self, name):
        return os.path.join(ROOT, 'examples', 'pre-commit', 'try', name)

    # the sample configuration: repo: local

    def test_compliant_release_was_accepted(self):
        out = self.git('log', '--stat', '--format=%s')
        self.assertIn('2027-04-14-garden-waste.md', out)

    def test_risky_release_is_refused_with_findings(self):
        self.add_file('releases/2027/2027-04-15-leisure-centre.md', copy_from=self.try_draft('2027-04-15-leisure-centre.md'))
        out = self.commit_all('leisure centre', expect_ok=False)
        self.assertIn('purdah pre-election publicity check', out)
        self.assertIn('releases/2027/2027-04-15-leisure-centre.md:8:6: block: candidate-quoted: '
                      'Quotes or reports the views of Priya Okonkwo', out)
        self.assertIn('party-political', out)
        self.assertIn('verdict block', out)

    def test_fixed_release_is_accepted_after_refusal(self):
        path = 'releases/2027/2027-04-15-leisure-centre.md'
        self.add_file(path, copy_from=self.try_draft('2027-04-15-leisure-centre.md'))
        self.commit_all('leisure centre', expect_ok=False)
        self.add_file(path, '# Riverside Leisure Centre reopens after refurbishment\n\n'
                      'Riverside Leisure Centre reopens to the public on Saturday 17 April.\n\n'
                      'A council spokesperson said: "The pool will be open from 6.30am to 10pm on weekdays."\n')
        self.commit_all('leisure centre, rewritten', expect_ok=True)

    def test_suppressed_statutory_consultation_is_accepted(self):
        self.add_file('releases/2027/2027-04-16-pspo-consultation.html', copy_from=self.try_draft('2027-04-16-pspo-consultation.html'))
        self.commit_all('PSPO consultation', expect_ok=True)

    def test_word_documents(self):
        golden = os.path.join(ROOT, 'test', 'golden')
        self.add_file('releases/2027/apprenticeships.docx', copy_from=os.path.join(golden, '84-docx-compliant-apprenticeships.docx'))
        self.commit_all('apprenticeships (Word)', expect_ok=True)
        self.add_file('releases/2027/harbour-works.docx', copy_from=os.path.join(golden, '77-docx-heading-candidate.docx'))
        out = self.commit_all('harbour works (Word)', expect_ok=False)
        self.assertIn('releases/2027/harbour-works.docx', out)
        self.assertIn('candidate-named', out)
        self.assertIn('Kwesi Mensah', out)

    def test_other_files_are_not_checked(self):
        # a risky text in a file type the hook does not take (files: in the hook definition)
        with open(self.try_draft('2027-04-15-leisure-centre.md'), encoding='utf-8') as f:
            self.add_file('notes/leisure-centre.csv', f.read())
        self.commit_all('not a draft', expect_ok=True)

    def test_file_names_with_spaces_and_quotes(self):
        self.add_file("releases/2027/Leisure centre (Jo's draft).md", copy_from=self.try_draft('2027-04-15-leisure-centre.md'))
        self.add_file('releases/2027/garden waste copy.md',
                      copy_from=os.path.join(SAMPLE, 'releases', '2027', '2027-04-14-garden-waste.md'))
        out = self.commit_all('two drafts', expect_ok=False)
        self.assertIn("releases/2027/Leisure centre (Jo's draft).md: score 99, verdict block", out)
        self.assertIn('releases/2027/garden waste copy.md: score 0, verdict pass', out)

    def test_nearest_policy_governs(self):
        # A by-election policy for Millbrook in its own directory, with its own candidates: the
        # same draft blocks there and passes under the press office's main policy, where Chloe
        # Hartigan is no candidate.
        self.add_file('millbrook/.purdah.xml',
                      '<policy xmlns="urn:purdah:policy:1" name="Millbrook by-election" jurisdiction="england">\n'
                      '  <include src="builtin:default-policy.xml"/>\n'
                      '  <elections><election type="by-election" poll="2027-09-16" notice="2027-08-11">'
                      '<area>Millbrook</area></election></elections>\n'
                      '  <candidates src="candidates.csv"/>\n'
                      '</policy>\n')
        self.add_file('millbrook/candidates.csv', 'name,party,area,election_date\n'
                      'Chloe Hartigan,Labour Party,Millbrook,2027-09-16\n')
        draft = ('# Millbrook community centre\n\nChloe Hartigan opened the new community garden in '
                 'Millbrook on Saturday.\n')
        env = dict(self.env, PURDAH_DATE='2027-08-20')
        self.add_file('releases/2027/2027-08-20-community-garden.md', draft)
        self.commit_all('community garden, main policy', expect_ok=True, env=env)
        self.add_file('millbrook/2027-08-20-community-garden.md', draft)
        out = self.commit_all('community garden, by-election policy', expect_ok=False, env=env)
        self.assertIn('millbrook/2027-08-20-community-garden.md', out)
        self.assertIn('candidate-named', out)

    def test_no_policy_fails_closed(self):
        os.remove(os.path.join(self.repo, '.purdah.xml'))
        self.add_file('releases/2027/2027-04-17-parks.md', '# Parks\n\nThe parks open at 8am.\n')
        out = self.commit_all('no policy', expect_ok=False)
        self.assertIn('no .purdah.xml', out)

    def test_broken_policy_fails_closed(self):
        self.add_file('releases/2028/.purdah.xml', '<policy xmlns="urn:purdah:policy:1" name="x"><bogus/></policy>\n')
        self.add_file('releases/2028/parks.md', '# Parks\n\nThe parks open at 8am.\n')
        out = self.commit_all('broken policy', expect_ok=False)
        self.assertIn('releases/2028/.purdah.xml', out)

    def test_args_fail_on_review(self):
        # A draft whose verdict is review passes by default and is refused with
        # args: [--fail-on, review].
        review = '# Libraries\n\nThe council has launched a new scheme for library members.\n'
        self.add_file('releases/2027/2027-04-18-libraries.md', review)
        self.commit_all('review verdict, default --fail-on block', expect_ok=True)
        config = os.path.join(self.repo, '.pre-commit-config.yaml')
        with open(config, encoding='utf-8') as f:
            text = f.read()
        text = text.replace('# args: [--fail-on, review]', 'args: [--fail-on, review]')
        with open(config, 'w', encoding='utf-8') as f:
            f.write(text)
        self.add_file('releases/2027/2027-04-18-libraries.md', review + '\nOpening hours are unchanged.\n')
        out = self.commit_all('review verdict, --fail-on review', expect_ok=False)
        self.assertIn('new-initiative', out)
        self.assertIn('verdict review', out)

    # the hook from purdah's repository: .pre-commit-hooks.yaml at a pinned revision

    def test_hook_from_purdah_repository(self):
        # A git repository holding this checkout's hook manifest and script, as a clone of purdah
        # would; pre-commit clones it from its path, without the network.
        hooks = os.path.join(self.tmp, 'purdah.git')
        os.makedirs(os.path.join(hooks, 'tools'))
        shutil.copyfile(os.path.join(ROOT, '.pre-commit-hooks.yaml'), os.path.join(hooks, '.pre-commit-hooks.yaml'))
        shutil.copy2(os.path.join(ROOT, 'tools', 'purdah-hook'), os.path.join(hooks, 'tools', 'purdah-hook'))
        for argv in (['git', 'init', '-q'], ['git', 'add', '-A'],
                     ['git', '-c', 'user.name=purdah', '-c', 'user.email=purdah@example.invalid',
                      'commit', '-q', '-m', 'hooks']):
            r = subprocess.run(argv, cwd=hooks, env=self.env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               universal_newlines=True)
            self.assertEqual(r.returncode, 0, r.stdout)
        rev = subprocess.run(['git', 'rev-parse', 'HEAD'], cwd=hooks, env=self.env, stdout=subprocess.PIPE,
                             universal_newlines=True).stdout.strip()
        with open(os.path.join(self.repo, '.pre-commit-config.yaml'), 'w', encoding='utf-8') as f:
            f.write('repos:\n  - repo: %s\n    rev: %s\n    hooks:\n      - id: purdah\n' % (hooks, rev))
        env = dict(self.env)  # only purdah itself on PATH: the hook script comes from the clone
        os.remove(os.path.join(self.tmp, 'bin', 'purdah-hook'))
        self.add_file('releases/2027/2027-04-15-leisure-centre.md', copy_from=self.try_draft('2027-04-15-leisure-centre.md'))
        out = self.commit_all('leisure centre, hook from the purdah repository', expect_ok=False, env=env)
        self.assertIn('candidate-quoted', out)
        self.assertIn('verdict block', out)
        os.remove(os.path.join(self.repo, 'releases', '2027', '2027-04-15-leisure-centre.md'))
        self.add_file('releases/2027/2027-04-19-road-closure.md',
                      '# Road closure\n\nHarbour Road will be closed on Sunday for resurfacing.\n')
        self.commit_all('road closure, hook from the purdah repository', expect_ok=True, env=env)


def main():
    global PURDAH, ROOT, SAMPLE
    if len(sys.argv) != 3:
        print(__doc__)
        return 2
    for tool in ('git', 'pre-commit'):
        if not shutil.which(tool):
            print('%s is not installed (Debian: apt-get install git pre-commit): skipped' % tool)
            return 77
    PURDAH = os.path.abspath(sys.argv[1])
    ROOT = os.path.abspath(sys.argv[2])
    SAMPLE = os.path.join(ROOT, 'examples', 'pre-commit', 'press-office')
    suite = unittest.defaultTestLoader.loadTestsFromTestCase(HookTest)
    result = unittest.TextTestRunner(verbosity=2).run(suite)
    failed = len(result.failures) + len(result.errors)
    print('%d passed, %d failed' % (result.testsRun - failed, failed))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
