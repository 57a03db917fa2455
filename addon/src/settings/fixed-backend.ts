/**
 * Set by the build from DD_BACKEND_URL (esbuild `define`): a build made for a deployed backend
 * carries its address, and no sheet editor can point the add-on elsewhere (a colleague's
 * identity token goes with every call). A build without it is a development build, which takes
 * the address from Settings and says so.
 */
declare const __DD_BACKEND_URL__: string | undefined;

export const FIXED_BACKEND_URL: string | undefined =
  typeof __DD_BACKEND_URL__ === 'string' && __DD_BACKEND_URL__ !== '' ? __DD_BACKEND_URL__ : undefined;
