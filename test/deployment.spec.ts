import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { CONFIG_KEYS } from '@app/platform';

// No Docker engine runs here: the files are checked for what production relies on, and the start-up
// sequence they describe (migrate, then api and workers) runs without Docker in scale-out.e2e-spec.ts.

interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string };
  command?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  deploy?: { replicas?: number };
  volumes?: string[];
  restart?: string;
}

const compose = parse(readFileSync('docker/compose.yaml', 'utf8'), { merge: true }) as { services: Record<string, ComposeService>; volumes: Record<string, unknown> };
const dockerfile = readFileSync('docker/Dockerfile', 'utf8');
const { services } = compose;

describe('deployment files', () => {
  it('compose: PostgreSQL on a volume, Redis with AOF and noeviction, both health-checked', () => {
    expect(services.postgres!.volumes).toEqual(['pgdata:/var/lib/postgresql/data']);
    expect(Object.keys(compose.volumes)).toEqual(expect.arrayContaining(['pgdata', 'redisdata']));
    const redis = services.redis!.command!.join(' ');
    expect(redis).toContain('--appendonly yes');
    expect(redis).toContain('--maxmemory-policy noeviction');
    expect(services.redis!.volumes).toEqual(['redisdata:/data']);
  });

  it('compose: migrations run once and succeed before the api and the workers start; one api, two workers, one image', () => {
    expect(services.migrate!.command).toEqual(['node', 'dist/apps/api/src/migrate.js']);
    expect(services.migrate!.depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
    for (const name of ['api', 'worker']) {
      expect(services[name]!.depends_on!.migrate).toEqual({ condition: 'service_completed_successfully' });
      expect(services[name]!.build).toEqual(services.migrate!.build);
    }
    expect(services.api!.command).toEqual(['node', 'dist/apps/api/src/main.js']);
    expect(services.api!.deploy?.replicas ?? 1).toBe(1);
    expect(services.worker!.command).toEqual(['node', 'dist/apps/worker/src/main.js']);
    expect(services.worker!.deploy!.replicas).toBe(2);
  });

  it('compose: every variable set is one the service reads (no stale ROLE), production with its own secrets', () => {
    const known = new Set<string>([...CONFIG_KEYS, 'HEALTH_PORT']);
    for (const [name, service] of Object.entries(services)) {
      if (!service.build) continue;
      for (const key of Object.keys(service.environment ?? {})) expect([name, key, known.has(key)]).toEqual([name, key, true]);
      expect(service.environment!.NODE_ENV).toBe('production');
      expect(service.environment!.JWT_SECRET).toMatch(/^\$\{JWT_SECRET:\?/);
    }
  });

  it('Dockerfile: multi-stage, dev dependencies pruned, runs as a non-root user, health-checked, no font installed by hand', () => {
    const stages = dockerfile.match(/^FROM /gm) ?? [];
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const runtime = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
    expect(dockerfile).toContain('npm prune --omit=dev');
    expect(runtime).toMatch(/^USER (?!root\b)\S+$/m);
    expect(runtime).toMatch(/^HEALTHCHECK .*\\\n\s+CMD \[/m);
    expect(runtime).toContain('/health/live'); // liveness: readiness would restart every container while Redis is down
    expect(dockerfile).not.toMatch(/apt-get install/);
    expect(dockerfile).not.toMatch(/\bROLE\b/);
  });
});
