import { ServiceError } from '@salesflow/platform';
import { createLeadBodySchema, listLeadsQuerySchema } from '../routes/schemas/lead.schemas';
import { validate } from './validate';

function fieldErrorsOf(fn: () => unknown) {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ServiceError);
    expect((error as ServiceError).code).toBe('INVALID_ARGUMENT');
    return (error as ServiceError).details.fieldErrors;
  }
  throw new Error('expected a validation failure');
}

describe('validate', () => {
  it('returns the parsed body when it is valid', () => {
    expect(validate(createLeadBodySchema, { name: '  Zhang Wei ', source: 'cold_call' }, 'body')).toEqual({
      name: 'Zhang Wei',
      source: 'cold_call',
    });
  });

  it('names the email field when the email is not an address', () => {
    expect(fieldErrorsOf(() => validate(createLeadBodySchema, { name: 'A', email: 'not-an-email' }, 'body'))).toEqual([
      { field: 'email', message: expect.any(String) },
    ]);
  });

  it('says a missing name is required', () => {
    expect(fieldErrorsOf(() => validate(createLeadBodySchema, { company: 'Acme' }, 'body'))).toEqual([
      { field: 'name', message: 'is required' },
    ]);
  });

  it('rejects a blank name and one longer than 200 characters', () => {
    expect(fieldErrorsOf(() => validate(createLeadBodySchema, { name: '   ' }, 'body'))).toEqual([
      { field: 'name', message: expect.any(String) },
    ]);
    expect(fieldErrorsOf(() => validate(createLeadBodySchema, { name: 'x'.repeat(201) }, 'body'))).toEqual([
      { field: 'name', message: expect.any(String) },
    ]);
  });

  it('rejects a source that is not one of the API names', () => {
    expect(
      fieldErrorsOf(() => validate(createLeadBodySchema, { name: 'A', source: 'LEAD_SOURCE_WEB' }, 'body')),
    ).toEqual([{ field: 'source', message: expect.any(String) }]);
  });

  it('rejects an owner id that is not a uuid', () => {
    expect(fieldErrorsOf(() => validate(createLeadBodySchema, { name: 'A', ownerId: '42' }, 'body'))).toEqual([
      { field: 'ownerId', message: expect.any(String) },
    ]);
  });

  it('names fields the API does not know', () => {
    expect(fieldErrorsOf(() => validate(createLeadBodySchema, { name: 'A', sorce: 'web' }, 'body'))).toEqual([
      { field: 'sorce', message: 'is not a known field' },
    ]);
  });

  it('reports every bad field at once', () => {
    const errors = fieldErrorsOf(() => validate(createLeadBodySchema, { email: 'x', source: 'fax' }, 'body'));

    expect(errors?.map((e) => e.field).sort()).toEqual(['email', 'name', 'source']);
  });

  it('names the body itself when it is not an object', () => {
    expect(fieldErrorsOf(() => validate(createLeadBodySchema, undefined, 'body'))).toEqual([
      { field: 'body', message: 'is required' },
    ]);
  });

  it('reads limit from the query string and rejects one that is not a positive integer', () => {
    expect(validate(listLeadsQuerySchema, { limit: '20', status: 'new' }, 'query')).toEqual({
      limit: 20,
      status: 'new',
    });
    expect(fieldErrorsOf(() => validate(listLeadsQuerySchema, { limit: 'ten' }, 'query'))).toEqual([
      { field: 'limit', message: expect.any(String) },
    ]);
    expect(fieldErrorsOf(() => validate(listLeadsQuerySchema, { limit: '0' }, 'query'))).toEqual([
      { field: 'limit', message: expect.any(String) },
    ]);
    expect(fieldErrorsOf(() => validate(listLeadsQuerySchema, { limit: '2.5' }, 'query'))).toEqual([
      { field: 'limit', message: expect.any(String) },
    ]);
  });
});
