import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import type { StatementRenderer } from '../letters/statement-pdf';
import { RenderedStatement, type RenderStatementCall } from '../letters/render-statement-call';

/**
 * Statements of account rendered by the letters function, invoked synchronously: pdfmake and its
 * fonts stay out of the dispatcher's bundle, and a statement a reminder attaches is made by the
 * same code as the sidebar's. A failure (the function erred, timed out or answered oddly) throws,
 * and the dispatcher tries the email again later.
 */
export function lettersFunctionStatements(lambda: LambdaClient, functionName: string): StatementRenderer {
  return async (content) => {
    const call: RenderStatementCall = { renderStatement: content };
    const answer = await lambda.send(new InvokeCommand({ FunctionName: functionName, Payload: JSON.stringify(call) }));
    const text = answer.Payload ? Buffer.from(answer.Payload).toString('utf8') : '';
    if (answer.FunctionError) throw new Error(`the letters function failed: ${text.slice(0, 300)}`);
    const rendered = RenderedStatement.safeParse(JSON.parse(text || 'null'));
    if (!rendered.success) throw new Error('the letters function answered without a PDF');
    return Buffer.from(rendered.data.pdfBase64, 'base64');
  };
}
