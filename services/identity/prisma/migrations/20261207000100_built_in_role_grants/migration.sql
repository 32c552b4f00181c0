-- Which permissions a release's definition of a built-in role has already given each tenant.
-- At startup identity grants only the permissions a newer release added (so existing tenants
-- get new capabilities), never again one that an admin took away from an editable built-in role.
CREATE TABLE "built_in_role_grants" (
  "tenant_id"  uuid        NOT NULL,
  "role_code"  text        NOT NULL,
  "permission" text        NOT NULL,
  "granted_at" timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT "built_in_role_grants_pkey" PRIMARY KEY ("tenant_id", "role_code", "permission")
);

-- What the built-in roles hold today counts as given; what they lack is granted on next start.
INSERT INTO "built_in_role_grants" ("tenant_id", "role_code", "permission")
SELECT "tenant_id", "code", unnest("permissions") FROM "roles" WHERE "built_in"
ON CONFLICT DO NOTHING;
