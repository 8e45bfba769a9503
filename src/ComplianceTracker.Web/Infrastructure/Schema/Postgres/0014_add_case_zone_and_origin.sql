-- PostgreSQL twin of Schema/0014_add_case_zone_and_origin.sql: the same columns.
ALTER TABLE Cases ADD COLUMN TimeZone TEXT COLLATE "C" NULL;
ALTER TABLE Cases ADD COLUMN ObligationOrigin TEXT COLLATE "C" NOT NULL DEFAULT 'settlement'
    CHECK (ObligationOrigin IN ('settlement', 'order', 'accusation', 'consent-decree', 'agreement'));
