import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Actor } from '@app/core';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';

/** Which personal data of a subject a view shows in full. */
export type PersonalField = 'phone' | 'idNumber';

/**
 * Personal data reaches only those who need it (DESIGN.md section 6): each time a view discloses a
 * citizen's full phone or resident ID number, the audit trail says who saw whose, and when.
 */
@Injectable()
export class PersonalDataReads {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  async disclosed(actor: Actor, unitId: string, entity: string, entityId: string, fields: PersonalField[]): Promise<void> {
    if (fields.length === 0) return;
    // One INSERT: atomic on its own, no transaction around it.
    await this.audit.record(this.db.manager, { actor, unitId, action: 'personal_data.read', entity, entityId, after: { fields } });
  }
}
