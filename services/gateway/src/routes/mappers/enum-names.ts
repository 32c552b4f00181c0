/** proto value -> API name, for the `*FromProto` lookups of a name -> proto table. */
export function invert<K extends string, V extends string>(map: Record<K, V>): Map<string, K> {
  return new Map(Object.entries<V>(map).map(([name, proto]) => [proto, name as K]));
}
