import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import { DomainError, type Actor } from '@app/core';
import { CurrentActor, Roles } from '../auth/auth.decorators.js';
import { PublicLookup } from '../throttle/public-lookup.guard.js';
import { checkpointText } from './audit-chain.js';
import { AuditSealer } from './audit-sealer.js';
import { AuditService } from './audit.service.js';

class CheckpointQuery {
  @IsUUID() unit: string;
}

/** The inspector checks the unit's audit trail: intact, or the first entry or checkpoint that breaks it. */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('api/v1/audit')
export class AuditController {
  constructor(
    private readonly audit: AuditService,
    private readonly sealer: AuditSealer,
  ) {}

  /** The caller's unit. What has committed is sealed first (unless the worker is sealing now); the rest is the unsealed tail. */
  @Get('verify')
  @Roles('inspector', 'admin')
  async verify(@CurrentActor() actor: Actor) {
    await this.sealer.sealNow();
    return this.audit.verify(actor.unitId);
  }
}

/**
 * The latest signed checkpoint of a unit's audit trail, for anyone: once published, a history rewritten
 * afterwards no longer matches it. With the exact signed text and the public key, so that it can be
 * checked without this service (e.g. `openssl pkeyutl -verify -rawin`).
 */
@ApiTags('public')
@Controller('api/v1/public/audit')
export class PublicAuditController {
  constructor(private readonly audit: AuditService) {}

  @Get('checkpoints/latest')
  @PublicLookup()
  async latest(@Query() q: CheckpointQuery) {
    const c = await this.audit.latestCheckpoint(q.unit);
    if (!c) throw new DomainError('AUDIT.NO_CHECKPOINT', `unit ${q.unit} has no audit checkpoint`, 'not_found', 'unit');
    const key = this.audit.publicKey();
    return {
      ...c,
      algorithm: 'Ed25519',
      signedText: checkpointText({ chain: c.unitId, seq: c.sequence, hash: c.hash, at: c.at }),
      publicKey: key.pem,
    };
  }
}
