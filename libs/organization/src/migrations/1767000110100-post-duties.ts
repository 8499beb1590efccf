import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 岗位职责 (seed 000): a post's duties, authority, superior, collaborators and qualification, each change a
 * new version; the newest is the post's current description, the older ones its history.
 */
export class PostDuties1767000110100 implements MigrationInterface {
  name = 'PostDuties1767000110100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE post_duty_version (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        post_id uuid NOT NULL REFERENCES post(id),
        version int NOT NULL CHECK (version > 0),
        duties text[] NOT NULL CHECK (cardinality(duties) > 0),
        authority text[] NOT NULL CHECK (authority <@ ARRAY['建议权', '审核权', '审批权', '协调权']),
        superior_post_id uuid REFERENCES post(id),
        collaborator_post_ids uuid[] NOT NULL,
        qualification text NOT NULL,
        changed_by uuid NOT NULL REFERENCES staff(id),
        changed_at timestamptz NOT NULL,
        UNIQUE (post_id, version),
        CONSTRAINT post_duty_not_own_superior CHECK (superior_post_id IS DISTINCT FROM post_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE post_duty_version`);
  }
}
