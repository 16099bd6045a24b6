import { sha256 } from '@noble/hashes/sha2';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils';

/**
 * The SHA-256 a co-signer's decision is bound to: of the exact UTF-8 bytes of the notice text.
 * No normalisation: a changed comma is a changed text. Pure JavaScript (@noble/hashes, audited, no
 * dependencies), so the domain needs no Node built-in; 1.x because 2.x is ESM-only, which jest
 * cannot load from our CommonJS code on Node 20.
 */
export function sha256Hex(text: string): string {
  return bytesToHex(sha256(utf8ToBytes(text)));
}

export const noticeSha256 = sha256Hex;

/** A SHA-256 as this system writes it: 64 lowercase hex digits. */
export const SHA256_HEX = /^[0-9a-f]{64}$/;
