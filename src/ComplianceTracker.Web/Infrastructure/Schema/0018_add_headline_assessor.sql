-- Whose findings make the case's headline count: the regulator's (the default), or an independent monitor's where the
-- case says the monitor assesses instead. Numbered after 0017 (a regulator's withdrawal of its own finding).
ALTER TABLE Cases ADD COLUMN HeadlineAssessor TEXT NOT NULL DEFAULT 'regulator'
    CHECK (HeadlineAssessor IN ('regulator', 'monitor'));
