import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { AppConfig } from '../config/app-config.js';
import { AccessGuard } from './access.guard.js';
import { LoginThrottle } from './login-throttle.js';
import { PasswordHasher } from './password-hasher.js';
import { TokenService } from './token.service.js';

@Global()
@Module({
  imports: [
    JwtModule.registerAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        secret: config.JWT_SECRET,
        signOptions: { expiresIn: config.JWT_TTL_SECONDS, algorithm: 'HS256' },
      }),
    }),
  ],
  providers: [TokenService, PasswordHasher, LoginThrottle, { provide: APP_GUARD, useClass: AccessGuard }],
  exports: [TokenService, PasswordHasher, LoginThrottle],
})
export class AuthModule {}
