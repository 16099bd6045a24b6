/**
 * A PostgreSQL wire-protocol server in front of one PGlite instance, safe for several pooled
 * connections at once.
 *
 * PGlite is a single backend. pglite-socket's own multiplexer queues each protocol *message*
 * separately, so the Parse/Bind/Execute/Sync of two connections interleave and one connection's
 * unnamed statement replaces another's ("bind message supplies 21 parameters, but prepared
 * statement "" requires 1", or worse, a wrong result). Here a connection's messages are handed to
 * PGlite as whole batches ending at Sync (or a simple Query), and a connection that is inside a
 * transaction keeps the backend to itself until the transaction ends. Connections are otherwise
 * served first come, first served.
 */
import type { PGlite } from '@electric-sql/pglite';
import type { Server, Socket } from 'node:net';
import { createServer } from 'node:net';

const SSL_REQUEST = 80877103;
const CANCEL_REQUEST = 80877102;
const GSS_REQUEST = 80877104;
/** Messages after which the client waits for an answer: the end of a batch. */
const BATCH_END = new Set(['S', 'Q', 'H', 'c', 'f']);

interface Batch {
  conn: Connection;
  bytes: Buffer;
  /** Type of the last message ('S', 'Q', 'H', …), 'startup', or 'closed' for a connection's cleanup. */
  end: string;
}

class Connection {
  buffer = Buffer.alloc(0);
  started = false;
  pending: Buffer[] = [];
  closed = false;
  constructor(readonly id: number, readonly socket: Socket) {}
}

export class PGliteServer {
  private server?: Server;
  private readonly queue: Batch[] = [];
  private running = false;
  /** The connection that holds the backend: inside a transaction, or between Flush and Sync. */
  private owner: Connection | null = null;
  private nextId = 1;
  private readonly sockets = new Set<Socket>();

  constructor(private readonly db: PGlite) {}

  async listen(port: number, host: string): Promise<number> {
    this.server = createServer((socket) => this.accept(socket));
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, host, () => resolve());
    });
    return (this.server.address() as { port: number }).port;
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private accept(socket: Socket): void {
    const conn = new Connection(this.nextId++, socket);
    this.sockets.add(socket);
    socket.setNoDelay(true);
    socket.on('data', (chunk) => {
      conn.buffer = Buffer.concat([conn.buffer, chunk]);
      this.split(conn);
    });
    const gone = () => {
      if (conn.closed) return;
      conn.closed = true;
      this.sockets.delete(socket);
      // Cleaned up in turn, so it never races a batch of this connection still running.
      this.enqueue({ conn, bytes: Buffer.alloc(0), end: 'closed' });
    };
    socket.on('close', gone);
    socket.on('error', gone);
  }

  /** Cuts complete messages off the connection's buffer and queues them in batches. */
  private split(conn: Connection): void {
    for (;;) {
      const b = conn.buffer;
      if (!conn.started) {
        if (b.length < 8) return;
        const len = b.readInt32BE(0);
        if (b.length < len) return;
        const code = b.readInt32BE(4);
        conn.buffer = b.subarray(len);
        if (code === SSL_REQUEST || code === GSS_REQUEST) {
          conn.socket.write('N'); // no SSL here; the client continues in plain text
          continue;
        }
        if (code === CANCEL_REQUEST) {
          conn.socket.end(); // cancellation is not supported; the query runs to completion
          return;
        }
        conn.started = true;
        this.enqueue({ conn, bytes: b.subarray(0, len), end: 'startup' });
        continue;
      }
      if (b.length < 5) return;
      const len = b.readInt32BE(1) + 1;
      if (b.length < len) return;
      const type = String.fromCharCode(b[0]);
      const message = b.subarray(0, len);
      conn.buffer = b.subarray(len);
      if (type === 'X') {
        conn.socket.end(); // Terminate: 'close' releases what the connection held
        return;
      }
      conn.pending.push(message);
      if (BATCH_END.has(type)) {
        this.enqueue({ conn, bytes: Buffer.concat(conn.pending), end: type });
        conn.pending = [];
      }
    }
  }

  private enqueue(batch: Batch): void {
    this.queue.push(batch);
    void this.drain();
  }

  private async drain(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      for (;;) {
        const i = this.owner ? this.queue.findIndex((b) => b.conn === this.owner) : 0;
        if (i < 0 || !this.queue.length) return; // the owner has not sent its next batch yet
        const [batch] = this.queue.splice(i, 1);
        if (batch.end === 'closed') {
          // A connection went away: undo its open transaction so that the others can proceed.
          if (this.owner === batch.conn) {
            this.owner = null;
            if (this.db.isInTransaction()) await this.db.exec('ROLLBACK').catch(() => undefined);
          }
          continue;
        }
        if (batch.conn.closed) continue;
        let reply: Uint8Array;
        try {
          reply = await this.db.execProtocolRaw(new Uint8Array(batch.bytes));
        } catch (err) {
          batch.conn.socket.destroy(err as Error);
          continue;
        }
        if (!batch.conn.closed && reply.length) batch.conn.socket.write(Buffer.from(reply));
        // Keep the backend for this connection inside a transaction, or between Flush and Sync.
        this.owner = this.db.isInTransaction() || batch.end === 'H' ? batch.conn : null;
      }
    } finally {
      this.running = false;
    }
  }
}
