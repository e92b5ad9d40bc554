import { defineConfig } from '@playwright/test';
import * as os from 'node:os';
import * as path from 'node:path';

// Runs the release build (built by `.ci/test`) on a fresh demo database.
const port = Number(process.env.CIVICO_E2E_PORT ?? 3100);
const db = path.join(os.tmpdir(), `civico-e2e-${port}.db`);
const root = path.resolve(__dirname, '..');

export default defineConfig({
  testDir: './tests',
  globalSetup: './global-setup.ts',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 2,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    locale: 'it-IT',
    timezoneId: 'Europe/Rome',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync',
      ],
    },
  },
  webServer: {
    command: `rm -f ${db} ${db}-wal ${db}-shm && ${root}/target/release/civico serve`,
    cwd: root,
    url: `http://127.0.0.1:${port}/healthz`,
    timeout: 60_000,
    reuseExistingServer: false,
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      CIVICO_DATABASE_URL: `sqlite://${db}`,
      CIVICO_ADDR: `127.0.0.1:${port}`,
      CIVICO_DEMO: 'true',
      LEPTOS_SITE_ROOT: 'target/site',
      LEPTOS_ENV: 'PROD',
      RUST_LOG: 'warn',
      // Every worker logs in from 127.0.0.1 to the same accounts: the production limits (30
      // an hour per address, 10 per account) would refuse a repeated run (`--repeat-each`).
      // The limits themselves are tested over HTTP (server/tests/staff_http.rs).
      CIVICO_LOGINS_PER_ADDRESS: '10000',
      CIVICO_LOGINS_PER_ACCOUNT: '10000',
    },
  },
});
