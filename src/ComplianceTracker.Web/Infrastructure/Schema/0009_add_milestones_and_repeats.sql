-- Key milestones and repeat findings.
-- Milestone marks the timeline items a case's files name as its key milestones (surveys, reports, settlement…):
-- the timeline's summary and every edition show them across the case's whole span. Deadlines are always shown.
ALTER TABLE TimelineItems ADD COLUMN Milestone INTEGER NOT NULL DEFAULT 0;

-- A deficiency that repeats an earlier survey's finding, tied by a source that says so, never by guess.
CREATE TABLE DeficiencyRepeats (
    Id                  INTEGER PRIMARY KEY,
    DeficiencyId        INTEGER NOT NULL REFERENCES Deficiencies(Id),
    EarlierDeficiencyId INTEGER NOT NULL REFERENCES Deficiencies(Id),
    SourceId            INTEGER NOT NULL REFERENCES Sources(Id),
    Note                TEXT NULL,
    UNIQUE (DeficiencyId, EarlierDeficiencyId)
);

CREATE INDEX IX_DeficiencyRepeats_Earlier ON DeficiencyRepeats (EarlierDeficiencyId);
