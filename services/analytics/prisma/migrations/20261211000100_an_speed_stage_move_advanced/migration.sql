-- Funnel: whether an entry into a stage (a stage move, by its to_stage_id) later moved forward
-- out of that stage, kept on the entry itself. The projector sets it when the move out of the
-- stage is saved, whichever of the two arrives first (src/projections/families/stage-move.family.ts),
-- so the funnel counts advanced entries in the same scan that counts entries instead of probing
-- every entry's opportunity for a later exit.
ALTER TABLE "stage_move_facts" ADD COLUMN "advanced" boolean NOT NULL DEFAULT false;

-- The moves projected so far, by the funnel's definition (the probe the funnel made until now):
-- a later (or simultaneous) move of the same opportunity out of the entered stage, forward and
-- not into a LOST stage.
UPDATE "stage_move_facts" e SET "advanced" = true
WHERE EXISTS (
  SELECT 1 FROM "stage_move_facts" x
  WHERE x."tenant_id" = e."tenant_id" AND x."opportunity_id" = e."opportunity_id"
    AND x."from_stage_id" = e."to_stage_id" AND x."changed_at" >= e."changed_at"
    AND NOT x."backwards" AND x."to_kind" <> 'LOST');

-- The funnel reads a period's moves by (tenant, changed_at) and needs these columns only: with
-- them in the index the period's moves come from the index alone (no heap visit per move).
CREATE INDEX "stage_move_facts_tenant_changed_covering_idx" ON "stage_move_facts" ("tenant_id", "changed_at")
  INCLUDE ("owner_id", "department_path", "from_stage_id", "from_stage_name", "from_position", "to_stage_id",
           "to_stage_name", "to_position", "amount_minor", "advanced", "from_entered_at");
DROP INDEX "stage_move_facts_tenant_changed_idx";
