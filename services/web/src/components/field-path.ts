/**
 * The form field an error path belongs to: itself, or the nearest list it is an entry of
 * (eventPatterns.2 lands on a tags select named eventPatterns, whose entries have no field).
 */
export function placeOf(path: string, fieldNames: ReadonlySet<string>): string | undefined {
  for (let name = path; name; name = name.replace(/\.?\d+$/, '')) {
    if (fieldNames.has(name)) return name;
    if (!/\.\d+$/.test(name)) return undefined;
  }
  return undefined;
}
