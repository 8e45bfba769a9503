-- A case may have a monitor (one appointed by a court or under a settlement) among its assessors.
ALTER TABLE StatusChanges DROP CONSTRAINT IF EXISTS statuschanges_assessor_check;
ALTER TABLE StatusChanges ADD CONSTRAINT statuschanges_assessor_check CHECK (Assessor IN ('regulator', 'plan', 'union', 'monitor'));
ALTER TABLE AggregateFindings DROP CONSTRAINT IF EXISTS aggregatefindings_assessor_check;
ALTER TABLE AggregateFindings ADD CONSTRAINT aggregatefindings_assessor_check CHECK (Assessor IN ('regulator', 'plan', 'union', 'monitor'));
