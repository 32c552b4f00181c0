-- Local replica of identity's employees (owner -> department and its materialized path),
-- fed by identity.employee.* events, so a service resolves data scopes without calling
-- identity on every request (ARCHITECTURE §2 "event-carried state", §3).
CREATE TABLE salesflow_employee_replica (
  id              uuid        PRIMARY KEY,
  tenant_id       uuid        NOT NULL,
  department_id   text        NOT NULL,
  department_path text        NOT NULL,
  version         bigint      NOT NULL,
  updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX salesflow_employee_replica_path ON salesflow_employee_replica (tenant_id, department_path text_pattern_ops);
CREATE INDEX salesflow_employee_replica_department ON salesflow_employee_replica (tenant_id, department_id);
