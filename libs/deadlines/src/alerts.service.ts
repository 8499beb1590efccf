import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Clock, DomainError, pageOf, type Actor, type Page } from '@app/core';
import { returningRows } from '@app/platform';
import { DataSource } from 'typeorm';
import { alertView, type AlertRow, type AlertView } from './escalation.service.js';

/** Each staff member's inbox: the alerts of fired steps. */
@Injectable()
export class AlertsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  async list(actor: Actor, q: { unread?: boolean; page?: number; pageSize?: number }): Promise<Page<AlertView>> {
    const { page, pageSize, offset } = pageOf(q);
    const where = 'recipient_id = $1 AND (NOT $2 OR read_at IS NULL)';
    const [rows, [{ total }]] = (await Promise.all([
      this.db.query(`SELECT * FROM alert WHERE ${where} ORDER BY created_at DESC, id LIMIT $3 OFFSET $4`, [actor.id, q.unread ?? false, pageSize, offset]),
      this.db.query(`SELECT count(*)::int AS total FROM alert WHERE ${where}`, [actor.id, q.unread ?? false]),
    ])) as [AlertRow[], Array<{ total: number }>];
    return { items: rows.map(alertView), total, page, pageSize };
  }

  async markRead(actor: Actor, id: string): Promise<AlertView> {
    const [row] = returningRows<AlertRow>(
      await this.db.query(`UPDATE alert SET read_at = coalesce(read_at, $3) WHERE id = $1 AND recipient_id = $2 RETURNING *`, [
        id,
        actor.id,
        this.clock.now(),
      ]),
    );
    if (!row) throw DomainError.notFound('alert', id, 'id');
    return alertView(row);
  }
}
