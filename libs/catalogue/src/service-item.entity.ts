import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** An administrative licence (行政许可) or another service: a refusal after acceptance is titled by it. */
export const SERVICE_ITEM_KINDS = ['licensing', 'other'] as const;
export type ServiceItemKind = (typeof SERVICE_ITEM_KINDS)[number];
import type { LimitUnit } from '@app/core';

export interface RequiredMaterial {
  /** Stable within the service item (M1, M2, …): the window ticks it, notices compare it. */
  id: string;
  name: string;
  form: 'original' | 'copy' | 'original_and_copy';
  copies: number;
  notes?: string;
}

/** A service item (办事事项) with its published commitment (服务承诺制, 政务公开). */
@Entity('service_item')
export class ServiceItem {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'unit_id', type: 'uuid' }) unitId: string;
  @Column() code: string;
  @Column() name: string;
  @Column({ name: 'office_id', type: 'uuid' }) officeId: string;
  @Column({ name: 'legal_basis' }) legalBasis: string;
  @Column({ type: 'text', default: '' }) conditions: string;
  @Column({ name: 'statutory_limit_amount', type: 'int' }) statutoryLimitAmount: number;
  @Column({ name: 'statutory_limit_unit', type: 'text' }) statutoryLimitUnit: LimitUnit;
  @Column({ name: 'committed_limit_amount', type: 'int' }) committedLimitAmount: number;
  @Column({ name: 'committed_limit_unit', type: 'text' }) committedLimitUnit: LimitUnit;
  @Column({ type: 'jsonb' }) materials: RequiredMaterial[];
  @Column({ type: 'jsonb' }) procedure: string[];
  /** Fee in fen (分); 0 when free. */
  @Column({ name: 'fee_fen', type: 'int' }) feeFen: number;
  @Column({ name: 'fee_basis', type: 'text', default: '' }) feeBasis: string;
  /** A handler may refuse this item on their own authority (else a leader decides, 否定报备制). */
  @Column({ name: 'rejection_within_authority', default: false }) rejectionWithinAuthority: boolean;
  /** Working hours a leader has to decide a refusal beyond the handler's authority. */
  @Column({ name: 'rejection_decision_hours', type: 'int', default: 8 }) rejectionDecisionHours: number;
  /** 行政许可 (licensing) or another service; null when never said. */
  @Column({ type: 'text', nullable: true }) kind: ServiceItemKind | null;
  @Column({ default: true }) active: boolean;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
