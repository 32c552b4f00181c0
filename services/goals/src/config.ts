import { baseServiceConfig, loadConfig } from '@salesflow/platform';

export const goalsConfigSchema = baseServiceConfig('goals', { grpc: 50053, http: 8083 });
export type GoalsConfig = ReturnType<typeof loadGoalsConfig>;

export function loadGoalsConfig() {
  return loadConfig(goalsConfigSchema);
}
