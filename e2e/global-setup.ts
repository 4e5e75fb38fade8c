import { ensureDist } from '../test/support/ensure-dist.ts';
import { findChromium } from './support/chromium-binary.ts';
import { buildWeb } from './support/server.ts';

/**
 * The web app and dist/ are built once for all specs; each spec then starts its own server. The
 * browser is found here too: the npm package's build is unpacked once, before two spec processes
 * could race to.
 */
export default async function setup(): Promise<void> {
  const binary = await findChromium();
  process.stdout.write(`browser tests: Chromium from ${binary.source} (${binary.executablePath})\n`);
  buildWeb();
  ensureDist();
}
