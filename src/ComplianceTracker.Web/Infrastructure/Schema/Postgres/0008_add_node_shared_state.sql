-- PostgreSQL twin of Schema/0008_add_node_shared_state.sql (integers BIGINT, text COLLATE "C").
-- What several app nodes on one database share besides the record (README "Running on several machines").

-- The keys that protect sign-in cookies and antiforgery tokens: one node's cookie is read by every other.
CREATE TABLE DataProtectionKeys (
    FriendlyName    TEXT COLLATE "C" PRIMARY KEY,
    Xml             TEXT COLLATE "C" NOT NULL
);

-- Goes up with every committed write of the public record; each node's output cache is keyed by it.
CREATE TABLE RecordGenerations (
    Name            TEXT COLLATE "C" PRIMARY KEY,
    Value           BIGINT NOT NULL
);

INSERT INTO RecordGenerations (Name, Value) VALUES ('record', 0);
