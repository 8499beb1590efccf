import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DomainError } from '@app/core';
import { AppConfig, AuditService, LoginThrottle, PasswordHasher, SessionService, TokenService, type OpenedSession } from '@app/platform';
import { DataSource } from 'typeorm';
import { OrganizationService, type AccountClaims } from './organization.service.js';

/** What a login, a refresh and a password change answer: a short access token and the session's refresh token. */
export interface SessionTokens {
  accessToken: string;
  tokenType: 'Bearer';
  /** Seconds the access token lives (JWT_TTL_SECONDS). */
  expiresIn: number;
  /** Rotated on every use; also sent as the HttpOnly cookie for the browser console. */
  refreshToken: string;
  /** When the session ends whatever happens (REFRESH_TTL_HOURS after login), and the seconds until then. */
  refreshExpiresAt: string;
  refreshExpiresIn: number;
  /** The password must be replaced (POST /api/v1/auth/password) before any other route answers. */
  mustChangePassword: boolean;
}

const badCredentials = () => new DomainError('AUTH.BAD_CREDENTIALS', 'wrong username or password', 'unauthenticated');

/** Staff log in with username and password and get a session: a short access token renewed by a refresh token. */
@Injectable()
export class LoginService {
  private dummyHash: Promise<string> | undefined;

  constructor(
    private readonly organization: OrganizationService,
    private readonly hasher: PasswordHasher,
    private readonly tokens: TokenService,
    private readonly sessions: SessionService,
    private readonly throttle: LoginThrottle,
    private readonly config: AppConfig,
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  async login(username: string, password: string, address: string): Promise<SessionTokens> {
    await this.throttle.admit(username, address);
    const account = await this.organization.findLogin(username);
    // Verify against a dummy hash when there is no account, so timing does not reveal which names exist.
    this.dummyHash ??= this.hasher.hash('no-such-account');
    const ok = await this.hasher.verify(account?.passwordHash ?? (await this.dummyHash), password);
    if (!account || !ok) {
      await this.throttle.recordFailure(username, address);
      // An unknown name joins the system chain: it belongs to no unit.
      await this.record(account?.unitId ?? null, 'auth.login_failed', account?.id ?? null, { username, address });
      throw badCredentials();
    }
    await this.throttle.recordSuccess(username, address);
    const tokens = await this.openSession(account.id, address);
    await this.record(account.unitId, 'auth.login', account.id, { address });
    return tokens;
  }

  /** A new access token for the session of a refresh token, which is replaced by the next one. */
  async refresh(refreshToken: string): Promise<SessionTokens> {
    const session = await this.sessions.refresh(refreshToken);
    const claims = await this.organization.accountClaims(session.staffId);
    if (!claims) {
      await this.sessions.end(session.sessionId, 'deactivated');
      throw badCredentials();
    }
    return this.tokensFor(claims, session);
  }

  /**
   * Ends the session named by a valid access token, else by a genuine refresh token (the console's
   * access token may have expired). False when neither names one.
   */
  async logout(bearer: string | undefined, refreshToken: string | undefined, address: string): Promise<boolean> {
    let sessionId: string | null = null;
    if (bearer) sessionId = await this.tokens.verify(bearer).then((v) => v.session.id, () => null);
    sessionId ??= refreshToken ? this.sessions.sessionOfRefreshToken(refreshToken) : null;
    if (!sessionId) return false;
    const staffId = await this.sessions.end(sessionId, 'logout');
    if (staffId) {
      const staff = await this.organization.getStaff(staffId).catch(() => null);
      await this.record(staff?.unitId ?? null, 'auth.logout', staffId, { address, sessionId });
    }
    return true;
  }

  /** Opens a session for a staff member who has just proven who they are. */
  async openSession(staffId: string, address: string): Promise<SessionTokens> {
    // The version first, then the claims: a change between the two leaves the session dead, never stale.
    const version = await this.sessions.currentVersion(staffId);
    const claims = await this.organization.accountClaims(staffId);
    if (!claims) throw badCredentials();
    return this.tokensFor(claims, await this.sessions.open(staffId, version, address));
  }

  /** Logins (either way) and logouts go to the audit trail with the client's address (TRUST_PROXY decides it). */
  private async record(unitId: string | null, action: string, staffId: string | null, after: Record<string, unknown>): Promise<void> {
    await this.db.transaction((m) =>
      this.audit.record(m, {
        actor: staffId && unitId ? { id: staffId, unitId, roles: [] } : null,
        unitId,
        action,
        entity: 'staff',
        entityId: staffId ?? String(after.username),
        after,
      }),
    );
  }

  private async tokensFor(
    claims: AccountClaims,
    session: OpenedSession,
  ): Promise<SessionTokens> {
    const accessToken = await this.tokens.issue({ id: claims.id, unitId: claims.unitId, roles: claims.roles }, session.sessionId, claims.mustChangePassword);
    return {
      accessToken,
      tokenType: 'Bearer',
      expiresIn: this.config.JWT_TTL_SECONDS,
      refreshToken: session.refreshToken,
      refreshExpiresAt: session.expiresAt.toISOString(),
      refreshExpiresIn: session.expiresInSeconds,
      mustChangePassword: claims.mustChangePassword,
    };
  }
}
