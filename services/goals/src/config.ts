import { baseServiceConfig, env, loadConfig } from '@salesflow/platform';

export const goalsConfigSchema = baseServiceConfig('goals', { grpc: 50053, http: 8083 }).extend({
  // identity answers GetTenant: fiscal-year start month, week start, leaderboard visibility.
  // (env.brokers checks host:port; the first address is the one used.)
  IDENTITY_GRPC_ADDR: env.brokers('127.0.0.1:50051'),
  // How long a tenant's settings are reused before identity is asked again.
  TENANT_SETTINGS_TTL_MS: env.positiveInt(60_000),
  // How often the behind-pace scheduler looks (one replica runs it, under an advisory lock).
  BEHIND_PACE_INTERVAL_MS: env.positiveInt(15 * 60_000),
  // How often the task reminder job looks for tasks due soon or overdue.
  GOALS_REMINDER_INTERVAL_MS: env.positiveInt(60_000),
});
export type GoalsConfig = ReturnType<typeof loadGoalsConfig>;

export function loadGoalsConfig() {
  return loadConfig(goalsConfigSchema);
}
