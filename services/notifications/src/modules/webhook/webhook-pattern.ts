/** `*`, an exact type (`crm.contract.signed`) or a prefix ending in `.*` (`crm.*`, `crm.contract.*`). */
const PATTERN = /^(\*|[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*(\.\*)?)$/;

export function isValidEventPattern(pattern: string): boolean {
  return pattern.length <= 200 && PATTERN.test(pattern);
}

export function matchesEventType(pattern: string, type: string): boolean {
  if (pattern === '*') return true;
  if (pattern.endsWith('.*')) return type.startsWith(pattern.slice(0, -1));
  return pattern === type;
}

export function matchesAny(patterns: readonly string[], type: string): boolean {
  return patterns.some((p) => matchesEventType(p, type));
}
