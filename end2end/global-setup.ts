import { seedTemplate } from './tests/fixtures/server';

/** Seeds the demo database that every test's own server starts from (a copy each). */
export default function globalSetup() {
  seedTemplate();
}
