import type { FieldError } from '@salesflow/platform';
import { z } from 'zod';
import { fieldErrorsOf, normalizePhone, passwordProblem } from '../shared/validation';

export const employeeNameSchema = z.string().trim().min(1, 'is required').max(100, 'is longer than 100 characters');
export const employeeEmailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(1, 'is required')
  .max(320, 'is longer than 320 characters')
  .refine((e) => z.email().safeParse(e).success, 'is not an email address');
/** Empty means "no phone"; otherwise 5..20 digits after normalizing. */
export const employeePhoneSchema = z
  .string()
  .transform(normalizePhone)
  .refine((p) => p === '' || /^\+?\d{5,20}$/.test(p), 'is not a phone number');
export const employeeTitleSchema = z.string().trim().max(100, 'is longer than 100 characters');
/** Empty means "no password yet" (cannot log in until an admin sets one). */
export const optionalPasswordSchema = z.string().superRefine((p, ctx) => {
  const problem = p === '' ? undefined : passwordProblem(p);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});
export const roleCodesSchema = z.array(z.string().trim().min(1, 'is empty')).max(20, 'has more than 20 roles');

export interface EmployeeFieldsInput {
  name: string;
  email: string;
  phone: string;
  title: string;
  password: string;
}

export interface EmployeeFields {
  name: string;
  email: string;
  /** Normalized; undefined when none was given. */
  phone: string | undefined;
  title: string;
  password: string | undefined;
}

const fieldsSchema = z.object({
  name: employeeNameSchema,
  email: employeeEmailSchema,
  phone: employeePhoneSchema,
  title: employeeTitleSchema,
  password: optionalPasswordSchema,
});

/** The person's own fields, normalized, or the problems with each (pure: no database). */
export function validateEmployeeFields(
  input: EmployeeFieldsInput,
): { ok: true; value: EmployeeFields } | { ok: false; errors: FieldError[] } {
  const parsed = fieldsSchema.safeParse(input);
  if (!parsed.success) return { ok: false, errors: fieldErrorsOf(parsed.error) };
  const { phone, password, ...rest } = parsed.data;
  return { ok: true, value: { ...rest, phone: phone || undefined, password: password || undefined } };
}
