// Nest 12 is ESM-only, so Jest runs in ESM mode (NODE_OPTIONS=--experimental-vm-modules, see package.json).
// ESM-only packages that CommonJS dependencies require(): Node 20.19+ does that natively, Jest's CommonJS
// loader cannot, so the tests (only) compile them to CommonJS.
const esmRequiredFromCjs = ['content-disposition', 'cookie'];
const libs = ['core', 'platform', 'documents', 'calendar', 'organization', 'catalogue', 'enquiries', 'oversight', 'notices', 'cases', 'deadlines', 'rejections', 'evaluation', 'ratings', 'complaints', 'reports', 'badges', 'tasks', 'transparency', 'testing'];

export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    // Type checking is `npm run typecheck`; here we only transpile, which keeps the suite fast.
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.jest.json' }],
    [`node_modules/(${esmRequiredFromCjs.join('|')})/.+\\.js$`]: [
      'ts-jest',
      { useESM: false, tsconfig: { allowJs: true, module: 'commonjs', isolatedModules: true } },
    ],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${esmRequiredFromCjs.join('|')})/)`],
  moduleNameMapper: {
    '^(\\.{1,2}/.*)\\.js$': '$1',
    ...Object.fromEntries(libs.map((l) => [`^@app/${l}$`, `<rootDir>/libs/${l}/src/index.ts`])),
  },
  testMatch: ['<rootDir>/{apps,libs,test}/**/*.spec.ts', '<rootDir>/test/**/*.e2e-spec.ts'],
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
  maxWorkers: 2,
  testTimeout: 60000, // generous: argon2 hashing and several processes make a loaded 2-core machine slow
};
