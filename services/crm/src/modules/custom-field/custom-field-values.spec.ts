import { type CustomFieldDefinition, filterValueOf, mergeCustomFieldValues } from './custom-field-values';

const definitions: CustomFieldDefinition[] = [
  { key: 'note', type: 'TEXT', options: [], required: false },
  { key: 'revenue', type: 'NUMBER', options: [], required: true },
  { key: 'level', type: 'SINGLE_SELECT', options: ['gold', 'silver'], required: false },
  { key: 'channels', type: 'MULTI_SELECT', options: ['online', 'retail'], required: false },
];

describe('mergeCustomFieldValues', () => {
  it('merges typed values, drops nulls and de-duplicates multi selects', () => {
    const result = mergeCustomFieldValues(
      definitions,
      { revenue: 1, note: 'old', level: 'gold' },
      { note: ' new ', level: null, channels: ['online', 'online', 'retail'] },
    );
    expect(result).toEqual({ values: { revenue: 1, note: 'new', channels: ['online', 'retail'] }, errors: [] });
  });

  it('names each bad value and a missing required field', () => {
    const { errors } = mergeCustomFieldValues(definitions, {}, { note: 3, level: 'bronze', other: 'x' });
    expect(errors).toEqual([
      { field: 'customFields.note', message: 'must be text' },
      { field: 'customFields.level', message: 'must be one of gold, silver' },
      { field: 'customFields.other', message: 'is not a custom field of this tenant' },
      { field: 'customFields.revenue', message: 'is required' },
    ]);
  });

  it('reads number filters as numbers and refuses what is not one', () => {
    const revenue = definitions[1] as CustomFieldDefinition;
    expect(filterValueOf(revenue, '12.5')).toBe(12.5);
    expect(filterValueOf(revenue, 'abc')).toBeUndefined();
    expect(filterValueOf(revenue, ' ')).toBeUndefined();
    expect(filterValueOf(definitions[0] as CustomFieldDefinition, '12')).toBe('12');
  });
});
