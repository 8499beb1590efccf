import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Clock, DomainError, type Actor } from '@app/core';
import { AuditService, readRows, rowMapper, subsetOf } from '@app/platform';
import { DataSource } from 'typeorm';
import { firstVagueDuty, POST_AUTHORITIES, type PostAuthority } from './post-duties.js';
import type { PostDutiesDto } from './post-duties.dto.js';

export interface PostDutiesVersion {
  version: number;
  duties: string[];
  authority: PostAuthority[];
  superiorPostId: string | null;
  collaboratorPostIds: string[];
  qualification: string;
  changedBy: string;
  changedAt: string;
}

const versionRow = rowMapper('post_duty_version', {
  version: 'int',
  duties: 'text[]',
  authority: subsetOf(POST_AUTHORITIES),
  superior_post_id: 'text?',
  collaborator_post_ids: 'text[]',
  qualification: 'text',
  changed_by: 'text',
  changed_at: 'timestamp',
});
const postRow = rowMapper('post', { id: 'text', office_id: 'text?' });
const idRow = rowMapper('post', { id: 'text' });
const officeRow = rowMapper('staff', { office_id: 'text?' });

const COLUMNS = 'version, duties, authority, superior_post_id::text, collaborator_post_ids::text[], qualification, changed_by, changed_at';

/**
 * 岗位职责: what a post does, with what powers, under whom and with whom. Kept with the post, versioned:
 * a change adds a version and never rewrites one, so what a post was asked to do at any time stays known.
 */
@Injectable()
export class PostDuties {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  async describe(actor: Actor, postId: string, dto: PostDutiesDto): Promise<{ current: PostDutiesVersion | null; history: PostDutiesVersion[] }> {
    const vague = firstVagueDuty(dto.duties);
    if (vague >= 0) throw new DomainError('POST.VAGUE_DUTY', `duty ${vague + 1} names no task ("${dto.duties[vague]}"): say what is done, e.g. 负责公文的接收、登记、拟办、分办`, 'invalid', 'duties');
    if (dto.superiorPostId === postId) throw new DomainError('POST.OWN_SUPERIOR', 'a post is not its own superior', 'invalid', 'superiorPostId');
    if (dto.collaboratorPostIds.includes(postId)) throw new DomainError('POST.OWN_COLLABORATOR', 'a post does not collaborate with itself', 'invalid', 'collaboratorPostIds');
    await this.db.transaction(async (m) => {
      const [post] = readRows(postRow, await m.query('SELECT id, office_id FROM post WHERE id = $1 AND unit_id = $2 FOR UPDATE', [postId, actor.unitId]));
      if (!post) throw DomainError.notFound('post', postId, 'id');
      if (!actor.roles.includes('admin')) {
        const [me] = readRows(officeRow, await m.query('SELECT office_id FROM staff WHERE id = $1', [actor.id]));
        if (!actor.roles.includes('office_head') || !me?.office_id || me.office_id !== post.office_id) {
          throw new DomainError('POST.NOT_ALLOWED', 'only an admin or the head of that office describes its posts', 'forbidden');
        }
      }
      const related = [...new Set([...(dto.superiorPostId ? [dto.superiorPostId] : []), ...dto.collaboratorPostIds])];
      const found = new Set(readRows(idRow, await m.query('SELECT id FROM post WHERE id = ANY ($1) AND unit_id = $2 AND active', [related, actor.unitId])).map((r) => r.id));
      if (dto.superiorPostId && !found.has(dto.superiorPostId)) throw new DomainError('POST.NO_SUCH_POST', `no active post ${dto.superiorPostId} in this unit`, 'invalid', 'superiorPostId');
      const missing = dto.collaboratorPostIds.find((id) => !found.has(id));
      if (missing) throw new DomainError('POST.NO_SUCH_POST', `no active post ${missing} in this unit`, 'invalid', 'collaboratorPostIds');
      const [row] = readRows(
        versionRow,
        await m.query(
          `INSERT INTO post_duty_version (post_id, version, duties, authority, superior_post_id, collaborator_post_ids, qualification, changed_by, changed_at)
           SELECT $1, coalesce(max(version), 0) + 1, $2, $3, $4, $5, $6, $7, $8 FROM post_duty_version WHERE post_id = $1 RETURNING ${COLUMNS}`,
          [postId, dto.duties, [...new Set(dto.authority)], dto.superiorPostId ?? null, [...new Set(dto.collaboratorPostIds)], dto.qualification, actor.id, this.clock.now()],
        ),
      );
      await this.audit.record(m, { actor, unitId: actor.unitId, action: 'post.describe', entity: 'post', entityId: postId, after: view(row!) });
    });
    return this.read(actor, postId);
  }

  /** The current description (null before the first) and every version, newest first. */
  async read(actor: Actor, postId: string): Promise<{ current: PostDutiesVersion | null; history: PostDutiesVersion[] }> {
    const [post] = readRows(idRow, await this.db.query('SELECT id FROM post WHERE id = $1 AND unit_id = $2', [postId, actor.unitId]));
    if (!post) throw DomainError.notFound('post', postId, 'id');
    const history = readRows(versionRow, await this.db.query(`SELECT ${COLUMNS} FROM post_duty_version WHERE post_id = $1 ORDER BY version DESC`, [postId])).map(view);
    return { current: history[0] ?? null, history };
  }
}

function view(r: ReturnType<typeof versionRow>): PostDutiesVersion {
  return {
    version: r.version,
    duties: r.duties,
    authority: r.authority,
    superiorPostId: r.superior_post_id,
    collaboratorPostIds: r.collaborator_post_ids,
    qualification: r.qualification,
    changedBy: r.changed_by,
    changedAt: r.changed_at.toISOString(),
  };
}
