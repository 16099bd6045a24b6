/**
 * A real SMTP server in the process (the `smtp-server` package): what the e-mail channel's specs
 * and the benchmark send to. It accepts everything, keeps each message raw and parsed, and can be
 * stopped and started again on the same port (an SMTP server down for a while).
 */
import type { ParsedMail } from 'mailparser';
import { simpleParser } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  /** The message as it arrived, headers and all. */
  raw: string;
  /** The X-Notice-Kind header the e-mail channel sets (a notification kind, or `digest`). */
  kind: string;
  parsed: ParsedMail;
  /** RCPT TO addresses. */
  to: string[];
  messageId: string;
  at: number;
}

export interface SmtpSink {
  port: number;
  /** smtp://127.0.0.1:<port> */
  url: string;
  received: ReceivedMail[];
  /** Stops listening (connections are refused) until start(). */
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

export interface SmtpSinkOptions {
  port?: number;
  /** Each message is accepted this long after its data arrived (a slow server). */
  acceptDelayMs?: number;
  /** Parse each message (mailparser); the benchmark only counts, and reads the raw headers. */
  parse?: boolean;
  /** Recipients refused with 550 (a mailbox that does not exist: a bounce). */
  refuse?: (address: string) => boolean;
  /** Called with each message as it is accepted. */
  onMail?: (mail: ReceivedMail) => void;
}

export async function startSmtpSink(opts: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const received: ReceivedMail[] = [];
  const parse = opts.parse ?? true;
  const make = () =>
    new SMTPServer({
      // Plain SMTP on a local port: no STARTTLS (nodemailer would refuse the self-signed
      // certificate), no authentication.
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      // stop() returns promptly: the channel's pooled connections are cut, as a server going down would.
      closeTimeout: 200,
      size: 10 * 1024 * 1024,
      onRcptTo(address, _session, callback) {
        if (opts.refuse?.(address.address)) {
          const err = Object.assign(new Error('5.1.1 no such mailbox'), { responseCode: 550 });
          callback(err);
        } else callback();
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          const accept = async () => {
            const parsed = parse ? await simpleParser(raw) : ({} as ParsedMail);
            const messageId = parse ? (parsed.messageId ?? '') : (/^message-id:\s*(\S+)/im.exec(raw)?.[1] ?? '');
            const kind = /^x-notice-kind:\s*(\S+)/im.exec(raw)?.[1] ?? '';
            const mail = { raw, kind, parsed, to: session.envelope.rcptTo.map((r) => r.address), messageId, at: Date.now() };
            received.push(mail);
            opts.onMail?.(mail);
            callback();
          };
          setTimeout(() => void accept().catch((err: Error) => callback(err)), opts.acceptDelayMs ?? 0);
        });
      },
    });
  let server = make();
  let port = opts.port ?? 0;
  const listen = async () => {
    server = make();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    port = (server.server.address() as AddressInfo).port;
    // A client that goes away mid-conversation (a worker killed with SIGKILL, a pool cut) is an
    // 'error' of the server; without a listener it would crash the process holding the sink.
    server.on('error', (err: Error & { code?: string }) => {
      if (!['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ECONNABORTED'].includes(err.code ?? '')) console.warn(`[smtp-sink] ${err.message}`);
    });
  };
  const stop = () => new Promise<void>((resolve) => server.close(() => resolve()));
  await listen();
  return {
    get port() {
      return port;
    },
    get url() {
      return `smtp://127.0.0.1:${port}`;
    },
    received,
    stop,
    start: listen,
    close: stop,
  };
}
