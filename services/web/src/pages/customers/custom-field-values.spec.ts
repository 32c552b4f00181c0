import dayjs from 'dayjs';
import { type CustomFieldDefinition, customFieldPatchOf, formValuesOf } from './custom-field-values.js';

const definitions: CustomFieldDefinition[] = [
  { key: 'note', type: 'text', options: [], required: false },
  { key: 'revenue', type: 'number', options: [], required: true },
  { key: 'founded', type: 'date', options: [], required: false },
  { key: 'level', type: 'single_select', options: ['gold', 'silver'], required: false },
  { key: 'channels', type: 'multi_select', options: ['web', 'phone', 'visit'], required: false },
];

describe('formValuesOf', () => {
  it('turns stored dates into picker values and keeps the rest, skipping keys the tenant no longer defines', () => {
    const values = formValuesOf(definitions, {
      note: '老客户',
      revenue: 1200000,
      founded: '2015-03-09',
      channels: ['web', 'visit'],
      retired: 'x',
    });
    expect(values.note).toBe('老客户');
    expect(values.revenue).toBe(1200000);
    expect(dayjs.isDayjs(values.founded) && values.founded.format('YYYY-MM-DD')).toBe('2015-03-09');
    expect(values.channels).toEqual(['web', 'visit']);
    expect(values).not.toHaveProperty('retired');
    expect(values).not.toHaveProperty('level');
  });
});

describe('customFieldPatchOf', () => {
  const stored = { note: '老客户', revenue: 1200000, founded: '2015-03-09', channels: ['web', 'visit'] };

  it('sends nothing when nothing changed', () => {
    expect(customFieldPatchOf(definitions, stored, formValuesOf(definitions, stored))).toEqual({});
  });

  it('sends only the changed fields, dates as YYYY-MM-DD and text trimmed', () => {
    const form = {
      ...formValuesOf(definitions, stored),
      note: '  重点客户 ',
      founded: dayjs('2016-01-31'),
      level: 'gold',
      channels: ['web', 'phone'],
    };
    expect(customFieldPatchOf(definitions, stored, form)).toEqual({
      note: '重点客户',
      founded: '2016-01-31',
      level: 'gold',
      channels: ['web', 'phone'],
    });
  });

  it('sends null for a field the user cleared, so crm removes it, and nothing for one that stays empty', () => {
    const form = { ...formValuesOf(definitions, stored), note: '', channels: [], founded: null };
    expect(customFieldPatchOf(definitions, stored, form)).toEqual({ note: null, channels: null, founded: null });
  });

  it('sends a cleared required field as null too: crm answers with the field error, the form shows it', () => {
    const form = { ...formValuesOf(definitions, stored), revenue: undefined };
    expect(customFieldPatchOf(definitions, stored, form)).toEqual({ revenue: null });
  });
});
