import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Clock, DomainError, pageOf, type Actor, type Page } from '@app/core';
import { OrganizationService } from '@app/organization';
import { AuditService, json, nullable, oneOf, readRows, readTotal, rowMapper } from '@app/platform';
import { ReportsService, zeroCounts } from '@app/reports';
import { DataSource, type EntityManager } from 'typeorm';
import { GRADES, type Grade } from './evaluation-rules.js';
import { EvaluationService } from './evaluation.service.js';
import type { ListEvaluationsQuery } from './evaluation.dto.js';
import { EVALUATION_STATUSES, endedPeriod, lockEvaluation, openDraft, recordStep, requireStep, saveScheme, type EvaluationStatus } from './evaluation-workflow.js';
import type { AspectScoresDto, OfficeSchemeDto, VerificationDto } from './office-evaluation.dto.js';
import {
  DEFAULT_OFFICE_WEIGHTS,
  OFFICE_GRADE_LABELS,
  aspectScore,
  citizensScore,
  isFailing,
  leadersScore,
  officeGrade,
  officeScheme,
  officeTotal,
  officeWeightsProblems,
  type AspectScores,
  type OfficeFigures,
  type OfficeScheme,
  type OfficeWeights,
} from './office-evaluation-rules.js';
import { figuresOf, officeFigures } from './office-figures.js';

const evaluationRow = rowMapper('office_evaluation', {
  id: 'text',
  unit_id: 'text',
  period: 'text',
  period_from: 'timestamp',
  period_to: 'timestamp',
  scheme: json<OfficeScheme>(),
  status: oneOf(EVALUATION_STATUSES),
  drafted_by: 'text',
  drafted_at: 'timestamp',
  reviewed_by: 'text?',
  reviewed_at: 'timestamp?',
  published_by: 'text?',
  published_at: 'timestamp?',
});
type EvaluationRow = ReturnType<typeof evaluationRow>;
const resultRow = rowMapper('office_evaluation_result', {
  office_id: 'text',
  figures: json<OfficeFigures>(),
  citizens: 'decimal?',
  leaders: 'decimal?',
  total: 'decimal?',
  grade: nullable(oneOf(GRADES)),
});
type ResultRow = ReturnType<typeof resultRow>;
const leaderRow = rowMapper('office_evaluation_leader_score', { office_id: 'text', leader_id: 'text', scores: json<AspectScores>(), scored_at: 'timestamp' });
type LeaderRow = ReturnType<typeof leaderRow>;
const weightsRow = rowMapper('office_evaluation_scheme', { scheme: json<OfficeWeights>() });
const verificationRow = rowMapper('office_verification', {
  office_id: 'text',
  opened_at: 'timestamp',
  finding: 'text?',
  follow_up: 'text?',
  verified_by: 'text?',
  verified_at: 'timestamp?',
});
type VerificationRow = ReturnType<typeof verificationRow>;

export interface OfficeResultView {
  office: { id: string; name: string };
  figures: OfficeFigures;
  /** 群众评议: the citizens' ratings of the office in the period. */
  citizens: { ratings: number; satisfaction: number | null; score: number | null };
  /** 领导评议: each leader's scores on the four aspects, and their mean. */
  leaders: { score: number | null; scores: Array<AspectScores & { leader: { id: string; name: string }; score: number; scoredAt: string }> };
  total: number | null;
  grade: Grade | null;
  gradeLabel: string | null;
  /** 组织核查 of a failing office, opened at publication. */
  verification: { openedAt: string; finding: string | null; followUp: string | null; verifiedBy: { id: string; name: string } | null; verifiedAt: string | null } | null;
}

export interface OfficeEvaluationView {
  id: string;
  unitId: string;
  period: string;
  from: string;
  to: string;
  status: EvaluationStatus;
  scheme: OfficeScheme;
  draftedBy: string;
  reviewedBy: string | null;
  publishedBy: string | null;
  publishedAt: string | null;
  results: OfficeResultView[];
}

/**
 * 对机关各部门的绩效考评: per office and period, the leaders' scores (领导评议) and the citizens' ratings
 * (群众评议) as separate parts of one total, drafted, reviewed and published like the staff evaluation;
 * a failing office is verified by an inspector (组织核查).
 */
@Injectable()
export class OfficeEvaluationService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly organization: OrganizationService,
    private readonly reports: ReportsService,
    private readonly staffEvaluation: EvaluationService,
    private readonly audit: AuditService,
  ) {}

  /** The unit's weights of the four aspects and of the leaders' part. */
  async weights(unitId: string, m: EntityManager = this.db.manager): Promise<OfficeWeights> {
    const [row] = readRows(weightsRow, await m.query('SELECT scheme FROM office_evaluation_scheme WHERE unit_id = $1', [unitId]));
    return row?.scheme ?? DEFAULT_OFFICE_WEIGHTS;
  }

  async setWeights(actor: Actor, dto: OfficeSchemeDto): Promise<OfficeWeights> {
    const weights: OfficeWeights = { aspectWeights: { ...dto.aspectWeights }, leadersShare: dto.leadersShare };
    const [problem] = officeWeightsProblems(weights);
    if (problem) throw new DomainError('EVALUATION.BAD_SCHEME', problem.message, 'invalid', problem.field);
    return this.db.transaction(async (m) => {
      await saveScheme(m, this.audit, 'office_evaluation_scheme', 'office_evaluation.scheme', actor, await this.weights(actor.unitId, m), weights, this.clock.now());
      return weights;
    });
  }

  /** Drafts a period that has ended: every office of the unit, with its figures and its citizens' score. */
  async draft(actor: Actor, period: string): Promise<OfficeEvaluationView> {
    const { from, to } = endedPeriod(period, this.clock.now());
    const [report, offices] = await Promise.all([this.reports.figures(actor.unitId, from, to), this.organization.listOffices(actor.unitId)]);
    const figures = officeFigures(report.rows);
    const id = await this.db.transaction(async (m) => {
      const scheme = officeScheme(await this.staffEvaluation.scheme(actor.unitId, m), await this.weights(actor.unitId, m));
      const evaluationId = await openDraft(m, 'office_evaluation', actor, period, { from, to }, scheme, this.clock.now());
      const rows = offices.map((o) => {
        const f = figures.get(o.id) ?? figuresOf(zeroCounts());
        return { officeId: o.id, figures: f, citizens: citizensScore(f) };
      });
      await m.query(
        `INSERT INTO office_evaluation_result (evaluation_id, office_id, figures, citizens)
         SELECT $1, r.office_id, r.figures, r.citizens FROM unnest($2::uuid[], $3::jsonb[], $4::numeric[]) AS r(office_id, figures, citizens)`,
        [evaluationId, rows.map((r) => r.officeId), rows.map((r) => JSON.stringify(r.figures)), rows.map((r) => r.citizens)],
      );
      await this.audit.record(m, { actor, unitId: actor.unitId, action: 'office_evaluation.draft', entity: 'office_evaluation', entityId: evaluationId, after: { period, offices: rows.length } });
      return evaluationId;
    });
    return this.get(actor, id);
  }

  /**
   * 领导评议: a leader scores an office they are in charge of (分管), or any office as the unit's principal
   * leader; while a unit names neither for the office, any of its leaders. A second score replaces the first.
   */
  async scoreByLeader(actor: Actor, id: string, officeId: string, dto: AspectScoresDto): Promise<OfficeEvaluationView> {
    await this.db.transaction(async (m) => {
      const ev = await lockEvaluation(m, 'office_evaluation', evaluationRow, actor, id);
      requireStep(ev.status, 'score');
      await this.result(m, id, officeId);
      const [inCharge, principal] = await Promise.all([this.organization.leaderInCharge(officeId, m), this.organization.principalOf(ev.unit_id, m)]);
      if (actor.id !== inCharge && actor.id !== principal && (inCharge !== null || principal !== null)) {
        throw new DomainError('EVALUATION.NOT_IN_CHARGE', 'a leader scores the offices in their charge (the principal leader: any office)', 'forbidden', 'officeId');
      }
      const scores: AspectScores = { goals: dto.goals, duties: dto.duties, integrity: dto.integrity, efficiency: dto.efficiency };
      await m.query(
        `INSERT INTO office_evaluation_leader_score (evaluation_id, office_id, leader_id, scores, scored_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (evaluation_id, office_id, leader_id) DO UPDATE SET scores = excluded.scores, scored_at = excluded.scored_at`,
        [id, officeId, actor.id, JSON.stringify(scores), this.clock.now()],
      );
      await this.audit.record(m, { actor, unitId: ev.unit_id, action: 'office_evaluation.leader_score', entity: 'office_evaluation', entityId: id, after: { officeId, ...scores } });
    });
    return this.get(actor, id);
  }

  /** Totals and grades, once every office has at least one leader's score. */
  async review(actor: Actor, id: string): Promise<OfficeEvaluationView> {
    await this.db.transaction(async (m) => {
      const ev = await lockEvaluation(m, 'office_evaluation', evaluationRow, actor, id);
      requireStep(ev.status, 'review');
      const [results, leaders] = await this.parts(m, id);
      const missing = results.filter((r) => !leaders.some((l) => l.office_id === r.office_id)).map((r) => r.office_id);
      if (missing.length > 0) {
        throw new DomainError('EVALUATION.LEADERS_MISSING', `${missing.length} offices have no leader's score yet`, 'conflict', undefined, { officeIds: missing });
      }
      const graded = results.map((r) => {
        const part = leadersScore(leaders.filter((l) => l.office_id === r.office_id).map((l) => l.scores), ev.scheme)!;
        const total = officeTotal(part, r.citizens, ev.scheme);
        return { officeId: r.office_id, leaders: part, total, grade: officeGrade(total, ev.scheme) };
      });
      await m.query(
        `UPDATE office_evaluation_result e SET leaders = g.leaders, total = g.total, grade = g.grade
           FROM unnest($2::uuid[], $3::numeric[], $4::numeric[], $5::text[]) AS g(office_id, leaders, total, grade)
          WHERE e.evaluation_id = $1 AND e.office_id = g.office_id`,
        [id, graded.map((g) => g.officeId), graded.map((g) => g.leaders), graded.map((g) => g.total), graded.map((g) => g.grade)],
      );
      await recordStep(m, 'office_evaluation', id, 'review', actor, this.clock.now());
      await this.audit.record(m, { actor, unitId: ev.unit_id, action: 'office_evaluation.review', entity: 'office_evaluation', entityId: id, after: graded });
    });
    return this.get(actor, id);
  }

  /** Publication opens a 组织核查 for every failing office. */
  async publish(actor: Actor, id: string): Promise<OfficeEvaluationView> {
    await this.db.transaction(async (m) => {
      const ev = await lockEvaluation(m, 'office_evaluation', evaluationRow, actor, id);
      requireStep(ev.status, 'publish');
      const now = this.clock.now();
      await recordStep(m, 'office_evaluation', id, 'publish', actor, now);
      const failing = readRows(resultRow, await m.query('SELECT * FROM office_evaluation_result WHERE evaluation_id = $1', [id]))
        .filter((r) => r.grade && isFailing(r.grade))
        .map((r) => r.office_id);
      await m.query(`INSERT INTO office_verification (evaluation_id, office_id, opened_at) SELECT $1, unnest($2::uuid[]), $3`, [id, failing, now]);
      await this.audit.record(m, { actor, unitId: ev.unit_id, action: 'office_evaluation.publish', entity: 'office_evaluation', entityId: id, after: { verificationsOpened: failing } });
    });
    return this.get(actor, id);
  }

  /** An inspector of the unit records the 组织核查 of a failing office once: who, when, the finding and the follow-up. */
  async verify(actor: Actor, id: string, officeId: string, dto: VerificationDto): Promise<OfficeEvaluationView> {
    await this.db.transaction(async (m) => {
      const [ev] = readRows(evaluationRow, await m.query('SELECT * FROM office_evaluation WHERE id = $1', [id]));
      if (!ev) throw DomainError.notFound('evaluation', id, 'id');
      // Inspectors read every unit's results; they record the verification of their own unit's offices.
      if (ev.unit_id !== actor.unitId) throw new DomainError('EVALUATION.OTHER_UNIT', "an inspector verifies their own unit's offices", 'forbidden', 'id');
      await this.result(m, id, officeId);
      const [open] = readRows(verificationRow, await m.query('SELECT * FROM office_verification WHERE evaluation_id = $1 AND office_id = $2 FOR UPDATE', [id, officeId]));
      if (!open) throw new DomainError('EVALUATION.NOT_FAILING', 'only an office that failed a published evaluation is verified', 'conflict', 'officeId');
      if (open.verified_by) throw new DomainError('EVALUATION.ALREADY_VERIFIED', 'this verification is on record already', 'conflict', 'officeId');
      await m.query(
        `UPDATE office_verification SET finding = $3, follow_up = $4, verified_by = $5, verified_at = $6 WHERE evaluation_id = $1 AND office_id = $2`,
        [id, officeId, dto.finding, dto.followUp, actor.id, this.clock.now()],
      );
      await this.audit.record(m, { actor, unitId: ev.unit_id, action: 'office_evaluation.verify', entity: 'office_evaluation', entityId: id, after: { officeId, finding: dto.finding, followUp: dto.followUp } });
    });
    return this.get(actor, id);
  }

  /** Leaders see their unit's, inspectors every unit's; office heads only what was published. */
  async get(actor: Actor, id: string): Promise<OfficeEvaluationView> {
    const [ev] = readRows(evaluationRow, await this.db.query('SELECT * FROM office_evaluation WHERE id = $1', [id]));
    const inspector = actor.roles.includes('inspector');
    const visible = ev && (inspector || (ev.unit_id === actor.unitId && (actor.roles.includes('leader') || ev.status === 'published')));
    if (!visible) throw DomainError.notFound('evaluation', id, 'id');
    return this.view(ev);
  }

  /** The unit's evaluations of offices, newest period first (office heads: the published ones). */
  async list(actor: Actor, q: ListEvaluationsQuery): Promise<Page<Omit<OfficeEvaluationView, 'results' | 'scheme'>>> {
    const { page, pageSize, offset } = pageOf(q);
    const publishedOnly = !actor.roles.includes('leader') && !actor.roles.includes('inspector');
    const where = `unit_id = $1 AND ($2::text IS NULL OR status = $2) AND (NOT $3 OR status = 'published')`;
    const args = [actor.unitId, q.status ?? null, publishedOnly];
    const [rows, counted] = await Promise.all([
      this.db.query(`SELECT * FROM office_evaluation WHERE ${where} ORDER BY period_from DESC, period_to DESC, id LIMIT $4 OFFSET $5`, [...args, pageSize, offset]),
      this.db.query(`SELECT count(*)::int AS total FROM office_evaluation WHERE ${where}`, args),
    ]);
    const items = readRows(evaluationRow, rows).map((ev) => {
      const { results: _results, scheme: _scheme, ...summary } = this.header(ev, []);
      return summary;
    });
    return { items, total: readTotal(counted), page, pageSize };
  }

  /** The unit's published evaluation of a period, or null: what the public bulletin may show. */
  async published(unitId: string, period: string): Promise<OfficeEvaluationView | null> {
    const [ev] = readRows(evaluationRow, await this.db.query(`SELECT * FROM office_evaluation WHERE unit_id = $1 AND period = $2 AND status = 'published'`, [unitId, period]));
    return ev ? this.view(ev) : null;
  }

  private async result(m: EntityManager, id: string, officeId: string): Promise<ResultRow> {
    const [row] = readRows(resultRow, await m.query('SELECT * FROM office_evaluation_result WHERE evaluation_id = $1 AND office_id = $2', [id, officeId]));
    if (!row) throw DomainError.notFound('office_evaluation_result', officeId, 'officeId');
    return row;
  }

  private async parts(m: EntityManager, id: string): Promise<[ResultRow[], LeaderRow[], VerificationRow[]]> {
    const [results, leaders, verifications] = await Promise.all([
      m.query('SELECT * FROM office_evaluation_result WHERE evaluation_id = $1', [id]),
      m.query('SELECT * FROM office_evaluation_leader_score WHERE evaluation_id = $1 ORDER BY scored_at, leader_id', [id]),
      m.query('SELECT * FROM office_verification WHERE evaluation_id = $1', [id]),
    ]);
    return [readRows(resultRow, results), readRows(leaderRow, leaders), readRows(verificationRow, verifications)];
  }

  private async view(ev: EvaluationRow): Promise<OfficeEvaluationView> {
    const [results, leaders, verifications] = await this.parts(this.db.manager, ev.id);
    const people = [...leaders.map((l) => l.leader_id), ...verifications.flatMap((v) => (v.verified_by ? [v.verified_by] : []))];
    const { staff, offices } = await this.organization.directory(people, results.map((r) => r.office_id));
    const ref = (id: string) => ({ id, name: staff.get(id)?.name ?? '' });
    const views = results
      .map((r): OfficeResultView => {
        const mine = leaders.filter((l) => l.office_id === r.office_id);
        const v = verifications.find((x) => x.office_id === r.office_id);
        return {
          office: { id: r.office_id, name: offices.get(r.office_id)?.name ?? '' },
          figures: r.figures,
          citizens: { ratings: r.figures.ratings, satisfaction: r.figures.satisfaction, score: r.citizens },
          leaders: {
            score: r.leaders ?? leadersScore(mine.map((l) => l.scores), ev.scheme),
            scores: mine.map((l) => ({ leader: ref(l.leader_id), ...l.scores, score: aspectScore(l.scores, ev.scheme), scoredAt: l.scored_at.toISOString() })),
          },
          total: r.total,
          grade: r.grade,
          gradeLabel: r.grade ? OFFICE_GRADE_LABELS[r.grade] : null,
          verification: v
            ? { openedAt: v.opened_at.toISOString(), finding: v.finding, followUp: v.follow_up, verifiedBy: v.verified_by ? ref(v.verified_by) : null, verifiedAt: v.verified_at?.toISOString() ?? null }
            : null,
        };
      })
      .sort((a, b) => a.office.name.localeCompare(b.office.name, 'zh-CN'));
    return this.header(ev, views);
  }

  private header(ev: EvaluationRow, results: OfficeResultView[]): OfficeEvaluationView {
    return {
      id: ev.id,
      unitId: ev.unit_id,
      period: ev.period,
      from: ev.period_from.toISOString(),
      to: ev.period_to.toISOString(),
      status: ev.status,
      scheme: ev.scheme,
      draftedBy: ev.drafted_by,
      reviewedBy: ev.reviewed_by,
      publishedBy: ev.published_by,
      publishedAt: ev.published_at?.toISOString() ?? null,
      results,
    };
  }
}
