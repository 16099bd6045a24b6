/**
 * The outbox writers' wake (coalesced): one wake per window, shared by every call in it; a call
 * after the wake began gets a wake of its own; a failed wake fails each caller of its window.
 */
import { coalesced } from './dispatcher-client';

/** A wake that counts its calls and resolves (or fails) when told to. */
function recordingWake() {
  const calls: Array<{ resolve: () => void; reject: (err: Error) => void }> = [];
  const wake = () => new Promise<void>((resolve, reject) => calls.push({ resolve, reject }));
  return { calls, wake };
}

const settled = (p: Promise<unknown>) => p.then(() => 'woken', (err: Error) => `failed: ${err.message}`);
const until = async (cond: () => boolean) => {
  while (!cond()) await new Promise((r) => setTimeout(r, 1));
};

describe('coalesced wake', () => {
  it('calls in one window share one wake, which comes only after the window', async () => {
    const { calls, wake } = recordingWake();
    const wakeSoon = coalesced(wake, 20);
    const callers = [wakeSoon(), wakeSoon(), wakeSoon()];
    expect(calls).toHaveLength(0); // not at once: the window has not passed
    await until(() => calls.length === 1);
    calls[0].resolve();
    expect(await Promise.all(callers.map(settled))).toEqual(['woken', 'woken', 'woken']);
    expect(calls).toHaveLength(1);
  });

  it('a call once the wake has begun gets a wake of its own', async () => {
    const { calls, wake } = recordingWake();
    const wakeSoon = coalesced(wake, 5);
    const first = wakeSoon();
    await until(() => calls.length === 1);
    const second = wakeSoon(); // the first wake is in flight: this write may come after its look
    await until(() => calls.length === 2);
    calls[0].resolve();
    calls[1].resolve();
    expect([await settled(first), await settled(second)]).toEqual(['woken', 'woken']);
  });

  it('a failed wake fails every caller of its window, and the next window wakes again', async () => {
    const { calls, wake } = recordingWake();
    const wakeSoon = coalesced(wake, 5);
    const callers = [wakeSoon(), wakeSoon()];
    await until(() => calls.length === 1);
    calls[0].reject(new Error('unavailable'));
    expect(await Promise.all(callers.map(settled))).toEqual(['failed: unavailable', 'failed: unavailable']);
    const again = wakeSoon();
    await until(() => calls.length === 2);
    calls[1].resolve();
    expect(await settled(again)).toBe('woken');
  });
});
