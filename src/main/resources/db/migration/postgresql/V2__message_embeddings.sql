-- One embedding per message, for recall of earlier messages by meaning (dev.askdb.memory).
-- The vector is the message's normalized embedding quantized to one signed byte per dimension
-- (384 bytes for all-MiniLM-L6-v2); multiplying by scale gives the original components back.
-- Rows go with their message or conversation through ON DELETE CASCADE. Same table as the SQLite script.

CREATE TABLE message_embeddings (
    message_id       BIGINT       NOT NULL PRIMARY KEY REFERENCES messages (id) ON DELETE CASCADE,
    conversation_id  BIGINT       NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    message_index    INTEGER      NOT NULL,
    model            VARCHAR(64)  NOT NULL,
    scale            REAL         NOT NULL,
    vector           BYTEA        NOT NULL
);
-- Recall reads one conversation's vectors in message order, and only the new ones once cached.
CREATE INDEX message_embeddings_conversation_index_idx ON message_embeddings (conversation_id, message_index);
