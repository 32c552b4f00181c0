import { ServiceError } from '@salesflow/platform';
import type { ReportsClient } from '../clients/service-clients';

/** The field ReportService client, or 503 when this gateway was built without it. */
export function reportsClient(client: ReportsClient | undefined): ReportsClient {
  if (!client) throw new ServiceError('UNAVAILABLE', 'the field service is not configured');
  return client;
}
