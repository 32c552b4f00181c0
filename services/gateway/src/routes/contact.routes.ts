import { type RequestHandler, Router } from 'express';
import { callOptionsOf } from '../auth/authenticate';
import { requirePermission } from '../auth/require-permission';
import type { CrmClient } from '../clients/service-clients';
import { expectedVersionOf, withIfMatch } from '../http/if-match';
import { present, sendVersioned } from '../http/respond';
import { validate } from '../http/validate';
import {
  API_PREFIX,
  authenticatedProblems,
  BEARER_AUTH,
  etagHeader,
  ifMatchHeaders,
  problemResponse,
  registry,
} from '../openapi/registry';
import { contactToJson, createContactRequestFromJson, updateContactRequestFromJson } from './mappers/contact.mapper';
import { idParamsSchema } from './schemas/common.schemas';
import {
  birthdaysQuerySchema,
  contactListSchema,
  contactSchema,
  createContactBodySchema,
  customerContactParamsSchema,
  upcomingBirthdayListSchema,
  updateContactBodySchema,
} from './schemas/contact.schemas';

const CONTACTS_OF = `${API_PREFIX}/customers/{id}/contacts`;
const BIRTHDAYS = `${API_PREFIX}/contacts/birthdays`;
const security = [{ [BEARER_AUTH]: [] }];
const contactContent = { 'application/json': { schema: contactSchema } };
const customerIdParams = idParamsSchema('customer');
const notFound = problemResponse('No such customer or contact, or not one you may see.');

registry.registerPath({
  method: 'get',
  path: CONTACTS_OF,
  operationId: 'listContacts',
  tags: ['contacts'],
  summary: "A customer's contacts (联系人), primary first",
  description: "Needs crm.contact.read; contacts share their customer's data scope.",
  security,
  request: { params: customerIdParams },
  responses: {
    200: { description: 'Every contact.', content: { 'application/json': { schema: contactListSchema } } },
    404: notFound,
    ...authenticatedProblems,
  },
});

registry.registerPath({
  method: 'post',
  path: CONTACTS_OF,
  operationId: 'createContact',
  tags: ['contacts'],
  summary: 'Add a contact to a customer',
  description: 'Needs crm.contact.write. A customer has exactly one primary contact; the first one is it.',
  security,
  request: {
    params: customerIdParams,
    body: { required: true, content: { 'application/json': { schema: createContactBodySchema } } },
  },
  responses: {
    201: { description: 'Added.', headers: etagHeader('contact'), content: contactContent },
    400: problemResponse('The body is not valid.'),
    404: notFound,
    ...authenticatedProblems,
  },
});

registry.registerPath({
  method: 'patch',
  path: `${CONTACTS_OF}/{contactId}`,
  operationId: 'updateContact',
  tags: ['contacts'],
  summary: 'Change a contact',
  description: 'Needs crm.contact.write. `primary: true` moves the primary flag here.',
  security,
  request: {
    params: customerContactParamsSchema,
    headers: ifMatchHeaders,
    body: { required: true, content: { 'application/json': { schema: updateContactBodySchema } } },
  },
  responses: {
    200: { description: 'The contact as changed.', headers: etagHeader('contact'), content: contactContent },
    400: problemResponse('The body is not valid.'),
    404: notFound,
    412: problemResponse('The contact changed since the version in If-Match.'),
    ...authenticatedProblems,
  },
});

registry.registerPath({
  method: 'get',
  path: BIRTHDAYS,
  operationId: 'listUpcomingBirthdays',
  tags: ['contacts'],
  summary: 'Contacts whose birthday is coming (生日提醒)',
  description:
    "Needs crm.contact.read. Contacts of the customers you may see with a birthday from today (the tenant's calendar) through today + within, soonest first.",
  security,
  request: { query: birthdaysQuerySchema },
  responses: {
    200: { description: 'Soonest first.', content: { 'application/json': { schema: upcomingBirthdayListSchema } } },
    400: problemResponse('within is not 1d..60d.'),
    ...authenticatedProblems,
  },
});

export function contactRoutes(deps: { crm: CrmClient; authenticate: RequestHandler }): Router {
  const router = Router();
  const { crm, authenticate } = deps;
  const canRead = requirePermission('crm.contact.read');
  const canWrite = requirePermission('crm.contact.write');
  const contactsOf = `${API_PREFIX}/customers/:id/contacts`;

  router.get(BIRTHDAYS, authenticate, canRead, async (req, res) => {
    const { within } = validate(birthdaysQuerySchema, req.query, 'query');
    const { birthdays } = await crm.listUpcomingBirthdays({ withinDays: within }, callOptionsOf(req));
    res.json({
      items: birthdays.map((b) => ({
        contact: contactToJson(present(b.contact, 'crm', 'contact')),
        customerName: b.customerName,
        date: b.date,
        daysUntil: b.daysUntil,
      })),
    });
  });

  router.get(contactsOf, authenticate, canRead, async (req, res) => {
    const { id } = validate(customerIdParams, req.params, 'params');
    const { contacts } = await crm.listContacts({ customerId: id }, callOptionsOf(req));
    res.json({ items: contacts.map(contactToJson) });
  });

  router.post(contactsOf, authenticate, canWrite, async (req, res) => {
    const { id } = validate(customerIdParams, req.params, 'params');
    const body = validate(createContactBodySchema, req.body, 'body');
    const { contact } = await crm.createContact(createContactRequestFromJson(id, body), callOptionsOf(req));
    res.status(201);
    sendVersioned(res, contactToJson(present(contact, 'crm', 'contact')));
  });

  router.patch(`${contactsOf}/:contactId`, authenticate, canWrite, async (req, res) => {
    const { id, contactId } = validate(customerContactParamsSchema, req.params, 'params');
    const expectedVersion = expectedVersionOf(req);
    const body = validate(updateContactBodySchema, req.body, 'body');
    const { contact } = await withIfMatch(expectedVersion, () =>
      crm.updateContact(updateContactRequestFromJson(id, contactId, expectedVersion, body), callOptionsOf(req)),
    );
    sendVersioned(res, contactToJson(present(contact, 'crm', 'contact')));
  });

  return router;
}
