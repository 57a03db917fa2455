/** A machine without Chromium fails the browser tests with what to do, never skips them. */
import type * as Browser from '../support/browser';

describe('launching the browser for the browser tests', () => {
  it('names the missing path and how to install Chromium', async () => {
    const saved = process.env.CHROME_PATH;
    process.env.CHROME_PATH = '/nonexistent/chromium';
    try {
      let launch: (() => Promise<unknown>) | undefined;
      jest.isolateModules(() => {
        ({ launchChromium: launch } = jest.requireActual<typeof Browser>('../support/browser'));
      });
      await expect(launch?.()).rejects.toThrow(
        'No Chromium at /nonexistent/chromium. Install it (apt-get install -y chromium, or Chrome from google.com/chrome) or set CHROME_PATH',
      );
    } finally {
      if (saved === undefined) delete process.env.CHROME_PATH;
      else process.env.CHROME_PATH = saved;
    }
  });

  it('finds Chrome or Chromium in the usual places when CHROME_PATH is not set, CHROME_PATH alone when it is', () => {
    jest.isolateModules(() => {
      const { findChrome, usualChromePaths } = jest.requireActual<typeof Browser>('../support/browser');
      const mac = usualChromePaths('darwin', '/Users/sam', {});
      expect(findChrome({}, (p) => p === '/Users/sam/Applications/Chromium.app/Contents/MacOS/Chromium', mac).path).toBe(
        '/Users/sam/Applications/Chromium.app/Contents/MacOS/Chromium',
      );
      expect(findChrome({}, (p) => p === '/usr/bin/google-chrome-stable', usualChromePaths('linux', '/home/sam', {})).path).toBe(
        '/usr/bin/google-chrome-stable',
      );
      expect(usualChromePaths('win32', 'C:\\Users\\sam', { PROGRAMFILES: 'C:\\Program Files' })[0]).toMatch(
        /Program Files.Google.Chrome.Application.chrome\.exe$/,
      );
      // Set, it is the only place looked: a wrong CHROME_PATH is an error, not a silent fallback.
      expect(findChrome({ CHROME_PATH: '/opt/mine/chrome' }, (p) => p === '/usr/bin/chromium', mac)).toEqual({
        looked: ['/opt/mine/chrome'],
      });
    });
  });
});
