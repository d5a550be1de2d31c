// Browser test of the CMS editor page: starts server.py on a free port (on the binding, so on the
// library PURDAH_LIBRARY names or the build tree's), opens the page in Debian's headless Chromium
// through playwright-core, types a risky draft and then a compliant one, and checks what a comms
// officer sees: highlights over the right words, the tooltip with a clause id and the suggestion,
// the score and the verdict. Saves a screenshot (editor.png, or $SCREENSHOT).
//
//   node browser.test.mjs        (run_browser_test.sh installs playwright-core first)
//
// Environment: PYTHON (default python3), CHROMIUM (default /usr/bin/chromium), SCREENSHOT.
// Prints "ok - ..." / "not ok - ..." per check and "N passed, N failed"; exits 1 on a failure.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const cmsDir = resolve(here, '..');
const repo = resolve(cmsDir, '..', '..');
const python = process.env.PYTHON || 'python3';
const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
const screenshotPath = process.env.SCREENSHOT || join(here, 'editor.png');

const DATE = '2027-04-12'; // inside the window of the local elections of 6 May 2027
// A quote from a candidate (Priya Okonkwo, examples/drafts/candidates.csv), after non-ASCII text
// (an accent, an emoji outside the BMP, curly quotes) so that byte offsets and UTF-16 indices differ.
const RISKY_1 = 'Café on the prom reopens 🙂\n\nCllr Priya Okonkwo said: “This shows what we can do.” ';
const RISKY_2 = 'The Labour Party has kept every promise. Vote Labour on 6 May.';
const COMPLIANT = 'Bins will be collected a day later than usual after the bank holiday. ' +
  'Garden waste collections restart on Monday.';

let passed = 0;
let failed = 0;
function check(name, condition, detail) {
  if (condition) {
    passed++;
    console.log('ok - ' + name);
  } else {
    failed++;
    console.log('not ok - ' + name + (detail === undefined ? '' : ': ' + (typeof detail === 'string' ? detail : JSON.stringify(detail))));
  }
}

function startServer() {
  const args = [join(cmsDir, 'server.py'), '--port', '0',
    '--candidates', join(repo, 'examples', 'drafts', 'candidates.csv'),
    '--election', 'local:2027-05-06'];
  const child = spawn(python, args, { stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
  let output = '';
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error('server did not start in 20 s:\n' + output)), 20000);
    const onData = (chunk) => {
      output += chunk;
      const m = /listening on (http:\/\/\S+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolvePromise({ child, url: m[1], log: () => output });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk) => { output += chunk; });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error('server exited with ' + code + ':\n' + output));
    });
  });
}

async function waitForResult(page, what) {
  try {
    await page.waitForFunction(() => document.body.dataset.state === 'idle' &&
      document.getElementById('verdict').dataset.verdict !== 'none', null, { timeout: 15000 });
    return true;
  } catch (e) {
    check('the page shows a result after ' + what, false, e.message.split('\n')[0]);
    return false;
  }
}

async function marks(page) {
  return page.$$eval('#highlights mark.finding', (ms) => ms.map((m) => {
    const r = m.getBoundingClientRect();
    return { text: m.textContent, rules: m.dataset.rules.split(' '), className: m.className,
      box: { x: r.x, y: r.y, width: r.width, height: r.height } };
  }));
}

async function main() {
  if (!existsSync(executablePath)) throw new Error('no Chromium at ' + executablePath);
  const server = await startServer();
  let browser;
  const pageErrors = [];
  try {
    browser = await chromium.launch({
      executablePath,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const page = await browser.newPage({ viewport: { width: 1280, height: 820 } });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('console', (m) => { if (m.type() === 'error') pageErrors.push(m.text()); });

    await page.goto(server.url);
    check('the editor page loads', await page.title() === 'Pre-election publicity check');
    await page.fill('#date', DATE);

    // The same layout for the textarea and the highlight layer under it, or marks would drift.
    const layout = await page.evaluate(() => {
      const props = ['font-family', 'font-size', 'line-height', 'padding-left', 'padding-top',
        'padding-right', 'border-left-width', 'border-top-width', 'white-space', 'overflow-wrap',
        'letter-spacing', 'word-spacing', 'tab-size'];
      const a = getComputedStyle(document.getElementById('draft'));
      const b = getComputedStyle(document.getElementById('highlights'));
      const diff = props.filter((p) => a.getPropertyValue(p) !== b.getPropertyValue(p));
      const ta = document.getElementById('draft');
      const hl = document.getElementById('highlights');
      return { diff, widths: [ta.clientWidth, hl.clientWidth] };
    });
    check('the textarea and the highlight layer lay text out the same way',
      layout.diff.length === 0 && layout.widths[0] === layout.widths[1], layout);

    // Type the draft as an officer would: the verdict updates while they type.
    await page.click('#draft');
    await page.locator('#draft').pressSequentially(RISKY_1, { delay: 12 });
    if (await waitForResult(page, 'the first sentences')) {
      const verdict = await page.$eval('#verdict', (e) => e.dataset.verdict);
      check('the verdict is block once a candidate is quoted, before the draft is finished',
        verdict === 'block', verdict);
    }
    await page.locator('#draft').pressSequentially(RISKY_2, { delay: 12 });
    await waitForResult(page, 'the risky draft');

    const risky = await marks(page);
    const textarea = await page.locator('#draft').boundingBox();
    const candidate = risky.find((m) => m.text === 'Priya Okonkwo');
    check('the quoted candidate is highlighted exactly', candidate !== undefined, risky.map((m) => m.text));
    check('... as a candidate-quoted block finding',
      candidate && candidate.rules.includes('candidate-quoted') && candidate.className.includes('sev-block'),
      candidate);
    check('the party name is highlighted', risky.some((m) => m.text === 'Labour Party' &&
      m.rules.includes('party-reference')), risky.map((m) => [m.text, m.rules]));
    const vote = risky.filter((m) => m.rules.includes('electioneering')).map((m) => m.text).join('');
    check('the vote appeal is highlighted (overlapping the party reference)', vote === 'Vote Labour', vote);
    check('every highlight sits inside the editor', risky.length > 0 && risky.every((m) =>
      m.box.x >= textarea.x && m.box.y >= textarea.y &&
      m.box.x + m.box.width <= textarea.x + textarea.width &&
      m.box.y + m.box.height <= textarea.y + textarea.height), risky.map((m) => m.box));
    if (candidate) {
      // Where the textarea itself puts "Priya Okonkwo": third line, after "Cllr ".
      const expected = await page.evaluate(() => {
        const ta = document.getElementById('draft');
        const cs = getComputedStyle(ta);
        const ctx = document.createElement('canvas').getContext('2d');
        ctx.font = cs.font;
        const r = ta.getBoundingClientRect();
        const lineHeight = parseFloat(cs.lineHeight);
        return {
          x: r.x + parseFloat(cs.borderLeftWidth) + parseFloat(cs.paddingLeft) + ctx.measureText('Cllr ').width,
          lineTop: r.y + parseFloat(cs.borderTopWidth) + parseFloat(cs.paddingTop) + 2 * lineHeight - ta.scrollTop,
          lineHeight,
        };
      });
      check('the highlight is over the words in the textarea (third line, after "Cllr ")',
        Math.abs(candidate.box.x - expected.x) < 2 && candidate.box.y >= expected.lineTop - 1 &&
        candidate.box.y + candidate.box.height <= expected.lineTop + expected.lineHeight + 1,
        { mark: candidate.box, expected });
    }

    const verdict = await page.$eval('#verdict', (e) => ({ verdict: e.dataset.verdict, text: e.textContent }));
    check('the verdict reads block', verdict.verdict === 'block' && verdict.text === 'block', verdict);
    const score = Number(await page.$eval('#score', (e) => e.textContent));
    check('the score is high', score >= 90, score);
    const items = await page.$$eval('#findings li', (lis) => lis.length);
    check('the findings are listed beside the editor', items === risky.length ||
      items >= 4, items);
    const windowText = await page.$eval('#window-status', (e) => e.textContent);
    check('the page says the date is inside the pre-election period',
      windowText.includes('Inside the pre-election period of the local 2027-05-06 election'), windowText);

    // Hover over the candidate's name: the tooltip gives the rule, clauses and suggestion.
    if (candidate) {
      await page.mouse.move(candidate.box.x + candidate.box.width / 2, candidate.box.y + candidate.box.height / 2);
      let tip = null;
      try {
        await page.waitForSelector('#tooltip:not([hidden])', { timeout: 5000 });
        tip = await page.$eval('#tooltip', (e) => ({ text: e.textContent, box: e.getBoundingClientRect().toJSON() }));
      } catch (e) {
        tip = null;
      }
      check('hovering a highlight shows a tooltip', tip !== null);
      if (tip) {
        check('the tooltip names the rule', tip.text.includes('candidate-quoted'), tip.text);
        check('the tooltip cites the clause id', tip.text.includes('code2011-para34'), tip.text);
        check('the tooltip gives the clause title',
          tip.text.includes('Between the notice of election and the election'), tip.text);
        check('the tooltip gives the suggestion',
          tip.text.includes('Suggestion: Quote an officer spokesperson instead'), tip.text);
        check('the tooltip is next to the highlighted words',
          Math.abs(tip.box.y - (candidate.box.y + candidate.box.height)) < 60 ||
          Math.abs(tip.box.y + tip.box.height - candidate.box.y) < 60, [tip.box, candidate.box]);
      }
      await page.screenshot({ path: screenshotPath });
      console.log('# screenshot: ' + screenshotPath);
      await page.mouse.move(5, 5);
      await page.waitForSelector('#tooltip[hidden]', { state: 'attached', timeout: 5000 })
        .then(() => check('moving away hides the tooltip', true))
        .catch(() => check('moving away hides the tooltip', false));
    }

    // Replace the draft with a compliant one.
    await page.click('#draft');
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    await page.locator('#draft').pressSequentially(COMPLIANT, { delay: 5 });
    await waitForResult(page, 'the compliant draft');
    const after = await page.$eval('#verdict', (e) => ({ verdict: e.dataset.verdict, text: e.textContent }));
    check('a compliant draft passes', after.verdict === 'pass' && after.text === 'pass', after);
    check('... with score 0', await page.$eval('#score', (e) => e.textContent) === '0');
    const left = await marks(page);
    check('... and no highlights', left.length === 0, left.map((m) => m.text));
    check('the editor holds what was typed', await page.inputValue('#draft') === COMPLIANT);

    check('no errors in the page', pageErrors.length === 0, pageErrors);

    // Fail closed: with the service gone, the page must not keep saying "pass".
    server.child.kill('SIGTERM');
    await new Promise((r) => server.child.once('exit', r));
    await page.locator('#draft').pressSequentially(' Vote Labour.', { delay: 5 });
    try {
      await page.waitForFunction(() => document.body.dataset.state === 'error', null, { timeout: 15000 });
      const down = await page.$eval('#verdict', (e) => ({ verdict: e.dataset.verdict, text: e.textContent }));
      check('when the service is down the verdict reads "not checked", not pass',
        down.verdict === 'error' && down.text === 'not checked', down);
    } catch (e) {
      check('when the service is down the page says so', false, e.message.split('\n')[0]);
    }
  } catch (e) {
    check('the browser test ran to the end', false, e.stack || String(e));
    if (server) console.log('# server output:\n' + server.log());
  } finally {
    if (browser) await browser.close();
    server.child.kill('SIGTERM');
  }
}

main().catch((e) => check('the browser test started', false, e.stack || String(e))).finally(() => {
  console.log(passed + ' passed, ' + failed + ' failed');
  process.exitCode = failed ? 1 : 0;
});
