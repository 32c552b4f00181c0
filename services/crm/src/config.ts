import { baseServiceConfig, loadConfig } from '@salesflow/platform';

export const crmConfigSchema = baseServiceConfig('crm', { grpc: 50052, http: 8082 });
export type CrmConfig = ReturnType<typeof loadCrmConfig>;

export function loadCrmConfig() {
  return loadConfig(crmConfigSchema);
}
