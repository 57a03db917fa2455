/**
 * The API app (in-process, real token verification against a local JWKS) against dynalite in its
 * own process: latency p50 / p99 per route over N requests, and DynamoDB requests per call.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ApiConfig } from '../../lambdas/api/api-config';
import { createActiveTable } from '../../lambdas/local/local-dynamo';
import { makeApi } from '../../lambdas/api/make-api';
import { ManualClock } from '../../lambdas/clock';
import { LocalTokenIssuer } from '../../lambdas/local/local-token-issuer';
import { documentClient } from '../../lambdas/store/document-client';
import { AUDIT_TABLE, MAIN_TABLE } from '../../lambdas/store/table-definitions';
import { dynaliteScript, startInChild } from './servers';

export interface RouteFigures {
  route: string;
  requests: number;
  p50Ms: number;
  p99Ms: number;
  dynamoRequestsPerCall: number;
}

const LEDGER = 'bench-ledger-000001';
const invoice = (n: number) => ({
  row: n + 2,
  invoiceNumber: `A-${n}`,
  customer: `Customer ${n % 50}`,
  contactEmail: `ap${n % 50}@debtor.example`,
  dueDate: '2026-11-01',
  amount: { minor: 50000, currency: 'USD' },
  balance: { minor: 50000, currency: 'USD' },
  status: 'open',
  timeZone: 'America/New_York',
});

export async function benchApi(perRoute: number): Promise<RouteFigures[]> {
  const dynamo = await startInChild('dynalite', dynaliteScript);
  const clock = new ManualClock(Date.parse('2026-11-24T15:00:00Z'));
  const issuer = await LocalTokenIssuer.start(clock);
  try {
    let requests = 0;
    const raw = new DynamoDBClient({ endpoint: dynamo.url, region: 'local', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
    raw.middlewareStack.add(
      (next) => (args) => {
        requests += 1;
        return next(args);
      },
      { step: 'finalizeRequest', name: 'countRequests' },
    );
    await createActiveTable(raw, 'bench-main', MAIN_TABLE);
    await createActiveTable(raw, 'bench-audit', AUDIT_TABLE);
    const config = ApiConfig.parse({
      MAIN_TABLE: 'bench-main',
      AUDIT_TABLE: 'bench-audit',
      GOOGLE_JWKS_URL: issuer.jwksUrl,
      OAUTH_CLIENT_IDS: issuer.audience,
      ALLOWED_DOMAINS: 'acme.example',
    });
    const app = makeApi(config, documentClient(raw), clock, { logger: new Logger({ logLevel: 'SILENT' }) });
    const token = await issuer.token({ sub: '1', email: 'bench@acme.example', hd: 'acme.example' });
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    let counter = 0;
    const rid = () => `bench-${(counter += 1)}-request`;
    // Invoices to act on, synced once.
    for (let i = 0; i < 500; i += 100) {
      await app.request('/v1/invoices/sync', {
        method: 'POST',
        headers,
        body: JSON.stringify({ requestId: rid(), ledgerId: LEDGER, invoices: Array.from({ length: 100 }, (_, k) => invoice(i + k)) }),
      });
    }
    const routes: [string, (i: number) => [string, RequestInit]][] = [
      [
        'POST /v1/invoices/sync (1 new invoice)',
        (i) => [
          '/v1/invoices/sync',
          { method: 'POST', headers, body: JSON.stringify({ requestId: rid(), ledgerId: LEDGER, invoices: [invoice(1000 + i)] }) },
        ],
      ],
      [
        'POST /v1/invoices/sync (1 unchanged)',
        (i) => [
          '/v1/invoices/sync',
          { method: 'POST', headers, body: JSON.stringify({ requestId: rid(), ledgerId: LEDGER, invoices: [invoice(i % 500)] }) },
        ],
      ],
      [
        'POST /v1/contacts',
        (i) => [
          '/v1/contacts',
          {
            method: 'POST',
            headers,
            body: JSON.stringify({
              requestId: rid(),
              ledgerId: LEDGER,
              invoiceNumber: `A-${i % 500}`,
              channel: 'call',
              outcome: 'reached',
            }),
          },
        ],
      ],
      ['GET /v1/history', (i) => [`/v1/history?ledgerId=${LEDGER}&invoiceNumber=A-${i % 500}`, { headers }]],
      ['GET /v1/reminders', (i) => [`/v1/reminders?ledgerId=${LEDGER}&invoiceNumber=A-${i % 500}`, { headers }]],
      ['GET /v1/settings', () => [`/v1/settings?ledgerId=${LEDGER}`, { headers }]],
      // The add-on's status columns read the ledger in pages; 100 invoices a page here.
      ['GET /v1/ledger/status (100 invoices)', () => [`/v1/ledger/status?ledgerId=${LEDGER}&limit=100`, { headers }]],
    ];
    const figures: RouteFigures[] = [];
    for (const [route, make] of routes) {
      const times: number[] = [];
      requests = 0;
      for (let i = 0; i < perRoute; i += 1) {
        const [path, init] = make(i);
        const started = performance.now();
        const res = await app.request(path, init);
        await res.text();
        if (res.status !== 200) throw new Error(`${route} answered ${res.status}`);
        times.push(performance.now() - started);
      }
      times.sort((a, b) => a - b);
      const at = (q: number) => Math.round((times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0) * 10) / 10;
      figures.push({
        route,
        requests: perRoute,
        p50Ms: at(0.5),
        p99Ms: at(0.99),
        dynamoRequestsPerCall: Math.round((requests / perRoute) * 10) / 10,
      });
    }
    raw.destroy();
    return figures;
  } finally {
    await issuer.close();
    dynamo.stop();
  }
}

export function apiTable(rows: readonly RouteFigures[]): string {
  return [
    '| route | requests | p50 | p99 | DynamoDB requests per call |',
    '|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.route} | ${r.requests} | ${r.p50Ms} ms | ${r.p99Ms} ms | ${r.dynamoRequestsPerCall} |`),
  ].join('\n');
}
