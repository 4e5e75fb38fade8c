import { accessSync, constants, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** The Chromium the browser tests, the web benchmarks and the screenshots launch, and how. */
export interface ChromiumBinary {
  executablePath: string;
  /** Where it came from, for the one line a run prints and for CI to check. */
  source: 'UDN_CHROMIUM' | 'system' | '@sparticuz/chromium';
  /** Flags its build needs on top of the project's own. */
  args: string[];
  /** Environment for the browser process (fonts for the packaged build on a machine without fontconfig). */
  env: Record<string, string>;
}

const SYSTEM_CHROMIUM = '/usr/bin/chromium';

/**
 * Flags of @sparticuz/chromium's list the tests must not run with: `--single-process` is unstable
 * with several contexts; the others switch off the very checks the security specs prove (same-origin
 * policy, mixed content), so they would pass falsely. `--headless=…` is Playwright's to pass.
 */
const DROPPED_PACKAGE_ARGS = [
  /^--single-process$/,
  /^--disable-web-security$/,
  /^--allow-running-insecure-content$/,
  /^--headless/,
];

const INSTALL_HINT =
  'install Chromium (`apt-get install chromium`), set UDN_CHROMIUM to a Chromium binary, or run `npm install` to get the devDependency @sparticuz/chromium';

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

let found: Promise<ChromiumBinary> | undefined;

/**
 * UDN_CHROMIUM when set; else the system's Chromium (UDN_SYSTEM_CHROMIUM, default /usr/bin/chromium)
 * when it is there; else the build inside the npm package @sparticuz/chromium, unpacked once to the
 * temporary folder. Rejects with one line saying what to install when none is found.
 */
export function findChromium(env: NodeJS.ProcessEnv = process.env): Promise<ChromiumBinary> {
  if (env === process.env) {
    found ??= lookUp(env);
    return found;
  }
  return lookUp(env);
}

async function lookUp(env: NodeJS.ProcessEnv): Promise<ChromiumBinary> {
  const chosen = env.UDN_CHROMIUM?.trim();
  if (chosen) {
    if (!executable(chosen))
      throw new Error(`UDN_CHROMIUM is "${chosen}", which is not an executable file: ${INSTALL_HINT}`);
    return { executablePath: chosen, source: 'UDN_CHROMIUM', args: [], env: {} };
  }
  // UDN_SYSTEM_CHROMIUM only moves where the system's browser is looked for: CI points it at a path
  // that does not exist to prove the suite passes on a machine without one.
  const system = env.UDN_SYSTEM_CHROMIUM?.trim() || SYSTEM_CHROMIUM;
  if (executable(system)) return { executablePath: system, source: 'system', args: [], env: {} };
  return packaged();
}

async function packaged(): Promise<ChromiumBinary> {
  let chromium: typeof import('@sparticuz/chromium').default;
  try {
    chromium = (await import('@sparticuz/chromium')).default;
  } catch {
    throw new Error(`no Chromium found: ${INSTALL_HINT}`);
  }
  const executablePath = await chromium.executablePath();
  const args = chromium.args.filter((arg) => !DROPPED_PACKAGE_ARGS.some((dropped) => dropped.test(arg)));
  // The package brings a few fonts and their fontconfig file; a machine with its own keeps it (more
  // scripts covered), one without any would render no text at all.
  const fonts = path.join(tmpdir(), 'fonts');
  const env: Record<string, string> =
    !existsSync('/etc/fonts/fonts.conf') && existsSync(path.join(fonts, 'fonts.conf'))
      ? { FONTCONFIG_PATH: fonts }
      : {};
  return { executablePath, source: '@sparticuz/chromium', args, env };
}

/** Says which Chromium a launch failed with and what to do, in one line, instead of Playwright's page of log. */
export function launchFailure(binary: ChromiumBinary, error: unknown): Error {
  const message = error instanceof Error ? error.message : String(error);
  const library = /error while loading shared libraries: ([^\s:]+)/.exec(message)?.[1];
  const why = library
    ? `the library ${library} is missing (on Debian/Ubuntu: apt-get install chromium, or at least libnss3)`
    : (message.split('\n')[0] ?? message);
  return new Error(`Chromium from ${binary.source} (${binary.executablePath}) did not start: ${why}`, {
    cause: error,
  });
}

// `node --import tsx e2e/support/chromium-binary.ts` prints the browser a run would use (CI checks it).
if (import.meta.url === `file://${process.argv[1]}`) {
  const binary = await findChromium();
  process.stdout.write(`${binary.source} ${binary.executablePath}\n`);
}
