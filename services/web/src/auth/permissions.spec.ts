import { grants } from './permissions.js';

describe('grants', () => {
  it('grants a permission held exactly', () => {
    expect(grants(['field.plan.read', 'field.plan.approve'], 'field.plan.approve')).toBe(true);
  });

  it("grants anything to an admin's *", () => {
    expect(grants(['*'], 'identity.employee.write')).toBe(true);
  });

  it('grants what a <prefix>.* wildcard covers, and nothing beside it', () => {
    expect(grants(['field.*'], 'field.report.review')).toBe(true);
    expect(grants(['field.checkin.*'], 'field.checkin.write')).toBe(true);
    expect(grants(['field.checkin.*'], 'field.plan.approve')).toBe(false);
    // "field.*" is about the field service, not a service whose name starts with "field".
    expect(grants(['field.*'], 'fieldwork.plan.read')).toBe(false);
  });

  it('grants nothing without permissions (still loading, or none)', () => {
    expect(grants(undefined, 'field.plan.write')).toBe(false);
    expect(grants([], 'field.plan.write')).toBe(false);
  });
});
