// The playground in a real browser: Debian's Chromium, driven by playwright-core, loads
// examples/playground/ from scripts/serve.mjs, trains for a few seconds, and the loss must have
// fallen and the decision boundary changed. It needs dist/ (CI runs `npm run build` first) and
// /usr/bin/chromium (.ci/run installs it).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
// Debian's Chromium; CHROMIUM=/path/to/chrome points elsewhere (another system's Chrome).
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
// As root on a machine with no outside network: no sandbox, no GPU, and none of Chromium's
// background connections (each would be refused).
const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/** Starts scripts/serve.mjs on a free port and resolves with the playground URL it prints. */
function startServer(): Promise<{ server: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const server = spawn(process.execPath, [join(root, 'scripts/serve.mjs'), '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const timer = setTimeout(() => reject(new Error(`scripts/serve.mjs printed no URL within 10 s:\n${output}`)), 10_000);
    const read = (chunk: Buffer): void => {
      output += chunk.toString();
      const url = /http:\/\/\S+/.exec(output)?.[0];
      if (url !== undefined) {
        clearTimeout(timer);
        resolve({ server, url });
      }
    };
    server.stdout!.on('data', read);
    server.stderr!.on('data', read);
    server.on('exit', (code) => reject(new Error(`scripts/serve.mjs exited (${code}):\n${output}`)));
  });
}

type Progress = { epoch: number; loss: number; firstLoss: number };

const progress = (page: Page): Promise<Progress> =>
  page.$eval('#status', (el) => {
    const d = (el as HTMLElement).dataset;
    return { epoch: Number(d.epoch), loss: Number(d.loss), firstLoss: Number(d.firstLoss) };
  });

const boundaryPixels = (page: Page): Promise<string> =>
  page.$eval('#boundary', (canvas) => (canvas as HTMLCanvasElement).toDataURL());

describe('examples/playground in Chromium', () => {
  let server: ChildProcess | undefined;
  let browser: Browser | undefined;
  let url = '';

  beforeAll(async () => {
    if (!existsSync(join(root, 'dist/index.js'))) {
      throw new Error('dist/index.js is missing: run `npm run build` before this test (the playground imports the built package)');
    }
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `${CHROMIUM} is missing: install Debian's Chromium with \`apt-get install -y chromium\` (.ci/run does), ` +
          'or set CHROMIUM=/path/to/chrome',
      );
    }
    ({ server, url } = await startServer());
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    server?.kill();
  });

  it('trains live: the loss falls and the decision boundary changes', async () => {
    const page = await browser!.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    await page.goto(url);

    await page.selectOption('#dataset', 'xor');
    await page.fill('#hidden', '8,8');
    await page.click('#reset');
    await page.waitForFunction(() => Number(document.getElementById('status')!.dataset.epoch) >= 1, null, { timeout: 10_000 });
    const before = await boundaryPixels(page);
    const start = await progress(page);

    await page.waitForFunction(() => Number(document.getElementById('status')!.dataset.epoch) >= 300, null, { timeout: 20_000 });
    const after = await boundaryPixels(page);
    const end = await progress(page);

    expect(errors).toEqual([]);
    expect(end.epoch).toBeGreaterThan(start.epoch);
    expect(end.firstLoss).toBe(start.firstLoss); // the same run throughout
    expect(end.loss).toBeLessThan(0.5 * end.firstLoss);
    expect(after).not.toBe(before);
    expect(await page.textContent('#model')).toBe(
      [
        'Sequential(',
        '  (0): Linear(in_features=2, out_features=8, bias=True)',
        '  (1): Tanh()',
        '  (2): Linear(in_features=8, out_features=8, bias=True)',
        '  (3): Tanh()',
        '  (4): Linear(in_features=8, out_features=2, bias=True)',
        ')',
      ].join('\n'),
    );
  }, 30_000);
});
