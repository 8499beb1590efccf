import { buildJobRegistry } from './job-runner.service.js';
import { JobName } from './jobs.js';

const handler = () => Promise.resolve(undefined);

describe('job registry', () => {
  it('maps every job name to its one handler', () => {
    const registry = buildJobRegistry(Object.values(JobName).map((n) => [n, handler]));
    expect([...registry.keys()].sort()).toEqual(Object.values(JobName).sort());
  });

  it('fails start-up when a job name has no handler', () => {
    expect(() => buildJobRegistry([])).toThrow(`job ${JobName.Ping} has no handler`);
  });

  it('fails start-up when a job name has two handlers', () => {
    expect(() => buildJobRegistry([[JobName.Ping, handler], [JobName.Ping, handler]])).toThrow('more than one handler');
  });
});
