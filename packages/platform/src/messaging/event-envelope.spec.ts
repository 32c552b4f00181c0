import { eventsV1 } from '@salesflow/contracts';
import { decodeEnvelope, encodeEnvelope } from './event-envelope';

describe('event envelope', () => {
  const lead = {
    id: '0190f1d2-aaaa-7000-8000-000000000001',
    tenantId: '0190f1d2-bbbb-7000-8000-000000000002',
    name: '王建国',
    company: '上海华信精密机械有限公司',
    phone: '+8613800138000',
    email: '',
    source: 'LEAD_SOURCE_EXHIBITION' as const,
    status: 'LEAD_STATUS_NEW' as const,
    ownerId: '',
    notes: '',
    version: '1',
  };

  it('round-trips a catalogued event with its typed payload', () => {
    const bytes = encodeEnvelope('0190f1d2-cccc-7000-8000-000000000003', {
      type: 'crm.lead.created',
      tenantId: lead.tenantId,
      aggregateId: lead.id,
      aggregateVersion: 1,
      actorId: 'emp-1',
      occurredAt: new Date('2026-11-23T08:00:00Z'),
      payload: { lead },
    });
    const event = decodeEnvelope(bytes);
    expect(event).toMatchObject({
      id: '0190f1d2-cccc-7000-8000-000000000003',
      type: 'crm.lead.created',
      tenantId: lead.tenantId,
      aggregateId: lead.id,
      aggregateVersion: 1,
      actorId: 'emp-1',
      occurredAt: new Date('2026-11-23T08:00:00Z'),
      known: true,
    });
    expect((event.payload as { lead: typeof lead }).lead).toMatchObject({
      name: '王建国',
      source: 'LEAD_SOURCE_EXHIBITION',
    });
  });

  it('refuses to encode an event type the catalog does not list', () => {
    expect(() =>
      encodeEnvelope('x', {
        type: 'crm.lead.vanished',
        tenantId: 't',
        aggregateId: 'a',
        aggregateVersion: 1,
        payload: {},
      }),
    ).toThrow(/not in the topic catalog/);
  });

  it('decodes an unknown type from a newer producer without its payload', () => {
    const bytes = eventsV1.EventEnvelope.encode({
      id: 'e1',
      type: 'crm.lead.teleported',
      tenantId: 't1',
      aggregateId: 'a1',
      aggregateVersion: '2',
      payload: { typeUrl: 'type.googleapis.com/salesflow.crm.v1.LeadTeleported', value: Buffer.from([]) },
    }).finish();
    expect(decodeEnvelope(bytes)).toMatchObject({ type: 'crm.lead.teleported', known: false, payload: undefined });
  });

  it('rejects bytes that are not an envelope, and an envelope whose payload type does not match', () => {
    expect(() => decodeEnvelope(Buffer.from('not protobuf'))).toThrow();
    const mismatched = eventsV1.EventEnvelope.encode({
      id: 'e1',
      type: 'crm.lead.created',
      tenantId: 't1',
      aggregateId: 'a1',
      aggregateVersion: '1',
      payload: { typeUrl: 'type.googleapis.com/salesflow.goals.v1.TargetCreated', value: Buffer.from([]) },
    }).finish();
    expect(() => decodeEnvelope(mismatched)).toThrow(/does not match/);
  });
});
