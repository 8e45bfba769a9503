-- Which documents each item's status entries cite, read as distinct (source, item) pairs for the sources page and
-- the report's numbering: a long history cites the same few documents many times over, and without this index
-- every entry was read and sorted (0.34 s at 200,000 entries; 0.04 s with it).
CREATE INDEX IX_StatusChanges_Citations ON StatusChanges (SubjectType, SourceId, SubjectId) WHERE SourceId IS NOT NULL;
