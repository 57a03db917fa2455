import { Logger } from '@aws-lambda-powertools/logger';
import { S3Client } from '@aws-sdk/client-s3';
import * as z from 'zod';
import { checkpointHeads } from './checkpoint-heads';
import { S3CheckpointStore } from './s3-checkpoint-store';
import { answerWithin } from '../aws-timeouts';

const env = z.object({ CHECKPOINT_BUCKET: z.string().min(3) }).parse(process.env);
const store = new S3CheckpointStore(new S3Client({ requestHandler: answerWithin(10_000) }), env.CHECKPOINT_BUCKET);
const logger = new Logger({ serviceName: 'dunning-desk-checkpoint' });

export const handler = (event: unknown) => checkpointHeads({ store, now: Date.now, logger }, event);
