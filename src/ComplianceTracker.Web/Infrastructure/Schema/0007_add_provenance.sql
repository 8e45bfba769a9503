-- Provenance: whose document a source is, whether it copies another, and how a deadline ends.
-- Party is the party whose own document the source is ('regulator', 'plan', 'union', 'legislature', 'court',
-- 'government') or NULL for a secondary report (a news story, an aggregator, a reference page). A status
-- rests on its assessor's own document only when its source's Party is that assessor.
-- IsCopy marks a repost, mirror or copy of a document first published elsewhere; CopyOfId names the original
-- when it is itself a source. A source with no known address keeps Url = ''.

ALTER TABLE Sources ADD COLUMN Party TEXT NULL;
ALTER TABLE Sources ADD COLUMN IsCopy INTEGER NOT NULL DEFAULT 0;
ALTER TABLE Sources ADD COLUMN CopyOfId INTEGER NULL REFERENCES Sources(Id);

-- 'due' (something must be done by the date), 'period-end' (a period ends), 'takes-effect' (a rule takes effect).
-- NULL for events, and read as 'due' for deadlines recorded before this column existed.
ALTER TABLE TimelineItems ADD COLUMN DeadlineType TEXT NULL;

-- Evidence a source cites under a deficiency without itself being one of the survey's findings.
CREATE TABLE DeficiencyEvidence (
    Id              INTEGER PRIMARY KEY,
    DeficiencyId    INTEGER NOT NULL REFERENCES Deficiencies(Id),
    Text            TEXT NOT NULL,
    SourceId        INTEGER NULL REFERENCES Sources(Id),
    Confidence      TEXT NOT NULL CHECK (Confidence IN ('verified', 'reported', 'inferred')),
    Note            TEXT NULL,
    SortOrder       INTEGER NOT NULL
);

CREATE INDEX IX_DeficiencyEvidence_Deficiency ON DeficiencyEvidence (DeficiencyId, SortOrder);
