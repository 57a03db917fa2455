import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { handle } from 'hono/aws-lambda';
import { ApiConfig } from '../api/api-config';
import { makeApi } from '../api/make-api';
import { S3CheckpointStore } from '../checkpoint/s3-checkpoint-store';
import { systemClock } from '../clock';
import { documentClient } from '../store/document-client';
import { packagedLetterFonts } from './packaged-fonts';
import { pdfRenderers } from './pdf-renderers';

/**
 * The same API app as the api function, with PDF rendering wired in; API Gateway sends it only
 * POST /v1/letters, POST /v1/statements and GET /v1/evidence. A function of its own because pdfmake and its fonts would triple the api
 * function's bundle and cold start for a route used a few times a day.
 */
const config = ApiConfig.parse(process.env);
const checkpoints = config.CHECKPOINT_BUCKET ? new S3CheckpointStore(new S3Client({}), config.CHECKPOINT_BUCKET) : undefined;
const app = makeApi(config, documentClient(new DynamoDBClient({})), systemClock, {
  checkpoints,
  pdf: pdfRenderers(packagedLetterFonts(import.meta.url)),
});

export const handler = handle(app);
