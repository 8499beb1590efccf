import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CalendarService, type WorkingCalendar } from '@app/calendar';
import { Clock, shanghaiDate } from '@app/core';
import { ViolationsService } from '@app/oversight';
import { DataSource } from 'typeorm';
import { SubstitutionService } from './substitution.service.js';

/** True when `at` falls inside a business period of a working day (periods end exclusive). */
function withinWorkingHours(calendar: WorkingCalendar, at: Date): boolean {
  return calendar.workingMillisecondsBetween(at, new Date(at.getTime() + 1)) === 1;
}

/**
 * 同岗替代制: a service window left with nobody present during working hours (holder away, no stand-in
 * and no substitute present) is an `unattended_window` violation, once per post and day, of whoever was
 * due at the window: the stand-in the holder named for the absence, else the holder (who left it with
 * nobody named).
 */
@Injectable()
export class WindowWatch {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly calendar: CalendarService,
    private readonly substitution: SubstitutionService,
    private readonly violations: ViolationsService,
  ) {}

  /** Looks at the windows at `at` (now by default); returns how many violations it newly recorded. */
  async check(at: Date = this.clock.now()): Promise<number> {
    if (!withinWorkingHours(await this.calendar.calendar(), at)) return 0;
    const uncovered = await this.substitution.uncoveredWindows(at);
    if (uncovered.length === 0) return 0;
    const day = shanghaiDate(at);
    return this.db.transaction(async (m) => {
      let recorded = 0;
      for (const w of uncovered) {
        const fresh = await this.violations.record(m, {
          type: 'unattended_window',
          unitId: w.unitId,
          staffId: w.standInId ?? w.holderId,
          officeId: w.officeId,
          caseId: null,
          evidence: { postId: w.postId, postName: w.postName, at: at.toISOString(), ...(w.standInId ? { standInFor: w.holderId } : {}) },
          dedupeKey: `unattended_window:${w.postId}:${day}`,
        });
        if (fresh) recorded++;
      }
      return recorded;
    });
  }
}
