import { Injectable } from '@nestjs/common';
import { EscalationService } from '@app/deadlines';
import { JobHandler, JobName, type JobPayloads } from '@app/platform';

/** A step of a clock's ladder comes due (one delayed job per step; the handler is idempotent). */
@Injectable()
export class DeadlineJobs {
  constructor(private readonly escalation: EscalationService) {}

  @JobHandler(JobName.DeadlineStep)
  async stepDue(data: JobPayloads[JobName.DeadlineStep]): Promise<{ fired: boolean }> {
    return { fired: await this.escalation.fire(data.subjectId, data.step, data.version) };
  }
}
