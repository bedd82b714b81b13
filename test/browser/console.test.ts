import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConsoleNight, consoleNight, launchChromium, SCRIPT_NAME } from './console-fixture';

const ARTIFACTS = 'out/test-artifacts';
/** Pages load over DynamoDB Local: allow for a slow, shared machine. */
const eventually = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 20_000 });

/**
 * The review console in headless Chromium after a small local night, through `lifeline serve`:
 * every page loads, an approval leaves the queue, a paused play leaves the dry-run plan, and a
 * tenant named like a script stays text. Screenshots go to out/test-artifacts/.
 */
describe('the review console in a browser', () => {
  const work = mkdtempSync(join(tmpdir(), 'lifeline-console-'));
  let night: ConsoleNight;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    [night, browser] = await Promise.all([consoleNight(work), launchChromium()]);
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
    });
    // An alert() would mean tenant markup ran as script.
    page.on('dialog', (dialog) => {
      problems.push(`dialog: ${dialog.message()}`);
      void dialog.dismiss();
    });
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await night?.serve.stop();
    rmSync(work, { recursive: true, force: true });
  });

  const open = async (path: string, heading: string | RegExp) => {
    await page.goto(`${night.url}${path}`);
    await eventually(() => page.locator('main h1').textContent()).toMatch(heading);
    await page.locator('[aria-busy="true"]').first().waitFor({ state: 'detached', timeout: 20_000 });
  };
  const shot = (name: string) =>
    page.screenshot({ path: join(ARTIFACTS, `console-${name}.png`), fullPage: true });

  it('loads every page', async () => {
    await open('/', 'Plays');
    await eventually(() => page.locator('table.plays tbody tr').count()).toBe(6);
    await eventually(() => page.locator('figure.chart canvas').count()).toBe(2);
    await shot('plays');

    await open('/tonight', 'Tonight');
    expect(await page.locator('section.play').count()).toBe(6);
    await shot('tonight');

    await open('/approvals', 'Approvals');
    expect(await page.locator('li.approval').count()).toBeGreaterThan(0);
    await shot('approvals');

    await open('/sends?status=sent', 'Sends');
    expect(await page.locator('table.sends tbody tr').count()).toBeGreaterThan(0);
    await shot('sends');

    await page.locator('table.sends tbody tr a', { hasText: 'as sent' }).first().click();
    await eventually(() => page.locator('main h1').textContent()).toBe('Email');
    await page.locator('iframe.email').waitFor();
    expect(await page.locator('.facts').textContent()).toMatch(/sent .* message id/);
    await shot('email');

    await open(`/tenants/${encodeURIComponent(night.scriptTenantId)}`, SCRIPT_NAME);
    expect(await page.locator('figure.chart canvas').count()).toBe(1);
    await shot('tenant');
    expect(problems).toEqual([]);
  });

  it('renders a tenant named <script>alert(1)</script> as text', async () => {
    await open(`/tenants/${encodeURIComponent(night.scriptTenantId)}`, SCRIPT_NAME);
    expect(await page.locator('main h1').textContent()).toBe(SCRIPT_NAME);
    expect(await page.title()).toBe(`${SCRIPT_NAME} · Lifeline`);
    // Not one script element beyond the console's own bundle.
    expect(await page.locator('script').count()).toBe(1);
    await open('/approvals', 'Approvals');
    expect(await page.locator('li.approval h3', { hasText: SCRIPT_NAME }).count()).toBe(1);
    expect(problems).toEqual([]);
  });

  it('approves a pending send, which leaves the approvals queue and is audited', async () => {
    await open('/approvals', 'Approvals');
    const item = page
      .locator('li.approval')
      .filter({ has: page.locator('button:text-is("Approve"):enabled') })
      .first();
    const key = await item.getAttribute('data-key');
    const before = await page.locator('li.approval').count();
    await item.locator('button', { hasText: 'Show email' }).click();
    await item.locator('iframe.email').waitFor();
    await item.locator('button:text-is("Approve")').click();
    await eventually(() => page.locator('[role="status"].notice').textContent()).toMatch(/approved/);
    await eventually(() => page.locator(`li.approval[data-key="${key}"]`).count()).toBe(0);
    expect(await page.locator('li.approval').count()).toBe(before - 1);
    await eventually(() => page.locator('table.audit tbody tr').first().textContent()).toContain(key ?? '?');
    await shot('approved');
  });

  it('pauses a play, and the next dry-run plan leaves it out', async () => {
    const decline = () => page.locator('section.play[data-play="business_decline"]');
    await open('/tonight', 'Tonight');
    expect(await decline().locator('tbody tr').count()).toBeGreaterThan(0);

    await open('/plays', 'Plays');
    await page.getByRole('button', { name: 'Pause Business decline' }).click();
    await eventually(() => page.locator('[role="status"].notice').textContent()).toMatch(/paused/);
    await eventually(() => page.locator('tr[data-play="business_decline"] .chip.status-paused').count()).toBe(
      1,
    );
    await shot('paused');

    await open('/tonight', 'Tonight');
    expect(await decline().textContent()).toMatch(/Paused: the next run plans nothing for this play/);
    expect(await decline().locator('tbody tr').count()).toBe(0);
    expect(await page.locator('section.play[data-play="support_friction"] tbody tr').count()).toBeGreaterThan(
      0,
    );
    await shot('tonight-paused');
    expect(problems).toEqual([]);
  });
});
