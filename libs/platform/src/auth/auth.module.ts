import { Global, Logger, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AppConfig } from '../config/app-config.js';
import { AccessGuard } from './access.guard.js';
import { resolveJwtKey } from './jwt-key.js';
import { LoginThrottle } from './login-throttle.js';
import { PasswordHasher } from './password-hasher.js';
import { SessionService } from './session.service.js';
import { JWT_KEY, TokenService } from './token.service.js';
import { PublicLookupGuard } from '../throttle/public-lookup.guard.js';
import { ThrottleCounters } from '../throttle/throttle-counters.js';

@Global()
@Module({
  providers: [
    {
      provide: JWT_KEY,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => {
        const key = resolveJwtKey(config);
        if (key.file) {
          new Logger('Auth').warn(
            `JWT_SECRET is not set: access tokens are signed with this installation's own key in ${key.file}` +
              `${key.created ? ' (just made)' : ''}; every replica must share it, so set JWT_SECRET when running more than one machine`,
          );
        }
        return key;
      },
    },
    TokenService,
    SessionService,
    PasswordHasher,
    LoginThrottle,
    ThrottleCounters,
    PublicLookupGuard,
    { provide: APP_GUARD, useClass: AccessGuard },
  ],
  exports: [TokenService, SessionService, PasswordHasher, LoginThrottle, ThrottleCounters, PublicLookupGuard],
})
export class AuthModule {}
