/**
 * The Node the Lambdas run on, stated once: the CDK runtime, esbuild's target (in the stack's
 * bundling and in `npm run build`) and the README follow it. Development and tests run on the
 * Node in package.json's `engines`, older than this; the code uses nothing newer than both.
 */
export const LAMBDA_NODE_MAJOR = 24;
export const LAMBDA_ESBUILD_TARGET = `node${LAMBDA_NODE_MAJOR}`;
