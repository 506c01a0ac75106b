// How long the site's proof of work takes in a browser: the production price, solved by the site's own solver
// in Debian's Chromium on this machine, and under Chromium's 4× CPU slowdown (the throttling Lighthouse uses
// for a mid-tier phone) as the phone estimate.
import { createChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/sha';
import { build } from 'esbuild';
import { resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { DEFAULT_PROOF_OF_WORK } from '../../functions/core/proof-of-work';
import { percentile } from './stats';

const ROUNDS = 15;

export async function proofOfWorkSolveTime(): Promise<void> {
  const bundle = await build({
    stdin: {
      contents: `import { solveProof } from './web/src/scripts/proof';
        window.solve = async (challenge) => { const t = performance.now(); await solveProof('', '', async () => new Response(challenge)); return performance.now() - t; };`,
      resolveDir: resolve(import.meta.dirname, '../..'),
      loader: 'ts',
    },
    bundle: true,
    format: 'iife',
    write: false,
    platform: 'browser',
  });
  const [min, max] = DEFAULT_PROOF_OF_WORK.counterRange;
  const challenges = await Promise.all(
    Array.from({ length: ROUNDS }, (_, i) =>
      createChallenge({ algorithm: 'SHA-256', cost: 1, counter: Math.round(min + ((max - min) * i) / (ROUNDS - 1)), deriveKey, hmacSignatureSecret: 'bench', hmacKeySignatureSecret: 'bench-key' }).then((c) => JSON.stringify(c)),
    ),
  );
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  try {
    const page = await browser.newPage();
    await page.setContent('<!doctype html><title>pow</title>');
    await page.addScriptTag({ content: bundle.outputFiles[0]!.text });
    const run = async () => {
      const times: number[] = [];
      for (const c of challenges) times.push(await page.evaluate((json) => (window as unknown as { solve: (c: string) => Promise<number> }).solve(json), c));
      return times;
    };
    await run(); // warm-up
    const desktop = await run();
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    const phone = await run();
    const fmt = (t: number[]) => `median ${percentile(t, 50).toFixed(0)} ms, p90 ${percentile(t, 90).toFixed(0)} ms`;
    console.log(`proof of work (${min.toLocaleString()}–${max.toLocaleString()} SHA-256 hashes, the site's solver in Chromium, ${ROUNDS} challenges): this machine ${fmt(desktop)}; mid-range phone estimate (4× CPU slowdown) ${fmt(phone)}; at the cap (8× the price) about ${(percentile(phone, 50) * 8 / 1000).toFixed(1)} s on that phone`);
  } finally {
    await browser.close();
  }
}
