import { Segmented } from 'antd';
import { useLocation, useNavigate } from 'react-router';

/**
 * The pages of one section (field, approvals, admin) as a row of tabs that scrolls sideways on
 * a phone: the top menu holds one entry per section, this picks the page within it. `label`
 * names the switcher for screen readers ("外勤页面"), instead of antd's English "segmented control".
 */
export function SubNav({ label, items }: { label: string; items: { path: string; label: string }[] }) {
  const navigate = useNavigate();
  const { pathname } = useLocation();
  return (
    <div style={{ overflowX: 'auto', marginBottom: 12 }}>
      <Segmented
        aria-label={label}
        value={items.find((item) => item.path === pathname)?.path ?? items[0]?.path}
        onChange={(path) => navigate(path)}
        options={items.map((item) => ({ value: item.path, label: item.label }))}
      />
    </div>
  );
}
