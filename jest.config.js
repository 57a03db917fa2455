// Tests are TypeScript compiled by SWC (type checking is tsc's job in `npm run typecheck`,
// so the transform only strips types and is fast). jose ships only ES modules, so it is
// compiled to CommonJS with the tests. One project per kind of test, so
// `jest --selectProjects unit` runs just the fast ones.
const swcTs = ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }];
const swcJs = ['@swc/jest', { jsc: { parser: { syntax: 'ecmascript' }, target: 'es2022' }, module: { type: 'commonjs' } }];
const common = {
  transform: { '^.+\\.ts$': swcTs, '^.+\\.js$': swcJs },
  transformIgnorePatterns: ['/node_modules/(?!jose/)'],
  testEnvironment: 'node',
};

/** @type {import('jest').Config} */
export default {
  // Two files at a time, also on a 2-core machine (jest's default there is one): much of a test's
  // time is spent waiting on another process (Chromium, npm start, dynalite in jest's own
  // process), so the suite took 460 s with two workers against about 700 s with one, measured here.
  maxWorkers: 2,
  // Real servers (dynalite, local SES, Lambdas in-process, Chromium) sharing the machine: one test
  // can take several times jest's 5 s without anything being wrong. A hang still fails, at 60 s.
  // (A global option: jest ignores it inside a project.)
  testTimeout: 60_000,
  projects: [
    { displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.test.ts'], ...common },
    { displayName: 'addon', testMatch: ['<rootDir>/test/addon/**/*.test.ts'], ...common },
    { displayName: 'build', testMatch: ['<rootDir>/test/build/**/*.test.ts'], ...common },
    { displayName: 'cdk', testMatch: ['<rootDir>/test/cdk/**/*.test.ts'], ...common },
    {
      displayName: 'integration',
      testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
      ...common,
    },
    // npm start driven by Chromium: CHROME_PATH, else Chrome or Chromium in the usual places (a clear error otherwise).
    { displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.test.ts'], ...common },
  ],
};
