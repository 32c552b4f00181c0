import type { FieldError } from '@salesflow/platform';
import type { CustomFieldType } from '../../generated/prisma/enums';
import { parseIsoDate } from '../shared/validation';

/** What a definition needs to check a value (a stored CustomField row fits). */
export interface CustomFieldDefinition {
  key: string;
  type: CustomFieldType;
  options: readonly string[];
  required: boolean;
}

export type CustomFieldValue = string | number | string[];
export type CustomFieldValues = Record<string, CustomFieldValue>;

/**
 * Checks `patch` against the tenant's definitions and merges it into `current`: a null value
 * removes the key, an unknown key or a value of the wrong type is an error naming
 * `customFields.<key>`. Required fields must hold a value after the merge.
 */
export function mergeCustomFieldValues(
  definitions: readonly CustomFieldDefinition[],
  current: CustomFieldValues,
  patch: Readonly<Record<string, unknown>>,
): { values: CustomFieldValues; errors: FieldError[] } {
  const byKey = new Map(definitions.map((d) => [d.key, d]));
  const values: CustomFieldValues = { ...current };
  const errors: FieldError[] = [];
  for (const [key, raw] of Object.entries(patch)) {
    const field = `customFields.${key}`;
    const definition = byKey.get(key);
    if (!definition) {
      errors.push({ field, message: 'is not a custom field of this tenant' });
      continue;
    }
    if (raw === null || raw === undefined) {
      delete values[key];
      continue;
    }
    const checked = checkValue(definition, raw);
    if (typeof checked === 'string' && checked.startsWith('!')) errors.push({ field, message: checked.slice(1) });
    else values[key] = checked;
  }
  for (const definition of definitions) {
    const value = values[definition.key];
    const empty = value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
    if (definition.required && empty) errors.push({ field: `customFields.${definition.key}`, message: 'is required' });
  }
  return { values, errors };
}

/** The value in its stored form, or "!<message>". */
function checkValue(definition: CustomFieldDefinition, raw: unknown): CustomFieldValue {
  switch (definition.type) {
    case 'TEXT':
      if (typeof raw !== 'string') return '!must be text';
      return raw.length > 2000 ? '!is longer than 2000 characters' : raw.trim();
    case 'NUMBER':
      return typeof raw === 'number' && Number.isFinite(raw) ? raw : '!must be a number';
    case 'DATE':
      return typeof raw === 'string' && parseIsoDate(raw) ? raw : '!must be a date (YYYY-MM-DD)';
    case 'SINGLE_SELECT':
      return typeof raw === 'string' && definition.options.includes(raw)
        ? raw
        : `!must be one of ${definition.options.join(', ')}`;
    case 'MULTI_SELECT': {
      if (!Array.isArray(raw) || raw.some((v) => typeof v !== 'string' || !definition.options.includes(v))) {
        return `!must be a list of ${definition.options.join(', ')}`;
      }
      return [...new Set(raw as string[])];
    }
  }
}

/**
 * A list filter's text turned into the stored form: a number for NUMBER fields, else the
 * text; undefined when it cannot match (e.g. "abc" for a number).
 */
export function filterValueOf(definition: CustomFieldDefinition, text: string): string | number | undefined {
  if (definition.type !== 'NUMBER') return text;
  const n = Number(text);
  return text.trim() !== '' && Number.isFinite(n) ? n : undefined;
}
