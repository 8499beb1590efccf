import { createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { AppConfig } from '../config/app-config.js';

/** The signing key of access tokens, and whether it came from the installation's own file. */
export interface JwtKey {
  key: KeyObject;
  /** The file the secret was read from or written to; undefined when JWT_SECRET was given. */
  file?: string;
  created: boolean;
}

export const JWT_SECRET_FILE = 'jwt-secret';

export class JwtSecretMissingError extends Error {
  constructor(file: string) {
    super(`JWT_SECRET is not set and ${file} does not exist: production needs one of them (the same on every replica)`);
    this.name = 'JwtSecretMissingError';
  }
}

/**
 * JWT_SECRET when given; otherwise the installation's random secret kept in DATA_DIR/jwt-secret, made on
 * first start (never in production: a replica inventing its own key would refuse every other replica's
 * tokens). The KeyObject is made once: verifying with a string secret re-derives the key on every call.
 */
export function resolveJwtKey(config: AppConfig): JwtKey {
  if (config.JWT_SECRET) return { key: createSecretKey(Buffer.from(config.JWT_SECRET, 'utf8')), created: false };
  const file = resolve(join(config.DATA_DIR, JWT_SECRET_FILE));
  const existing = readSecret(file);
  if (existing) return { key: createSecretKey(Buffer.from(existing, 'utf8')), file, created: false };
  if (config.NODE_ENV === 'production') throw new JwtSecretMissingError(file);
  mkdirSync(resolve(config.DATA_DIR), { recursive: true, mode: 0o700 });
  // Written aside, then linked into place: when the api and the worker start together, the first link
  // wins whole and the other reads that secret (never a half-written file).
  const aside = `${file}.${process.pid}.tmp`;
  writeFileSync(aside, `${randomBytes(48).toString('base64url')}\n`, { mode: 0o600 });
  try {
    linkSync(aside, file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  } finally {
    unlinkSync(aside);
  }
  const made = readSecret(file);
  if (!made) throw new Error(`could not read the JWT secret just written to ${file}`);
  return { key: createSecretKey(Buffer.from(made, 'utf8')), file, created: true };
}

function readSecret(file: string): string | undefined {
  try {
    const secret = readFileSync(file, 'utf8').trim();
    if (secret.length < 32) throw new Error(`${file} holds fewer than 32 characters: delete it to have a new one made, or set JWT_SECRET`);
    return secret;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}
