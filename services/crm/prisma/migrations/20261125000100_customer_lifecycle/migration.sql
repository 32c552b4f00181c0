-- 流失分析 needs why a customer churned; lifecycle transitions need to know when the last one was.
ALTER TABLE "customers" ADD COLUMN "churn_reason" TEXT NOT NULL DEFAULT '';
ALTER TABLE "customers" ADD COLUMN "lifecycle_changed_at" TIMESTAMPTZ(3);
