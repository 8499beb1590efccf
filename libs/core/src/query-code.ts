import { randomInt } from 'node:crypto';

/** No 0/O, 1/I: a citizen copies the code from paper. */
export const QUERY_CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/**
 * The 8-character code printed beside a public number (a case's receipt, an enquiry's reference): with
 * the number it lets a citizen look the record up or rate it, and nobody else.
 */
export function newQueryCode(): string {
  let code = '';
  for (let i = 0; i < 8; i++) code += QUERY_CODE_ALPHABET[randomInt(QUERY_CODE_ALPHABET.length)];
  return code;
}
