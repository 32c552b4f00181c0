// Proto enums travel as "PREFIX_NAME" strings (ts-proto stringEnums); the database and the
// domain keep NAME. UNSPECIFIED means "not given".

export function enumToProto<T extends string>(prefix: string, value: string): T {
  return `${prefix}${value}` as T;
}

/** undefined for a missing or UNSPECIFIED value; otherwise the name without the prefix. */
export function enumFromProto(prefix: string, value: string | undefined): string | undefined {
  if (!value || value === `${prefix}UNSPECIFIED`) return undefined;
  return value.startsWith(prefix) ? value.slice(prefix.length) : value;
}
