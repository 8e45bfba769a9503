-- What several app nodes on one database share besides the record (README "Running on several machines").
-- On SQLite, which one node serves, both tables stay empty or unused: the data-protection keys are files in
-- data/keys and the write counter is kept in memory. They are here so both providers keep one numbered history.

-- The keys that protect sign-in cookies and antiforgery tokens: one node's cookie is read by every other.
CREATE TABLE DataProtectionKeys (
    FriendlyName    TEXT PRIMARY KEY,
    Xml             TEXT NOT NULL
);

-- Goes up with every committed write of the public record; each node's output cache is keyed by it.
CREATE TABLE RecordGenerations (
    Name            TEXT PRIMARY KEY,
    Value           INTEGER NOT NULL
);

INSERT INTO RecordGenerations (Name, Value) VALUES ('record', 0);
