import { useQuery } from '@tanstack/react-query';
import { Select } from 'antd';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import { useI18n } from '../../i18n/i18n';

/** Picks a customer in my data scope, searching by name as one types (a Form.Item control). */
export function CustomerSelect({
  id,
  value,
  onChange,
}: {
  id?: string;
  value?: string;
  onChange?(value: string): void;
}) {
  const { t } = useI18n();
  const [q, setQ] = useState('');
  const customers = useQuery({
    queryKey: ['customers', 'pick', q],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/customers', { params: { query: { q: q || undefined, limit: 20 } } })),
  });
  return (
    <Select
      // The id Form.Item gives, so that the field's label names this select.
      id={id}
      showSearch={{ filterOption: false, onSearch: setQ }}
      value={value}
      onChange={onChange}
      placeholder={t('action.search')}
      loading={customers.isLoading}
      options={(customers.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))}
    />
  );
}
