import { leadSummaryToJson } from './analytics.mapper';

describe('leadSummaryToJson', () => {
  it('names the sources analytics counted, by their API names', () => {
    const json = leadSummaryToJson({
      total: '7',
      bySource: [
        { source: 'LEAD_SOURCE_WEB', count: '3' },
        { source: 'LEAD_SOURCE_COLD_CALL', count: '4' },
        { source: 'LEAD_SOURCE_REFERRAL', count: '0' },
      ],
    });

    expect(json).toEqual({ total: 7, bySource: { web: 3, cold_call: 4 } });
  });

  it('answers an empty summary for a tenant without leads', () => {
    expect(leadSummaryToJson({ total: '0', bySource: [] })).toEqual({ total: 0, bySource: {} });
  });

  it('counts sources newer than the gateway in the total only', () => {
    expect(leadSummaryToJson({ total: '2', bySource: [{ source: 'LEAD_SOURCE_TRADE_PRESS', count: '2' }] })).toEqual({
      total: 2,
      bySource: {},
    });
  });
});
