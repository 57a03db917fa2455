import * as z from 'zod';
import { StatementContent } from '../../shared/statements/compose-statement';

/*
 * The letters function's second door: the dispatcher invokes it directly (not through the API)
 * to render the statement of account a reminder attaches. Only the dispatcher's role may invoke
 * it so (the CDK stack grants exactly that); API Gateway's events never take this shape.
 */

export const RenderStatementCall = z.object({ renderStatement: StatementContent }).strict();
export type RenderStatementCall = z.infer<typeof RenderStatementCall>;

export const RenderedStatement = z.object({ pdfBase64: z.string().min(1) }).strict();
export type RenderedStatement = z.infer<typeof RenderedStatement>;
