-- Knowledge bases, their documents, index generations and chunks (SPEC KB-1, KB-2, KB-5).
-- A knowledge base's settings are what the NEXT index uses; each index generation keeps the settings it
-- was built with, so search keeps embedding queries with the model of the generation it serves.
CREATE TABLE knowledge.knowledge_bases (
    id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
    tenant_id uuid NOT NULL,
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    description text NOT NULL DEFAULT '' CHECK (length(description) <= 1000),
    -- For dynamic selection at run time (KB-7).
    key text CHECK (key ~ '^[a-z0-9][a-z0-9._-]{0,62}$'),
    embedding_model text,
    -- Ranges (64-2048 tokens, overlap up to half, top-k 3/5/10) are the API's to enforce; the table keeps sanity only.
    chunk_size integer NOT NULL CHECK (chunk_size > 0),
    chunk_overlap integer NOT NULL CHECK (chunk_overlap >= 0),
    top_k integer NOT NULL CHECK (top_k > 0),
    min_score real NOT NULL CHECK (min_score BETWEEN 0 AND 1),
    search_mode text NOT NULL CHECK (search_mode IN ('lexical', 'hybrid', 'vector')),
    -- The generation search serves; building_generation is the one a re-index is filling (null: none).
    live_generation integer NOT NULL DEFAULT 1,
    building_generation integer,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (tenant_id, id),
    CHECK (search_mode = 'lexical' OR embedding_model IS NOT NULL)
);
CREATE UNIQUE INDEX knowledge_bases_key ON knowledge.knowledge_bases (tenant_id, key) WHERE key IS NOT NULL;
CREATE INDEX knowledge_bases_tenant ON knowledge.knowledge_bases (tenant_id, name);
SELECT platform.enable_tenant_isolation('knowledge.knowledge_bases');

CREATE TABLE knowledge.index_generations (
    tenant_id uuid NOT NULL,
    knowledge_base_id uuid NOT NULL,
    generation integer NOT NULL,
    embedding_model text,
    chunk_size integer NOT NULL,
    chunk_overlap integer NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    completed_at timestamptz,
    PRIMARY KEY (knowledge_base_id, generation),
    FOREIGN KEY (tenant_id, knowledge_base_id) REFERENCES knowledge.knowledge_bases (tenant_id, id) ON DELETE CASCADE
);
SELECT platform.enable_tenant_isolation('knowledge.index_generations');

CREATE TABLE knowledge.documents (
    id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
    tenant_id uuid NOT NULL,
    knowledge_base_id uuid NOT NULL,
    file_name text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 400),
    content_type text,
    size_bytes bigint NOT NULL CHECK (size_bytes >= 0),
    -- Lower-case hex SHA-256 of the original: one copy of the same content per knowledge base.
    sha256 text NOT NULL,
    blob_path text NOT NULL,
    -- Web or external source (null for uploads) and the file's id there: sources upsert by it.
    source_id uuid,
    external_id text,
    url text,
    metadata jsonb NOT NULL DEFAULT '{}',
    title text,
    status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'processing', 'indexed', 'error')),
    error text,
    chunk_count integer NOT NULL DEFAULT 0,
    progress_done integer NOT NULL DEFAULT 0,
    progress_total integer NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    indexed_at timestamptz,
    UNIQUE (tenant_id, id),
    UNIQUE (knowledge_base_id, sha256),
    FOREIGN KEY (tenant_id, knowledge_base_id) REFERENCES knowledge.knowledge_bases (tenant_id, id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX documents_source_file ON knowledge.documents (knowledge_base_id, source_id, external_id) WHERE source_id IS NOT NULL;
CREATE INDEX documents_kb ON knowledge.documents (tenant_id, knowledge_base_id, created_at);
SELECT platform.enable_tenant_isolation('knowledge.documents');

-- One row per document and generation whose indexing finished (chunks written, or a permanent error):
-- written in the same transaction as the chunks, so a document is in a generation completely or not at all.
CREATE TABLE knowledge.document_indexes (
    tenant_id uuid NOT NULL,
    document_id uuid NOT NULL,
    knowledge_base_id uuid NOT NULL,
    generation integer NOT NULL,
    chunk_count integer NOT NULL,
    error text,
    indexed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (document_id, generation),
    FOREIGN KEY (tenant_id, document_id) REFERENCES knowledge.documents (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX document_indexes_kb ON knowledge.document_indexes (knowledge_base_id, generation);
SELECT platform.enable_tenant_isolation('knowledge.document_indexes');

CREATE TABLE knowledge.chunks (
    id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
    tenant_id uuid NOT NULL,
    knowledge_base_id uuid NOT NULL,
    document_id uuid NOT NULL,
    generation integer NOT NULL,
    position integer NOT NULL,
    heading_path text[] NOT NULL DEFAULT '{}',
    page integer,
    kind text NOT NULL,
    text text NOT NULL,
    token_count integer NOT NULL,
    -- float32 little-endian, L2-normalised; null when the generation has no embedding model.
    embedding bytea,
    FOREIGN KEY (tenant_id, document_id) REFERENCES knowledge.documents (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX chunks_kb_generation ON knowledge.chunks (knowledge_base_id, generation);
CREATE INDEX chunks_document ON knowledge.chunks (document_id, generation, position);
SELECT platform.enable_tenant_isolation('knowledge.chunks');
