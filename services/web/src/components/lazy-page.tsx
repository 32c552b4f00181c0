import { Spin } from 'antd';
import { type ComponentType, lazy, Suspense } from 'react';

/**
 * A route element whose page is loaded when first visited, so the first load of the console
 * stays small. Called once per route at module level (React.lazy must not be re-created).
 */
export function lazyPage(load: () => Promise<ComponentType>) {
  const Page = lazy(async () => ({ default: await load() }));
  return (
    <Suspense fallback={<Spin style={{ display: 'block', margin: '48px auto' }} />}>
      <Page />
    </Suspense>
  );
}
