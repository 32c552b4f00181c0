-- Local replica of identity's employees (who, in which department and path, under which
-- manager, employed or not), fed by identity.employee.* events, so a service resolves data
-- scopes and names without calling identity on every request (ARCHITECTURE §2, §3).
CREATE TABLE salesflow_employee_replica (
  id              uuid        PRIMARY KEY,
  tenant_id       uuid        NOT NULL,
  name            text        NOT NULL DEFAULT '',
  department_id   text        NOT NULL,
  department_path text        NOT NULL,
  manager_id      text        NOT NULL DEFAULT '',
  -- EmployeeStatus without its prefix: ACTIVE, INACTIVE, DEPARTED.
  status          text        NOT NULL DEFAULT 'ACTIVE',
  successor_id    text        NOT NULL DEFAULT '',
  version         bigint      NOT NULL,
  updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX salesflow_employee_replica_path ON salesflow_employee_replica (tenant_id, department_path text_pattern_ops);
CREATE INDEX salesflow_employee_replica_department ON salesflow_employee_replica (tenant_id, department_id);
CREATE INDEX salesflow_employee_replica_manager ON salesflow_employee_replica (tenant_id, manager_id);
