/** A row of a tree table: the node and, when it has any, the nodes under it. */
export type Nested<T> = T & { children?: Nested<T>[] };

/**
 * Flat nodes (each naming its parent) nested under their parents, in the order given. A node
 * whose parent is not in the list (outside the reader's scope) becomes a root of its own.
 */
export function nestByParent<T extends { targetId: string; parentId: string | null }>(
  nodes: readonly T[],
): Nested<T>[] {
  const rows = new Map<string, Nested<T>>(nodes.map((node) => [node.targetId, { ...node }]));
  const roots: Nested<T>[] = [];
  for (const row of rows.values()) {
    const parent = row.parentId ? rows.get(row.parentId) : undefined;
    if (parent) parent.children = [...(parent.children ?? []), row];
    else roots.push(row);
  }
  return roots;
}
