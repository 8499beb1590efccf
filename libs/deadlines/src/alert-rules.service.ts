import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Clock, type Actor } from '@app/core';
import { CalendarService } from '@app/calendar';
import { AppConfig, AuditService, ReadCache, readRows, rowMapper, SESSION_CHECK_MS } from '@app/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { installationRule, ladderOfRule, type AlertRule } from './alert-rule.js';
import { parseLadder, type Ladder } from './escalation-ladder.js';

const ruleRow = rowMapper('unit_alert_rule', {
  warning_share: 'decimal?',
  warning_before_due: 'text?',
  overdue_office_head: 'text',
  overdue_leader: 'text',
  overdue_inspector: 'text',
  updated_by: 'text',
  updated_at: 'timestamp',
});

export interface AlertRuleView extends AlertRule {
  /** unit: the unit's own rule; installation: none set, the installation's default applies. */
  source: 'unit' | 'installation';
  updatedBy: string | null;
  updatedAt: string | null;
}

/**
 * Each unit's 电子监察 thresholds, set by its admin and audited. A clock takes its unit's ladder when it
 * starts and keeps it (deadline_timer.ladder): a rule changed later applies to clocks started after, so
 * a running clock's warning neither jumps into the past (a stricter rule would fire at once, for every
 * open case) nor moves away after the handler saw it.
 */
@Injectable()
export class AlertRules {
  /** The installation's ladder, for units with no rule of their own. */
  readonly installation: Ladder;
  private readonly defaults: AlertRule;
  /** Each unit's ladder, asked by every clock that starts: kept as long as the guard trusts a session check. */
  private readonly ladders = new ReadCache<{ ladder: Ladder }>(SESSION_CHECK_MS);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly calendar: CalendarService,
    private readonly audit: AuditService,
    config: AppConfig,
  ) {
    this.installation = parseLadder(config.OVERDUE_LADDER, config.WARNING_FRACTION, config.WARNING_LEAD_MINUTES, calendar.workingHoursPerDay());
    this.defaults = installationRule(config.OVERDUE_LADDER, config.WARNING_FRACTION, config.WARNING_LEAD_MINUTES);
  }

  /** The ladder a clock of this unit starting now takes. */
  async ladderFor(m: EntityManager, unitId: string): Promise<Ladder> {
    const kept = await this.ladders.get(unitId, async () => {
      const [row] = readRows(ruleRow, await m.query('SELECT * FROM unit_alert_rule WHERE unit_id = $1', [unitId]));
      return { ladder: row ? ladderOfRule(rule(row), this.calendar.workingHoursPerDay()) : this.installation };
    });
    return kept!.ladder;
  }

  async view(unitId: string, m: EntityManager = this.db.manager): Promise<AlertRuleView> {
    const [row] = readRows(ruleRow, await m.query('SELECT * FROM unit_alert_rule WHERE unit_id = $1', [unitId]));
    if (!row) return { source: 'installation', ...this.defaults, updatedBy: null, updatedAt: null };
    return { source: 'unit', ...rule(row), updatedBy: row.updated_by, updatedAt: row.updated_at.toISOString() };
  }

  /** The unit's own rule, for clocks started from now on. */
  async set(actor: Actor, next: AlertRule): Promise<AlertRuleView> {
    ladderOfRule(next, this.calendar.workingHoursPerDay()); // refuses a bad rule before anything is written
    return this.ladders.writing(actor.unitId, () => this.db.transaction(async (m) => {
      const before = await this.view(actor.unitId, m);
      await m.query(
        `INSERT INTO unit_alert_rule (unit_id, warning_share, warning_before_due, overdue_office_head, overdue_leader, overdue_inspector, updated_by, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (unit_id) DO UPDATE SET warning_share = $2, warning_before_due = $3, overdue_office_head = $4, overdue_leader = $5,
           overdue_inspector = $6, updated_by = $7, updated_at = $8`,
        [actor.unitId, next.warningShare, next.warningBeforeDue, next.overdueOfficeHead, next.overdueLeader, next.overdueInspector, actor.id, this.clock.now()],
      );
      const after = await this.view(actor.unitId, m);
      await this.audit.record(m, { actor, unitId: actor.unitId, action: 'alert_rule.set', entity: 'unit', entityId: actor.unitId, before, after });
      return after;
    }));
  }

  /** Back to the installation's default, for clocks started from now on. */
  async reset(actor: Actor): Promise<AlertRuleView> {
    return this.ladders.writing(actor.unitId, () => this.db.transaction(async (m) => {
      const before = await this.view(actor.unitId, m);
      await m.query('DELETE FROM unit_alert_rule WHERE unit_id = $1', [actor.unitId]);
      const after = await this.view(actor.unitId, m);
      await this.audit.record(m, { actor, unitId: actor.unitId, action: 'alert_rule.reset', entity: 'unit', entityId: actor.unitId, before, after });
      return after;
    }));
  }

}

function rule(row: ReturnType<typeof ruleRow>): AlertRule {
  return {
    warningShare: row.warning_share,
    warningBeforeDue: row.warning_before_due,
    overdueOfficeHead: row.overdue_office_head,
    overdueLeader: row.overdue_leader,
    overdueInspector: row.overdue_inspector,
  };
}
