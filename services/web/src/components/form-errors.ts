import type { FormInstance } from 'antd';
import { ApiProblem } from '../api/client';
import { placeOf } from './field-path';

/**
 * Puts the API's problem+json field errors next to the form's fields; returns the message to
 * show for anything that is not about one field (or undefined when all errors were placed).
 */
export function showProblemOnForm(form: FormInstance, error: unknown): string | undefined {
  if (!(error instanceof ApiProblem)) return error instanceof Error ? error.message : String(error);
  const fieldNames = new Set(
    form
      .getFieldsError()
      .map((f) => f.name.join('.'))
      .filter(Boolean),
  );
  const placed: { name: string; errors: string[] }[] = [];
  for (const [field, message] of Object.entries(error.fieldErrors())) {
    // parts[0].weight (the API's list paths) is parts.0.weight in an antd form.
    const name = placeOf(field.replace(/^body\./, '').replace(/\[(\d+)\]/g, '.$1'), fieldNames);
    if (name) placed.push({ name, errors: [message] });
  }
  form.setFields(placed.map((p) => ({ name: p.name.split('.'), errors: p.errors })));
  return placed.length > 0 && placed.length === (error.problem.errors ?? []).length ? undefined : error.message;
}
