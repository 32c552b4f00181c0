import { baseServiceConfig, env, loadConfig } from '@salesflow/platform';

export const goalsConfigSchema = baseServiceConfig('goals', { grpc: 50053, http: 8083 }).extend({
  // How often the task reminder job looks for tasks due soon or overdue.
  GOALS_REMINDER_INTERVAL_MS: env.positiveInt(60_000),
});
export type GoalsConfig = ReturnType<typeof loadGoalsConfig>;

export function loadGoalsConfig() {
  return loadConfig(goalsConfigSchema);
}
