import { randomUUID } from 'node:crypto';
import { commonV1 } from '@salesflow/contracts';
import { rejectionOf } from '@salesflow/platform/testing';
import { handOver } from '../src/consumers/employee-departed.consumer';
import type { Customer } from '../src/generated/prisma/client';
import { CompetitorService } from '../src/modules/competitor/competitor.service';
import { ContactService } from '../src/modules/contact/contact.service';
import { ContractService } from '../src/modules/contract/contract.service';
import { ConversionService } from '../src/modules/conversion/conversion.service';
import { CustomFieldService } from '../src/modules/custom-field/custom-field.service';
import { CustomerService } from '../src/modules/customer/customer.service';
import { LeadService } from '../src/modules/lead/lead.service';
import { LeadPoolService } from '../src/modules/lead-pool/lead-pool.service';
import { OpportunityService } from '../src/modules/opportunity/opportunity.service';
import { PaymentService } from '../src/modules/payment/payment.service';
import { PipelineService } from '../src/modules/pipeline/pipeline.service';
import { ProductService } from '../src/modules/product/product.service';
import { createSmallOrg, type SmallOrg } from './support/small-org';

/** The department path an event's attribution froze. */
const pathOf = (event: { payload: unknown } | undefined) =>
  (event?.payload as { attribution?: { departmentPath: string } } | undefined)?.attribution?.departmentPath;

const PERMISSIONS = [
  'crm.lead.read',
  'crm.lead.write',
  'crm.contact.write',
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
  let contracts: ContractService;
  let payments: PaymentService;
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
    contracts = new ContractService(org.db, customers, opportunities, outbox);
    payments = new PaymentService(org.db, contracts, outbox);
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

    it('adds an open stage before won and lost, reorders the open stages, and refuses what does not fit', async () => {
      const pipeline = await pipelines.defaultPipeline(org.db, org.tenantId);
      const order = (p: { stages: { name: string; position: number }[] }) =>
        [...p.stages].sort((a, b) => a.position - b.position).map((s) => s.name);
      const viewer = { ...org.repShanghai(), permissions: ['crm.opportunity.read'] };
      const taken = await rejectionOf(
        pipelines.addStage(org.admin(), pipeline.id, { name: '需求分析', probability: 50 }),
      );
      expect(taken.details.fieldErrors).toEqual([
        { field: 'name', message: 'another stage of this pipeline has this name' },
      ]);
      const bad = await rejectionOf(pipelines.addStage(org.admin(), pipeline.id, { name: ' ', probability: 120 }));
      expect(bad.details.fieldErrors?.map((e) => e.field).sort()).toEqual(['name', 'probability']);
      expect((await rejectionOf(pipelines.addStage(viewer, pipeline.id, { name: '试用', probability: 70 }))).code).toBe(
        'PERMISSION_DENIED',
      );

      const added = await pipelines.addStage(org.admin(), pipeline.id, {
        name: '试用',
        probability: 70,
        requiredFields: ['amount'],
      });
      expect(order(added)).toEqual([
        '潜在客户开发',
        '初步接触',
        '需求分析',
        '方案呈现',
        '谈判签约',
        '试用',
        '赢单',
        '输单',
      ]);
      const trial = added.stages.find((s) => s.name === '试用');
      expect(trial).toMatchObject({ kind: 'OPEN', probability: 70, requiredFields: ['amount'], position: 5 });
      expect(trial?.key).toMatch(/^custom_[0-9a-f]{12}$/);

      const open = [...added.stages].filter((s) => s.kind === 'OPEN').sort((a, b) => a.position - b.position);
      const [a, b, c, d, e, f] = open.map((s) => s.id);
      const won = added.stages.find((s) => s.kind === 'WON')?.id ?? '';
      for (const wrong of [
        [a, b, c, d, e],
        [a, b, c, d, e, f, f],
        [a, b, c, d, e, won],
      ]) {
        const refused = await rejectionOf(pipelines.reorderStages(org.admin(), pipeline.id, wrong as string[]));
        expect(refused.details.fieldErrors?.[0]?.field).toBe('stageIds');
      }
      const reordered = await pipelines.reorderStages(org.admin(), pipeline.id, [a, b, c, f, d, e] as string[]);
      expect(order(reordered)).toEqual([
        '潜在客户开发',
        '初步接触',
        '需求分析',
        '试用',
        '方案呈现',
        '谈判签约',
        '赢单',
        '输单',
      ]);
      expect(reordered.version).toBe(added.version + 1);

      // Back to the standard stages for the other tests.
      await pipelines.reorderStages(org.admin(), pipeline.id, [a, b, c, d, e, f] as string[]);
      await org.db.pipelineStage.delete({ where: { id: f as string } });
      await org.db.pipelineStage.updateMany({ where: { pipelineId: pipeline.id, kind: 'WON' }, data: { position: 5 } });
      await org.db.pipelineStage.updateMany({
        where: { pipelineId: pipeline.id, kind: 'LOST' },
        data: { position: 6 },
      });
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

  describe('contracts and payments', () => {
    const cny = (amountMinor: number) => ({ amountMinor, currency: 'CNY' });
    let customer: Customer;
    let contractId: string;
    let opportunityId: string;
    let firstInstallment: string;

    beforeAll(async () => {
      customer = await customers.create(org.repShanghai(), { name: '苏州精工', region: '苏州', tier: 'KA' });
    });

    it('drafts a contract whose lines give the gross margin; bad input writes nothing', async () => {
      const rep = org.repShanghai();
      const machine = await products.create(org.admin(), {
        name: 'MX-300 加工中心',
        productLine: '机床',
        listPrice: cny(58_000_000),
        cost: cny(41_000_000),
      });
      const opportunity = await opportunities.create(rep, {
        name: '精工 加工中心',
        customerId: customer.id,
        amount: cny(100_000_000),
      });
      opportunityId = opportunity.id;

      const before = await org.db.contract.count();
      const bad = await rejectionOf(
        contracts.create(rep, {
          number: 'HT-2026-001',
          customerId: customer.id,
          lines: [{ productLine: '', amount: { amountMinor: 5, currency: 'USD' } }],
        }),
      );
      expect(bad.code).toBe('INVALID_ARGUMENT');
      expect(bad.details.fieldErrors?.map((e) => e.field).sort()).toEqual(['lines', 'lines.0.productLine']);
      expect(await org.db.contract.count()).toBe(before);

      const contract = await contracts.create(rep, {
        number: 'HT-2026-001',
        title: '加工中心采购合同',
        customerId: customer.id,
        opportunityId,
        lines: [
          // 2 machines: cost from the product, 41,000,000 x 2 = 82,000,000.
          { productId: machine.id, quantityMilli: 2_000, amount: cny(110_000_000) },
          { productLine: '服务', amount: cny(6_000_000), cost: cny(2_500_000), description: '安装调试' },
        ],
      });
      contractId = contract.id;
      const proto = await contracts.toProto(org.db, contract);
      // amount 110,000,000 + 6,000,000 = 116,000,000; cost 82,000,000 + 2,500,000 = 84,500,000;
      // gross margin 116,000,000 - 84,500,000 = 31,500,000 (lines: 28,000,000 and 3,500,000).
      expect([proto.totalAmount?.amountMinor, proto.totalCost?.amountMinor, proto.grossMargin?.amountMinor]).toEqual([
        '116000000',
        '84500000',
        '31500000',
      ]);
      expect(proto.lines.map((l) => [l.productLine, l.grossMargin?.amountMinor])).toEqual([
        ['机床', '28000000'],
        ['服务', '3500000'],
      ]);
      expect(proto.status).toBe('CONTRACT_STATUS_DRAFT');
      expect(
        (
          await rejectionOf(
            contracts.create(rep, {
              number: 'HT-2026-001',
              customerId: customer.id,
              lines: [{ productLine: 'x', amount: cny(1) }],
            }),
          )
        ).code,
      ).toBe('ALREADY_EXISTS');
    });

    it('signing wins the opportunity, activates the customer and writes the events in one go', async () => {
      const rep = org.repShanghai();
      expect((await customers.get(rep, customer.id)).lifecycle).toBe('PROSPECT');
      const signed = await contracts.sign(rep, contractId, { signedOn: '2026-12-05' });
      expect([signed.status, signed.attrDepartmentPath, signed.attrRegion, signed.attrSegment]).toEqual([
        'SIGNED',
        '/root/sales/east/sh/',
        '苏州',
        'KA',
      ]);
      const opportunity = await opportunities.get(rep, opportunityId);
      expect([opportunity.status, opportunity.stageId]).toEqual(['WON', await stageId('won')]);
      const active = await customers.get(rep, customer.id);
      expect([active.lifecycle, active.lifecycleChangedAt !== null, active.version]).toEqual(['ACTIVE', true, 2]);

      const contractEvents = await org.events(contractId);
      expect(contractEvents.map((e) => e.type)).toEqual(['crm.contract.signed']);
      const payload = contractEvents[0]?.payload as {
        contract: { status: string; signedOn: string; grossMargin: { amountMinor: string } };
        attribution: { ownerId: string; departmentPath: string; region: string; customerSegment: string };
      };
      expect(payload.contract).toMatchObject({ status: 'CONTRACT_STATUS_SIGNED', signedOn: '2026-12-05' });
      expect(payload.contract.grossMargin.amountMinor).toBe('31500000');
      expect(payload.attribution).toMatchObject({
        ownerId: org.people.repShanghai,
        departmentPath: '/root/sales/east/sh/',
        region: '苏州',
        customerSegment: 'KA',
      });
      const customerEvents = await org.events(customer.id);
      expect(customerEvents.map((e) => [e.type, e.aggregateVersion])).toEqual([
        ['crm.customer.created', 1],
        ['crm.customer.lifecycle_changed', 2],
      ]);
      expect((await org.events(opportunityId)).map((e) => e.type).slice(-2)).toEqual([
        'crm.opportunity.stage_changed',
        'crm.opportunity.won',
      ]);
      expect((await rejectionOf(contracts.sign(rep, contractId, {}))).code).toBe('FAILED_PRECONDITION');
    });

    it('keeps a payment plan that must add up to the contract total', async () => {
      const rep = org.repShanghai();
      const wrong = await rejectionOf(payments.setPlan(rep, contractId, [{ dueOn: '2026-12-31', amount: cny(100) }]));
      expect(wrong.details.fieldErrors?.map((e) => e.field)).toEqual(['installments']);
      // 40,000,000 + 40,000,000 + 36,000,000 = 116,000,000, the contract total.
      const { installments } = await payments.setPlan(rep, contractId, [
        { dueOn: '2027-03-31', amount: cny(40_000_000) },
        { dueOn: '2026-12-31', amount: cny(40_000_000) },
        { dueOn: '2027-06-30', amount: cny(36_000_000) },
      ]);
      expect(installments.map((i) => [i.sequence, i.dueOn.toISOString().slice(0, 10), i.amountMinor])).toEqual([
        [1, '2026-12-31', 40_000_000n],
        [2, '2027-03-31', 40_000_000n],
        [3, '2027-06-30', 36_000_000n],
      ]);
      firstInstallment = installments[0]?.id ?? '';
    });

    it('receives payments split by product line, refuses overpaying under the row lock, reverses', async () => {
      const rep = org.repShanghai();
      const versionBefore = (await contracts.get(rep, contractId)).version;
      const first = await payments.receive(rep, {
        contractId,
        amount: cny(40_000_000),
        receivedOn: '2026-12-20',
        method: 'bank_transfer',
        installmentId: firstInstallment,
      });
      const received = (await org.events(first.id))[0]?.payload as {
        attribution: { departmentPath: string };
        productLineSplit: { productLine: string; amountMinor: string }[];
      };
      // 40,000,000 x 110/116 = 37,931,034.48 and 40,000,000 x 6/116 = 2,068,965.52: floors sum to
      // 39,999,999; the one left goes to the larger remainder (.52, 服务).
      expect(received.productLineSplit).toEqual([
        { productLine: '机床', amountMinor: '37931034' },
        { productLine: '服务', amountMinor: '2068966' },
      ]);
      expect(received.attribution.departmentPath).toBe('/root/sales/east/sh/');
      // The received amount is part of the contract as read (and its version its ETag): one step on.
      expect((await contracts.get(rep, contractId)).version).toBe(versionBefore + 1);

      // Outstanding is 116,000,000 - 40,000,000 = 76,000,000: one minor unit more is refused.
      const paymentsBefore = await org.db.payment.count();
      const outboxBefore = await org.outboxCount();
      const over = await rejectionOf(
        payments.receive(rep, { contractId, amount: cny(76_000_001), receivedOn: '2026-12-21' }),
      );
      expect([over.code, over.details.reason, over.details.fieldErrors?.[0]?.field]).toEqual([
        'FAILED_PRECONDITION',
        'OVERPAYMENT',
        'amount',
      ]);
      expect(await org.db.payment.count()).toBe(paymentsBefore);
      expect(await org.outboxCount()).toBe(outboxBefore);

      // Two 50,000,000 payments at once: together 100,000,000 > 76,000,000, so exactly one lands.
      const race = await Promise.allSettled([
        payments.receive(rep, { contractId, amount: cny(50_000_000), receivedOn: '2026-12-22' }),
        payments.receive(rep, { contractId, amount: cny(50_000_000), receivedOn: '2026-12-22' }),
      ]);
      expect(race.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
      const winner = race.find((r) => r.status === 'fulfilled') as PromiseFulfilledResult<{ id: string }>;

      const reversed = await payments.reverse(rep, winner.value.id, '票据退回');
      expect([reversed.status, reversed.reversalReason]).toEqual(['REVERSED', '票据退回']);
      expect((await rejectionOf(payments.reverse(rep, winner.value.id, '再来一次'))).code).toBe('FAILED_PRECONDITION');
      const reversal = await org.events(winner.value.id);
      expect(reversal.map((e) => e.type)).toEqual(['crm.payment.received', 'crm.payment.reversed']);
      expect(pathOf(reversal[1])).toBe('/root/sales/east/sh/');
      const plan = await payments.plan(rep, contractId);
      expect(plan.installments.map((i) => i.receivedMinor)).toEqual([40_000_000n, 0n, 0n]);
      // First payment, the race's one winner, its reversal: three steps; the refused ones none.
      expect((await contracts.get(rep, contractId)).version).toBe(versionBefore + 3);
    });

    it('sums receivables per contract, customer and rep in SQL, under data scope', async () => {
      const rep = org.repShanghai();
      const small = await contracts.create(rep, {
        number: 'HT-2026-002',
        customerId: customer.id,
        lines: [{ productLine: '配件', amount: cny(10_000_000), cost: cny(6_000_000) }],
      });
      await contracts.sign(rep, small.id, { signedOn: '2026-12-06' });
      await payments.receive(rep, { contractId: small.id, amount: cny(2_500_000), receivedOn: '2026-12-23' });

      // Big contract: 116,000,000 - 40,000,000 received (the 50,000,000 was reversed) = 76,000,000.
      // Small contract: 10,000,000 - 2,500,000 = 7,500,000.
      const byContract = await payments.receivables(rep, 'contract');
      expect(byContract.map((r) => [r.key, r.totalAmountMinor, r.receivedMinor, r.outstandingMinor])).toEqual([
        [contractId, 116_000_000n, 40_000_000n, 76_000_000n],
        [small.id, 10_000_000n, 2_500_000n, 7_500_000n],
      ]);
      // Customer: 126,000,000 total, 42,500,000 received, 83,500,000 outstanding, two contracts.
      expect(await payments.receivables(rep, 'customer')).toEqual([
        {
          key: customer.id,
          currency: 'CNY',
          contracts: 2,
          totalAmountMinor: 126_000_000n,
          receivedMinor: 42_500_000n,
          outstandingMinor: 83_500_000n,
        },
      ]);
      expect((await payments.receivables(org.manager(), 'owner')).map((r) => [r.key, r.outstandingMinor])).toEqual([
        [org.people.repShanghai, 83_500_000n],
      ]);
      expect(await payments.receivables(org.repSouth(), 'owner')).toEqual([]);
      expect((await rejectionOf(contracts.get(org.repSouth(), contractId))).code).toBe('NOT_FOUND');
      expect((await rejectionOf(contracts.get(org.stranger(), contractId))).code).toBe('NOT_FOUND');
      expect((await payments.list(org.repSouth(), {})).payments).toEqual([]);
      expect((await contracts.list(org.manager(), {})).contracts.map((c) => c.number).sort()).toEqual([
        'HT-2026-001',
        'HT-2026-002',
      ]);
    });

    it('lists payments by received date for a tenant-wide system reader, reversed ones included', async () => {
      // Received so far: 40,000,000 on 12-20; 50,000,000 on 12-22 (reversed); 2,500,000 on 12-23.
      const reader = commonV1.Principal.fromPartial({
        tenantId: org.tenantId,
        permissions: ['crm.payment.read'],
        dataScope: 'DATA_SCOPE_TENANT',
      });
      const days = async (receivedFrom: string, receivedTo: string) => {
        const seen: string[] = [];
        let cursor = '';
        do {
          // Pages of one: the range must hold across the cursor.
          const page = await payments.list(reader, { limit: 1, cursor, receivedFrom, receivedTo });
          seen.push(...page.payments.map((p) => `${p.receivedOn.toISOString().slice(0, 10)} ${p.status}`));
          cursor = page.nextCursor;
        } while (cursor);
        return seen.sort();
      };
      expect(await days('2026-12-21', '2026-12-23')).toEqual(['2026-12-22 REVERSED', '2026-12-23 RECEIVED']);
      expect(await days('2026-12-20', '2026-12-20')).toEqual(['2026-12-20 RECEIVED']);
      expect(await days('', '2026-12-21')).toEqual(['2026-12-20 RECEIVED']);
      expect(await days('2026-12-24', '')).toEqual([]);
      const bad = await rejectionOf(payments.list(reader, { receivedFrom: '2026-02-30', receivedTo: '2026-02-01' }));
      expect([bad.code, bad.details.fieldErrors?.map((e) => e.field)]).toEqual(['INVALID_ARGUMENT', ['receivedFrom']]);
      const reversedRange = await rejectionOf(
        payments.list(reader, { receivedFrom: '2026-12-23', receivedTo: '2026-12-22' }),
      );
      expect(reversedRange.details.fieldErrors).toEqual([{ field: 'receivedTo', message: 'is before receivedFrom' }]);
    });

    it('amends and cancels with the attribution frozen at signing', async () => {
      const rep = org.repShanghai();
      // The rep moves to another department after signing: the contract still counts for East/Shanghai.
      await org.db.$executeRaw`
        UPDATE salesflow_employee_replica SET department_path = '/root/sales/north/' WHERE id = ${org.people.repShanghai}::uuid`;
      const tooSmall = await rejectionOf(
        contracts.amend(rep, contractId, { lines: [{ productLine: '机床', amount: cny(1_000) }] }),
      );
      expect(tooSmall.details.fieldErrors?.map((e) => e.field)).toEqual(['lines']);
      const amended = await contracts.amend(rep, contractId, {
        lines: [
          { productLine: '机床', quantityMilli: 2_000, amount: cny(110_000_000), cost: cny(82_000_000) },
          { productLine: '服务', amount: cny(8_000_000), cost: cny(2_500_000) },
        ],
      });
      // 110,000,000 + 8,000,000 = 118,000,000
      expect(amended.totalAmountMinor).toBe(118_000_000n);
      const events = await org.events(contractId);
      const last = events.at(-1);
      expect(last?.type).toBe('crm.contract.amended');
      expect(pathOf(last)).toBe('/root/sales/east/sh/');
      expect((await rejectionOf(contracts.cancel(rep, contractId, { reason: '客户撤销' }))).details.reason).toBe(
        'CONTRACT_HAS_PAYMENTS',
      );
      await org.db.$executeRaw`
        UPDATE salesflow_employee_replica SET department_path = '/root/sales/east/sh/' WHERE id = ${org.people.repShanghai}::uuid`;

      const draft = await contracts.create(rep, {
        number: 'HT-2026-003',
        customerId: customer.id,
        lines: [{ productLine: '配件', amount: cny(1_000) }],
      });
      await contracts.sign(rep, draft.id, { signedOn: '2026-12-07' });
      const cancelled = await contracts.cancel(rep, draft.id, { reason: '客户撤销' });
      expect([cancelled.status, cancelled.cancelReason]).toEqual(['CANCELLED', '客户撤销']);
      const cancelEvents = await org.events(draft.id);
      expect(cancelEvents.map((e) => e.type)).toEqual(['crm.contract.signed', 'crm.contract.cancelled']);
      expect(pathOf(cancelEvents[1])).toBe('/root/sales/east/sh/');
    });
  });

  describe('handover on departure', () => {
    it('moves open opportunities and live contracts to the successor, keeping the signing attribution', async () => {
      const leaver = randomUUID();
      const successor = randomUUID();
      await org.hire(leaver, org.departments.shanghai);
      await org.hire(successor, org.departments.south);
      const me = org.as(leaver, org.departments.shanghai);
      const cny = (amountMinor: number) => ({ amountMinor, currency: 'CNY' });
      const client = await customers.create(me, { name: '无锡离职交接', region: '无锡', tier: 'SMB' });
      const open = await opportunities.create(me, { name: '进行中', customerId: client.id, amount: cny(1_000) });
      const won = await opportunities.create(me, { name: '已赢', customerId: client.id, amount: cny(2_000) });
      await opportunities.moveStage(me, won.id, { stageId: await stageId('won') });
      const line = [{ productLine: '配件', amount: cny(5_000) }];
      const signed = await contracts.create(me, { number: 'HT-H-1', customerId: client.id, lines: line });
      await contracts.sign(me, signed.id, { signedOn: '2026-12-01' });
      const draft = await contracts.create(me, { number: 'HT-H-2', customerId: client.id, lines: line });
      const dropped = await contracts.create(me, { number: 'HT-H-3', customerId: client.id, lines: line });
      await contracts.cancel(me, dropped.id, { reason: '作废' });

      const departed = {
        id: randomUUID(),
        type: 'identity.employee.departed',
        tenantId: org.tenantId,
        aggregateId: leaver,
        aggregateVersion: 2,
        occurredAt: new Date(),
        actorId: '',
        payload: { employeeId: leaver, successorId: successor },
      };
      const result = await org.db.$transaction((tx) => handOver(tx, departed, outbox));
      expect(result.opportunityIds).toEqual([open.id]);
      expect(result.contractIds.sort()).toEqual([signed.id, draft.id].sort());
      expect((await org.db.opportunity.findUniqueOrThrow({ where: { id: won.id } })).ownerId).toBe(leaver);
      expect((await org.db.contract.findUniqueOrThrow({ where: { id: dropped.id } })).ownerId).toBe(leaver);
      expect((await org.db.contract.findUniqueOrThrow({ where: { id: signed.id } })).ownerId).toBe(successor);

      const [reassigned] = (await org.events(signed.id)).filter((e) => e.type === 'crm.contract.reassigned');
      // The sale stays with the leaver's department at signing; only the caretaker changed.
      expect(reassigned?.payload).toMatchObject({ contract: { ownerId: successor } });
      expect(pathOf(reassigned)).toBe('/root/sales/east/sh/');
      expect((await org.events(open.id)).map((e) => e.type).at(-1)).toBe('crm.opportunity.reassigned');
      expect((await org.events(draft.id)).map((e) => e.type)).toEqual([]);
      const [summary] = (await org.events(leaver)).filter((e) => e.type === 'crm.handover.completed');
      expect(summary?.payload).toMatchObject({ opportunityIds: [open.id], successorId: successor });

      // A second event for the same departure finds nothing left to move.
      const outboxBefore = await org.outboxCount();
      const again = await org.db.$transaction((tx) => handOver(tx, { ...departed, id: randomUUID() }, outbox));
      expect([again.opportunityIds, again.contractIds]).toEqual([[], []]);
      expect(await org.outboxCount()).toBe(outboxBefore);
    });
  });

  describe('lead conversion', () => {
    it('opens an opportunity in the conversion transaction, or converts nothing', async () => {
      const pools = new LeadPoolService(org.db);
      const leads = new LeadService(org.db, outbox, pools);
      const contacts = new ContactService(org.db, customers, { ...outbox, timeZone: 'Asia/Shanghai' });
      const conversion = new ConversionService(org.db, leads, customers, contacts, opportunities);
      const rep = org.repShanghai();
      const lead = await leads.create(rep, { name: '周经理', company: '杭州云帆科技', phone: '13800001111' });

      // A bad amount fails the opportunity, and with it the whole conversion.
      const customersBefore = await org.db.customer.count();
      const bad = await rejectionOf(
        conversion.convert(rep, lead.id, { amount: { amountMinor: '-5', currency: 'CNY' } }),
      );
      expect(bad.details.fieldErrors?.map((e) => e.field)).toEqual(['amount.amountMinor']);
      expect((await leads.get(rep, lead.id)).status).not.toBe('CONVERTED');
      expect(await org.db.customer.count()).toBe(customersBefore);

      const result = await conversion.convert(rep, lead.id, { amount: { amountMinor: '3000000', currency: 'CNY' } });
      expect(result.opportunity).toMatchObject({
        name: '杭州云帆科技',
        customerId: result.customer.id,
        sourceLeadId: lead.id,
        ownerId: org.people.repShanghai,
        amountMinor: 3_000_000n,
        status: 'OPEN',
      });
      expect((await org.events(result.opportunity?.id)).map((e) => e.type)).toEqual(['crm.opportunity.created']);
    });
  });
});
