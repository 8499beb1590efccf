import { ConfigError, loadConfig } from './app-config.js';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  return [];
}

describe('configuration read at start-up', () => {
  it('starts with the documented defaults when nothing is set', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      PORT: 3000,
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/service_window',
      REDIS_URL: 'redis://127.0.0.1:6379',
      QUEUE_PREFIX: 'sw',
      LOG_LEVEL: 'info',
      TRANSFER_ACK_WORKING_HOURS: 4,
    });
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'mysql://root@localhost/db'],
    ['DATABASE_URL', 'postgres://localhost'],
    ['REDIS_URL', 'http://127.0.0.1:6379'],
    ['QUEUE_PREFIX', 'has:colon'],
    ['QUEUE_BACKEND', 'kafka'],
    ['LOG_LEVEL', 'loud'],
    ['JWT_TTL_SECONDS', '5'],
    ['BUSINESS_HOURS', '9-12'],
    ['TRANSFER_ACK_WORKING_HOURS', '0'],
    ['TRANSFER_ACK_WORKING_HOURS', '2.5'],
    ['TRUST_PROXY', 'yes'],
    ['TRUST_PROXY', '10.0.0.0/33'],
    ['TRUST_PROXY', '10.0.0.1,proxy.internal'],
    ['REFRESH_TTL_HOURS', '0'],
  ])('refuses %s=%s and names the variable', (name, value) => {
    const problems = problemsOf({ [name]: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`^${name}: `));
    expect(problems[0]).toContain(`(got "${value}")`);
  });

  it('leaves QUEUE_BACKEND to start-up when neither it nor REDIS_URL is set; REDIS_URL alone means redis', () => {
    expect(loadConfig({}).QUEUE_BACKEND).toBeUndefined();
    expect(loadConfig({ REDIS_URL: 'redis://10.0.0.5:6379' })).toMatchObject({ QUEUE_BACKEND: 'redis', queueBackendReason: 'REDIS_URL is set' });
    expect(loadConfig({ REDIS_URL: 'redis://10.0.0.5:6379', QUEUE_BACKEND: 'postgres' })).toMatchObject({ QUEUE_BACKEND: 'postgres', queueBackendReason: 'QUEUE_BACKEND is set' });
  });

  it('names every bad variable at once', () => {
    const problems = problemsOf({ PORT: '0', LOG_LEVEL: 'x' });
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual(['LOG_LEVEL', 'PORT']);
  });

  it('refuses a short JWT secret and never prints it (a missing one is the installation key, see jwt-key.spec)', () => {
    expect(problemsOf({ NODE_ENV: 'production' })).toEqual([]);
    const short = problemsOf({ NODE_ENV: 'production', JWT_SECRET: 'tiny-secret' });
    expect(short[0]).toMatch(/^JWT_SECRET: /);
    expect(short[0]).not.toContain('tiny-secret');
  });

  it('TRUST_PROXY is false by default, and takes true, a hop count, or addresses and CIDRs', () => {
    expect(loadConfig({}).TRUST_PROXY).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'true' }).TRUST_PROXY).toBe(true);
    expect(loadConfig({ TRUST_PROXY: '2' }).TRUST_PROXY).toBe(2);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.1, 192.168.0.0/16,::1' }).TRUST_PROXY).toEqual(['10.0.0.1', '192.168.0.0/16', '::1']);
  });

  it('a session lasts 12 hours and an access token 15 minutes by default; the installation keeps its files in .data', () => {
    expect(loadConfig({})).toMatchObject({ REFRESH_TTL_HOURS: 12, JWT_TTL_SECONDS: 900, DATA_DIR: '.data' });
  });

  it('accepts a full production configuration', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      JWT_SECRET: 'x'.repeat(40),
      PORT: '8080',
      DATABASE_URL: 'postgresql://app:pw@db.internal:5433/sw_prod?sslmode=require',
    });
    expect(config.PORT).toBe(8080);
  });

  it('sets printed documents in the bundled font unless told otherwise; a font elsewhere is an absolute path, a collection names its font', () => {
    const bundled = loadConfig({});
    expect([bundled.PDF_FONT_PATH, bundled.PDF_FONT_NAME]).toEqual([undefined, undefined]);
    const noto = loadConfig({ PDF_FONT_PATH: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', PDF_FONT_NAME: 'NotoSansCJKsc-Regular' });
    expect(noto.PDF_FONT_NAME).toBe('NotoSansCJKsc-Regular');
    for (const [name, value] of [['PDF_FONT_PATH', 'fonts/wqy-microhei.ttc'], ['PDF_FONT_PATH', '/usr/share/fonts/wqy.woff2'], ['PDF_FONT_NAME', 'WenQuanYi Micro Hei']]) {
      expect(problemsOf({ [name!]: value! })).toEqual([expect.stringMatching(new RegExp(`^${name}: .*\\(got "${value}"\\)$`))]);
    }
  });
});
