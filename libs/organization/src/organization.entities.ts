import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { Role } from '@app/core';

/** An agency (机关单位): documents are numbered per unit and year. */
@Entity('unit')
export class Unit {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column() code: string;
  @Column() name: string;
  /** The principal leader (主要领导): a leader's late decision escalates to them. */
  @Column({ name: 'principal_id', type: 'uuid', nullable: true }) principalId: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

/** An office (股室) of a unit. */
@Entity('office')
export class Office {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'unit_id', type: 'uuid' }) unitId: string;
  @Column() name: string;
  @Column({ type: 'text', nullable: true }) phone: string | null;
  /** The leader in charge (分管领导): decides the office's refusals and extensions by default. */
  @Column({ name: 'leader_id', type: 'uuid', nullable: true }) leaderId: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

/** A staff member. Every document carries the name and badge number (持证上岗). */
@Entity('staff')
export class Staff {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'unit_id', type: 'uuid' }) unitId: string;
  @Column({ name: 'office_id', type: 'uuid', nullable: true }) officeId: string | null;
  @Column() username: string;
  @Column({ name: 'password_hash', select: false }) passwordHash: string;
  @Column() name: string;
  @Column({ name: 'badge_no' }) badgeNo: string;
  @Column({ type: 'text', nullable: true }) phone: string | null;
  @Column({ type: 'text', array: true }) roles: Role[];
  @Column({ default: true }) active: boolean;
  /** 入职: null when not recorded (employed since before the system). */
  @Column({ name: 'employed_from', type: 'timestamptz', nullable: true }) employedFrom: Date | null;
  @Column({ name: 'deactivated_at', type: 'timestamptz', nullable: true }) deactivatedAt: Date | null;
  @Column({ name: 'must_change_password', default: false }) mustChangePassword: boolean;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
