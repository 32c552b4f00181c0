import { createLogger } from '@salesflow/platform';
import { startPeriodicJob } from './periodic-job';

describe('startPeriodicJob', () => {
  const log = createLogger('periodic-job-test', 'silent');

  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('runs every interval, skips a tick while a run is still going, and stop waits for it', async () => {
    let finish: (() => void) | undefined;
    let runs = 0;
    const stop = startPeriodicJob(
      {
        name: 'test job',
        intervalMs: 1_000,
        run: () => {
          runs += 1;
          return new Promise<number>((resolve) => {
            finish = () => resolve(1);
          });
        },
      },
      log,
    );
    expect(runs).toBe(0);
    await jest.advanceTimersByTimeAsync(1_000);
    expect(runs).toBe(1);
    // Two more ticks while the first run hangs: no second run in this process.
    await jest.advanceTimersByTimeAsync(2_000);
    expect(runs).toBe(1);
    finish?.();
    await jest.advanceTimersByTimeAsync(1_000);
    expect(runs).toBe(2);

    let stopped = false;
    const stopping = stop().then(() => {
      stopped = true;
    });
    await Promise.resolve();
    expect(stopped).toBe(false);
    finish?.();
    await stopping;
    expect(stopped).toBe(true);
    // No tick after stop.
    await jest.advanceTimersByTimeAsync(5_000);
    expect(runs).toBe(2);
  });

  it('keeps going after a failed run', async () => {
    let runs = 0;
    const stop = startPeriodicJob(
      {
        name: 'failing job',
        intervalMs: 1_000,
        run: async () => {
          runs += 1;
          throw new Error('database gone');
        },
      },
      log,
    );
    await jest.advanceTimersByTimeAsync(3_000);
    expect(runs).toBe(3);
    await stop();
  });
});
