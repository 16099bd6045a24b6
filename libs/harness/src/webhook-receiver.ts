/**
 * A body's OA system as the benchmark and specs see it: an HTTP server in the process that takes
 * webhook deliveries, keeps what arrived (headers, JSON body, when) and answers with the status
 * `respond` gives (200 by default).
 */
import { createServer } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  /** The raw body, as signed. */
  body: string;
  json: { type?: string; data?: Record<string, unknown> } | null;
  at: number;
}

export interface WebhookReceiver {
  url: string;
  received: ReceivedWebhook[];
  close(): Promise<void>;
}

export async function startWebhookReceiver(respond: (w: ReceivedWebhook) => number = () => 200, port = 0): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let json: ReceivedWebhook['json'] = null;
      try {
        json = JSON.parse(body) as ReceivedWebhook['json'];
      } catch {
        /* kept raw */
      }
      const w = { headers: req.headers, body, json, at: Date.now() };
      received.push(w);
      res.statusCode = respond(w);
      res.end();
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const bound = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${bound}/hooks`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
