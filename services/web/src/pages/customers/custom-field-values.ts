import dayjs, { type Dayjs } from 'dayjs';

/** What these helpers read of a definition (GET /custom-fields items fit; no import keeps them pure). */
export interface CustomFieldDefinition {
  key: string;
  type: string | null;
  options: readonly string[];
  required: boolean;
}

/** What the form holds for one field: dates as Dayjs (for the picker), the rest as the API stores them. */
export type FormValue = string | number | string[] | Dayjs | null | undefined;
export type StoredValue = unknown;

/** The stored values (GET /customers/{id}.customFields) as the edit form's initial values. */
export function formValuesOf(
  definitions: readonly CustomFieldDefinition[],
  stored: Readonly<Record<string, StoredValue>>,
): Record<string, FormValue> {
  const values: Record<string, FormValue> = {};
  for (const definition of definitions) {
    const value = stored[definition.key];
    if (value === undefined || value === null) continue;
    if (definition.type === 'date' && typeof value === 'string') values[definition.key] = dayjs(value);
    else if (definition.type === 'multi_select' && Array.isArray(value)) values[definition.key] = value.map(String);
    else if (typeof value === 'string' || typeof value === 'number') values[definition.key] = value;
  }
  return values;
}

function isEmpty(value: FormValue | StoredValue): boolean {
  return (
    value === undefined ||
    value === null ||
    (typeof value === 'string' && value.trim() === '') ||
    (Array.isArray(value) && value.length === 0)
  );
}

function apiValueOf(definition: CustomFieldDefinition, value: FormValue): string | number | string[] {
  if (dayjs.isDayjs(value)) return value.format('YYYY-MM-DD');
  if (definition.type === 'text' && typeof value === 'string') return value.trim();
  return value as string | number | string[];
}

function sameValue(a: StoredValue, b: string | number | string[]): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => v === b[i]);
  return a === b;
}

/**
 * The PATCH body's customFields for what the form holds: only what changed, a cleared field as
 * null (crm removes the key), dates as "YYYY-MM-DD". An empty object means nothing to send.
 */
export function customFieldPatchOf(
  definitions: readonly CustomFieldDefinition[],
  stored: Readonly<Record<string, StoredValue>>,
  form: Readonly<Record<string, FormValue>>,
): Record<string, string | number | string[] | null> {
  const patch: Record<string, string | number | string[] | null> = {};
  for (const definition of definitions) {
    const before = stored[definition.key];
    const value = form[definition.key];
    if (isEmpty(value)) {
      if (!isEmpty(before)) patch[definition.key] = null;
      continue;
    }
    const next = apiValueOf(definition, value);
    if (!sameValue(before, next)) patch[definition.key] = next;
  }
  return patch;
}
