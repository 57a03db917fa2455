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
      await expect(launch?.()).rejects.toThrow('No Chromium at /nonexistent/chromium. Install it (apt-get install -y chromium) or set CHROME_PATH');
    } finally {
      if (saved === undefined) delete process.env.CHROME_PATH;
      else process.env.CHROME_PATH = saved;
    }
  });
});
