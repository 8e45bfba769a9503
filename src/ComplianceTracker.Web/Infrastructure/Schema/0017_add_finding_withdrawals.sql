-- A regulator's withdrawal of one of its own findings: a fact about the deficiency, given by a source, unlike the
-- tracker's withdrawal of an entry made in error (Withdrawals). The item stays on record and at its address; it stops
-- counting among the survey's standing deficiencies. WithdrawnOn is the first day of the date's precision
-- (WithdrawnPrecision: 'day', 'month' or 'year'), as other partial dates are kept. All four are NULL, or On, Precision
-- and SourceId are all set.
ALTER TABLE Deficiencies ADD COLUMN WithdrawnOn TEXT NULL;
ALTER TABLE Deficiencies ADD COLUMN WithdrawnPrecision TEXT NULL CHECK (WithdrawnPrecision IN ('day', 'month', 'year'));
ALTER TABLE Deficiencies ADD COLUMN WithdrawnSourceId INTEGER NULL REFERENCES Sources(Id);
ALTER TABLE Deficiencies ADD COLUMN WithdrawnNote TEXT NULL;
