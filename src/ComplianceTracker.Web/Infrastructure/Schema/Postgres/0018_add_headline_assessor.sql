-- Whose findings make the case's headline count: the regulator's (the default), or an independent monitor's.
ALTER TABLE Cases ADD COLUMN HeadlineAssessor TEXT COLLATE "C" NOT NULL DEFAULT 'regulator'
    CHECK (HeadlineAssessor IN ('regulator', 'monitor'));
