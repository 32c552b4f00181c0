import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { commonV1, crmV1 } from '@salesflow/contracts';
import type { DomainEvent } from '@salesflow/platform';
import { createTestDatabase, type TestDatabase } from '@salesflow/platform/testing';
import { Pool } from 'pg';
import { FunnelService } from '../src/modules/funnel/funnel.service';
import { createProjector } from '../src/projections/projector';
import { at, money, TIME_ZONE } from './support/test-events';

/**
 * The funnel's `advanced` flag on stage moves (an entry into a stage that the opportunity
 * later left forward), set by the projector whichever of the entry and its exit arrives
 * first. The projector is driven directly, batch by batch, each batch in its own transaction
 * as the batch consumer runs it, with the exits delivered before the entries they close.
 */
describe('stage moves: advanced entries marked in any arrival order', () => {
  const tenantId = randomUUID();
  const rep = randomUUID();
  const apply = createProjector({ timeZone: TIME_ZONE });
  let db: TestDatabase;
  let pool: Pool;

  const stage = (id: string, position: number, kind: crmV1.StageKind = 'STAGE_KIND_OPEN') =>
    crmV1.PipelineStage.fromPartial({ id, key: id, name: `stage-${id}`, position, kind });
  const S1 = stage('s1', 1);
  const S2 = stage('s2', 2);
  const S3 = stage('s3', 3);
  const WON = stage('won', 9, 'STAGE_KIND_WON');
  const LOST = stage('lost', 10, 'STAGE_KIND_LOST');

  const moves = new Map<string, DomainEvent<crmV1.OpportunityStageChanged>>();
  function move(
    name: string,
    opportunityId: string,
    from: crmV1.PipelineStage,
    to: crmV1.PipelineStage,
    enteredOn: string,
    changedOn: string,
    backwards = false,
  ): void {
    const id = randomUUID();
    moves.set(name, {
      id,
      type: 'crm.opportunity.stage_changed',
      tenantId,
      aggregateId: opportunityId,
      aggregateVersion: moves.size + 1,
      occurredAt: at(changedOn),
      actorId: rep,
      payload: crmV1.OpportunityStageChanged.fromPartial({
        opportunity: { id: opportunityId, tenantId, ownerId: rep, amount: money(10_000), version: '1' },
        attribution: commonV1.Attribution.fromPartial({ ownerId: rep, departmentPath: 'root/d1/' }),
        change: { opportunityId, fromStageId: from.id, toStageId: to.id, changedAt: at(changedOn), backwards },
        fromStage: from,
        toStage: to,
        fromStageEnteredAt: at(enteredOn),
      }),
    });
  }

  // oA: S1 -> S2 -> S3 -> LOST. oB: S1 -> S2, back to S1, S1 -> S2 again, S2 -> WON. oC: S1 -> S2, no further.
  const [oA, oB, oC] = [randomUUID(), randomUUID(), randomUUID()];
  move('a1', oA, S1, S2, '2026-07-01', '2026-07-02');
  move('a2', oA, S2, S3, '2026-07-02', '2026-07-05');
  move('a3', oA, S3, LOST, '2026-07-05', '2026-07-08');
  move('b1', oB, S1, S2, '2026-07-01', '2026-07-02');
  move('b2', oB, S2, S1, '2026-07-02', '2026-07-04', true);
  move('b3', oB, S1, S2, '2026-07-04', '2026-07-06');
  move('b4', oB, S2, WON, '2026-07-06', '2026-07-09');
  move('c1', oC, S1, S2, '2026-07-01', '2026-07-03');

  async function applyBatch(names: string[]): Promise<void> {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await apply(
        names.map((n) => moves.get(n) as DomainEvent),
        client,
      );
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    } finally {
      client.release();
    }
  }

  async function advancedMoves(): Promise<string[]> {
    const rows = await pool.query<{ move_id: string }>(
      'SELECT move_id FROM stage_move_facts WHERE tenant_id = $1 AND advanced',
      [tenantId],
    );
    const names = new Map([...moves].map(([name, event]) => [event.id, name]));
    return rows.rows.map((r) => names.get(r.move_id) ?? r.move_id).sort();
  }

  beforeAll(async () => {
    db = await createTestDatabase('analytics', join(__dirname, '../prisma/migrations'), { orgReplica: true });
    pool = new Pool({ connectionString: db.url, max: 2 });
  });

  afterAll(async () => {
    await pool?.end();
    await db?.drop();
  });

  it('marks an entry when its exit arrived in an earlier batch, in the same batch or later', async () => {
    // The exits first: a2 leaves S2 forward but a1 (its entry) is not there yet; a3 leaves S3
    // into LOST, which never advances a2; b4 leaves S2 into WON.
    await applyBatch(['a3', 'b4', 'a2']);
    expect(await advancedMoves()).toEqual([]);
    // b3 enters S2 on 07-06 and b4 (already saved) leaves it on 07-09: marked on arrival.
    // b2 enters S1 on 07-04 (backwards) and b3 leaves S1 forward on 07-06, same batch, later in it.
    await applyBatch(['b3', 'b2']);
    expect(await advancedMoves()).toEqual(['b2', 'b3']);
    // a1 enters S2 on 07-02, left forward by a2 on 07-05. b1 enters S2 on 07-02: b2 leaves it
    // backwards (not advancing) but b4 leaves it forward on 07-09. c1 is never left.
    await applyBatch(['c1', 'a1', 'b1']);
    expect(await advancedMoves()).toEqual(['a1', 'b1', 'b2', 'b3']);
  });

  it('changes nothing when the moves are delivered again, in any order', async () => {
    await applyBatch(['b1', 'a3', 'c1', 'b4', 'a1', 'b2', 'a2', 'b3']);
    await applyBatch(['a2']);
    expect(await advancedMoves()).toEqual(['a1', 'b1', 'b2', 'b3']);
    const count = await pool.query('SELECT count(*)::int AS n FROM stage_move_facts WHERE tenant_id = $1', [tenantId]);
    expect(count.rows[0].n).toBe(8);
  });

  it('counts the marked entries as the funnel conversion', async () => {
    const funnel = new FunnelService(pool, TIME_ZONE, async () => 'CNY');
    const director = commonV1.Principal.fromPartial({
      tenantId,
      employeeId: randomUUID(),
      permissions: ['analytics.read'],
      dataScope: 'DATA_SCOPE_TENANT',
    });
    const f = await funnel.getFunnel(director, { period: '2026-07', employeeId: '', departmentId: '' });
    const byStage = new Map(f.stages.map((s) => [s.stageId, s]));
    // S2 entered by a1, b1, b3, c1 (4 x 10,000); advanced a1, b1, b3 -> 3/4.
    expect(byStage.get('s2')).toMatchObject({ entered: '4', enteredAmount: money(40_000), advanced: '3' });
    expect(byStage.get('s2')?.conversionToNext).toBeCloseTo(0.75, 10);
    // S1 entered once (b2, backwards), left forward by b3 -> 1/1.
    expect(byStage.get('s1')).toMatchObject({ entered: '1', advanced: '1' });
    // S3 entered by a2, left only into LOST -> 0/1; WON and LOST are never left.
    expect(byStage.get('s3')).toMatchObject({ entered: '1', advanced: '0' });
    expect(byStage.get('won')).toMatchObject({ entered: '1', advanced: '0' });
    expect(byStage.get('lost')).toMatchObject({ entered: '1', advanced: '0' });
  });
});
