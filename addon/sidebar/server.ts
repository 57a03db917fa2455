import type { SettingsApi } from '../../shared/api/settings-contract';
import type { SidebarApi } from '../../shared/api/sidebar-contract';

/** google.script.run as HtmlService provides it in the sidebar's iframe. */
interface ScriptRun {
  withSuccessHandler(handler: (value: unknown) => void): ScriptRun;
  withFailureHandler(handler: (error: Error) => void): ScriptRun;
  [serverFunction: string]: unknown;
}
declare const google: { script: { run: ScriptRun; host: { close(): void } } };

/** Closes the dialog or sidebar this page is in. */
export function closeHost(): void {
  google.script.host.close();
}

type Promised<T> = { [K in keyof T]: T[K] extends (...args: infer A) => infer R ? (...args: A) => Promise<R> : never };

/**
 * Calls a server function as a promise, typed from a contract (SidebarApi, SettingsApi). A
 * rejection means the call itself failed (network, Apps Script error); expected failures come
 * back as `{ ok: false }` values.
 */
function serverOf<Api>(): Promised<Api> {
  return new Proxy({} as Promised<Api>, {
    get(_target, name: string) {
      return (...args: unknown[]) =>
        new Promise((resolve, reject) => {
          const run = google.script.run.withSuccessHandler(resolve).withFailureHandler(reject);
          const fn = run[name];
          if (typeof fn !== 'function') {
            reject(new Error(`The add-on has no server function ${name}`));
            return;
          }
          (fn as (...a: unknown[]) => void).apply(run, args);
        });
    },
  });
}

export const server = serverOf<SidebarApi>();
export const settingsServer = serverOf<SettingsApi>();
