/** Jest: TypeScript through SWC (type checking is `npm run typecheck`), one shared real Temporal dev
 * server and one throw-away PostgreSQL database per run (test/setup/globalSetup.ts). */
const esmOnly = ['jose', 'arctic', '@oslojs'].join('|');
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.(t|j|mj)s$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${esmOnly})/)`],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  globalSetup: '<rootDir>/test/setup/globalSetup.ts',
  // PPM_TEST_TIMER_ORIGINS=1 names where each timer still pending after the run was created (test/setup/timerOrigins.ts).
  setupFiles: ['<rootDir>/test/setup/timerOrigins.ts'],
  globalTeardown: '<rootDir>/test/setup/globalTeardown.ts',
  reporters: ['default', '<rootDir>/test/setup/summaryReporter.js'],
  testTimeout: 60_000,
  // A suite that leaves a handle open (found after the bulk engine's keep-alive and lease timers landed; not yet
  // traced) must not hang CI after every test has passed: jest exits once the run and globalTeardown are done.
  forceExit: true,
};
