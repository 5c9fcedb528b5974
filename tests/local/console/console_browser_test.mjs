// The web console of `cwlog local` in a real browser: Debian's chromium driven
// headless by playwright-core, against a real `cwlog local` on loopback that
// this test fills through the real client (`cwlog ship`).
//
//   node console_browser_test.mjs CWLOG SOURCE_DIR ARTIFACT_DIR
//
// Screenshots of every page (laptop and 375-px phone widths) go to ARTIFACT_DIR.
// No verdict depends on machine speed: waits have generous upper bounds, and
// the live tail's promise ("within 2 s") is checked as the page's poll interval.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [cwlog, src, artifacts] = process.argv.slice(2);
if (!cwlog || !src || !artifacts) {
  console.error('usage: node console_browser_test.mjs CWLOG SOURCE_DIR ARTIFACT_DIR');
  process.exit(2);
}
const require = createRequire(join(src, 'package.json'));
const { chromium } = require('playwright-core');
mkdirSync(artifacts, { recursive: true });
const work = mkdtempSync(join(tmpdir(), 'cwlog-console-'));
const config = join(src, 'examples/swarm/cwlog.yaml');

let passed = 0;
const failures = [];
function check(name, ok, detail) {
  if (ok) passed++;
  else failures.push(`${name}${detail === undefined ? '' : ': ' + detail}`);
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${!ok && detail !== undefined ? ' — ' + detail : ''}`);
}

// --- a real cwlog local, filled through the real client ---------------------
const server = spawn(cwlog, ['local', '--port', '0', '--memory', '--config', config], { stdio: ['ignore', 'pipe', 'inherit'] });
const lines = await new Promise((resolve, reject) => {
  let out = '';
  const timer = setTimeout(() => reject(new Error('cwlog local did not print its console address')), 30000);
  server.stdout.on('data', (d) => {
    out += d;
    if (/console: \S+\n/.test(out)) { clearTimeout(timer); resolve(out); }
  });
  server.on('exit', (code) => reject(new Error('cwlog local exited with ' + code)));
});
const endpoint = lines.match(/listening on (http:\/\/\S+)/)[1];
const consoleUrl = lines.match(/console: (\S+)/)[1];
const token = new URL(consoleUrl).searchParams.get('token');

const env = {
  ...process.env, AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: endpoint, AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'AKIDLOCAL', AWS_SECRET_ACCESS_KEY: 'cwlog-local-secret', AWS_EC2_METADATA_DISABLED: 'true',
  AWS_CONFIG_FILE: join(work, 'none'), AWS_SHARED_CREDENTIALS_FILE: join(work, 'none'), HOME: work,
};
delete env.AWS_PROFILE; delete env.AWS_SESSION_TOKEN; delete env.AWS_ENDPOINT_URL;
function cli(args, input) {
  const r = spawnSync(cwlog, args, { env, input, maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`cwlog ${args.join(' ')}: exit ${r.status}: ${r.stderr}`);
  return r.stdout.toString().trim();
}
const ship = (input, ...args) => cli(['ship', '-q', ...args], input);

const escapesTenant = 'Ünïcødé <b>&amp; "quotes" \'single\' / back\\slash %2F #hash 🙂 ' + '\u0007';
const tenants = ['acme', 'globex', 'initech', escapesTenant];
const groupOf = Object.fromEntries(tenants.map((t) => [t, cli(['tenant-name', '--config', config, t])]));
// 100 events per tenant, 1 in 10 with "needle"; errors also fan out to app-errors.
const jsonLines = [];
for (const t of tenants)
  for (let i = 0; i < 100; i++)
    jsonLines.push(JSON.stringify({ level: i % 25 === 0 ? 'error' : 'info', logger: 'api', tenant: t,
      message: i % 10 === 0 ? `needle order ${i}` : `order ${i} placed`, order: i }));
ship(jsonLines.join('\n') + '\n', '--config', config);

const longGroup = 'g' + 'x'.repeat(250) + '/' + 'y'.repeat(260);  // 512 characters
ship('an event in a group with a 512-character name\n', '--group', longGroup, '--stream', 's');

const hostile = Buffer.concat([
  Buffer.from('<img src=x onerror="window.__pwned = 1">\n'),
  Buffer.from('<script>window.__pwned = 2</script>\n'),
  Buffer.from([0x62, 0x61, 0x64, 0x20, 0xff, 0xfe, 0xc3, 0x28, 0x20, 0x75, 0x74, 0x66, 0x38, 0x0a]),  // "bad \xff\xfe\xc3( utf8"
  Buffer.from('B'.repeat(256 * 1024) + '\n'),
]);
ship(hostile, '--group', 'hostile', '--stream', 's');

// --- the token: no token, a wrong one, another origin -----------------------
async function status(path, headers) {
  const res = await fetch(endpoint + path, { headers, redirect: 'manual' });
  return res.status;
}
for (const path of ['/', '/console/console.js', '/_cwlog/api/groups', '/_cwlog/api/info', '/_cwlog/stats', '/_cwlog/faults'])
  check(`no token: ${path} is 401`, (await status(path)) === 401);
check('wrong token is 401', (await status('/_cwlog/api/groups', { Authorization: 'Bearer ' + 'f'.repeat(32) })) === 401);
check('token as a bearer works', (await status('/_cwlog/api/groups', { Authorization: 'Bearer ' + token })) === 200);
check('another origin is refused (403)',
  (await status('/_cwlog/api/groups', { Authorization: 'Bearer ' + token, Origin: 'http://evil.example' })) === 403);
check('a cross-site fetch is refused (403)',
  (await status('/_cwlog/api/groups', { Authorization: 'Bearer ' + token, 'Sec-Fetch-Site': 'cross-site', 'Sec-Fetch-Mode': 'cors' })) === 403);
const first = await fetch(consoleUrl, { redirect: 'manual' });
const csp = first.headers.get('content-security-policy') || '';
check('CSP: scripts from the server only, no inline script', /script-src 'self'/.test(csp) && !/unsafe-inline|unsafe-eval/.test(csp), csp);
check('opening the URL sets the cookie and drops the token from the address', first.status === 303 &&
  first.headers.get('location') === '/' && /HttpOnly; SameSite=Strict/.test(first.headers.get('set-cookie') || ''));

// --- the browser ---------------------------------------------------------------
const browser = await chromium.launch({
  executablePath: process.env.CWLOG_CHROMIUM || '/usr/bin/chromium', headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--no-first-run'],
});
const base = endpoint + '/';
const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
const page = await context.newPage();
const pageErrors = [];
page.on('pageerror', (e) => pageErrors.push(e.message));
page.on('console', (m) => { if (m.type() === 'error') pageErrors.push(m.text()); });
const timeout = 15000;
const shot = (name) => page.screenshot({ path: join(artifacts, name + '.png'), fullPage: true });
const hashOf = (route, params) => '#/' + route + '?' + new URLSearchParams(params);
// Routes are hash changes in one document: mark the current page's heading so
// the waits below see the new page, never the one it replaces.
async function open(hash) {
  await page.evaluate(() => { const h = document.querySelector('main h1'); if (h) h.dataset.stale = 'yes'; });
  await page.goto(base + hash);
  await page.waitForFunction(() => { const h = document.querySelector('main h1'); return h && !h.dataset.stale; }, null, { timeout });
}

try {
  await page.goto(consoleUrl);
  await page.waitForSelector('#groups-table', { timeout });
  const names = await page.$$eval('#groups-table tbody tr td:first-child a', (as) => as.map((a) => a.textContent));
  for (const t of tenants) check(`groups page lists tenant ${JSON.stringify(t)}'s group`, names.includes(groupOf[t]), groupOf[t]);
  check('groups page lists the errors group', names.includes('app-errors'));
  await shot('groups');

  // Keyboard: Tab from the top reaches a group's link.
  let reached = false;
  for (let i = 0; i < 20 && !reached; i++) {
    await page.keyboard.press('Tab');
    reached = await page.evaluate(() => !!document.activeElement.closest('#groups-table'));
  }
  check('keyboard: Tab reaches the groups table', reached);

  // A group's page: facts, chart, streams.
  await open(hashOf('group', { group: groupOf.acme }));
  await page.waitForSelector('#streams-table', { timeout });
  const facts = await page.textContent('#group-facts');
  check('group page: retention, tags and event count', /30 days/.test(facts) && /app=swarm/.test(facts) && /Events100/.test(facts), facts);
  check('group page: the volume chart has 60 minutes', (await page.$$eval('#group-volume svg rect', (r) => r.length)) === 60);
  await shot('group');

  // A filter pattern narrows the events.
  const group = groupOf.globex;
  await open(hashOf('events', { group, range: 'all' }));
  await page.waitForFunction(() => /searched completely/.test(document.querySelector('#events-status')?.textContent || ''), null, { timeout });
  const all = await page.$$eval('#events-list > li', (l) => l.length);
  check('events page: every event of the group', all === 100, all);
  // Submitting renders a new page: wait for a status line that is not the old one.
  async function search(pattern) {
    await page.evaluate(() => { document.querySelector('#events-status').dataset.stale = 'yes'; });
    await page.fill('#filter', pattern);
    await page.press('#filter', 'Enter');
    await page.waitForFunction(() => {
      const s = document.querySelector('#events-status');
      return s && !s.dataset.stale && /searched completely/.test(s.textContent);
    }, null, { timeout });
  }
  await search('needle');
  const narrowed = await page.$$eval('#events-list pre.message', (p) => p.map((x) => x.textContent));
  check('a filter pattern narrows the events', narrowed.length === 10 && narrowed.every((m) => m.includes('needle')), narrowed.length);
  const fields = await page.$$eval('#events-list details.fields', (d) => d.length);
  check('JSON events come with their fields', fields === narrowed.length, fields);
  await search('{ $.order = 20 }');
  check('a JSON filter pattern selects one event', (await page.$$eval('#events-list > li', (l) => l.length)) === 1);
  await shot('events');

  // Live tail: an event shipped after the page opened appears without reloading.
  await open(hashOf('tail', { group: groupOf.acme }));
  await page.waitForFunction(() => /^Live/.test(document.querySelector('#tail-status')?.textContent || ''), null, { timeout });
  const pollMs = Number(await page.getAttribute('#tail-status', 'data-poll-ms'));
  check('live tail polls at least every 2 s', pollMs > 0 && pollMs <= 2000, pollMs);
  const marker = `tail-marker-${Date.now()}`;
  const shippedAt = Date.now();
  ship(JSON.stringify({ level: 'info', logger: 'api', tenant: 'acme', message: marker }) + '\n', '--config', config);
  let appeared = true;
  try {
    await page.waitForFunction((m) => document.querySelector('#tail-list')?.textContent.includes(m), marker, { timeout: 10000 });
  } catch (e) { appeared = false; }
  check('live tail shows an event shipped after the page opened (no reload)', appeared);
  console.log(`     (appeared ${Date.now() - shippedAt} ms after cwlog ship was started)`);
  await shot('tail');

  // Hostile events are text.
  await open(hashOf('events', { group: 'hostile', range: 'all' }));
  await page.waitForFunction(() => document.querySelectorAll('#events-list > li').length === 4, null, { timeout });
  const hostileView = await page.evaluate(() => ({
    pwned: window.__pwned,
    elements: document.querySelectorAll('#events-list img, #events-list script, #events-list b').length,
    texts: [...document.querySelectorAll('#events-list pre.message')].map((p) => p.textContent),
  }));
  check('a hostile event runs nothing', hostileView.pwned === undefined && hostileView.elements === 0, JSON.stringify(hostileView.pwned));
  check('an <img onerror> event shows as its text', hostileView.texts.includes('<img src=x onerror="window.__pwned = 1">'));
  check('a <script> event shows as its text', hostileView.texts.includes('<script>window.__pwned = 2</script>'));
  check('invalid UTF-8 shows with replacement characters', hostileView.texts.some((t) => t.startsWith('bad ') && t.includes('\uFFFD')));
  check('a 256 KB event shows whole, as text', hostileView.texts.some((t) => t.length === 256 * 1024 && /^B+$/.test(t)));
  await shot('hostile');

  await open(hashOf('volume', { template: 'tenant' }));
  await page.waitForSelector('.charts figure', { timeout });
  const charted = await page.$$eval('.charts figcaption', (f) => f.map((x) => x.textContent));
  check('volume: every tenant group of the template side by side', tenants.every((t) => charted.includes(groupOf[t])), charted.join(' | '));
  await shot('volume');

  await open('#/requests');
  await page.waitForSelector('#requests-table tbody tr', { timeout });
  const ops = await page.$$eval('#requests-table tbody tr td:nth-child(2)', (t) => t.map((x) => x.textContent));
  check('requests page shows the client\'s PutLogEvents', ops.includes('PutLogEvents'));
  await shot('requests');

  // A phone: no page scrolls sideways, whatever the names.
  await page.setViewportSize({ width: 375, height: 740 });
  const phonePages = {
    groups: '#/groups',
    'group-512': hashOf('group', { group: longGroup }),
    'group-escapes': hashOf('group', { group: groupOf[escapesTenant] }),
    events: hashOf('events', { group: groupOf[escapesTenant], range: 'all' }),
    'events-512': hashOf('events', { group: longGroup, range: 'all' }),
    hostile: hashOf('events', { group: 'hostile', range: 'all' }),
    tail: hashOf('tail', { group: longGroup }),
    volume: hashOf('volume', { template: 'tenant' }),
    requests: '#/requests',
  };
  for (const [name, hash] of Object.entries(phonePages)) {
    await open(hash);
    await page.waitForFunction(() => !document.querySelector('main')?.textContent.includes('Loading…') &&
      !!document.querySelector('main table, main ol.events li, main .charts figure, #tail-status[data-poll-ms]'), null, { timeout });
    await page.waitForTimeout(100);
    const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
    check(`375 px: ${name} has no horizontal scroll`, widths.scroll <= widths.client, JSON.stringify(widths));
    const text = await page.evaluate(() => document.body.innerText);
    check(`${name}: no object rendered as text`, !/\[object |undefined|NaN/.test(text));
    await shot('phone-' + name);
  }
  check('no script errors in the page', pageErrors.length === 0, pageErrors.join(' | '));
} catch (e) {
  check('browser session', false, e.stack || String(e));
  await shot('failure').catch(() => {});
} finally {
  await browser.close();
  server.kill('SIGTERM');
  rmSync(work, { recursive: true, force: true });
}
writeFileSync(join(artifacts, 'README.txt'), `Screenshots of the cwlog local console, taken by ${import.meta.url}\n`);
console.log(`${passed} passed, ${failures.length} failed; screenshots in ${artifacts}`);
process.exit(failures.length ? 1 : 0);
