import { createHmac, timingSafeEqual } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DomainError } from '@app/core';
import { Subject } from 'rxjs';
import type { DataSource, EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import type { JwtKey } from './jwt-key.js';
import { readRows, rowMapper } from '../database/rows.js';
import { JWT_KEY, type SessionRef } from './token.service.js';

const versionRow = rowMapper('auth_staff_version', { version: 'int' });
const openedRow = rowMapper('auth_session', { id: 'text', expires_at: 'timestamp', expires_in: 'int' });
const refreshedRow = rowMapper('auth_session', { staff_id: 'text', generation: 'int', expires_at: 'timestamp', expires_in: 'int', live: 'bool', in_grace: 'bool?' });
const liveRow = rowMapper('auth_session', { staff_id: 'text', live: 'bool' });
const endedRow = rowMapper('auth_session', { staff_id: 'text' });

/** How long a process trusts what it last read of a session: a change elsewhere is seen within this. */
export const SESSION_CHECK_MS = 5_000;
/** Two tabs refreshing at once present the same token: the one just replaced is honoured this long. */
export const REFRESH_REUSE_GRACE_SECONDS = 10;

export interface OpenedSession {
  sessionId: string;
  refreshToken: string;
  expiresAt: Date;
  /** Seconds left until expiresAt, by the database's clock (the cookie's Max-Age). */
  expiresInSeconds: number;
}

export interface RefreshedSession extends OpenedSession {
  staffId: string;
}

/** A session ended in this process (one session, or every session of a staff member). */
export interface SessionEnded {
  staffId: string;
  sessionId?: string;
}

type EndReason = 'logout' | 'logout_all' | 'deactivated' | 'roles_changed' | 'password_changed' | 'refresh_reuse';

const REFRESH_TOKEN = /^([0-9a-f-]{36})\.(\d{1,9})\.([A-Za-z0-9_-]{43})$/;

const invalidRefresh = () => new DomainError('AUTH.INVALID_REFRESH_TOKEN', 'the refresh token is invalid, expired or ended; log in again', 'unauthenticated');

/**
 * Revocable sessions. A login opens a session (a row) that lasts REFRESH_TTL_HOURS; its access tokens
 * name it, and its refresh token is rotated on every use. A session ends at logout, and every session of
 * a staff member ends when their token version is bumped (deactivation, role change, new password,
 * logout everywhere): a session opened under an older version is dead even if opened concurrently.
 *
 * The guard asks `isLive` on every request; the answer is cached for SESSION_CHECK_MS, so every replica
 * sees an end within seconds without Redis, and an end in this process is seen at once.
 */
@Injectable()
export class SessionService {
  private readonly refreshKey: Buffer;
  private readonly cache = new Map<string, { live: boolean; staffId: string; at: number }>();
  private readonly loading = new Map<string, Promise<{ live: boolean; staffId: string } | null>>();
  /** Staff whose sessions were ended in a transaction that may not have committed yet: read, never cached. */
  private readonly unsettled = new Map<string, number>();
  private epoch = 0;
  private readonly ended = new Subject<SessionEnded>();
  /** Ends seen in this process, as they happen (the alert stream closes on them). */
  readonly ended$ = this.ended.asObservable();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(JWT_KEY) jwtKey: JwtKey,
    private readonly config: AppConfig,
  ) {
    this.refreshKey = createHmac('sha256', jwtKey.key).update('service-window refresh token v1').digest();
  }

  /** The staff member's token version. Read it before their roles, then open() with it (see open). */
  async currentVersion(staffId: string, m: EntityManager = this.db.manager): Promise<number> {
    const [row] = readRows(versionRow, await m.query('SELECT version FROM auth_staff_version WHERE staff_id = $1', [staffId]));
    return row?.version ?? 0;
  }

  /**
   * Opens a session under `version`, read before the claims the caller puts in its tokens: if the roles
   * change in between, the version has moved on and the session is dead from the start.
   */
  async open(staffId: string, version: number, address: string): Promise<OpenedSession> {
    const [row] = readRows(
      openedRow,
      await this.db.query(
      `INSERT INTO auth_session (id, staff_id, version, generation, created_at, expires_at, address)
       VALUES (gen_random_uuid(), $1, $2, 0, now(), now() + make_interval(hours => $3), $4)
       RETURNING id, expires_at, floor(extract(epoch FROM expires_at - now()))::int AS expires_in`,
      [staffId, version, this.config.REFRESH_TTL_HOURS, address],
      ),
    );
    // Sessions of this staff member that ended more than a day ago are of no further use.
    await this.db.query(`DELETE FROM auth_session WHERE staff_id = $1 AND expires_at < now() - interval '1 day'`, [staffId]);
    return { sessionId: row!.id, refreshToken: this.refreshToken(row!.id, 0), expiresAt: row!.expires_at, expiresInSeconds: row!.expires_in };
  }

  /**
   * Rotates a refresh token: the next one replaces it. A token already replaced (stolen, or replayed)
   * ends the whole session, except the one just replaced within REFRESH_REUSE_GRACE_SECONDS, which gets
   * the current token again (two tabs refreshing at once).
   */
  async refresh(refreshToken: string): Promise<RefreshedSession> {
    const match = REFRESH_TOKEN.exec(refreshToken);
    if (!match) throw invalidRefresh();
    const [, sessionId, generationText, mac] = match as unknown as [string, string, string, string];
    const generation = Number(generationText);
    const expected = this.mac(sessionId, generation);
    if (!timingSafeEqual(Buffer.from(mac), Buffer.from(expected))) throw invalidRefresh();

    const outcome = await this.db.transaction(async (m) => {
      const [session] = readRows(
        refreshedRow,
        await m.query(
        `SELECT s.staff_id, s.generation, s.expires_at, floor(extract(epoch FROM s.expires_at - now()))::int AS expires_in, s.version = COALESCE(v.version, 0) AND s.revoked_at IS NULL AND s.expires_at > now() AS live,
                s.rotated_at > now() - make_interval(secs => $2) AS in_grace
           FROM auth_session s LEFT JOIN auth_staff_version v ON v.staff_id = s.staff_id
          WHERE s.id = $1 FOR UPDATE OF s`,
        [sessionId, REFRESH_REUSE_GRACE_SECONDS],
        ),
      );
      if (!session || !session.live || generation > session.generation) return null;
      if (generation < session.generation) {
        if (generation === session.generation - 1 && session.in_grace) {
          return { kind: 'live' as const, staffId: session.staff_id, generation: session.generation, expiresAt: session.expires_at, expiresIn: session.expires_in };
        }
        await this.endIn(m, sessionId, 'refresh_reuse');
        return { kind: 'reused' as const, staffId: session.staff_id };
      }
      await m.query('UPDATE auth_session SET generation = generation + 1, rotated_at = now() WHERE id = $1', [sessionId]);
      return { kind: 'live' as const, staffId: session.staff_id, generation: generation + 1, expiresAt: session.expires_at, expiresIn: session.expires_in };
    });
    if (outcome?.kind === 'reused') {
      this.forget({ staffId: outcome.staffId, sessionId });
      throw new DomainError('AUTH.REFRESH_TOKEN_REUSED', 'this refresh token was already used: the session is ended; log in again', 'unauthenticated');
    }
    if (!outcome) throw invalidRefresh();
    return {
      sessionId,
      staffId: outcome.staffId,
      refreshToken: this.refreshToken(sessionId, outcome.generation),
      expiresAt: outcome.expiresAt,
      expiresInSeconds: outcome.expiresIn,
    };
  }

  /** The session a refresh token belongs to, if the token is genuine (for logout with an expired access token). */
  sessionOfRefreshToken(refreshToken: string): string | null {
    const match = REFRESH_TOKEN.exec(refreshToken);
    if (!match) return null;
    const expected = this.mac(match[1]!, Number(match[2]));
    return timingSafeEqual(Buffer.from(match[3]!), Buffer.from(expected)) ? match[1]! : null;
  }

  /** Ends one session (logout). */
  /** The staff member whose session it was, or null when it had ended already. */
  async end(sessionId: string, reason: EndReason = 'logout'): Promise<string | null> {
    const staffId = await this.endIn(this.db.manager, sessionId, reason);
    if (staffId) this.forget({ staffId, sessionId });
    return staffId ?? null;
  }

  /**
   * Ends every session of a staff member by bumping their token version, in the caller's transaction
   * (deactivation, role change, new password: the change and the end commit together).
   */
  async endAll(staffId: string, reason: EndReason, m: EntityManager = this.db.manager): Promise<void> {
    await m.query(
      `INSERT INTO auth_staff_version (staff_id, version) VALUES ($1, 1)
       ON CONFLICT (staff_id) DO UPDATE SET version = auth_staff_version.version + 1`,
      [staffId],
    );
    await m.query(
      `UPDATE auth_session SET revoked_at = now(), revoked_reason = $2 WHERE staff_id = $1 AND revoked_at IS NULL`,
      [staffId, reason],
    );
    // Until the caller commits, another request would still read the session as live: do not cache it.
    const now = performance.now();
    this.prune(now);
    this.unsettled.set(staffId, now + SESSION_CHECK_MS);
    this.forget({ staffId });
  }

  /** Whether the session of an access token is still live (not ended, not expired, version current). */
  async isLive(session: Pick<SessionRef, 'id' | 'staffId'>): Promise<boolean> {
    const hit = this.cache.get(session.id);
    if (hit && performance.now() - hit.at < SESSION_CHECK_MS) return hit.live && hit.staffId === session.staffId;
    let pending = this.loading.get(session.id);
    if (!pending) {
      pending = this.load(session.id).finally(() => this.loading.delete(session.id));
      this.loading.set(session.id, pending);
    }
    const state = await pending;
    return state !== null && state.live && state.staffId === session.staffId;
  }

  private async load(sessionId: string): Promise<{ live: boolean; staffId: string } | null> {
    const epoch = this.epoch;
    const [row] = readRows(
      liveRow,
      await this.db.query(
      `SELECT s.staff_id, s.revoked_at IS NULL AND s.expires_at > now() AND s.version = COALESCE(v.version, 0) AS live
         FROM auth_session s LEFT JOIN auth_staff_version v ON v.staff_id = s.staff_id
        WHERE s.id = $1`,
      [sessionId],
      ),
    );
    if (!row) return null;
    const state = { live: row.live, staffId: row.staff_id };
    const now = performance.now();
    // An end seen while this read was under way may not be in what it read: cache nothing then.
    if (epoch === this.epoch && !((this.unsettled.get(row.staff_id) ?? 0) > now)) {
      if (this.cache.size >= 50_000) this.prune(now);
      this.cache.set(sessionId, { ...state, at: now });
    }
    return state;
  }

  private async endIn(m: EntityManager, sessionId: string, reason: EndReason): Promise<string | undefined> {
    const [row] = readRows(
      endedRow,
      await m.query(`UPDATE auth_session SET revoked_at = now(), revoked_reason = $2 WHERE id = $1 AND revoked_at IS NULL RETURNING staff_id`, [
        sessionId,
        reason,
      ]),
    );
    return row?.staff_id;
  }

  private forget(ended: SessionEnded): void {
    this.epoch += 1;
    if (ended.sessionId) this.cache.delete(ended.sessionId);
    else for (const [id, entry] of this.cache) if (entry.staffId === ended.staffId) this.cache.delete(id);
    this.ended.next(ended);
  }

  private prune(now: number): void {
    for (const [id, entry] of this.cache) if (now - entry.at >= SESSION_CHECK_MS) this.cache.delete(id);
    for (const [staffId, until] of this.unsettled) if (until <= now) this.unsettled.delete(staffId);
  }

  private mac(sessionId: string, generation: number): string {
    return createHmac('sha256', this.refreshKey).update(`${sessionId}.${generation}`).digest('base64url');
  }

  private refreshToken(sessionId: string, generation: number): string {
    return `${sessionId}.${generation}.${this.mac(sessionId, generation)}`;
  }
}
