// Prints the OpenAPI document (every route module registers its operations when app.ts loads
// them), for the web console's typed client: `pnpm --filter @salesflow/web run generate:api`.
import '../app';
import { openApiDocument } from './document';

process.stdout.write(`${JSON.stringify(openApiDocument(), null, 2)}\n`);
