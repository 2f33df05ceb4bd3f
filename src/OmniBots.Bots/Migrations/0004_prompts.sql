-- The managed prompt library (SPEC PROMPT-1). A prompt has an immutable key (LLM nodes reference
-- key + version) and append-only numbered versions.
CREATE TABLE bots.prompts (
    id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
    tenant_id uuid NOT NULL,
    key text NOT NULL CHECK (key ~ '^[a-z][a-z0-9_.-]{1,62}$'),
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    description text NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (tenant_id, key),
    UNIQUE (tenant_id, id)
);
SELECT platform.enable_tenant_isolation('bots.prompts');

CREATE TABLE bots.prompt_versions (
    tenant_id uuid NOT NULL,
    prompt_id uuid NOT NULL,
    version int NOT NULL CHECK (version >= 1),
    text text NOT NULL,
    model_hints jsonb NOT NULL DEFAULT '{}',
    notes text NOT NULL DEFAULT '',
    created_by uuid,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (prompt_id, version),
    FOREIGN KEY (tenant_id, prompt_id) REFERENCES bots.prompts (tenant_id, id) ON DELETE CASCADE
);
SELECT platform.enable_tenant_isolation('bots.prompt_versions');
