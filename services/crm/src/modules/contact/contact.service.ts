import type { commonV1 } from '@salesflow/contracts';
import {
  appendToOutbox,
  type OutboxOptions,
  ownerFilterOf,
  requirePermission,
  ServiceError,
  visibleOwnerIds,
} from '@salesflow/platform';
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import type { CrmDatabase, CrmTransaction } from '../../database';
import type { Contact } from '../../generated/prisma/client';
import type { CustomerService } from '../customer/customer.service';
import { checkVersion, cleanList, normalizePhone, parseIsoDate, parseOrThrow } from '../shared/validation';
import { birthdayWindow, calendarDate } from './birthday-window';
import { ContactError } from './contact.errors';
import { contactToProto } from './contact.mapper';

export interface NewContactInput {
  name: string;
  title?: string;
  phones?: string[];
  email?: string;
  wechat?: string;
  /** "YYYY-MM-DD" or empty. */
  birthday?: string;
  primary?: boolean;
}

export interface ContactUpdateInput {
  expectedVersion?: string;
  name?: string;
  title?: string;
  phones?: string[];
  email?: string;
  wechat?: string;
  /** Empty clears it. */
  birthday?: string;
  /** Only true: it moves the primary flag here. */
  primary?: boolean;
}

export interface UpcomingBirthday {
  contact: Contact;
  customerName: string;
  date: string;
  daysUntil: number;
}

export interface ContactServiceOptions extends OutboxOptions {
  /** Whose "today" the birthday list starts from. */
  timeZone: string;
  now?: () => Date;
}

const text = (max: number) => z.string().trim().max(max, `is longer than ${max} characters`);
const phones = z
  .array(z.string().max(50, 'is longer than 50 characters'))
  .transform((list) => cleanList(list.map(normalizePhone)))
  .refine((list) => list.every((p) => /^\+?\d{5,20}$/.test(p)), 'holds something that is not a phone number')
  .refine((list) => list.length <= 5, 'has more than 5 numbers');
const email = z
  .string()
  .trim()
  .toLowerCase()
  .refine((e) => e === '' || z.email().safeParse(e).success, 'is not an email address');
const birthday = z
  .string()
  .trim()
  .refine((b) => b === '' || parseIsoDate(b) !== undefined, 'is not a date (YYYY-MM-DD)');

const newContactSchema = z.object({
  name: text(100).min(1, 'is required'),
  title: text(100).default(''),
  phones: phones.default([]),
  email: email.default(''),
  wechat: text(100).default(''),
  birthday: birthday.default(''),
  primary: z.boolean().default(false),
});

const contactUpdateSchema = z.object({
  expectedVersion: z.string().optional(),
  name: text(100).min(1, 'is required').optional(),
  title: text(100).optional(),
  phones: phones.optional(),
  email: email.optional(),
  wechat: text(100).optional(),
  birthday: birthday.optional(),
  primary: z.literal(true, 'can only be set to true (mark another contact primary instead)').optional(),
});

/** Contacts (联系人) of a customer; they share the customer's data scope. */
export class ContactService {
  private readonly now: () => Date;

  constructor(
    private readonly db: CrmDatabase,
    private readonly customers: CustomerService,
    private readonly options: ContactServiceOptions,
  ) {
    this.now = options.now ?? (() => new Date());
  }

  async create(principal: commonV1.Principal, customerId: string, input: NewContactInput): Promise<Contact> {
    requirePermission(principal, 'crm.contact.write');
    return this.db.$transaction((tx) => this.createIn(tx, principal, customerId, input));
  }

  /** Adds the contact inside the caller's transaction (lead conversion). */
  async createIn(
    tx: CrmTransaction,
    principal: commonV1.Principal,
    customerId: string,
    input: NewContactInput,
  ): Promise<Contact> {
    requirePermission(principal, 'crm.contact.write');
    const data = parseOrThrow(newContactSchema, input, 'contact');
    const customer = await this.customers.findVisible(principal, customerId, tx);
    await lockCustomer(tx, customer.id);
    const current = await tx.contact.findFirst({ where: { customerId: customer.id, primary: true } });
    // The first contact is primary whatever was asked: a customer with contacts always has one.
    const primary = !current || data.primary;
    if (current && primary) await this.demote(tx, current, principal);
    const contact = await tx.contact.create({
      data: {
        id: uuidv7(),
        tenantId: principal.tenantId,
        customerId: customer.id,
        name: data.name,
        title: data.title,
        phones: data.phones,
        email: data.email,
        wechat: data.wechat,
        birthday: data.birthday ? (parseIsoDate(data.birthday) ?? null) : null,
        primary,
      },
    });
    await this.emit(tx, 'crm.contact.created', contact, principal);
    return contact;
  }

  /** Primary first, then oldest first. */
  async list(principal: commonV1.Principal, customerId: string): Promise<Contact[]> {
    requirePermission(principal, 'crm.contact.read');
    const customer = await this.customers.findVisible(principal, customerId);
    return this.db.contact.findMany({
      where: { customerId: customer.id },
      orderBy: [{ primary: 'desc' }, { createdAt: 'asc' }, { id: 'asc' }],
    });
  }

  async update(
    principal: commonV1.Principal,
    customerId: string,
    id: string,
    input: ContactUpdateInput,
  ): Promise<Contact> {
    requirePermission(principal, 'crm.contact.write');
    if (input.primary === false) throw ContactError.primaryRequired();
    const data = parseOrThrow(contactUpdateSchema, input, 'contact');
    return this.db.$transaction(async (tx) => {
      const customer = await this.customers.findVisible(principal, customerId, tx);
      await lockCustomer(tx, customer.id);
      const current = z.uuid().safeParse(id).success
        ? await tx.contact.findFirst({ where: { id, customerId: customer.id } })
        : null;
      if (!current) throw ContactError.notFound(id);
      checkVersion(data.expectedVersion, current.version, 'contact');
      if (data.primary && !current.primary) {
        const previous = await tx.contact.findFirst({ where: { customerId: customer.id, primary: true } });
        if (previous) await this.demote(tx, previous, principal);
      }
      const contact = await tx.contact.update({
        where: { id: current.id },
        data: {
          ...(data.name !== undefined ? { name: data.name } : {}),
          ...(data.title !== undefined ? { title: data.title } : {}),
          ...(data.phones !== undefined ? { phones: data.phones } : {}),
          ...(data.email !== undefined ? { email: data.email } : {}),
          ...(data.wechat !== undefined ? { wechat: data.wechat } : {}),
          ...(data.birthday !== undefined
            ? { birthday: data.birthday ? (parseIsoDate(data.birthday) ?? null) : null }
            : {}),
          ...(data.primary ? { primary: true } : {}),
          version: { increment: 1 },
          updatedAt: new Date(),
        },
      });
      await this.emit(tx, 'crm.contact.updated', contact, principal);
      return contact;
    });
  }

  /** Contacts of the customers the caller may see whose birthday is today .. today + withinDays. */
  async upcomingBirthdays(principal: commonV1.Principal, withinDays: number): Promise<UpcomingBirthday[]> {
    requirePermission(principal, 'crm.contact.read');
    if (!Number.isInteger(withinDays) || withinDays < 1 || withinDays > 60) {
      throw ServiceError.invalid([{ field: 'within', message: 'must be between 1 and 60 days' }]);
    }
    const window = birthdayWindow(calendarDate(this.now(), this.options.timeZone), withinDays);
    const byMonthDay = new Map(window.map((d) => [d.monthDay, d]));
    const owners = await visibleOwnerIds(this.db, principal.tenantId, principal.employeeId, ownerFilterOf(principal));
    const contacts = await this.db.$queryRaw<{ id: string }[]>`
      SELECT c.id FROM contacts c JOIN customers cu ON cu.id = c.customer_id
      WHERE c.tenant_id = ${principal.tenantId}::uuid AND c.birthday IS NOT NULL
        AND to_char(c.birthday, 'MM-DD') = ANY(${[...byMonthDay.keys()]}::text[])
        AND (${owners === undefined} OR cu.owner_id::text = ANY(${owners ?? []}::text[]))`;
    const rows = await this.db.contact.findMany({
      where: { id: { in: contacts.map((c) => c.id) } },
      include: { customer: { select: { name: true } } },
    });
    return rows
      .map(({ customer, ...contact }) => {
        const day = byMonthDay.get((contact.birthday as Date).toISOString().slice(5, 10));
        return { contact, customerName: customer.name, date: day?.date ?? '', daysUntil: day?.daysUntil ?? 0 };
      })
      .sort((a, b) => a.daysUntil - b.daysUntil || a.contact.name.localeCompare(b.contact.name));
  }

  private async demote(tx: CrmTransaction, contact: Contact, principal: commonV1.Principal): Promise<void> {
    const demoted = await tx.contact.update({
      where: { id: contact.id },
      data: { primary: false, version: { increment: 1 }, updatedAt: new Date() },
    });
    await this.emit(tx, 'crm.contact.updated', demoted, principal);
  }

  private async emit(
    tx: CrmTransaction,
    type: 'crm.contact.created' | 'crm.contact.updated',
    contact: Contact,
    principal: commonV1.Principal,
  ): Promise<void> {
    await appendToOutbox(
      tx,
      {
        type,
        tenantId: contact.tenantId,
        aggregateId: contact.id,
        aggregateVersion: contact.version,
        actorId: principal.employeeId,
        payload: { contact: contactToProto(contact) },
      },
      { source: this.options.source },
    );
  }
}

/** Serializes primary-flag changes of one customer's contacts. */
async function lockCustomer(tx: CrmTransaction, customerId: string): Promise<void> {
  await tx.$queryRaw`SELECT id FROM customers WHERE id = ${customerId}::uuid FOR UPDATE`;
}
