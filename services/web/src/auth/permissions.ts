/**
 * Whether a permission list grants a permission, as the services decide it: exactly, by a
 * `<prefix>.*` wildcard, or by the admins' `*`. The console uses it only to hide what would
 * be refused anyway; the API still decides.
 */
export function grants(permissions: readonly string[] | undefined, permission: string): boolean {
  return (permissions ?? []).some(
    (p) => p === '*' || p === permission || (p.endsWith('.*') && permission.startsWith(p.slice(0, -1))),
  );
}
