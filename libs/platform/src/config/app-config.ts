import { plainToInstance, Transform } from 'class-transformer';
import { IsIn, IsInt, IsNumber, IsOptional, IsString, Matches, Max, Min, MinLength, ValidateBy, validateSync } from 'class-validator';
import { isIP } from 'node:net';

export const QUEUE_BACKENDS = ['redis', 'postgres'] as const;
export type QueueBackend = (typeof QUEUE_BACKENDS)[number];

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** What Fastify's trustProxy takes: trust no proxy, every proxy, this many hops, or these addresses/CIDRs. */
export type TrustProxy = boolean | number | string[];

function parseTrustProxy(value: unknown): unknown {
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  if (typeof value !== 'string') return value;
  if (/^\d+$/.test(value)) return Number(value);
  const list = value.split(',').map((a) => a.trim());
  // Each an IPv4 or IPv6 address, with an optional /prefix; anything else is refused by name below.
  return list.every((a) => {
    const [address, prefix, extra] = a.split('/');
    const version = isIP(address ?? '');
    if (version === 0 || extra !== undefined) return false;
    return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128));
  })
    ? list
    : null;
}

/** Everything the service reads from the environment, validated once at start-up (STYLE.md rule 6). */
export class AppConfig {
  @Transform(({ value }) => (value === undefined ? 3000 : Number(value)))
  @IsInt()
  @Min(1)
  @Max(65535)
  PORT: number;

  /** The worker's port: it serves /health (and /metrics) there, no API. */
  @Transform(({ value }) => (value === undefined ? 3001 : Number(value)))
  @IsInt()
  @Min(1)
  @Max(65535)
  WORKER_PORT: number;

  /** An internal port where the api serves /metrics without a token (for Prometheus); unset: admins only, on PORT. */
  @IsOptional()
  @Transform(({ value }) => (value === undefined || value === '' ? undefined : Number(value)))
  @IsInt()
  @Min(1)
  @Max(65535)
  METRICS_PORT?: number;

  @Transform(({ value }) => value ?? 'postgres://postgres@127.0.0.1:5432/service_window')
  @Matches(/^postgres(ql)?:\/\/[^/\s]+\/[A-Za-z0-9_]+(\?\S*)?$/, {
    message: 'DATABASE_URL must be postgres://user[:password]@host[:port]/database',
  })
  DATABASE_URL: string;

  @Transform(({ value }) => value ?? 'redis://127.0.0.1:6379')
  @Matches(/^rediss?:\/\/\S+$/, { message: 'REDIS_URL must be redis://[user:password@]host[:port][/db]' })
  REDIS_URL: string;

  /**
   * Where the deadline queue and the alert stream run: `redis`, or `postgres` (BullMQ's PostgreSQL backend
   * and LISTEN/NOTIFY, in the service's own database). Unset: `redis` when REDIS_URL is set or a Redis
   * answers at the default address at start-up, else `postgres` (see chooseQueueBackend).
   */
  @IsOptional()
  @IsIn(QUEUE_BACKENDS, { message: 'QUEUE_BACKEND must be redis or postgres' })
  QUEUE_BACKEND?: QueueBackend;

  /** Not read from the environment: why QUEUE_BACKEND is what it is, for the start-up log. */
  queueBackendReason?: string;

  /** BullMQ key prefix; no ':' because it is part of every Redis key. */
  @Transform(({ value }) => value ?? 'sw')
  @Matches(/^[A-Za-z0-9_-]{1,40}$/, { message: 'QUEUE_PREFIX must be 1-40 letters, digits, _ or -' })
  QUEUE_PREFIX: string;

  @Transform(({ value }) => value ?? 'info')
  @IsIn(LOG_LEVELS)
  LOG_LEVEL: (typeof LOG_LEVELS)[number];

  @Transform(({ value }) => value ?? 'development')
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test';

  /**
   * The key access tokens are signed with. When not given, the installation's own random key under
   * DATA_DIR is used (made on first start outside production, with a warning; production needs one).
   */
  @IsOptional()
  @IsString()
  @MinLength(32)
  JWT_SECRET?: string;

  /** Where this installation keeps what it makes for itself (the generated JWT key). Git-ignored. */
  @Transform(({ value }) => value ?? '.data')
  @IsString()
  @MinLength(1)
  DATA_DIR: string;

  /**
   * The key of the audit chain's HMAC (32 or more characters). When not given, the installation's own
   * random key under DATA_DIR is used (made on first start outside production). Never in the database.
   */
  @IsOptional()
  @IsString()
  @MinLength(32)
  AUDIT_CHAIN_KEY?: string;

  /** The Ed25519 key audit checkpoints are signed with: a PKCS#8 PEM, or the 32-byte seed in base64. Same fallback as AUDIT_CHAIN_KEY. */
  @IsOptional()
  @ValidateBy({
    name: 'ed25519Key',
    validator: {
      validate: (v: unknown) => typeof v === 'string' && (/^-----BEGIN PRIVATE KEY-----[\s\S]+-----END PRIVATE KEY-----\s*$/.test(v.trim()) || Buffer.from(v, 'base64').length === 32),
      defaultMessage: () => 'AUDIT_SIGNING_KEY must be an Ed25519 private key in PKCS#8 PEM, or its 32-byte seed in base64',
    },
  })
  AUDIT_SIGNING_KEY?: string;

  /** How often the worker seals new audit entries into their unit's chain, in milliseconds (0: at start-up and on demand only). */
  @Transform(({ value }) => (value === undefined ? 500 : Number(value)))
  @IsInt()
  @Min(0)
  @Max(60_000)
  AUDIT_SEAL_INTERVAL_MS: number;

  /** Minutes between signed checkpoints of a chain that moved (one is also made at the end of each day). */
  @Transform(({ value }) => (value === undefined ? 60 : Number(value)))
  @IsInt()
  @Min(1)
  @Max(24 * 60)
  AUDIT_CHECKPOINT_MINUTES: number;

  /** How long a login lasts without a new password: the refresh token's absolute lifetime (a working day). */
  @Transform(({ value }) => (value === undefined ? 12 : Number(value)))
  @IsInt()
  @Min(1)
  @Max(24 * 30)
  REFRESH_TTL_HOURS: number;

  /** Citizens' lookups by receipt number and code (no login) allowed per client address per minute. */
  @Transform(({ value }) => (value === undefined ? 60 : Number(value)))
  @IsInt()
  @Min(1)
  @Max(100_000)
  PUBLIC_LOOKUPS_PER_MINUTE: number;

  /** Which reverse proxies are believed about the client's address (X-Forwarded-For): false, true, a hop count, or addresses/CIDRs. */
  @Transform(({ value }) => parseTrustProxy(value))
  @ValidateBy({
    name: 'trustProxy',
    validator: {
      validate: (v: unknown) => typeof v === 'boolean' || (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 100) || Array.isArray(v),
      defaultMessage: () => 'TRUST_PROXY must be false, true, a hop count or a comma-separated list of addresses or CIDRs',
    },
  })
  TRUST_PROXY: TrustProxy;

  @Transform(({ value }) => (value === undefined ? 900 : Number(value)))
  @IsInt()
  @Min(60)
  @Max(86400)
  JWT_TTL_SECONDS: number;

  /** Working hours of the service windows, Asia/Shanghai, e.g. 09:00-12:00,13:30-17:30. */
  @Transform(({ value }) => value ?? '09:00-12:00,13:30-17:30')
  @Matches(/^\d{2}:\d{2}-\d{2}:\d{2}(,\d{2}:\d{2}-\d{2}:\d{2})*$/, {
    message: 'BUSINESS_HOURS must look like 09:00-12:00,13:30-17:30',
  })
  BUSINESS_HOURS: string;

  /** Share of a case's committed time after which the yellow warning fires. */
  @Transform(({ value }) => (value === undefined ? 2 / 3 : Number(value)))
  @IsNumber({ allowNaN: false })
  @Min(0.05)
  @Max(0.95)
  WARNING_FRACTION: number;

  /** The warning fires at least this many working minutes before the due time. */
  @Transform(({ value }) => (value === undefined ? 60 : Number(value)))
  @IsInt()
  @Min(0)
  @Max(10_000)
  WARNING_LEAD_MINUTES: number;

  /** Overdue ladder after the due time: working days (d), hours (h), minutes (m) or plain seconds (s). */
  @Transform(({ value }) => value ?? 'office_head:0d,leader:1d,inspector:2d')
  @Matches(/^(office_head|leader|inspector):\d+[dhms](,(office_head|leader|inspector):\d+[dhms]){2}$/, {
    message: 'OVERDUE_LADDER must look like office_head:0d,leader:1d,inspector:2d',
  })
  OVERDUE_LADDER: string;

  /** How often the worker sweeps for steps that should have fired (0: only at start-up). */
  @Transform(({ value }) => (value === undefined ? 60 : Number(value)))
  @IsInt()
  @Min(0)
  @Max(3600)
  SWEEP_INTERVAL_SECONDS: number;

  /**
   * Redis holds delayed jobs only for the steps due within this many minutes; the sweep adds the later ones
   * as they come within it. Redis then grows with the day's work, not the backlog, and a wipe costs seconds.
   */
  @Transform(({ value }) => (value === undefined ? 1440 : Number(value)))
  @IsInt()
  @Min(10)
  @Max(525_600)
  TIMER_HORIZON_MINUTES: number;

  /** Seconds between heartbeats on an idle alert stream, so that proxies keep it open. */
  @Transform(({ value }) => (value === undefined ? 25 : Number(value)))
  @IsInt()
  @Min(1)
  @Max(300)
  ALERT_HEARTBEAT_SECONDS: number;

  /** 首问负责制: working hours the target of a transferred enquiry has to acknowledge it (推诿 after that). */
  @Transform(({ value }) => (value === undefined ? 4 : Number(value)))
  @IsInt()
  @Min(1)
  @Max(40)
  TRANSFER_ACK_WORKING_HOURS: number;

  /** 限时办结制: working days a leader has to decide a case's extension request (then the same ladder). */
  @Transform(({ value }) => (value === undefined ? 1 : Number(value)))
  @IsInt()
  @Min(1)
  @Max(10)
  EXTENSION_DECISION_WORKING_DAYS: number;

  /** 投诉/举报: working days a handler has to reply to a registered complaint or report (as for 12345 tickets). */
  @Transform(({ value }) => (value === undefined ? 15 : Number(value)))
  @IsInt()
  @Min(1)
  @Max(60)
  COMPLAINT_WORKING_DAYS: number;

  /**
   * The CJK font printed documents are set in: a .ttf, .otf or a .ttc/.otc collection. Unset: Noto Sans SC
   * from the npm package @embedpdf/fonts-sc, which `npm ci` brings, so every machine prints.
   */
  @IsOptional()
  @Matches(/^\/\S(.*\S)?\.(ttf|otf|ttc|otc)$/i, { message: 'PDF_FONT_PATH must be an absolute path to a .ttf, .otf, .ttc or .otc font file' })
  PDF_FONT_PATH?: string;

  /** The PostScript name of the font to use when PDF_FONT_PATH is a collection (e.g. WenQuanYiMicroHei, NotoSansCJKsc-Regular). */
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,63}$/, { message: 'PDF_FONT_NAME must be a PostScript font name: letters, digits, - or _' })
  PDF_FONT_NAME?: string;
}

/** The variables read, in one place, so that unrelated environment variables are never read. */
export const CONFIG_KEYS = [
  'PORT',
  'WORKER_PORT',
  'METRICS_PORT',
  'DATABASE_URL',
  'REDIS_URL',
  'QUEUE_BACKEND',
  'QUEUE_PREFIX',
  'LOG_LEVEL',
  'NODE_ENV',
  'JWT_SECRET',
  'JWT_TTL_SECONDS',
  'DATA_DIR',
  'REFRESH_TTL_HOURS',
  'AUDIT_CHAIN_KEY',
  'AUDIT_SIGNING_KEY',
  'AUDIT_SEAL_INTERVAL_MS',
  'AUDIT_CHECKPOINT_MINUTES',
  'TRUST_PROXY',
  'PUBLIC_LOOKUPS_PER_MINUTE',
  'BUSINESS_HOURS',
  'WARNING_FRACTION',
  'WARNING_LEAD_MINUTES',
  'OVERDUE_LADDER',
  'SWEEP_INTERVAL_SECONDS',
  'TIMER_HORIZON_MINUTES',
  'TRANSFER_ACK_WORKING_HOURS',
  'EXTENSION_DECISION_WORKING_DAYS',
  'COMPLAINT_WORKING_DAYS',
  'ALERT_HEARTBEAT_SECONDS',
  'PDF_FONT_PATH',
  'PDF_FONT_NAME',
] as const;

/** Never echoed in an error message. */
const SECRETS = new Set(['JWT_SECRET', 'AUDIT_CHAIN_KEY', 'AUDIT_SIGNING_KEY']);

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

/** Reads and validates the environment; throws a ConfigError naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined>): AppConfig {
  const raw: Record<string, string | undefined> = {};
  for (const key of CONFIG_KEYS) raw[key] = env[key] === '' ? undefined : env[key];
  const config = plainToInstance(AppConfig, raw);
  const errors = validateSync(config, { forbidUnknownValues: true });
  if (errors.length > 0) {
    throw new ConfigError(
      errors.map((e) => {
        const got = SECRETS.has(e.property) ? 'a hidden value' : JSON.stringify(raw[e.property] ?? null);
        return `${e.property}: ${Object.values(e.constraints ?? {}).join('; ')} (got ${got})`;
      }),
    );
  }
  if (config.QUEUE_BACKEND) config.queueBackendReason = 'QUEUE_BACKEND is set';
  else if (raw.REDIS_URL !== undefined) {
    config.QUEUE_BACKEND = 'redis';
    config.queueBackendReason = 'REDIS_URL is set';
  }
  return config;
}

/** For a process's main: the configuration, or an exit with EX_CONFIG (78) naming every bad variable. */
export function loadConfigOrExit(env: Record<string, string | undefined>): AppConfig {
  try {
    return loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(78);
    }
    throw e;
  }
}
