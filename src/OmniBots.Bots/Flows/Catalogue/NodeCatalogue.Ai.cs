using static OmniBots.Bots.Flows.Catalogue.S;

namespace OmniBots.Bots.Flows.Catalogue;

internal static partial class NodeCatalogue
{
    private static SettingSpec Model()
        => Str("model", false, "A gateway model code; empty uses the bot's default model (and the tenant's default when that is empty).", 100);

    private static IEnumerable<NodeTypeSpec> Ai()
    {
        yield return new(LlmResponse, "ai", "LLM Response", "Answers with an LLM through the gateway, optionally calling the tenant's tools.", false, "next", false,
            [
                Model(),
                Tpl("systemPrompt", false, "The system prompt (templates allowed).", 20_000),
                new SettingSpec("prompt", SettingKinds.PromptReference, false,
                    "A managed prompt used as the system prompt: { key, version } with version a number or \"latest\"."),
                Num("temperature", false, "Sampling temperature.", 0, 2, 0.7),
                Int("maxTokens", false, "Maximum tokens in the answer.", 1, 32_768, 1024),
                Int("historyMessages", false, "Recent conversation messages sent as context.", 0, 50, 10),
                List("tools", false, "Codes of tenant tools the model may call (tool calling).", 20),
                Ids("knowledgeBaseIds", "Knowledge bases whose passages are added as context.", 10),
                Bool("sendToUser", "Send the answer to the user (false: only store it).", true),
            ],
            [
                Out("next", true, "Followed with the answer in outputVariable (default llm_response)."),
                Out("error", false, "Followed when the gateway fails (no provider, budget, timeout); error details in error.message." + CompletesWhenUnconnected),
            ], null, ["Exactly one of systemPrompt and prompt.", "prompt must name an existing prompt key and version."]);

        yield return new(KbSearch, "ai", "KB Search", "Retrieves passages and answers with cited sources.", false, "answered", false,
            [
                Tpl("query", false, "What to search for.", 2000, "{{last_user_message}}"),
                Ids("knowledgeBaseIds", "Knowledge bases to search; empty uses the bot's knowledge bases.", 10),
                Var("knowledgeBaseVariable", false, "A variable holding a knowledge base id chosen at run time (KB-7); wins over knowledgeBaseIds."),
                Int("topK", false, "Passages retrieved.", 1, 50, 5),
                Num("minScore", false, "Minimum relevance of a passage.", 0, 1, 0),
                Int("contextBudgetTokens", false, "Tokens of passages given to the model.", 100, 32_000, 2000),
                Model(),
                Bool("sendToUser", "Send the answer with its sources to the user.", true),
            ],
            [
                Out("answered", true, "Followed with the answer in outputVariable (default kb_answer) and sources in kb_sources."),
                Out("no_results", false, "Followed when no passage reaches minScore." + CompletesWhenUnconnected),
            ], null, []);

        yield return new(RagQuery, "ai", "RAG Query", "Retrieves raw passages into a variable (no answer is generated).", false, "next", false,
            [
                Tpl("query", false, "What to search for.", 2000, "{{last_user_message}}"),
                Ids("knowledgeBaseIds", "Knowledge bases to search; empty uses the bot's knowledge bases.", 10),
                Var("knowledgeBaseVariable", false, "A variable holding a knowledge base id chosen at run time (KB-7)."),
                Int("topK", false, "Passages retrieved.", 1, 50, 5),
                Num("minScore", false, "Minimum relevance of a passage.", 0, 1, 0),
            ],
            [
                Out("next", true, "Followed with the passages (text, title, page, score) as a list in outputVariable (default rag_chunks)."),
                Out("no_results", false, "Followed when no passage reaches minScore." + CompletesWhenUnconnected),
            ], null, []);

        yield return new(IntentClassification, "ai", "Intent Classification", "Classifies the text into one of the listed intents.", false, "next", false,
            [
                Tpl("text", false, "The text to classify.", 2000, "{{last_user_message}}"),
                Objs("intents", true, "The candidate intents.", 1, 50,
                    Str("name", true, "The intent name stored in the variable.", 64), Str("description", false, "What it means (given to the model).", 500),
                    List("examples", false, "Example utterances.", 20)),
                Num("minConfidence", false, "Below this the intent is \"none\".", 0, 1, 0.5),
                Model(),
            ],
            [Out("next", true, "Followed with the intent name (or \"none\") in outputVariable (default detected_intent) and its confidence in detected_intent_confidence.")],
            null, ["Intent names are unique within the node."]);
    }
}
