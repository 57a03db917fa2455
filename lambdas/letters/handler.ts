import { dynamoClient } from '../store/dynamodb-client';
import { S3Client } from '@aws-sdk/client-s3';
import type { Context } from 'aws-lambda';
import { handle } from 'hono/aws-lambda';
import * as z from 'zod';
import { ApiConfig } from '../api/api-config';
import { makeApi } from '../api/make-api';
import { S3CheckpointStore } from '../checkpoint/s3-checkpoint-store';
import { systemClock } from '../clock';
import { documentClient } from '../store/document-client';
import { packagedLetterFonts } from './packaged-fonts';
import { pdfRenderers } from './pdf-renderers';
import { type RenderedStatement, RenderStatementCall } from './render-statement-call';
import { answerWithin } from '../aws-timeouts';

/**
 * The same API app as the api function, with PDF rendering wired in; API Gateway sends it only
 * POST /v1/letters, POST /v1/statements and GET /v1/evidence. A function of its own because pdfmake and its fonts would triple the api
 * function's bundle and cold start for a route used a few times a day. The dispatcher also
 * invokes it directly to render the statement a reminder attaches (render-statement-call.ts).
 */
const config = ApiConfig.parse(process.env);
const checkpoints = config.CHECKPOINT_BUCKET
  ? new S3CheckpointStore(new S3Client({ requestHandler: answerWithin(10_000) }), config.CHECKPOINT_BUCKET)
  : undefined;
const pdf = pdfRenderers(packagedLetterFonts(import.meta.url));
const app = makeApi(config, documentClient(dynamoClient()), systemClock, { checkpoints, pdf });
const api = handle(app);

// hono's handler is typed for API Gateway's events; anything else reaching this function is the dispatcher's call.
export const handler = async (event: Parameters<typeof api>[0], context: Context) => {
  if (!('renderStatement' in event)) return api(event, context);
  // A function error the dispatcher reads and records as the reason it will try again.
  const call = RenderStatementCall.safeParse(event);
  if (!call.success) throw new Error(`not a statement to render: ${z.prettifyError(call.error)}`);
  return { pdfBase64: Buffer.from(await pdf.statement(call.data.renderStatement)).toString('base64') } satisfies RenderedStatement;
};
