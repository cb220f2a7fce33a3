// Writes docs/sg-guard.schema.json from the config key table (server/src/config/keys.ts); the
// config tests fail while the committed file differs. Run: node --import tsx scripts/write-config-schema.ts
// && npx prettier --write docs/sg-guard.schema.json
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { configJsonSchema } from '../server/src/config/index';

writeFileSync(
  join(__dirname, '..', 'docs', 'sg-guard.schema.json'),
  JSON.stringify(configJsonSchema(), null, 2) + '\n',
);
