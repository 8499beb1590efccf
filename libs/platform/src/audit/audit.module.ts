import { Logger, Module, type Provider } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { AuditController, PublicAuditController } from './audit.controller.js';
import { AUDIT_KEYS, resolveAuditKeys } from './audit-keys.js';

/** The installation's audit keys, once per process; a key made on this start is worth a warning. */
export const auditKeysProvider: Provider = {
  provide: AUDIT_KEYS,
  inject: [AppConfig],
  useFactory: (config: AppConfig) => {
    const keys = resolveAuditKeys(config);
    for (const file of keys.created) {
      new Logger('Audit').warn(
        `an audit key was not configured: this installation's own was made in ${file}; keep it (and a copy away from the database) ` +
          'and give it to every replica, or set AUDIT_CHAIN_KEY and AUDIT_SIGNING_KEY',
      );
    }
    return keys;
  },
};

/** The audit routes: the api role only. */
@Module({ controllers: [AuditController, PublicAuditController] })
export class AuditHttpModule {}
