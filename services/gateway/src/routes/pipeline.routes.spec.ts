import { crmV1 } from '@salesflow/contracts';
import request from 'supertest';
import type { SalesClient } from '../clients/service-clients';
import { createSigningKey, REP_CLAIMS, type SigningKey, signAccessToken } from '../testing/access-tokens';
import type { Fake } from '../testing/fake-identity';
import { callRecorder, routeTestApp } from '../testing/route-test-app';

const PIPELINE_ID = '0190a5e4-7c1e-7b3a-9f00-0000000000e1';

function storedPipeline(): crmV1.Pipeline {
  const stage = (id: string, name: string, position: number, kind: crmV1.StageKind): crmV1.PipelineStage => ({
    id,
    key: id,
    name,
    position,
    kind,
    probability: 30,
    requiredFields: [],
  });
  return {
    id: PIPELINE_ID,
    tenantId: 't-1',
    name: '默认销售流程',
    isDefault: true,
    stages: [
      stage('s-2', '试用', 0, crmV1.StageKind.STAGE_KIND_OPEN),
      stage('s-1', '初步接触', 1, crmV1.StageKind.STAGE_KIND_OPEN),
      stage('s-won', '赢单', 2, crmV1.StageKind.STAGE_KIND_WON),
    ],
    version: '4',
  };
}

describe('pipeline stage routes', () => {
  let key: SigningKey;
  let admin: string;
  let viewer: string;

  beforeAll(async () => {
    key = await createSigningKey();
    admin = await signAccessToken(key, { claims: { ...REP_CLAIMS, perms: ['crm.settings.write'] } });
    viewer = await signAccessToken(key, { claims: { ...REP_CLAIMS, perms: ['crm.opportunity.read'] } });
  });

  function build() {
    const { calls, record, sent } = callRecorder();
    const sales: Fake<Partial<SalesClient>> = {
      addPipelineStage: record('addPipelineStage', () => ({ pipeline: storedPipeline() })),
      reorderPipelineStages: record('reorderPipelineStages', () => ({ pipeline: storedPipeline() })),
    };
    const app = routeTestApp(key, { sales: sales as SalesClient });
    return { app, calls, sent };
  }

  it('adds a stage: 201 with the pipeline, required fields default to none', async () => {
    const { app, sent } = build();

    const res = await request(app)
      .post(`/api/v1/pipelines/${PIPELINE_ID}/stages`)
      .set('Authorization', `Bearer ${admin}`)
      .send({ name: ' 试用 ', probability: 30 });

    expect(res.status).toBe(201);
    expect(res.body.stages.map((s: { name: string; kind: string }) => [s.name, s.kind])).toEqual([
      ['试用', 'open'],
      ['初步接触', 'open'],
      ['赢单', 'won'],
    ]);
    expect(sent('addPipelineStage')).toEqual({
      pipelineId: PIPELINE_ID,
      name: '试用',
      probability: 30,
      requiredFields: [],
    });
  });

  it('reorders the open stages with the ids given', async () => {
    const { app, sent } = build();

    const res = await request(app)
      .put(`/api/v1/pipelines/${PIPELINE_ID}/stages/order`)
      .set('Authorization', `Bearer ${admin}`)
      .send({ stageIds: ['s-2', 's-1'] });

    expect(res.status).toBe(200);
    expect(sent('reorderPipelineStages')).toEqual({ pipelineId: PIPELINE_ID, stageIds: ['s-2', 's-1'] });
  });

  it('refuses a bad body and a caller without crm.settings.write before asking crm', async () => {
    const { app, calls } = build();

    const bad = await request(app)
      .post(`/api/v1/pipelines/${PIPELINE_ID}/stages`)
      .set('Authorization', `Bearer ${admin}`)
      .send({ name: '', probability: 101, requiredFields: ['budget'] });
    const empty = await request(app)
      .put(`/api/v1/pipelines/${PIPELINE_ID}/stages/order`)
      .set('Authorization', `Bearer ${admin}`)
      .send({ stageIds: [] });
    const forbidden = await request(app)
      .post(`/api/v1/pipelines/${PIPELINE_ID}/stages`)
      .set('Authorization', `Bearer ${viewer}`)
      .send({ name: '试用', probability: 30 });

    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'name',
      'probability',
      'requiredFields.0',
    ]);
    expect(empty.status).toBe(400);
    expect(forbidden.status).toBe(403);
    expect(calls).toEqual([]);
  });
});
