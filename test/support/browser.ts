import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';

/**
 * Where Chrome and Chromium are usually installed: Debian's and other Linux distributions'
 * packages (and snap), macOS applications (system-wide and per user), Windows' program folders.
 * CI uses Debian's (`apt-get install -y chromium`).
 */
export function usualChromePaths(platform = process.platform, home = homedir(), env = process.env): string[] {
  if (platform === 'darwin') {
    const apps = [
      'Google Chrome.app/Contents/MacOS/Google Chrome',
      'Chromium.app/Contents/MacOS/Chromium',
      'Google Chrome Canary.app/Contents/MacOS/Google Chrome Canary',
    ];
    return [...apps.map((a) => `/Applications/${a}`), ...apps.map((a) => join(home, 'Applications', a))];
  }
  if (platform === 'win32') {
    const roots = [env.PROGRAMFILES, env['PROGRAMFILES(X86)'], env.LOCALAPPDATA].filter((r): r is string => Boolean(r));
    return roots.flatMap((root) => [
      join(root, 'Google', 'Chrome', 'Application', 'chrome.exe'),
      join(root, 'Chromium', 'Application', 'chrome.exe'),
    ]);
  }
  return [
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
    '/usr/bin/google-chrome-stable',
    '/snap/bin/chromium',
    '/usr/lib/chromium/chromium',
    '/opt/google/chrome/chrome',
  ];
}

/** CHROME_PATH when set (and then only it), else the first usual place that holds a browser. */
export function findChrome(
  env = process.env,
  exists: (path: string) => boolean = existsSync,
  usual = usualChromePaths(),
): { path?: string; looked: string[] } {
  const looked = env.CHROME_PATH ? [env.CHROME_PATH] : usual;
  return { path: looked.find((p) => exists(p)), looked };
}

/**
 * Chromium for the browser tests. A missing browser is an error that says where it looked and
 * how to get one, never a skipped test: a green run must mean the browser tests ran.
 */
export async function launchChromium(): Promise<Browser> {
  const { path, looked } = findChrome();
  if (!path) {
    throw new Error(
      `No Chromium at ${looked.join(', ')}. Install it (apt-get install -y chromium, or Chrome from google.com/chrome) or set CHROME_PATH to a Chrome or Chromium binary.`,
    );
  }
  return chromium.launch({
    executablePath: path,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
    ],
  });
}
