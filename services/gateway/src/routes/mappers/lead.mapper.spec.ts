import { crmV1 } from '@salesflow/contracts';
import { LEAD_SOURCES, LEAD_STATUSES } from '../schemas/lead.schemas';
import {
  createLeadRequestFromJson,
  leadSourceFromProto,
  leadSourceToProto,
  leadStatusFromProto,
  leadStatusToProto,
  leadToJson,
} from './lead.mapper';

describe('lead mapper', () => {
  it('maps every API source and status to its proto value and back', () => {
    for (const source of LEAD_SOURCES) expect(leadSourceFromProto(leadSourceToProto(source))).toBe(source);
    for (const status of LEAD_STATUSES) expect(leadStatusFromProto(leadStatusToProto(status))).toBe(status);
    expect(leadSourceToProto('cold_call')).toBe('LEAD_SOURCE_COLD_CALL');
    expect(leadStatusToProto('new')).toBe('LEAD_STATUS_NEW');
  });

  it('leaves absent filters unspecified and reads unknown proto values as null', () => {
    expect(leadSourceToProto(undefined)).toBe('LEAD_SOURCE_UNSPECIFIED');
    expect(leadStatusToProto(undefined)).toBe('LEAD_STATUS_UNSPECIFIED');
    expect(leadSourceFromProto(crmV1.LeadSource.LEAD_SOURCE_UNSPECIFIED)).toBeNull();
    expect(leadSourceFromProto('LEAD_SOURCE_CARRIER_PIGEON')).toBeNull();
    expect(leadStatusFromProto(crmV1.LeadStatus.UNRECOGNIZED)).toBeNull();
  });

  it('fills a CreateLeadRequest from the API body, empty strings for what was left out', () => {
    expect(createLeadRequestFromJson({ name: 'Zhang Wei', email: 'zw@example.com', source: 'exhibition' })).toEqual({
      name: 'Zhang Wei',
      company: '',
      phone: '',
      email: 'zw@example.com',
      source: 'LEAD_SOURCE_EXHIBITION',
      ownerId: '',
      notes: '',
      poolId: '',
      region: '',
      force: false,
    });
  });

  it('round-trips a created lead back to the JSON the client sent, plus what crm added', () => {
    const body = {
      name: 'Zhang Wei',
      company: 'Hangzhou Trading Co.',
      phone: '+8613800138000',
      email: 'zw@example.com',
      source: 'referral' as const,
      ownerId: '0190a5e4-7c1e-7b3a-9f00-0000000000aa',
      notes: 'met at the fair',
    };
    const request = createLeadRequestFromJson(body);
    const stored: crmV1.Lead = {
      ...request,
      id: '0190a5e4-7c1e-7b3a-9f00-000000000001',
      tenantId: 't-1',
      status: crmV1.LeadStatus.LEAD_STATUS_NEW,
      version: '3',
      createdAt: new Date('2026-11-23T08:00:00.000Z'),
      updatedAt: new Date('2026-11-23T09:30:00.000Z'),
      lastFollowUpAt: new Date('2026-11-23T09:00:00.000Z'),
      nextFollowUpOn: '2026-11-30',
      convertedCustomerId: '',
      convertedContactId: '',
    };

    expect(leadToJson(stored)).toEqual({
      ...body,
      id: '0190a5e4-7c1e-7b3a-9f00-000000000001',
      status: 'new',
      version: 3,
      createdAt: '2026-11-23T08:00:00.000Z',
      updatedAt: '2026-11-23T09:30:00.000Z',
      lastFollowUpAt: '2026-11-23T09:00:00.000Z',
      nextFollowUpOn: '2026-11-30',
      poolId: null,
      region: null,
      ownerSince: null,
      convertedCustomerId: null,
      convertedContactId: null,
      convertedAt: null,
    });
  });

  it('shows empty proto strings as null, so a pool lead has ownerId null', () => {
    const json = leadToJson({
      id: 'l-1',
      tenantId: 't-1',
      name: 'Walk-in',
      company: '',
      phone: '',
      email: '',
      source: crmV1.LeadSource.LEAD_SOURCE_WEB,
      status: crmV1.LeadStatus.LEAD_STATUS_RECYCLED,
      ownerId: '',
      notes: '',
      version: '1',
      nextFollowUpOn: '',
      poolId: '',
      region: '',
      convertedCustomerId: '',
      convertedContactId: '',
    });

    expect(json).toEqual({
      id: 'l-1',
      name: 'Walk-in',
      company: null,
      phone: null,
      email: null,
      source: 'web',
      status: 'recycled',
      ownerId: null,
      notes: null,
      version: 1,
      createdAt: null,
      updatedAt: null,
      lastFollowUpAt: null,
      nextFollowUpOn: null,
      poolId: null,
      region: null,
      ownerSince: null,
      convertedCustomerId: null,
      convertedContactId: null,
      convertedAt: null,
    });
  });
});
