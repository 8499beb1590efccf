import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Clock } from '@app/core';
import { Metrics, oneOf, readRows, rowMapper } from '@app/platform';
import { DataSource } from 'typeorm';
import { TIMER_KIND_NAMES } from './timer-kinds.js';

const countByKind = rowMapper('deadline_timer', { kind: oneOf(TIMER_KIND_NAMES), n: 'int' });

/** The clocks' state as Prometheus gauges, read from PostgreSQL (the record) when scraped. */
@Injectable()
export class DeadlineMetrics {
  constructor(@InjectDataSource() db: DataSource, clock: Clock, metrics: Metrics) {
    const byKind = async (sql: string, params: unknown[] = []) =>
      readRows(countByKind, await db.query(sql, params)).map((r) => ({ labels: { kind: r.kind }, value: r.n }));
    metrics.gauge('sw_steps_pending', 'Ladder steps of running clocks not fired yet, by clock kind', ['kind'], () =>
      byKind(
        `SELECT t.kind, count(*)::int AS n FROM deadline_step s JOIN deadline_timer t ON t.subject_id = s.subject_id
          WHERE s.fired_at IS NULL AND s.version = t.version AND t.state = 'running' GROUP BY t.kind`,
      ),
    );
    metrics.gauge('sw_overdue_open', 'Running clocks past their due time (cases, decisions, rectifications), by kind', ['kind'], () =>
      byKind(`SELECT kind, count(*)::int AS n FROM deadline_timer WHERE state = 'running' AND due_at < $1 GROUP BY kind`, [clock.now()]),
    );
  }
}
