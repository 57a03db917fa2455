// Tests are TypeScript compiled by SWC (type checking is tsc's job in `npm run typecheck`,
// so the transform only strips types and is fast). One project per kind of test so
// `jest --selectProjects unit` runs just the fast ones.
const swc = ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }];

/** @type {import('jest').Config} */
export default {
  projects: [
    {
      displayName: 'unit',
      testMatch: ['<rootDir>/test/unit/**/*.test.ts'],
      transform: { '^.+\\.ts$': swc },
      testEnvironment: 'node',
    },
    {
      displayName: 'build',
      testMatch: ['<rootDir>/test/build/**/*.test.ts'],
      transform: { '^.+\\.ts$': swc },
      testEnvironment: 'node',
    },
  ],
};
