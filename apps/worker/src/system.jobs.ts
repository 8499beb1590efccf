import { Injectable } from '@nestjs/common';
import { Clock } from '@app/core';
import { JobHandler, JobName, type JobPayloads } from '@app/platform';

/** Handlers of the system queue. */
@Injectable()
export class SystemJobs {
  constructor(private readonly clock: Clock) {}

  @JobHandler(JobName.Ping)
  ping(data: JobPayloads[JobName.Ping]): Promise<{ pong: string; at: string }> {
    return Promise.resolve({ pong: data.requestedBy, at: this.clock.now().toISOString() });
  }
}
