import type { commonV1 } from '@salesflow/contracts';
import { requirePermission } from '@salesflow/platform';
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import type { CrmDatabase } from '../../database';
import type { Product } from '../../generated/prisma/client';
import { currencyCode, type MoneyInput, minorUnits } from '../shared/money';
import { checkVersion, parseOrThrow } from '../shared/validation';
import { ProductError } from './product.errors';

export interface ProductInput {
  name: string;
  productLine: string;
  listPrice: MoneyInput;
  cost: MoneyInput;
  active?: boolean;
}

export type ProductUpdateInput = Partial<ProductInput> & { expectedVersion?: string };

const text = (max: number) => z.string().trim().min(1, 'is required').max(max, `is longer than ${max} characters`);
const price = z.object({ amountMinor: minorUnits, currency: currencyCode });
const fields = { name: text(200), productLine: text(100), listPrice: price, cost: price, active: z.boolean() };
const sameCurrency = (p: { listPrice?: { currency: string }; cost?: { currency: string } }) =>
  !p.listPrice || !p.cost || p.listPrice.currency === p.cost.currency;
const newSchema = z
  .object({ ...fields, active: fields.active.default(true) })
  .refine(sameCurrency, { path: ['cost', 'currency'], message: 'must be the currency of the list price' });
const updateSchema = z
  .object({
    expectedVersion: z.string().optional(),
    name: fields.name.optional(),
    productLine: fields.productLine.optional(),
    listPrice: price.optional(),
    cost: price.optional(),
    active: z.boolean().optional(),
  })
  .refine(sameCurrency, { path: ['cost', 'currency'], message: 'must be the currency of the list price' });

/** Products and their product lines (产品线), with list price and unit cost. */
export class ProductService {
  constructor(private readonly db: CrmDatabase) {}

  async create(principal: commonV1.Principal, input: ProductInput): Promise<Product> {
    requirePermission(principal, 'crm.product.write');
    const data = parseOrThrow(newSchema, input, 'product');
    const taken = await this.db.product.findFirst({ where: { tenantId: principal.tenantId, name: data.name } });
    if (taken) throw ProductError.nameTaken(data.name);
    return this.db.product.create({
      data: {
        id: uuidv7(),
        tenantId: principal.tenantId,
        name: data.name,
        productLine: data.productLine,
        listPriceMinor: data.listPrice.amountMinor,
        costMinor: data.cost.amountMinor,
        currency: data.listPrice.currency,
        active: data.active,
      },
    });
  }

  async get(principal: commonV1.Principal, id: string): Promise<Product> {
    requirePermission(principal, 'crm.product.read');
    return this.find(principal.tenantId, id);
  }

  async find(tenantId: string, id: string): Promise<Product> {
    if (!z.uuid().safeParse(id).success) throw ProductError.notFound(id);
    const product = await this.db.product.findFirst({ where: { id, tenantId } });
    if (!product) throw ProductError.notFound(id);
    return product;
  }

  /** Products are tenant-wide reference data: everyone with the permission sees them all. */
  async list(principal: commonV1.Principal, query: { productLine?: string; activeOnly?: boolean }): Promise<Product[]> {
    requirePermission(principal, 'crm.product.read');
    return this.db.product.findMany({
      where: {
        tenantId: principal.tenantId,
        ...(query.productLine ? { productLine: query.productLine } : {}),
        ...(query.activeOnly ? { active: true } : {}),
      },
      orderBy: [{ productLine: 'asc' }, { name: 'asc' }],
      take: 1000,
    });
  }

  async update(principal: commonV1.Principal, id: string, input: ProductUpdateInput): Promise<Product> {
    requirePermission(principal, 'crm.product.write');
    const data = parseOrThrow(updateSchema, input, 'product');
    const current = await this.find(principal.tenantId, id);
    checkVersion(data.expectedVersion, current.version, 'product');
    const currency = data.listPrice?.currency ?? data.cost?.currency ?? current.currency;
    if (currency !== current.currency && !(data.listPrice && data.cost)) {
      throw ProductError.invalidCurrency();
    }
    if (data.name && data.name !== current.name) {
      const taken = await this.db.product.findFirst({ where: { tenantId: principal.tenantId, name: data.name } });
      if (taken) throw ProductError.nameTaken(data.name);
    }
    const { count } = await this.db.product.updateMany({
      where: { id: current.id, version: current.version },
      data: {
        ...(data.name !== undefined ? { name: data.name } : {}),
        ...(data.productLine !== undefined ? { productLine: data.productLine } : {}),
        ...(data.listPrice ? { listPriceMinor: data.listPrice.amountMinor } : {}),
        ...(data.cost ? { costMinor: data.cost.amountMinor } : {}),
        ...(data.active !== undefined ? { active: data.active } : {}),
        currency,
        version: { increment: 1 },
        updatedAt: new Date(),
      },
    });
    if (count === 0) checkVersion(String(current.version + 1), current.version, 'product');
    return this.find(principal.tenantId, id);
  }
}
