import { Injectable } from '@nestjs/common';
import { DomainError } from '@app/core';
import { LoginThrottle, PasswordHasher, TokenService } from '@app/platform';
import { OrganizationService } from './organization.service.js';

/** Staff log in with username and password and get a short-lived access token. */
@Injectable()
export class LoginService {
  private dummyHash: Promise<string> | undefined;

  constructor(
    private readonly organization: OrganizationService,
    private readonly hasher: PasswordHasher,
    private readonly tokens: TokenService,
    private readonly throttle: LoginThrottle,
  ) {}

  async login(username: string, password: string, address: string): Promise<{ accessToken: string; tokenType: 'Bearer' }> {
    await this.throttle.admit(username, address);
    const account = await this.organization.findLogin(username);
    // Verify against a dummy hash when there is no account, so timing does not reveal which names exist.
    this.dummyHash ??= this.hasher.hash('no-such-account');
    const ok = await this.hasher.verify(account?.passwordHash ?? (await this.dummyHash), password);
    if (!account || !ok) {
      await this.throttle.recordFailure(username);
      throw new DomainError('AUTH.BAD_CREDENTIALS', 'wrong username or password', 'unauthenticated');
    }
    await this.throttle.recordSuccess(username);
    const accessToken = await this.tokens.issue({ id: account.id, unitId: account.unitId, roles: account.roles });
    return { accessToken, tokenType: 'Bearer' };
  }
}
