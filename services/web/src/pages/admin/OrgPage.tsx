import { ApartmentOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Skeleton, Tree, type TreeProps, TreeSelect } from 'antd';
import { useState } from 'react';
import { api, idempotencyKey, unwrap } from '../../api/client';
import { showProblemOnForm } from '../../components/form-errors';
import { useI18n } from '../../i18n/i18n';
import { ifMatch } from '../field/field-data';
import { AdminNav } from './AdminNav';
import { type DepartmentNode, departmentsById, toTreeData, useDepartmentTree } from './org-data';

/**
 * The org tree. Dragging a department onto another makes that one its parent (everything below
 * moves with it); on a phone, where dragging is awkward, the selected department's parent can be
 * picked from a list instead. Both send POST /departments/{id}/move with the version shown.
 */
export function OrgPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const tree = useDepartmentTree();
  const byId = departmentsById(tree.data);
  const [selected, setSelected] = useState<string | undefined>();
  const [form] = Form.useForm<{ parentId?: string }>();

  async function move(department: DepartmentNode, parentId: string | null) {
    if (department.parentId === parentId) return;
    try {
      const moved = unwrap(
        await api.POST('/api/v1/departments/{id}/move', {
          params: { path: { id: department.id }, header: { ...ifMatch(department.version), ...idempotencyKey() } },
          body: { parentId },
        }),
      );
      message.success(`${t('org.moved')}: ${department.name} (${t('org.movedCount')} ${moved.movedCount})`);
    } catch (error) {
      const rest = showProblemOnForm(form, error);
      if (rest) message.error(rest);
    } finally {
      await queryClient.invalidateQueries({ queryKey: ['departments'] });
    }
  }

  // Dropped onto a department: it becomes the parent. Dropped into the gap beside one: that
  // one's parent does (the order of siblings is not kept by the API, so only the parent counts).
  const onDrop: TreeProps['onDrop'] = (info) => {
    const dragged = byId.get(String(info.dragNode.key));
    const target = byId.get(String(info.node.key));
    if (!dragged || !target) return;
    void move(dragged, info.dropToGap ? target.parentId : target.id);
  };

  const department = selected ? byId.get(selected) : undefined;
  return (
    <>
      <AdminNav />
      <Alert type="info" showIcon message={t('org.dragHint')} style={{ marginBottom: 12 }} />
      {tree.isLoading ? (
        <Skeleton active />
      ) : (
        <Tree
          draggable={{ icon: false }}
          blockNode
          defaultExpandAll
          showLine
          icon={<ApartmentOutlined />}
          treeData={toTreeData(tree.data ?? [])}
          selectedKeys={selected ? [selected] : []}
          onSelect={(keys) => {
            setSelected(keys[0] === undefined ? undefined : String(keys[0]));
            form.resetFields();
          }}
          onDrop={onDrop}
          data-testid="org-tree"
        />
      )}
      {department && (
        <Card size="small" title={department.name} style={{ marginTop: 12 }}>
          <Form
            form={form}
            layout="vertical"
            initialValues={{ parentId: department.parentId ?? undefined }}
            onFinish={({ parentId }) => move(department, parentId ?? null)}
          >
            <Form.Item name="parentId" label={t('org.parent')} help={!department.parentId && t('org.toRoot')}>
              <TreeSelect
                allowClear
                treeDefaultExpandAll
                placeholder={t('org.toRoot')}
                treeData={toTreeData(tree.data ?? [])}
              />
            </Form.Item>
            <Button htmlType="submit" type="primary">
              {t('action.save')}
            </Button>
          </Form>
        </Card>
      )}
    </>
  );
}
