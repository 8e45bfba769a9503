-- PostgreSQL twin of Schema/0017_add_finding_withdrawals.sql: the same columns.
ALTER TABLE Deficiencies ADD COLUMN WithdrawnOn TEXT COLLATE "C" NULL;
ALTER TABLE Deficiencies ADD COLUMN WithdrawnPrecision TEXT COLLATE "C" NULL CHECK (WithdrawnPrecision IN ('day', 'month', 'year'));
ALTER TABLE Deficiencies ADD COLUMN WithdrawnSourceId BIGINT NULL REFERENCES Sources(Id);
ALTER TABLE Deficiencies ADD COLUMN WithdrawnNote TEXT COLLATE "C" NULL;
