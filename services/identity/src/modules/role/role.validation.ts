import type { FieldError } from '@salesflow/platform';

export const ROLE_CODE_PATTERN = /^[a-z][a-z0-9_]{1,39}$/;
/** "*", "<service>.*", "<service>.<resource>.*" or "<service>.<resource>.<action>". */
export const PERMISSION_PATTERN = /^(\*|[a-z]+\.(\*|[a-z_]+\.(\*|[a-z_]+)))$/;

export function roleCodeProblem(code: string): string | undefined {
  return ROLE_CODE_PATTERN.test(code)
    ? undefined
    : 'is not 2..40 lowercase letters, digits or "_", starting with a letter';
}

/** Field errors for each malformed permission ("permissions.2"); none for a good list. */
export function permissionProblems(permissions: readonly string[], field = 'permissions'): FieldError[] {
  const errors: FieldError[] = [];
  if (permissions.length > 200) errors.push({ field, message: 'has more than 200 permissions' });
  permissions.forEach((p, i) => {
    if (!PERMISSION_PATTERN.test(p)) errors.push({ field: `${field}.${i}`, message: `"${p}" is not a permission` });
  });
  return errors;
}
