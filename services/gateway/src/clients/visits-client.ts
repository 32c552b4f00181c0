import { ServiceError } from '@salesflow/platform';
import type { VisitsClient } from './service-clients';

/** The field client, or 503 when this gateway was built without one (tests of other routes). */
export function requireVisitsClient(client: VisitsClient | undefined): VisitsClient {
  if (!client) throw new ServiceError('UNAVAILABLE', 'the field service is not configured');
  return client;
}
