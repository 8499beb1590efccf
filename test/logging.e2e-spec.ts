import { Writable } from 'node:stream';
import { Logger } from '@nestjs/common';
import { TestApp } from './support/test-app.js';

// The app's log lines, read from the stream it is given.
describe('structured logs', () => {
  const lines: Array<Record<string, unknown>> = [];
  let t: TestApp;
  beforeAll(async () => {
    const logStream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
        done();
      },
    });
    t = await TestApp.start({ env: { LOG_LEVEL: 'info' }, logStream });
  });
  afterAll(() => t.close());

  it('are JSON lines, and each request\'s line carries its request id and no credentials', async () => {
    await t.post('/api/v1/auth/login', {
      headers: { 'x-request-id': 'log-check-1', authorization: 'Bearer secret-token' },
      body: { username: 'nobody', password: 'wrong-password' },
    });
    // The line is written when the response has finished, just after inject() returns.
    let line: Record<string, unknown> | undefined;
    for (let i = 0; i < 200 && !(line = lines.find((l) => l.requestId === 'log-check-1')); i++) await new Promise((r) => setTimeout(r, 10));
    expect(line).toMatchObject({ level: 30, req: { method: 'POST', url: '/api/v1/auth/login' }, res: { statusCode: 401 } });
    expect(JSON.stringify(lines)).not.toContain('secret-token');
    expect(JSON.stringify(lines)).not.toContain('wrong-password');
  });

  it("writes Nest's own logging as pino lines: the context a field, an object merged, an Error as err", () => {
    const logger = new Logger('LogCheck');
    logger.warn({ caseId: 'c-1' }, 'an object and a message');
    logger.error(new Error('broken-thing'));
    logger.log('plain words');
    logger.debug('below the level');
    const mine = lines.filter((l) => l.context === 'LogCheck');
    expect(mine).toEqual([
      expect.objectContaining({ level: 40, caseId: 'c-1', msg: 'an object and a message' }),
      expect.objectContaining({ level: 50, err: expect.objectContaining({ message: 'broken-thing', type: 'Error' }) }),
      expect.objectContaining({ level: 30, msg: 'plain words' }),
    ]);
  });

  it('writes no line for /health (probes would drown the log)', async () => {
    await t.get('/health', { headers: { 'x-request-id': 'log-check-health' } });
    await t.post('/api/v1/auth/login', { headers: { 'x-request-id': 'log-check-2' }, body: { username: 'nobody', password: 'wrong-password' } });
    for (let i = 0; i < 200 && !lines.some((l) => l.requestId === 'log-check-2'); i++) await new Promise((r) => setTimeout(r, 10));
    expect(lines.some((l) => l.requestId === 'log-check-2')).toBe(true);
    expect(lines.some((l) => l.requestId === 'log-check-health')).toBe(false);
  });
});
