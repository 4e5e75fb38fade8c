import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findChromium, launchFailure } from './support/chromium-binary.ts';

// Which Chromium the browser tests take (CONTRIBUTING.md): no browser is launched here.
describe('the Chromium lookup', () => {
  it('takes UDN_CHROMIUM when set, and says in one line when it is not a browser', async () => {
    await expect(findChromium({ UDN_CHROMIUM: process.execPath })).resolves.toMatchObject({
      source: 'UDN_CHROMIUM',
      executablePath: process.execPath,
    });
    const refused = await findChromium({ UDN_CHROMIUM: '/nonexistent/chromium' }).catch((e: Error) => e);
    expect(refused).toBeInstanceOf(Error);
    expect((refused as Error).message).toMatch(
      /^UDN_CHROMIUM is "\/nonexistent\/chromium", which is not an executable file: install Chromium \(`apt-get install chromium`\)/,
    );
    expect((refused as Error).message).not.toContain('\n');
  });

  it.runIf(existsSync('/usr/bin/chromium'))('takes the system Chromium when there is one', async () => {
    await expect(findChromium({})).resolves.toMatchObject({
      source: 'system',
      executablePath: '/usr/bin/chromium',
      args: [],
    });
  });

  it('without one, takes the npm package’s, minus the flags that would switch security checks off', async () => {
    const binary = await findChromium({ UDN_SYSTEM_CHROMIUM: '/nonexistent/chromium' });
    expect(binary.source).toBe('@sparticuz/chromium');
    expect(existsSync(binary.executablePath)).toBe(true);
    expect(binary.args).toContain('--no-zygote');
    for (const dropped of ['--single-process', '--disable-web-security', '--allow-running-insecure-content'])
      expect(binary.args).not.toContain(dropped);
    expect(binary.args.filter((arg) => arg.startsWith('--headless'))).toEqual([]);
  });

  it('names the missing library when the browser cannot start', () => {
    const error = launchFailure(
      { executablePath: '/tmp/chromium', source: '@sparticuz/chromium', args: [], env: {} },
      new Error(
        'browserType.launch: Failed to launch\n/tmp/chromium: error while loading shared libraries: libnss3.so: cannot open shared object file\n=== logs ===',
      ),
    );
    expect(error.message).toBe(
      'Chromium from @sparticuz/chromium (/tmp/chromium) did not start: the library libnss3.so is missing (on Debian/Ubuntu: apt-get install chromium, or at least libnss3)',
    );
  });
});
