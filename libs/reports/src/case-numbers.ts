import { Injectable } from '@nestjs/common';

/** Receipt numbers (收件〔2026〕0001号) of cases by id; a case not yet accepted has none. */
export type CaseNumberSource = (caseIds: string[]) => Promise<Map<string, string | null>>;

/**
 * How a report names a case to people: its receipt number, not its id. Cases import this library to
 * register their figures, so it cannot read them: the cases library registers its numbers here.
 */
@Injectable()
export class CaseNumbers {
  private source: CaseNumberSource | undefined;

  register(source: CaseNumberSource): void {
    if (this.source) throw new Error('case numbers are registered twice');
    this.source = source;
  }

  async of(caseIds: string[]): Promise<Map<string, string | null>> {
    const ids = [...new Set(caseIds)];
    return ids.length > 0 && this.source ? this.source(ids) : new Map();
  }
}
