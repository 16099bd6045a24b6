import { createHash } from 'node:crypto';

/**
 * The SHA-256 a co-signer's decision is bound to: of the exact UTF-8 bytes of the notice text.
 * No normalisation: a changed comma is a changed text. (Not for workflow code: it uses node:crypto.)
 */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export const noticeSha256 = sha256Hex;
