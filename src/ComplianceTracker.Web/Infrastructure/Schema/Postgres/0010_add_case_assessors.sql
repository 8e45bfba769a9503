-- Who assesses the case's deficiencies, and the names the pages give them: a case lists its own (the regulator and
-- the plan; the regulator, the plan and a union; or a monitor too), so a case without a union shows no union column anywhere.
CREATE TABLE CaseAssessors (
    CaseId          BIGINT NOT NULL REFERENCES Cases(Id),
    Assessor        TEXT COLLATE "C" NOT NULL CHECK (Assessor IN ('regulator', 'plan', 'union', 'monitor')),
    Name            TEXT COLLATE "C" NOT NULL,
    Position        BIGINT NOT NULL,
    PRIMARY KEY (CaseId, Assessor)
);

-- A record loaded before cases listed their assessors: the regulator and the plan by the names the case gives, and
-- the union only where a union status is on record.
INSERT INTO CaseAssessors (CaseId, Assessor, Name, Position) SELECT Id, 'regulator', RegulatorShort, 1 FROM Cases;
INSERT INTO CaseAssessors (CaseId, Assessor, Name, Position) SELECT Id, 'plan', Plan, 2 FROM Cases;
INSERT INTO CaseAssessors (CaseId, Assessor, Name, Position)
    SELECT Id, 'union', 'The union', 3 FROM Cases WHERE EXISTS (SELECT 1 FROM StatusChanges WHERE Assessor = 'union');
