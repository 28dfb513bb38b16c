// samestory's browser test: drives Debian's chromium through playwright-core against a running server
// whose store already holds the demo corpus and the seeds (crates/server/tests/browser.rs starts it,
// ingests them and runs this script; tests/e2e/run.sh does all of that).
//
// Environment: SAMESTORY_URL (the server), SAMESTORY_STORY (the story to look at: the seeds'),
// SAMESTORY_OTHER_STORY (another story, one with a copy, to click through to), SAMESTORY_HOSTILE_STORY
// (the story of the planted hostile article), SAMESTORY_CHROMIUM (default /usr/bin/chromium),
// SAMESTORY_ARTIFACTS (where the screenshots go, default ../../test-artifacts).
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const base = required('SAMESTORY_URL');
const storyId = required('SAMESTORY_STORY');
const otherId = required('SAMESTORY_OTHER_STORY');
const hostileId = required('SAMESTORY_HOSTILE_STORY');
const executablePath = process.env.SAMESTORY_CHROMIUM || '/usr/bin/chromium';
const artifacts = resolve(process.env.SAMESTORY_ARTIFACTS || join(dirname(fileURLToPath(import.meta.url)), '../../test-artifacts'));
// Waits are on conditions, never fixed sleeps; generous, for a loaded 2-core machine.
const TIMEOUT = 30_000;

function required(name) {
  const value = process.env[name];
  if (!value) {
    console.error(`story.test.mjs: ${name} is not set`);
    process.exit(2);
  }
  return value;
}

function step(message) {
  console.log(`e2e: ${message}`);
}

mkdirSync(artifacts, { recursive: true });
const profile = mkdtempSync(join(tmpdir(), 'samestory-chromium-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath,
  headless: true,
  chromiumSandbox: false, // root in CI containers: --no-sandbox
  args: [
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
  viewport: { width: 1280, height: 900 },
});

const problems = { dialogs: [], pageErrors: [], consoleErrors: [], outside: [] };
let page;
try {
  // Nothing may leave the server's origin (a hostile <img src> or link would).
  const origin = new URL(base).origin;
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (new URL(url).origin === origin) return route.continue();
    problems.outside.push(url);
    return route.abort();
  });
  await context.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  page = context.pages()[0] || (await context.newPage());
  page.setDefaultTimeout(TIMEOUT);
  page.on('dialog', async (dialog) => {
    problems.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    await dialog.dismiss();
  });
  page.on('pageerror', (err) => problems.pageErrors.push(String(err)));
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.consoleErrors.push(msg.text());
  });

  // ---- the story list ----
  step('story list');
  await page.goto(`${base}/`);
  await page.locator('.stories .story').first().waitFor();
  const stories = page.locator('.stories > li.story');
  assert.ok((await stories.count()) >= 10, 'the demo corpus and the seeds make at least 10 stories');
  const seedItem = page.locator(`.stories > li.story[data-story="${storyId}"]`);
  await seedItem.waitFor();
  assert.match(await seedItem.locator('.meta .count').textContent(), /^2 articles$/);
  assert.ok((await seedItem.locator('.outlets .chip').count()) >= 1, 'outlets are listed');
  assert.equal(await seedItem.locator('svg.span rect.bar').count(), 1, 'a small timeline');
  assert.equal(await seedItem.locator('time').count(), 2, 'first and last seen');
  await page.locator('#live.on').waitFor();

  // ---- the seeds' story, side by side ----
  step(`story ${storyId}: the seeds`);
  await seedItem.locator('.headline a').click();
  await page.locator(`.story-view[data-story="${storyId}"]`).waitFor();
  assert.match(page.url(), new RegExp(`#/story/${storyId}$`));
  const story = await (await fetch(`${base}/api/stories/${storyId}`)).json();
  await checkSections(story);
  const quoteRows = page.locator('section[data-part="quotes"] table.quotes tbody tr.row');
  const quoteCount = await quoteRows.count();
  assert.ok(quoteCount >= 1, 'aligned quotes are shown');
  assert.equal(quoteCount, story.comparison.quotes.length, 'every aligned quote has a row');
  const firstQuote = story.comparison.quotes[0];
  const outletsHeader = await page.locator('section[data-part="quotes"] table.quotes thead th').allTextContents();
  for (const version of firstQuote.versions) {
    assert.ok(outletsHeader.includes(version.outlet), `the quotes table has a column for ${version.outlet}`);
    const cells = await quoteRows.first().locator('.version .text').allTextContents();
    assert.ok(cells.includes(version.text), `quote shown as ${version.outlet} worded it`);
  }
  const aligned = story.comparison.quotes.find((q) => new Set(q.versions.map((v) => v.outlet)).size >= 2);
  assert.ok(aligned, 'the story has a quote aligned across two outlets');
  const alignedRow = quoteRows.nth(story.comparison.quotes.indexOf(aligned));
  assert.ok((await alignedRow.locator('td .version').count()) >= 2, 'a quote aligned across outlets shows side by side');
  for (const version of aligned.versions) {
    assert.ok((await alignedRow.locator('.version .text').allTextContents()).includes(version.text), `${version.outlet}'s wording`);
    if (version.speaker) {
      assert.ok((await alignedRow.textContent()).includes(version.speaker), `the speaker ${version.speaker} is named`);
    }
  }
  assert.equal(
    await page.locator('section[data-part="timeline"] ol.timeline li').count(),
    story.comparison.timeline.length,
    'every article is on the timeline',
  );
  await page.screenshot({ path: join(artifacts, 'story.png'), fullPage: true });
  step('screenshot saved to test-artifacts/story.png');

  // ---- click through to another story and back ----
  step(`story ${otherId} and back`);
  await page.locator('.story-view a[href="#/"]').first().click();
  await page.locator('.stories .story').first().waitFor();
  await page.locator(`.stories > li.story[data-story="${otherId}"] .headline a`).click();
  await page.locator(`.story-view[data-story="${otherId}"]`).waitFor();
  const other = await (await fetch(`${base}/api/stories/${otherId}`)).json();
  assert.equal(await page.locator('.story-view h1.headline').textContent(), other.headline);
  await checkSections(other);
  assert.equal(
    await page.locator('section[data-part="shared_facts"] table.facts tbody tr.row').count(),
    other.comparison.shared_facts.length,
  );
  const copies = other.articles.filter((a) => a.copy);
  assert.ok(copies.length >= 1, 'the other story has a copy');
  assert.equal(await page.locator('section[data-part="copies"] tbody tr').count(), copies.length, 'every copy is listed');
  await page.goBack();
  await page.locator('.stories .story').first().waitFor();
  await page.goBack();
  await page.locator(`.story-view[data-story="${storyId}"]`).waitFor();
  assert.equal(await page.locator('section[data-part="quotes"] table.quotes tbody tr.row').count(), quoteCount);

  // ---- the hostile article ----
  step(`story ${hostileId}: the hostile article`);
  await page.goto(`${base}/#/story/${hostileId}`);
  await page.locator(`.story-view[data-story="${hostileId}"]`).waitFor();
  const hostile = await (await fetch(`${base}/api/stories/${hostileId}`)).json();
  const headline = await page.locator('.story-view h1.headline').textContent();
  assert.equal(headline, hostile.headline, 'the headline is shown as text, markup and all');
  assert.ok(headline.includes('<script>alert(1)</script>'), 'the script tag is visible text');
  // Open every article and hover everything, so an injected handler would have its chance.
  for (const details of await page.locator('details').all()) await details.evaluate((d) => { d.open = true; });
  for (const el of await page.locator('.story-view h1, .story-view li, .story-view p, .story-view td').all()) {
    await el.hover({ force: true, timeout: 2000 }).catch(() => {});
  }
  const body = await page.locator('section[data-part="articles"]').textContent();
  assert.ok(body.includes('<img src=x onerror=alert(2)>') && body.includes('javascript:alert(3)'), 'hostile text is shown as text');
  await checkNothingInjected('the hostile story');

  // ---- every part of a comparison, hostile content in each ----
  // The engine's story may lack parts (no disagreements, speakers not known): the page is shown an answer
  // with all of them, made from the seeds' story, so each renderer runs, and runs on hostile text.
  step('a comparison with every part, hostile text in each');
  const FULL = '999999';
  const full = fullComparison(story, FULL);
  await page.route(`${base}/api/stories/${FULL}`, (route) => route.fulfill({ json: full }));
  await page.goto(`${base}/#/story/${FULL}`);
  await page.locator(`.story-view[data-story="${FULL}"]`).waitFor();
  await checkSections(full);
  const fullQuotes = page.locator('section[data-part="quotes"] table.quotes tbody tr.row');
  assert.equal(await fullQuotes.first().locator('td.speaker-col').textContent(), full.comparison.quotes[0].speaker, 'the quote\'s speaker has a column');
  assert.equal(await fullQuotes.first().locator('.attribution.differs').count(), 1, 'an outlet naming another speaker is marked');
  assert.match(await fullQuotes.first().locator('.attribution').first().textContent(), /said/, 'the cue is shown');
  const entityItems = page.locator('section[data-part="entities"] .entity');
  assert.equal(await entityItems.count(), full.comparison.entities.length, 'every entity is listed');
  assert.ok((await page.locator('section[data-part="entities"] .role').allTextContents()).includes(full.comparison.entities[0].roles[0].role), 'roles as text');
  const claims = page.locator('section[data-part="disagreements"] .disagreement table.claims tbody tr');
  assert.equal(await claims.count(), full.comparison.disagreements[0].claims.length, 'each side of a disagreement');
  assert.equal(await claims.nth(1).locator('.value').textContent(), full.comparison.disagreements[0].claims[1].value);
  assert.equal(await page.locator('section[data-part="future_part"] .nolink').count(), 1, 'a javascript: URL in an unknown part is not a link');
  await page.screenshot({ path: join(artifacts, 'story-full.png'), fullPage: true });
  await checkNothingInjected('a comparison with every part');
  await page.unroute(`${base}/api/stories/${FULL}`);

  // The list and search show the same content.
  step('hostile content in the list and in search');
  await page.goto(`${base}/#/`);
  await page.locator(`.stories > li.story[data-story="${hostileId}"]`).waitFor();
  await checkNothingInjected('the story list');
  await page.goto(`${base}/#/search?q=${encodeURIComponent('parking <img src=x onerror=alert(5)>')}`);
  await page.locator('.search-view').waitFor();
  assert.equal(await page.locator('.search-view h1 q').textContent(), 'parking <img src=x onerror=alert(5)>');
  await checkNothingInjected('a hostile search');

  // ---- search ----
  step('search');
  await page.locator('#search-input').fill('Tindefjell ferry');
  await page.locator('#search-form button').click();
  await page.locator('.search-view .hits .hit').first().waitFor();
  assert.ok((await page.locator('.search-view .hits .hit mark').count()) >= 1, 'matches are highlighted');
  await page.locator('.search-view .hits .hit .headline a').first().click();
  await page.locator('.story-view').waitFor();
  assert.match((await page.locator('.story-view').textContent()).toLowerCase(), /tindefjell/);

  // ---- live update ----
  step('live update');
  await page.goto(`${base}/#/`);
  await page.locator('.stories .story').first().waitFor();
  await page.locator('#live.on').waitFor();
  const headlineNew = 'Owls nest in the clock tower of Brellmoor town hall';
  const res = await fetch(`${base}/api/articles`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      id: 'e2e-live-owls',
      source: 'Brellmoor Bugle',
      title: headlineNew,
      text: 'A pair of barn owls has nested in the clock tower of Brellmoor town hall, the council said on Friday. Repairs to the clock will wait until the chicks have fledged.',
      published: new Date().toISOString(),
    }),
  });
  assert.equal(res.status, 200, `ingest: ${await res.text()}`);
  await page.locator('.stories .story .headline a', { hasText: headlineNew }).waitFor({ timeout: 60_000 });
  step('a new article appeared without reloading');

  // ---- nothing went wrong anywhere ----
  assert.deepEqual(problems.dialogs, [], 'no dialog ever opened');
  assert.deepEqual(problems.pageErrors, [], 'no script error');
  assert.deepEqual(problems.consoleErrors, [], 'no console error (CSP violations are console errors)');
  assert.deepEqual(problems.outside, [], 'no request left the server');
  step('passed');
} catch (err) {
  console.error(`e2e: FAILED: ${err.stack || err}`);
  console.error(`e2e: problems so far: ${JSON.stringify(problems)}`);
  if (page) await page.screenshot({ path: join(artifacts, 'failure.png'), fullPage: true }).catch(() => {});
  process.exitCode = 1;
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}

/** No dialog, no script but ours, no element with an event handler attribute, no javascript: link, no
 *  image, no CSP violation. */
async function checkNothingInjected(where) {
  // Let the page settle: two animation frames (no fixed sleep; the checks below look for the injected
  // elements and attributes themselves, not only for their effects).
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
  assert.deepEqual(problems.dialogs, [], `no dialog on ${where}`);
  const found = await page.evaluate(() => {
    const all = [...document.querySelectorAll('*')];
    return {
      scripts: [...document.scripts].map((s) => s.getAttribute('src')),
      handlers: all.flatMap((el) => [...el.attributes].filter((a) => a.name.toLowerCase().startsWith('on')).map((a) => `${el.tagName} ${a.name}`)),
      jsLinks: [...document.querySelectorAll('a[href]')].map((a) => a.getAttribute('href')).filter((h) => !/^(https?:|#|\/)/i.test(h)),
      images: document.querySelectorAll('img, iframe, object, embed').length,
      violations: window.__violations,
    };
  });
  assert.deepEqual(found.scripts, ['/assets/app.js'], `only our script on ${where}`);
  assert.deepEqual(found.handlers, [], `no event handler attributes on ${where}`);
  assert.deepEqual(found.jsLinks, [], `only http(s) and internal links on ${where}`);
  assert.equal(found.images, 0, `no injected images or frames on ${where}`);
  assert.deepEqual(found.violations, [], `no Content-Security-Policy violation on ${where}`);
}

/** The story page shows a section for each part of the comparison that has content, and none for an
 *  empty or missing part; copies only when there are some. */
async function checkSections(story) {
  const hidden = new Set(['story', 'headline', 'article_count', 'earliest']);
  const present = (v) => {
    if (v === null || v === undefined || v === false) return false;
    if (Array.isArray(v)) return v.length > 0;
    if (typeof v === 'object') return Object.values(v).some(present);
    if (typeof v === 'string') return v.trim().length > 0;
    return true;
  };
  const want = Object.entries(story.comparison).filter(([k, v]) => !hidden.has(k)).map(([k, v]) => [k, present(v)]);
  want.push(['copies', story.articles.some((a) => a.copy)], ['articles', story.articles.length > 0]);
  for (const [part, shown] of want) {
    assert.equal(await page.locator(`section[data-part="${part}"]`).count(), shown ? 1 : 0, `section ${part} ${shown ? 'shown' : 'hidden'} on story ${story.id}`);
  }
}

/** The seeds' story with every part of a comparison filled, hostile markup in each, as story `id`. */
function fullComparison(story, id) {
  const evil = (tag) => `<img src=x onerror=alert('${tag}')>"><script>alert('${tag}')</script>`;
  const full = structuredClone(story);
  full.id = Number(id);
  const c = full.comparison;
  const [a, b] = [full.articles[0], full.articles[1] || full.articles[0]];
  const outletA = a.outlet || '(unknown outlet)';
  const outletB = b.outlet || '(unknown outlet)';
  c.quotes[0].speaker = `Claudia Sheinbaum ${evil('speaker')}`;
  c.quotes[0].versions.forEach((v, i) => {
    v.speaker = i === 0 ? c.quotes[0].speaker : `Someone Else ${evil('other')}`;
    v.cue = 'said';
    v.quoted_by = i === 0 ? null : `A Spokesman ${evil('quoted_by')}`;
  });
  if (c.quotes[0].versions.length < 2) c.quotes[0].versions.push({ ...c.quotes[0].versions[0], speaker: `Someone Else ${evil('other')}` });
  c.entities = [
    { name: `Claudia Sheinbaum ${evil('name')}`, kind: 'person', roles: [{ role: `Mexican President ${evil('role')}`, outlets: [outletA, outletB] }], outlets: [outletA, outletB], mentions: 4, quotes: 1 },
    { name: 'White House', kind: 'organization', roles: [], outlets: [outletA], mentions: 1, quotes: 0 },
  ];
  c.disagreements = [{
    kind: 'attribution',
    subject: `who spoke for the White House ${evil('subject')}`,
    claims: [
      { outlet: outletA, article: a.id, value: 'Anna Kelly', text: 'White House deputy press secretary Anna Kelly said.' },
      { outlet: outletB, article: b.id, value: `James Hewitt ${evil('value')}`, text: `spokesman James Hewitt said ${evil('text')}` },
    ],
  }];
  c.future_part = [{ url: 'javascript:alert(9)', note: evil('future') }];
  c.empty_part = [];
  return full;
}
