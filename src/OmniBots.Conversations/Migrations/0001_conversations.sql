-- Conversations (SPEC CONV-1) and the executor state that moves them (FLOW-7).
-- One row per conversation: who, where, status, the flow state (jsonb, ConversationState of the runtime)
-- and its revision for optimistic concurrency: a turn commits only if the revision it read is still
-- current, so two replicas never both advance one conversation.
CREATE TABLE conversations.conversations (
    id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
    tenant_id uuid NOT NULL,
    bot_id uuid NOT NULL,
    -- The bot version the conversation runs (the published one when it started; the draft for the simulator).
    bot_version_id uuid,
    bot_version_number int,
    deployment_id uuid,
    -- widget, rest, simulator, ... (channels add theirs).
    channel text NOT NULL,
    -- active (the bot or a flow wait), handed_off (an agent is asked for), closed (idle timeout, ended by a channel).
    status text NOT NULL DEFAULT 'active',
    language text,
    customer_external_id text,
    customer_name text,
    -- The flow variables after the last committed turn (a copy of state.variables, for listing and search).
    variables jsonb NOT NULL DEFAULT '{}',
    tags text[] NOT NULL DEFAULT '{}',
    risk_score real,
    state jsonb NOT NULL DEFAULT '{}',
    revision bigint NOT NULL DEFAULT 0,
    -- The highest message sequence given out, and the last customer message whose turn has committed:
    -- customer messages above processed_sequence are accepted (acknowledged) but not answered yet.
    last_sequence bigint NOT NULL DEFAULT 0,
    processed_sequence bigint NOT NULL DEFAULT 0,
    message_count int NOT NULL DEFAULT 0,
    -- When a Delay node wants to be woken up.
    resume_at timestamptz,
    closed_reason text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    last_message_at timestamptz NOT NULL DEFAULT now(),
    closed_at timestamptz,
    UNIQUE (tenant_id, id)
);
CREATE INDEX conversations_recent ON conversations.conversations (tenant_id, last_message_at DESC);
CREATE INDEX conversations_bot ON conversations.conversations (tenant_id, bot_id, last_message_at DESC);
CREATE INDEX conversations_created ON conversations.conversations (tenant_id, created_at);
CREATE INDEX conversations_open ON conversations.conversations (last_message_at) WHERE status <> 'closed';
CREATE INDEX conversations_tags ON conversations.conversations USING gin (tags);
SELECT platform.enable_tenant_isolation('conversations.conversations');

-- Messages: one per customer, bot, agent or system utterance, numbered by a per-conversation sequence that
-- the channels use for ordering, acknowledgements and resume. client_message_id de-duplicates resends.
CREATE TABLE conversations.messages (
    id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
    tenant_id uuid NOT NULL,
    conversation_id uuid NOT NULL,
    sequence bigint NOT NULL,
    -- customer, bot, agent, system
    author text NOT NULL,
    -- text, button, rich_content, media, event
    kind text NOT NULL,
    text text,
    -- The whole message as the channels render it (quick replies, rich content, media, sources, attachments).
    body jsonb NOT NULL DEFAULT '{}',
    client_message_id text,
    -- The turn that produced (bot) or consumed (customer) the message.
    turn_id uuid,
    feedback text,
    feedback_comment text,
    created_at timestamptz NOT NULL DEFAULT now(),
    search tsvector GENERATED ALWAYS AS (to_tsvector('simple', coalesce(text, ''))) STORED,
    UNIQUE (conversation_id, sequence),
    FOREIGN KEY (tenant_id, conversation_id) REFERENCES conversations.conversations (tenant_id, id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX messages_client_id ON conversations.messages (conversation_id, client_message_id)
    WHERE client_message_id IS NOT NULL;
CREATE INDEX messages_search ON conversations.messages USING gin (search);
SELECT platform.enable_tenant_isolation('conversations.messages');

-- Participants (CONV-1): the customer, the bot, agents who joined.
CREATE TABLE conversations.participants (
    id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
    tenant_id uuid NOT NULL,
    conversation_id uuid NOT NULL,
    -- customer, bot, agent
    role text NOT NULL,
    external_id text,
    display_name text,
    joined_at timestamptz NOT NULL DEFAULT now(),
    left_at timestamptz,
    FOREIGN KEY (tenant_id, conversation_id) REFERENCES conversations.conversations (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX participants_conversation ON conversations.participants (conversation_id);
SELECT platform.enable_tenant_isolation('conversations.participants');

-- Turns (FLOW-7): every executor run with its step trace, kept with the conversation (simulator, analytics).
CREATE TABLE conversations.turns (
    id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
    tenant_id uuid NOT NULL,
    conversation_id uuid NOT NULL,
    -- The customer message the turn answered (null: start, timer, handoff events).
    message_sequence bigint,
    -- start, text, button, timer, handoff_returned, handoff_unavailable
    inbound_kind text NOT NULL,
    outcome text NOT NULL,
    steps jsonb NOT NULL DEFAULT '[]',
    step_count int NOT NULL DEFAULT 0,
    duration_ms double precision NOT NULL DEFAULT 0,
    budget_exceeded boolean NOT NULL DEFAULT false,
    error text,
    created_at timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (tenant_id, conversation_id) REFERENCES conversations.conversations (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX turns_conversation ON conversations.turns (conversation_id, created_at);
SELECT platform.enable_tenant_isolation('conversations.turns');
