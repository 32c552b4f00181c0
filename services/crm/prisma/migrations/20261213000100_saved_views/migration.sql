-- Saved views (保存的筛选): a person's named filter sets of a list (for now the leads list).
-- Private to the employee who saved them; the names are unique per person and list.
CREATE TABLE "saved_views" (
  "id"          uuid           NOT NULL PRIMARY KEY,
  "tenant_id"   uuid           NOT NULL,
  "employee_id" uuid           NOT NULL,
  "list"        text           NOT NULL,
  "name"        text           NOT NULL,
  "filters"     jsonb          NOT NULL DEFAULT '{}',
  "created_at"  timestamptz(3) NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX "saved_views_tenant_id_employee_id_list_name_key"
  ON "saved_views" ("tenant_id", "employee_id", "list", "name");
