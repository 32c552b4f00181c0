/** How close an open task is to its due time: what the lists highlight. */
export type DueState = 'overdue' | 'due_soon' | 'on_time' | 'none';

const OPEN_STATUSES = new Set(['todo', 'in_progress']);

/**
 * Overdue once the due time has passed, due soon within the tenant's reminder lead time (the same
 * window in which goals sends goals.task.due_soon), else on time. Done, cancelled and undated
 * tasks are never highlighted.
 */
export function dueStateOf(
  task: { dueAt: string | null; status: string | null },
  now: Date,
  dueSoonLeadMinutes: number,
): DueState {
  if (!task.dueAt || !task.status || !OPEN_STATUSES.has(task.status)) return 'none';
  const dueAt = new Date(task.dueAt).getTime();
  if (dueAt <= now.getTime()) return 'overdue';
  return dueAt - now.getTime() <= dueSoonLeadMinutes * 60_000 ? 'due_soon' : 'on_time';
}

/** The goals default when the tenant's settings cannot be read (1440 minutes = one day). */
export const DEFAULT_DUE_SOON_LEAD_MINUTES = 1440;
