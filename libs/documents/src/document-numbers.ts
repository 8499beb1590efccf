import { Injectable } from '@nestjs/common';
import { shanghaiYear } from '@app/core';
import { readRows, rowMapper } from '@app/platform';
import type { EntityManager } from 'typeorm';

const counterRow = rowMapper('document_counter', { last_seq: 'int' });

/**
 * Numbered documents, each with its own sequence per unit and year (DESIGN.md section 5). Every library
 * that issues a document numbers it here, without importing the library of another document.
 */
export const DOCUMENT_KINDS = {
  notice: '告知', // 一次性告知书
  receipt: '收件', // 收件回执
  extension: '延期', // 延期办理告知书
  rejection: '不予', // 不予受理/不予许可通知书 (否定报备制)
  material_return: '退件', // 材料退还单
} as const;
export type DocumentKind = keyof typeof DOCUMENT_KINDS;

export function formatDocumentNumber(kind: DocumentKind, year: number, seq: number): string {
  return `${DOCUMENT_KINDS[kind]}〔${year}〕${String(seq).padStart(4, '0')}号`;
}

/**
 * Takes the next number in the caller's transaction. The counter row stays locked until commit, so
 * concurrent issues queue; a rolled-back issue gives its number back: no gaps, no duplicates.
 */
@Injectable()
export class DocumentNumbers {
  async next(manager: EntityManager, unitId: string, kind: DocumentKind, at: Date): Promise<string> {
    const year = shanghaiYear(at);
    const [row] = readRows(
      counterRow,
      await manager.query(
        `INSERT INTO document_counter (unit_id, kind, year, last_seq) VALUES ($1, $2, $3, 1)
         ON CONFLICT (unit_id, kind, year) DO UPDATE SET last_seq = document_counter.last_seq + 1
         RETURNING last_seq`,
        [unitId, kind, year],
      ),
    );
    return formatDocumentNumber(kind, year, row!.last_seq);
  }
}
