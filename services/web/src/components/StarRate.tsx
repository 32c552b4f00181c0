import { Rate, type RateProps } from 'antd';
import { cloneElement, type ReactElement } from 'react';
import { useI18n } from '../i18n/i18n';
import { starName } from './star-name';

type StarNode = ReactElement<{ children: ReactElement<{ 'aria-label'?: string }> }>;

/**
 * antd's Rate whose stars screen readers can name ("4 星" / "4 stars"). Each star is rendered
 * (by @rc-component/rate) as `<li><div role="radio">` holding the star icon twice, so without a
 * label a star reads as "star star"; antd's `tooltips` only add a hover tooltip, not a name.
 * `characterRender` puts the name on the radio itself. (It replaces antd's own characterRender,
 * which only draws `tooltips`, so this component takes none.)
 */
export function StarRate(props: Omit<RateProps, 'characterRender' | 'tooltips'>) {
  const { t } = useI18n();
  return (
    <Rate
      {...props}
      characterRender={(node, { index = 0 }) => {
        const star = node as StarNode;
        return cloneElement(star, undefined, cloneElement(star.props.children, { 'aria-label': starName(index, t) }));
      }}
    />
  );
}
