import type { Logger } from '../observability/logger';

/**
 * Retries `attempt` with exponential backoff until it succeeds or `shouldStop` says so.
 * A service whose database or broker is down waits here (reporting not-ready) instead of
 * crashing in a restart loop.
 */
export async function retryWithBackoff<T>(
  what: string,
  attempt: () => Promise<T>,
  log: Logger,
  options: { initialDelayMs?: number; maxDelayMs?: number; shouldStop?: () => boolean } = {},
): Promise<T> {
  const maxDelay = options.maxDelayMs ?? 10_000;
  let delay = options.initialDelayMs ?? 250;
  for (let tries = 1; ; tries++) {
    try {
      return await attempt();
    } catch (error) {
      if (options.shouldStop?.()) throw error;
      log.warn({ err: { message: (error as Error).message }, tries, retryInMs: delay }, `${what} not available yet`);
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(maxDelay, delay * 2);
    }
  }
}
