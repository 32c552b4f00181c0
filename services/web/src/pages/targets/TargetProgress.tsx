import { Progress } from 'antd';
import { useI18n } from '../../i18n/i18n';
import type { TargetNode } from './target-format';

/**
 * The completion bar of a target with a marker where it should be by now (linear through the
 * period): a bar ending left of the marker is behind pace. The numbers are in the text too,
 * so the marker is never the only way to read it.
 */
export function TargetProgress({ node }: { node: TargetNode }) {
  const { t } = useI18n();
  const completion = Math.round(node.completionPercent);
  const expected = Math.min(100, Math.max(0, node.expectedPercent));
  const behind = node.completionPercent < node.expectedPercent;
  const label = `${t('target.completion')} ${completion}% · ${t('target.expectedByNow')} ${Math.round(expected)}%`;
  return (
    <div style={{ minWidth: 160 }} data-testid="target-progress">
      <div style={{ position: 'relative' }}>
        <Progress
          percent={Math.min(100, completion)}
          showInfo={false}
          status={node.completionPercent >= 100 ? 'success' : 'normal'}
          strokeColor={behind ? '#d97706' : undefined}
          aria-label={label}
        />
        <span
          aria-hidden
          title={`${t('target.expectedByNow')} ${Math.round(expected)}%`}
          style={{
            position: 'absolute',
            left: `${expected}%`,
            top: 2,
            bottom: 2,
            width: 2,
            background: '#0f172a',
          }}
        />
      </div>
      <div style={{ fontSize: 12, color: behind ? '#92400e' : '#475569' }}>{label}</div>
    </div>
  );
}
