import { rejectionOf } from '@salesflow/platform/testing';
import type { Customer } from '../src/generated/prisma/client';
import { CompetitorService } from '../src/modules/competitor/competitor.service';
import { CustomFieldService } from '../src/modules/custom-field/custom-field.service';
import { CustomerService } from '../src/modules/customer/customer.service';
import { OpportunityService } from '../src/modules/opportunity/opportunity.service';
import { PipelineService } from '../src/modules/pipeline/pipeline.service';
import { ProductService } from '../src/modules/product/product.service';
import { createSmallOrg, type SmallOrg } from './support/small-org';

const PERMISSIONS = [
  'crm.customer.read',
  'crm.customer.write',
  'crm.opportunity.read',
  'crm.opportunity.write',
  'crm.product.read',
  'crm.product.write',
  'crm.contract.read',
  'crm.contract.write',
  'crm.payment.read',
  'crm.payment.write',
  'crm.settings.write',
];

/** Products, pipelines, opportunities, contracts and payments against real PostgreSQL. */
describe('sales: pipeline, opportunities, contracts, payments', () => {
  let org: SmallOrg;
  let customers: CustomerService;
  let pipelines: PipelineService;
  let opportunities: OpportunityService;
  let products: ProductService;
  let competitors: CompetitorService;
  let shCustomer: Customer;
  let southCustomer: Customer;
  const outbox = { source: '/salesflow/crm' };

  beforeAll(async () => {
    org = await createSmallOrg(PERMISSIONS);
    customers = new CustomerService(org.db, new CustomFieldService(org.db), outbox);
    pipelines = new PipelineService(org.db);
    opportunities = new OpportunityService(org.db, pipelines, customers, outbox);
    products = new ProductService(org.db);
    competitors = new CompetitorService(org.db, opportunities);
    shCustomer = await customers.create(org.repShanghai(), { name: '上海明远机械', region: '上海', tier: 'KA' });
    southCustomer = await customers.create(org.repSouth(), { name: '广州华南贸易', region: '广州', tier: 'SMB' });
  });

  afterAll(async () => {
    await org?.close();
  });

  const stageId = async (key: string) => {
    const pipeline = await pipelines.defaultPipeline(org.db, org.tenantId);
    const stage = pipeline.stages.find((s) => s.key === key);
    if (!stage) throw new Error(`no stage ${key}`);
    return stage.id;
  };

  describe('pipelines and products', () => {
    it('creates the default pipeline once, on first use, with the standard stages', async () => {
      const [first] = await pipelines.list(org.repShanghai());
      const [again] = await pipelines.list(org.repSouth());
      expect(again?.id).toBe(first?.id);
      expect(first?.isDefault).toBe(true);
      expect(first?.stages.map((s) => [s.name, s.kind, s.probability])).toEqual([
        ['潜在客户开发', 'OPEN', 10],
        ['初步接触', 'OPEN', 20],
        ['需求分析', 'OPEN', 40],
        ['方案呈现', 'OPEN', 60],
        ['谈判签约', 'OPEN', 80],
        ['赢单', 'WON', 100],
        ['输单', 'LOST', 0],
      ]);
      expect((await pipelines.lostReasons(org.repShanghai())).map((r) => r.label)).toContain('价格过高');
    });

    it('changes a stage rule and refuses unknown required fields', async () => {
      const pipeline = await pipelines.defaultPipeline(org.db, org.tenantId);
      const firstContact = await stageId('first_contact');
      const error = await rejectionOf(
        pipelines.updateStage(org.admin(), pipeline.id, firstContact, { requiredFields: ['colour'] }),
      );
      expect(error.code).toBe('INVALID_ARGUMENT');
      expect(error.details.fieldErrors?.[0]?.field).toBe('requiredFields.0');
      const updated = await pipelines.updateStage(org.admin(), pipeline.id, firstContact, { probability: 25 });
      expect(updated.stages.find((s) => s.id === firstContact)?.probability).toBe(25);
      await pipelines.updateStage(org.admin(), pipeline.id, firstContact, { probability: 20 });
    });

    it('records products with line, list price and cost; bad input changes nothing', async () => {
      const product = await products.create(org.admin(), {
        name: 'MX-200 数控机床',
        productLine: '机床',
        listPrice: { amountMinor: '58000000', currency: 'CNY' },
        cost: { amountMinor: 41000000, currency: 'CNY' },
      });
      expect([product.productLine, product.listPriceMinor, product.costMinor]).toEqual(['机床', 58000000n, 41000000n]);
      const error = await rejectionOf(
        products.create(org.admin(), {
          name: '坏的',
          productLine: '',
          listPrice: { amountMinor: '-1', currency: 'CNY' },
          cost: { amountMinor: 1, currency: 'USD' },
        }),
      );
      expect(error.details.fieldErrors?.map((e) => e.field).sort()).toEqual([
        'cost.currency',
        'listPrice.amountMinor',
        'productLine',
      ]);
      expect((await products.list(org.repShanghai(), {})).map((p) => p.name)).toEqual(['MX-200 数控机床']);
    });
  });

  describe('opportunities', () => {
    it('moves through the stages with history, refuses missing required fields and changes nothing', async () => {
      const rep = org.repShanghai();
      const created = await opportunities.create(rep, { name: '明远 二期产线', customerId: shCustomer.id });
      expect([created.stageId, created.probability, created.status]).toEqual([
        await stageId('prospecting'),
        10,
        'OPEN',
      ]);

      // 方案呈现 requires an amount: refused, and the opportunity, its history and the outbox stay as they were.
      const outboxBefore = await org.outboxCount();
      const refused = await rejectionOf(
        opportunities.moveStage(rep, created.id, { stageId: await stageId('proposal') }),
      );
      expect(refused.code).toBe('INVALID_ARGUMENT');
      expect(refused.details.fieldErrors).toEqual([
        { field: 'amount', message: 'is required to enter stage 方案呈现' },
      ]);
      expect((await opportunities.get(rep, created.id)).version).toBe(created.version);
      expect(await opportunities.history(rep, created.id)).toHaveLength(1);
      expect(await org.outboxCount()).toBe(outboxBefore);

      await opportunities.update(rep, created.id, { amount: { amountMinor: '120000000', currency: 'CNY' } });
      const proposal = await opportunities.moveStage(rep, created.id, { stageId: await stageId('proposal') });
      expect([proposal.probability, proposal.version]).toEqual([60, 3]);

      // Backwards needs a reason.
      const back = await rejectionOf(
        opportunities.moveStage(rep, created.id, { stageId: await stageId('first_contact') }),
      );
      expect(back.details.fieldErrors?.map((e) => e.field)).toEqual(['reason']);
      await opportunities.moveStage(rep, created.id, {
        stageId: await stageId('first_contact'),
        reason: '客户换了对接人',
      });

      const history = await opportunities.history(rep, created.id);
      expect(history.map((h) => [h.fromStageId, h.toStageId, h.backwards, h.reason, h.changedBy])).toEqual([
        [null, await stageId('prospecting'), false, '', org.people.repShanghai],
        [await stageId('prospecting'), await stageId('proposal'), false, '', org.people.repShanghai],
        [await stageId('proposal'), await stageId('first_contact'), true, '客户换了对接人', org.people.repShanghai],
      ]);

      const events = await org.events(created.id);
      expect(events.map((e) => e.type)).toEqual([
        'crm.opportunity.created',
        'crm.opportunity.amount_changed',
        'crm.opportunity.stage_changed',
        'crm.opportunity.stage_changed',
      ]);
      const moved = events[2]?.payload as {
        attribution: { departmentPath: string; region: string; customerSegment: string };
        fromStage: { key: string };
        toStage: { key: string };
        change: { backwards: boolean };
      };
      expect(moved.attribution).toMatchObject({
        departmentPath: '/root/sales/east/sh/',
        region: '上海',
        customerSegment: 'KA',
      });
      expect([moved.fromStage.key, moved.toStage.key, moved.change.backwards]).toEqual([
        'prospecting',
        'proposal',
        false,
      ]);
    });

    it('loses only with one of the tenant lost reasons, and wins', async () => {
      const rep = org.repShanghai();
      const lose = await opportunities.create(rep, { name: '要丢的单', customerId: shCustomer.id });
      const bad = await rejectionOf(
        opportunities.moveStage(rep, lose.id, { stageId: await stageId('lost'), lostReason: '心情不好' }),
      );
      expect(bad.details.fieldErrors?.map((e) => e.field)).toEqual(['lostReason']);
      const lost = await opportunities.moveStage(rep, lose.id, {
        stageId: await stageId('lost'),
        lostReason: '价格过高',
      });
      expect([lost.status, lost.lostReason, lost.probability, lost.closedAt !== null]).toEqual([
        'LOST',
        '价格过高',
        0,
        true,
      ]);

      const win = await opportunities.create(rep, {
        name: '要赢的单',
        customerId: shCustomer.id,
        amount: { amountMinor: 5000000, currency: 'CNY' },
      });
      const won = await opportunities.moveStage(rep, win.id, { stageId: await stageId('won') });
      expect([won.status, won.probability, won.lostReason]).toEqual(['WON', 100, '']);
      expect((await org.events(lose.id)).map((e) => e.type).at(-1)).toBe('crm.opportunity.lost');
      expect((await org.events(win.id)).map((e) => e.type).slice(-2)).toEqual([
        'crm.opportunity.stage_changed',
        'crm.opportunity.won',
      ]);
    });

    it('shows the board grouped by stage with totals summed in SQL', async () => {
      const rep = org.repSouth();
      const cny = (amountMinor: number) => ({ amountMinor, currency: 'CNY' });
      await opportunities.create(rep, { name: 'A', customerId: southCustomer.id, amount: cny(100_000) });
      await opportunities.create(rep, { name: 'B', customerId: southCustomer.id, amount: cny(250_000) });
      await opportunities.create(rep, { name: 'D', customerId: southCustomer.id });
      const c = await opportunities.create(rep, { name: 'C', customerId: southCustomer.id, amount: cny(400_000) });
      await opportunities.moveStage(rep, c.id, { stageId: await stageId('needs_analysis') });

      const { columns } = await opportunities.board(rep, {});
      const column = (key: string) => columns.find((col) => col.stage.key === key);
      // 潜在客户开发: A, B and D (no amount) -> 3; 100,000 + 250,000 = 350,000;
      // weighted at 10 %: (100,000 x 10 + 250,000 x 10) / 100 = 35,000.
      expect(column('prospecting')).toMatchObject({
        count: 3,
        totals: [{ currency: 'CNY', amountMinor: 350_000n, weightedMinor: 35_000n }],
      });
      expect(column('prospecting')?.opportunities).toHaveLength(3);
      // 需求分析: C alone -> 400,000; at 40 %: 400,000 x 40 / 100 = 160,000.
      expect(column('needs_analysis')).toMatchObject({
        count: 1,
        totals: [{ currency: 'CNY', amountMinor: 400_000n, weightedMinor: 160_000n }],
      });
      expect(column('proposal')).toMatchObject({ count: 0, totals: [] });
      expect(columns).toHaveLength(7);
    });

    it('applies the data scope: a rep sees their own, a manager the subtree, another tenant nothing', async () => {
      const shOpportunity = await opportunities.create(org.repShanghai(), {
        name: '范围测试',
        customerId: shCustomer.id,
      });
      const southOwned = (await opportunities.list(org.repSouth(), {})).opportunities;
      expect(southOwned.every((o) => o.ownerId === org.people.repSouth)).toBe(true);
      expect((await rejectionOf(opportunities.get(org.repSouth(), shOpportunity.id))).code).toBe('NOT_FOUND');
      expect((await rejectionOf(opportunities.get(org.stranger(), shOpportunity.id))).code).toBe('NOT_FOUND');
      const managerSees = (await opportunities.list(org.manager(), { limit: 100 })).opportunities;
      expect(managerSees.some((o) => o.id === shOpportunity.id)).toBe(true);
      expect(managerSees.some((o) => o.ownerId === org.people.repSouth)).toBe(false);
      // A rep cannot open an opportunity on a customer outside their scope.
      expect(
        (await rejectionOf(opportunities.create(org.repSouth(), { name: 'x', customerId: shCustomer.id }))).code,
      ).toBe('NOT_FOUND');
    });

    it('records the competitive analysis per opportunity', async () => {
      const rep = org.repShanghai();
      const rival = await competitors.create(org.admin(), { name: '德玛机床', strengths: '价格低' });
      const opportunity = await opportunities.create(rep, { name: '竞争单', customerId: shCustomer.id });
      await competitors.upsertAnalysis(rep, opportunity.id, {
        competitorId: rival.id,
        offer: { amountMinor: 9_000_000, currency: 'CNY' },
        weaknesses: '售后慢',
      });
      const beaten = await competitors.upsertAnalysis(rep, opportunity.id, {
        competitorId: rival.id,
        status: 'BEATEN',
      });
      expect(beaten.status).toBe('BEATEN');
      expect(await competitors.analyses(rep, opportunity.id)).toHaveLength(1);
      expect((await rejectionOf(competitors.analyses(org.repSouth(), opportunity.id))).code).toBe('NOT_FOUND');
    });
  });
});
