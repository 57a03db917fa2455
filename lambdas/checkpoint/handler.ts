import { Logger } from '@aws-lambda-powertools/logger';
import { S3Client } from '@aws-sdk/client-s3';
import * as z from 'zod';
import { checkpointHeads } from './checkpoint-heads';
import { S3CheckpointStore } from './s3-checkpoint-store';

const env = z.object({ CHECKPOINT_BUCKET: z.string().min(3) }).parse(process.env);
const store = new S3CheckpointStore(new S3Client({}), env.CHECKPOINT_BUCKET);
const logger = new Logger({ serviceName: 'dunning-desk-checkpoint' });

export const handler = (event: unknown) => checkpointHeads({ store, now: Date.now, logger }, event);
