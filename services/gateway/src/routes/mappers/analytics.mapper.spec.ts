import { leadSummaryToJson } from './analytics.mapper';

describe('leadSummaryToJson', () => {
  it('names every source, with 0 for those analytics did not count', () => {
    const json = leadSummaryToJson({
      total: '7',
      bySource: [
        { source: 'LEAD_SOURCE_WEB', count: '3' },
        { source: 'LEAD_SOURCE_COLD_CALL', count: '4' },
      ],
    });

    expect(json).toEqual({
      total: 7,
      bySource: { exhibition: 0, web: 3, referral: 0, campaign: 0, cold_call: 4, other: 0 },
    });
  });

  it('counts sources newer than the gateway in the total only', () => {
    expect(leadSummaryToJson({ total: '2', bySource: [{ source: 'LEAD_SOURCE_TRADE_PRESS', count: '2' }] }).total).toBe(
      2,
    );
  });
});
