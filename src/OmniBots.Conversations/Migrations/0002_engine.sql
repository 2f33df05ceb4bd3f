-- What the engine needs beyond 0001: the idle timeout the conversation runs with (copied from the bot when it
-- starts, so the idle sweep needs no other module's table), and the highest accepted customer message, so
-- recovery finds accepted-but-unanswered messages (accepted_sequence > processed_sequence) with an index.
ALTER TABLE conversations.conversations
    ADD COLUMN idle_timeout_minutes int NOT NULL DEFAULT 30,
    ADD COLUMN accepted_sequence bigint NOT NULL DEFAULT 0;
CREATE INDEX conversations_unanswered ON conversations.conversations (last_message_at)
    WHERE accepted_sequence > processed_sequence AND status <> 'closed';
-- Turns belong to the simulator's trace view and to analytics: read by conversation in order.
CREATE INDEX messages_turn ON conversations.messages (turn_id) WHERE turn_id IS NOT NULL;
