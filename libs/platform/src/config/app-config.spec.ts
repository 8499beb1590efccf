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
    ['LOG_LEVEL', 'loud'],
    ['JWT_TTL_SECONDS', '5'],
    ['BUSINESS_HOURS', '9-12'],
    ['TRANSFER_ACK_WORKING_HOURS', '0'],
    ['TRANSFER_ACK_WORKING_HOURS', '2.5'],
  ])('refuses %s=%s and names the variable', (name, value) => {
    const problems = problemsOf({ [name]: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`^${name}: `));
    expect(problems[0]).toContain(`(got "${value}")`);
  });

  it('names every bad variable at once', () => {
    const problems = problemsOf({ PORT: '0', LOG_LEVEL: 'x' });
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual(['LOG_LEVEL', 'PORT']);
  });

  it('requires a JWT secret in production and never prints it', () => {
    expect(problemsOf({ NODE_ENV: 'production' })[0]).toMatch(/^JWT_SECRET: /);
    const short = problemsOf({ NODE_ENV: 'production', JWT_SECRET: 'tiny-secret' });
    expect(short[0]).toMatch(/^JWT_SECRET: /);
    expect(short[0]).not.toContain('tiny-secret');
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

  it('sets printed documents in WenQuanYi Micro Hei by default; a font elsewhere is an absolute path, a collection names its font', () => {
    expect(loadConfig({})).toMatchObject({ PDF_FONT_PATH: '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', PDF_FONT_NAME: 'WenQuanYiMicroHei' });
    const noto = loadConfig({ PDF_FONT_PATH: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', PDF_FONT_NAME: 'NotoSansCJKsc-Regular' });
    expect(noto.PDF_FONT_NAME).toBe('NotoSansCJKsc-Regular');
    for (const [name, value] of [['PDF_FONT_PATH', 'fonts/wqy-microhei.ttc'], ['PDF_FONT_PATH', '/usr/share/fonts/wqy.woff2'], ['PDF_FONT_NAME', 'WenQuanYi Micro Hei']]) {
      expect(problemsOf({ [name!]: value! })).toEqual([expect.stringMatching(new RegExp(`^${name}: .*\\(got "${value}"\\)$`))]);
    }
  });
});
