import { placeOf } from './field-path.js';

describe('placeOf', () => {
  const fields = new Set(['url', 'eventPatterns', 'parts.0.weight', 'parts']);

  it('puts an error on the field of the same path', () => {
    expect(placeOf('url', fields)).toBe('url');
    expect(placeOf('parts.0.weight', fields)).toBe('parts.0.weight');
  });

  it('puts an entry of a list without fields of its own on the list', () => {
    expect(placeOf('eventPatterns.2', fields)).toBe('eventPatterns');
    expect(placeOf('eventPatterns.12', fields)).toBe('eventPatterns');
  });

  it('places nothing for a path the form does not have', () => {
    expect(placeOf('secret', fields)).toBeUndefined();
    // Only list indexes are climbed: a missing property of an entry is not the entry's list.
    expect(placeOf('parts.0.name', fields)).toBeUndefined();
  });
});
