import { useQuery } from '@tanstack/react-query';
import type { TreeDataNode } from 'antd';
import { api, type Schemas, unwrap } from '../../api/client';

export type DepartmentNode = Schemas['DepartmentTreeNode'];

/** The tenant's org tree (GET /departments?view=tree). */
export function useDepartmentTree() {
  return useQuery({
    queryKey: ['departments', 'tree'],
    queryFn: async () => {
      const answer = unwrap(await api.GET('/api/v1/departments', { params: { query: { view: 'tree' } } }));
      return 'view' in answer && answer.view === 'tree' ? answer.items : [];
    },
  });
}

/** Every department of the tree by id, for names, parents and versions. */
export function departmentsById(roots: DepartmentNode[] | undefined): Map<string, DepartmentNode> {
  const byId = new Map<string, DepartmentNode>();
  const visit = (nodes: DepartmentNode[]) => {
    for (const node of nodes) {
      byId.set(node.id, node);
      visit(node.children);
    }
  };
  visit(roots ?? []);
  return byId;
}

/** The tree as antd's Tree and TreeSelect take it. */
export function toTreeData(nodes: DepartmentNode[]): (TreeDataNode & { value: string })[] {
  return nodes.map((node) => ({
    key: node.id,
    value: node.id,
    title: node.name,
    children: toTreeData(node.children),
  }));
}
