import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig, withDemoDevLogin } from '../../src/config/env';

const dataDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'ppm-cfg-'));

describe('configuration', () => {
  it('applies development defaults and persists generated secrets across loads', () => {
    const dir = dataDir();
    const a = loadConfig({ DATA_DIR: dir });
    const b = loadConfig({ DATA_DIR: dir });
    expect(a.PORT).toBe(3000);
    expect(a.LOG_FORMAT).toBe('pretty');
    expect(a.ENCRYPTION_KEY[0].key).toHaveLength(32);
    expect(b.JWT_SECRET).toBe(a.JWT_SECRET);
    expect(fs.statSync(path.join(dir, 'dev-secrets.json')).mode & 0o777).toBe(0o600);
  });

  it('names the variable and what it expects when a value is malformed', () => {
    expect(() => loadConfig({ DATA_DIR: dataDir(), PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ DATA_DIR: dataDir(), TEMPORAL_ADDRESS: 'no-port' })).toThrow(/TEMPORAL_ADDRESS: expected host:port/);
    expect(() => loadConfig({ DATA_DIR: dataDir(), DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ DATA_DIR: dataDir(), ENCRYPTION_KEY: 'k1:dG9vc2hvcnQ=' })).toThrow(/ENCRYPTION_KEY: expected "keyId:base64"/);
  });

  it('requires every secret and external service in production instead of inventing them', () => {
    let err: unknown;
    try {
      loadConfig({ NODE_ENV: 'production', DATA_DIR: dataDir() });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const msg = (err as Error).message;
    for (const name of ['DATABASE_URL', 'TEMPORAL_ADDRESS', 'ENCRYPTION_KEY', 'JWT_SECRET']) expect(msg).toContain(name);
  });

  it('accepts a complete production configuration and defaults to JSON logs', () => {
    const key = Buffer.alloc(32, 7).toString('base64');
    const c = loadConfig({
      NODE_ENV: 'production',
      DATA_DIR: dataDir(),
      DATABASE_URL: 'postgres://u@db:5432/ppm',
      TEMPORAL_ADDRESS: 'temporal:7233',
      ENCRYPTION_KEY: `k2:${key},k1:${key}`,
      JWT_SECRET: 'x'.repeat(40),
    });
    expect(c.LOG_FORMAT).toBe('json');
    expect(c.ENCRYPTION_KEY.map((k) => k.id)).toEqual(['k2', 'k1']);
  });
});

describe('development sign-in default', () => {
  it('is off for every process unless DEV_LOGIN=true, on only for the `ppm start` demo on loopback, and impossible in production', () => {
    expect(loadConfig({ DATA_DIR: dataDir() }).DEV_LOGIN).toBe(false); // ppm api / ppm worker
    expect(withDemoDevLogin(loadConfig({ DATA_DIR: dataDir() })).DEV_LOGIN).toBe(true); // ppm start
    expect(withDemoDevLogin(loadConfig({ DATA_DIR: dataDir(), HOST: '0.0.0.0' })).DEV_LOGIN).toBe(false);
    expect(withDemoDevLogin(loadConfig({ DATA_DIR: dataDir(), NODE_ENV: 'test' })).DEV_LOGIN).toBe(false);
    expect(withDemoDevLogin(loadConfig({ DATA_DIR: dataDir(), DEV_LOGIN: 'false' })).DEV_LOGIN).toBe(false);
    expect(loadConfig({ DATA_DIR: dataDir(), DEV_LOGIN: 'true' }).DEV_LOGIN).toBe(true);
    expect(() =>
      loadConfig({ NODE_ENV: 'production', DATA_DIR: dataDir(), DEV_LOGIN: 'true', DATABASE_URL: 'postgres://x@y/z', TEMPORAL_ADDRESS: 't:7233', ENCRYPTION_KEY: `k:${Buffer.alloc(32).toString('base64')}`, JWT_SECRET: 'x'.repeat(40) }),
    ).toThrow(/DEV_LOGIN: the development sign-in can never be enabled/);
  });
});
