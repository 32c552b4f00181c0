-- The structured parameters of a notification's text (names, ISO dates, enum values), so that a
-- console words it in its reader's language with `kind` as the message key. The English title and
-- body stay: API clients read them, and rows written before this column have only them ('{}').
ALTER TABLE "notifications" ADD COLUMN "params" jsonb NOT NULL DEFAULT '{}';
