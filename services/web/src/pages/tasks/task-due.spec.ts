import { dueStateOf } from './task-due.js';

describe('dueStateOf', () => {
  const now = new Date('2026-07-15T10:00:00Z');
  const lead = 60; // one hour

  it('marks an open task past its due time as overdue', () => {
    expect(dueStateOf({ dueAt: '2026-07-15T09:59:00Z', status: 'todo' }, now, lead)).toBe('overdue');
    expect(dueStateOf({ dueAt: '2026-07-15T10:00:00Z', status: 'in_progress' }, now, lead)).toBe('overdue');
  });

  it('marks an open task due within the lead time as due soon, up to and including its edge', () => {
    expect(dueStateOf({ dueAt: '2026-07-15T10:30:00Z', status: 'todo' }, now, lead)).toBe('due_soon');
    expect(dueStateOf({ dueAt: '2026-07-15T11:00:00Z', status: 'todo' }, now, lead)).toBe('due_soon');
    expect(dueStateOf({ dueAt: '2026-07-15T11:01:00Z', status: 'todo' }, now, lead)).toBe('on_time');
  });

  it('reads due times with an offset as the instant they name', () => {
    // 18:30 in Shanghai is 10:30 UTC: half an hour away.
    expect(dueStateOf({ dueAt: '2026-07-15T18:30:00+08:00', status: 'todo' }, now, lead)).toBe('due_soon');
  });

  it('never highlights finished, cancelled or undated tasks', () => {
    expect(dueStateOf({ dueAt: '2026-07-14T10:00:00Z', status: 'done' }, now, lead)).toBe('none');
    expect(dueStateOf({ dueAt: '2026-07-14T10:00:00Z', status: 'cancelled' }, now, lead)).toBe('none');
    expect(dueStateOf({ dueAt: null, status: 'todo' }, now, lead)).toBe('none');
  });
});
