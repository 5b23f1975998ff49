-- The metadata store: users own databases and conversations; conversations hold messages.
-- Deleting a user removes everything it owns through ON DELETE CASCADE (foreign keys are switched on
-- for every pooled connection); deleting a database removes its conversations and their messages.

CREATE TABLE users (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    username            VARCHAR(64)  NOT NULL,
    password_hash       VARCHAR(255) NOT NULL,
    api_key_ciphertext  TEXT,
    api_key_key_id      VARCHAR(32),
    api_key_hint        VARCHAR(32),
    token_version       INTEGER      NOT NULL DEFAULT 0,
    created_at          TIMESTAMP    NOT NULL
);
CREATE UNIQUE INDEX users_username_lower_uq ON users (lower(username));

CREATE TABLE databases (
    id                   INTEGER PRIMARY KEY AUTOINCREMENT,
    owner_id             INTEGER      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name                 VARCHAR(200) NOT NULL,
    file_name            VARCHAR(100) NOT NULL,
    machine_description  TEXT,
    user_description     TEXT,
    size_bytes           BIGINT       NOT NULL,
    table_count          INTEGER      NOT NULL,
    sha256               VARCHAR(64)  NOT NULL,
    created_at           TIMESTAMP    NOT NULL
);
CREATE UNIQUE INDEX databases_file_name_uq ON databases (file_name);
CREATE INDEX databases_owner_created_idx ON databases (owner_id, created_at DESC, id DESC);

CREATE TABLE conversations (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    owner_id           INTEGER      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    database_id        INTEGER      NOT NULL REFERENCES databases (id) ON DELETE CASCADE,
    name               VARCHAR(200) NOT NULL,
    message_count      INTEGER      NOT NULL DEFAULT 0,
    prompt_tokens      BIGINT       NOT NULL DEFAULT 0,
    completion_tokens  BIGINT       NOT NULL DEFAULT 0,
    created_at         TIMESTAMP    NOT NULL,
    last_modified      TIMESTAMP    NOT NULL
);
CREATE INDEX conversations_owner_modified_idx ON conversations (owner_id, last_modified DESC, id DESC);
CREATE INDEX conversations_database_modified_idx ON conversations (database_id, last_modified DESC, id DESC);

CREATE TABLE messages (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    conversation_id    INTEGER      NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    message_index      INTEGER      NOT NULL,
    role               VARCHAR(16)  NOT NULL CHECK (role IN ('user', 'assistant')),
    content            TEXT         NOT NULL,
    queries            TEXT,
    recalled           TEXT,
    token_count        INTEGER      NOT NULL,
    prompt_tokens      INTEGER,
    completion_tokens  INTEGER,
    created_at         TIMESTAMP    NOT NULL
);
CREATE UNIQUE INDEX messages_conversation_index_uq ON messages (conversation_id, message_index);
