import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Clock, DomainError, pageOf, type Actor, type Page } from '@app/core';
import { OrganizationService, type StaffView } from '@app/organization';
import { ViolationsService } from '@app/oversight';
import { AuditService, json, nullable, oneOf, readRows, readTotal, rowMapper } from '@app/platform';
import { ReportsService } from '@app/reports';
import { DataSource, type EntityManager } from 'typeorm';
import { type BatchQualitiesDto, type ListEvaluationsQuery, type QualitiesDto, type SchemeDto } from './evaluation.dto.js';
import {
  DEFAULT_SCHEME,
  GRADE_LABELS,
  GRADES,
  grade,
  qualitativeScore,
  quantitativeScore,
  schemeProblems,
  totalScore,
  type EvaluationScheme,
  type Grade,
  type QualitativeScores,
  type StaffFigures,
} from './evaluation-rules.js';
import { staffFigures } from './staff-figures.js';
import { EVALUATION_STATUSES, endedPeriod, lockEvaluation, openDraft, recordStep, requireStep, saveScheme, type EvaluationStatus } from './evaluation-workflow.js';


const evaluationRow = rowMapper('evaluation', {
  id: 'text',
  unit_id: 'text',
  period: 'text',
  period_from: 'timestamp',
  period_to: 'timestamp',
  scheme: json<EvaluationScheme>(),
  status: oneOf(EVALUATION_STATUSES),
  drafted_by: 'text',
  drafted_at: 'timestamp',
  reviewed_by: 'text?',
  reviewed_at: 'timestamp?',
  published_by: 'text?',
  published_at: 'timestamp?',
});
type EvaluationRow = ReturnType<typeof evaluationRow>;

/** A staff member's result; the scores are numeric(5, 2), read as numbers. */
const resultRow = rowMapper('evaluation_result', {
  evaluation_id: 'text',
  staff_id: 'text',
  figures: json<StaffFigures>(),
  quantitative: 'decimal?',
  qualitative: json<QualitativeScores | null>(),
  qualitative_by: 'text?',
  total: 'decimal?',
  grade: nullable(oneOf(GRADES)),
  capped: 'bool',
});
type ResultRow = ReturnType<typeof resultRow>;

const schemeRow = rowMapper('evaluation_scheme', { scheme: json<EvaluationScheme>() });
const summaryRow = rowMapper('evaluation', {
  id: 'text',
  period: 'text',
  period_from: 'timestamp',
  period_to: 'timestamp',
  status: oneOf(EVALUATION_STATUSES),
  drafted_at: 'timestamp',
  published_at: 'timestamp?',
  staff: 'int',
  scored: 'int',
});

/** A line of the list of evaluations: open one for its results. */
export interface EvaluationSummary {
  id: string;
  period: string;
  from: string;
  to: string;
  status: EvaluationStatus;
  draftedAt: string;
  publishedAt: string | null;
  /** Staff evaluated, and how many of them have qualitative scores. */
  staffCount: number;
  scoredCount: number;
}

export interface ResultView {
  staff: { id: string; name: string; badgeNo: string; officeId: string | null };
  figures: StaffFigures;
  quantitative: number | null;
  qualitative: (QualitativeScores & { score: number; by: string | null }) | null;
  total: number | null;
  grade: Grade | null;
  gradeLabel: string | null;
  /** Reached 优秀 but graded 称职 under the cap. */
  capped: boolean;
}

export interface EvaluationView {
  id: string;
  period: string;
  from: string;
  to: string;
  status: EvaluationStatus;
  scheme: EvaluationScheme;
  draftedBy: string;
  reviewedBy: string | null;
  publishedBy: string | null;
  results: ResultView[];
}

/**
 * 绩效考评制: per staff member and period, a quantitative score from recorded figures and the leaders'
 * qualitative scores, graded by the unit's scheme; drafted, reviewed, then published to the staff.
 */
@Injectable()
export class EvaluationService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly organization: OrganizationService,
    private readonly reports: ReportsService,
    private readonly violations: ViolationsService,
    private readonly audit: AuditService,
  ) {}

  async scheme(unitId: string, m: EntityManager = this.db.manager): Promise<EvaluationScheme> {
    const [row] = readRows(schemeRow, await m.query('SELECT scheme FROM evaluation_scheme WHERE unit_id = $1', [unitId]));
    return row?.scheme ?? DEFAULT_SCHEME;
  }

  async setScheme(actor: Actor, dto: SchemeDto): Promise<EvaluationScheme> {
    const scheme: EvaluationScheme = {
      weights: { ...dto.weights },
      violationPenalty: dto.violationPenalty,
      quantitativeShare: dto.quantitativeShare,
      qualitativeWeights: { ...dto.qualitativeWeights },
      thresholds: { ...dto.thresholds },
      excellentCap: dto.excellentCap ?? null,
    };
    const [problem] = schemeProblems(scheme);
    if (problem) throw new DomainError('EVALUATION.BAD_SCHEME', problem.message, 'invalid', problem.field);
    return this.db.transaction(async (m) => {
      await saveScheme(m, this.audit, 'evaluation_scheme', 'evaluation.scheme', actor, await this.scheme(actor.unitId, m), scheme, this.clock.now());
      return scheme;
    });
  }

  /** Drafts a period that has ended: every active staff member's figures and quantitative score (leaders excluded). */
  async draft(actor: Actor, period: string): Promise<EvaluationView> {
    const { from, to } = endedPeriod(period, this.clock.now());
    // Penalties fall on everyone held responsible for a confirmed violation, a lax supervisor included.
    const [report, responsible] = await Promise.all([
      this.reports.figures(actor.unitId, from, to),
      this.violations.confirmedByResponsible(actor.unitId, from, to),
    ]);
    const figures = staffFigures(report.rows);
    // Only staff employed in the period (joined before its end, not deactivated before its start). The
    // unit's leaders are evaluated by the level above, and an administrator's account is not a post.
    const staff = (await this.organization.employedBetween(actor.unitId, from, to)).filter((s) => !s.roles.includes('leader') && s.roles.some((r) => r !== 'admin'));
    const id = await this.db.transaction(async (m) => {
      const scheme = await this.scheme(actor.unitId, m);
      const evaluationId = await openDraft(m, 'evaluation', actor, period, { from, to }, scheme, this.clock.now());
      const none: StaffFigures = { casesCompleted: 0, onTimeRate: null, earlyRate: null, meanHandlingRatio: null, satisfaction: null, confirmedViolations: 0 };
      const rows = staff.map((s) => {
        const f = { ...(figures.get(s.id) ?? none), confirmedViolations: responsible.get(s.id) ?? 0 };
        return { staffId: s.id, figures: f, quantitative: quantitativeScore(f, scheme) };
      });
      await m.query(
        `INSERT INTO evaluation_result (evaluation_id, staff_id, figures, quantitative)
         SELECT $1, r.staff_id, r.figures, r.quantitative FROM unnest($2::uuid[], $3::jsonb[], $4::numeric[]) AS r(staff_id, figures, quantitative)`,
        [evaluationId, rows.map((r) => r.staffId), rows.map((r) => JSON.stringify(r.figures)), rows.map((r) => r.quantitative)],
      );
      await this.audit.record(m, { actor, unitId: actor.unitId, action: 'evaluation.draft', entity: 'evaluation', entityId: evaluationId, after: { period, staff: rows.length } });
      return evaluationId;
    });
    return this.get(actor, id);
  }

  /** The unit's evaluations, newest period first. */
  async list(actor: Actor, q: ListEvaluationsQuery): Promise<Page<EvaluationSummary>> {
    const { page, pageSize, offset } = pageOf(q);
    const where = 'e.unit_id = $1 AND ($2::text IS NULL OR e.status = $2)';
    const [rows, counted] = await Promise.all([
      this.db.query(
        `SELECT e.id, e.period, e.period_from, e.period_to, e.status, e.drafted_at, e.published_at,
                (SELECT count(*)::int FROM evaluation_result r WHERE r.evaluation_id = e.id) AS staff,
                (SELECT count(*)::int FROM evaluation_result r WHERE r.evaluation_id = e.id AND r.qualitative IS NOT NULL) AS scored
           FROM evaluation e WHERE ${where} ORDER BY e.period_from DESC, e.period_to DESC, e.id LIMIT $3 OFFSET $4`,
        [actor.unitId, q.status ?? null, pageSize, offset],
      ),
      this.db.query(`SELECT count(*)::int AS total FROM evaluation e WHERE ${where}`, [actor.unitId, q.status ?? null]),
    ]);
    const items = readRows(summaryRow, rows).map((r) => ({
      id: r.id,
      period: r.period,
      from: r.period_from.toISOString(),
      to: r.period_to.toISOString(),
      status: r.status,
      draftedAt: r.drafted_at.toISOString(),
      publishedAt: r.published_at?.toISOString() ?? null,
      staffCount: r.staff,
      scoredCount: r.scored,
    }));
    return { items, total: readTotal(counted), page, pageSize };
  }

  /** Several staff members' qualitative scores at once (a whole office): all are written, or none. */
  async scoreMany(actor: Actor, id: string, dto: BatchQualitiesDto): Promise<EvaluationView> {
    await this.db.transaction(async (m) => {
      const ev = await this.lock(m, actor, id);
      requireStep(ev.status, 'score');
      const seen = new Set<string>();
      dto.scores.forEach((s, i) => {
        if (s.staffId === actor.id) throw new DomainError('EVALUATION.OWN_SCORE', 'nobody scores themselves', 'forbidden', `scores.${i}.staffId`);
        if (seen.has(s.staffId)) throw new DomainError('EVALUATION.STAFF_TWICE', 'a staff member is scored once per request', 'invalid', `scores.${i}.staffId`);
        seen.add(s.staffId);
      });
      const evaluated = new Set(readRows(resultRow, await m.query('SELECT * FROM evaluation_result WHERE evaluation_id = $1', [id])).map((r) => r.staff_id));
      const unknown = dto.scores.findIndex((s) => !evaluated.has(s.staffId));
      if (unknown >= 0) throw DomainError.notFound('evaluation_result', dto.scores[unknown]!.staffId, `scores.${unknown}.staffId`);
      const qualities = dto.scores.map((s) => ({ de: s.de, neng: s.neng, qin: s.qin, ji: s.ji, lian: s.lian }));
      await m.query(
        `UPDATE evaluation_result e SET qualitative = q.qualitative, qualitative_by = $4, qualitative_at = $5
           FROM unnest($2::uuid[], $3::jsonb[]) AS q(staff_id, qualitative)
          WHERE e.evaluation_id = $1 AND e.staff_id = q.staff_id`,
        [id, dto.scores.map((s) => s.staffId), qualities.map((q) => JSON.stringify(q)), actor.id, this.clock.now()],
      );
      await this.audit.record(m, {
        actor,
        unitId: ev.unit_id,
        action: 'evaluation.qualitative',
        entity: 'evaluation',
        entityId: id,
        after: dto.scores.map((s, i) => ({ staffId: s.staffId, ...qualities[i] })),
      });
    });
    return this.get(actor, id);
  }

  /** A leader's qualitative scores on 德、能、勤、绩、廉 for one staff member of a draft. */
  async scoreQualities(actor: Actor, id: string, staffId: string, dto: QualitiesDto): Promise<ResultView> {
    await this.db.transaction(async (m) => {
      const ev = await this.lock(m, actor, id);
      requireStep(ev.status, 'score');
      if (staffId === actor.id) throw new DomainError('EVALUATION.OWN_SCORE', 'nobody scores themselves', 'forbidden', 'staffId');
      const q: QualitativeScores = { de: dto.de, neng: dto.neng, qin: dto.qin, ji: dto.ji, lian: dto.lian };
      const [row] = readRows(
        resultRow,
        await m.query(
          `UPDATE evaluation_result SET qualitative = $3, qualitative_by = $4, qualitative_at = $5 WHERE evaluation_id = $1 AND staff_id = $2 RETURNING *`,
          [id, staffId, JSON.stringify(q), actor.id, this.clock.now()],
        ),
      );
      if (!row) throw DomainError.notFound('evaluation_result', staffId, 'staffId');
      await this.audit.record(m, { actor, unitId: ev.unit_id, action: 'evaluation.qualitative', entity: 'evaluation', entityId: id, after: { staffId, ...q } });
    });
    return (await this.get(actor, id)).results.find((r) => r.staff.id === staffId)!;
  }

  /** Totals and grades (thresholds, then the 优秀 cap), once every staff member has qualitative scores. */
  async review(actor: Actor, id: string): Promise<EvaluationView> {
    await this.db.transaction(async (m) => {
      const ev = await this.lock(m, actor, id);
      requireStep(ev.status, 'review');
      const rows = readRows(resultRow, await m.query('SELECT * FROM evaluation_result WHERE evaluation_id = $1', [id]));
      const missing = rows.filter((r) => !r.qualitative).map((r) => r.staff_id);
      if (missing.length > 0) {
        throw new DomainError('EVALUATION.QUALITATIVE_MISSING', `${missing.length} staff members have no qualitative scores yet`, 'conflict', undefined, { staffIds: missing });
      }
      const { staff } = await this.organization.directory(rows.map((r) => r.staff_id), [], m);
      const scored = rows.map((r) => {
        return {
          staffId: r.staff_id,
          tieBreak: staff.get(r.staff_id)?.badgeNo ?? r.staff_id,
          quantitative: r.quantitative,
          total: totalScore(r.quantitative, qualitativeScore(r.qualitative!, ev.scheme), r.figures, ev.scheme),
        };
      });
      const graded = new Map(grade(scored, ev.scheme).map((g) => [g.staffId, g]));
      await m.query(
        `UPDATE evaluation_result e SET total = g.total, grade = g.grade, capped = g.capped
           FROM unnest($2::uuid[], $3::numeric[], $4::text[], $5::boolean[]) AS g(staff_id, total, grade, capped)
          WHERE e.evaluation_id = $1 AND e.staff_id = g.staff_id`,
        [id, scored.map((s) => s.staffId), scored.map((s) => s.total), scored.map((s) => graded.get(s.staffId)!.grade), scored.map((s) => graded.get(s.staffId)!.capped)],
      );
      await recordStep(m, 'evaluation', id, 'review', actor, this.clock.now());
      await this.audit.record(m, { actor, unitId: ev.unit_id, action: 'evaluation.review', entity: 'evaluation', entityId: id, after: [...graded.values()] });
    });
    return this.get(actor, id);
  }

  async publish(actor: Actor, id: string): Promise<EvaluationView> {
    await this.db.transaction(async (m) => {
      const ev = await this.lock(m, actor, id);
      requireStep(ev.status, 'publish');
      await recordStep(m, 'evaluation', id, 'publish', actor, this.clock.now());
      await this.audit.record(m, { actor, unitId: ev.unit_id, action: 'evaluation.publish', entity: 'evaluation', entityId: id });
    });
    return this.get(actor, id);
  }

  /** Leaders, office heads and inspectors see a whole evaluation; drafts stay among them. */
  async get(actor: Actor, id: string): Promise<EvaluationView> {
    const [ev] = readRows(evaluationRow, await this.db.query('SELECT * FROM evaluation WHERE id = $1', [id]));
    if (!ev || (ev.unit_id !== actor.unitId && !actor.roles.includes('inspector'))) throw DomainError.notFound('evaluation', id, 'id');
    const rows = readRows(resultRow, await this.db.query('SELECT * FROM evaluation_result WHERE evaluation_id = $1', [id]));
    return this.view(ev, rows);
  }

  /** A staff member's own published results, with the figures behind them. */
  async mine(actor: Actor): Promise<EvaluationView[]> {
    const evs = readRows(
      evaluationRow,
      await this.db.query(
        `SELECT e.* FROM evaluation e JOIN evaluation_result r ON r.evaluation_id = e.id
          WHERE r.staff_id = $1 AND e.status = 'published' ORDER BY e.period_from DESC`,
        [actor.id],
      ),
    );
    const rows = readRows(
      resultRow,
      await this.db.query('SELECT * FROM evaluation_result WHERE staff_id = $1 AND evaluation_id = ANY ($2)', [actor.id, evs.map((e) => e.id)]),
    );
    const { staff } = await this.organization.directory([actor.id], []);
    return Promise.all(evs.map((e) => this.view(e, rows.filter((r) => r.evaluation_id === e.id), staff)));
  }

  /** The unit's published evaluation of a period, or null: what the public bulletin may show. */
  async published(unitId: string, period: string): Promise<EvaluationView | null> {
    const [ev] = readRows(evaluationRow, await this.db.query(`SELECT * FROM evaluation WHERE unit_id = $1 AND period = $2 AND status = 'published'`, [unitId, period]));
    if (!ev) return null;
    return this.view(ev, readRows(resultRow, await this.db.query('SELECT * FROM evaluation_result WHERE evaluation_id = $1', [ev.id])));
  }

  private lock(m: EntityManager, actor: Actor, id: string): Promise<EvaluationRow> {
    return lockEvaluation(m, 'evaluation', evaluationRow, actor, id);
  }

  private async view(ev: EvaluationRow, rows: ResultRow[], known?: Map<string, StaffView>): Promise<EvaluationView> {
    const staff = known ?? (await this.organization.directory(rows.map((r) => r.staff_id), [])).staff;
    const results = rows
      .map((r): ResultView => {
        const s = staff.get(r.staff_id);
        return {
          staff: { id: r.staff_id, name: s?.name ?? '', badgeNo: s?.badgeNo ?? '', officeId: s?.officeId ?? null },
          figures: r.figures,
          quantitative: r.quantitative,
          qualitative: r.qualitative ? { ...r.qualitative, score: qualitativeScore(r.qualitative, ev.scheme), by: r.qualitative_by } : null,
          total: r.total,
          grade: r.grade,
          gradeLabel: r.grade ? GRADE_LABELS[r.grade] : null,
          capped: r.capped,
        };
      })
      .sort((a, b) => a.staff.badgeNo.localeCompare(b.staff.badgeNo));
    return {
      id: ev.id,
      period: ev.period,
      from: ev.period_from.toISOString(),
      to: ev.period_to.toISOString(),
      status: ev.status,
      scheme: ev.scheme,
      draftedBy: ev.drafted_by,
      reviewedBy: ev.reviewed_by,
      publishedBy: ev.published_by,
      results,
    };
  }
}
