/**
 * Ports for a spec that binds the same port again and again over minutes — `npm start`, killed and
 * started again on the same ports (test/crash-restart.e2e-spec.ts).
 *
 * A port from findFreePort (listen on port 0) is one of the kernel's ephemeral ports: meanwhile any
 * outgoing connection on the machine may take it as its local port, and the next bind fails with
 * EADDRINUSE. CI saw exactly that: a restarted launcher's Temporal web UI could not bind the port
 * the spec had chosen a minute before. Ports below the ephemeral range are never given out that way.
 */
import { readFileSync } from 'node:fs';
import { tryListen } from '@config/temporal-dev-server';

/** The first port of the kernel's ephemeral range (Linux: /proc; the usual 32768 elsewhere). */
function ephemeralLow(): number {
  try {
    const low = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    return Number.isInteger(low) && low > 1024 ? low : 32768;
  } catch {
    return 32768;
  }
}

const given = new Set<number>();

/** A free port between 10000 and the ephemeral range, not given before in this process. */
export async function stablePort(): Promise<number> {
  const low = 10_000;
  const high = ephemeralLow();
  for (let i = 0; i < 200; i++) {
    const port = low + Math.floor(Math.random() * (high - low));
    if (given.has(port) || (await tryListen(port, '0.0.0.0'))) continue; // taken on some interface
    given.add(port);
    return port;
  }
  throw new Error(`no free port found between ${low} and ${high}`);
}
