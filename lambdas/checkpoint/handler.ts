import { S3Client } from '@aws-sdk/client-s3';
import * as z from 'zod';
import { checkpointHeads } from './checkpoint-heads';

const env = z.object({ CHECKPOINT_BUCKET: z.string().min(3) }).parse(process.env);
const s3 = new S3Client({});

export const handler = (event: unknown) => checkpointHeads({ s3, bucket: env.CHECKPOINT_BUCKET, now: Date.now }, event);
