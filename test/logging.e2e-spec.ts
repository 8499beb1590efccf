import { Writable } from 'node:stream';
import { TestApp } from './support/test-app.js';

// Its own file: nestjs-pino keeps one root logger per process, so the first app of a file owns the stream.
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
});
