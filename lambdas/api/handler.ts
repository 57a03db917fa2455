import { handle } from 'hono/aws-lambda';
import { createApp } from './app';

// Module scope: built once per Lambda container, reused by warm invocations.
const app = createApp({ version: process.env.APP_VERSION ?? 'dev' });

export const handler = handle(app);
