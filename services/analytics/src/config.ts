import { baseServiceConfig, loadConfig } from '@salesflow/platform';

export const analyticsConfigSchema = baseServiceConfig('analytics', { grpc: 50055, http: 8085 });

export function loadAnalyticsConfig() {
  return loadConfig(analyticsConfigSchema);
}
