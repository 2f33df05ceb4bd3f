using static OmniBots.Bots.Tests.Flows;

namespace OmniBots.Bots.Tests;

/// <summary>A flow that uses every node type, a linked flow and a reusable flow, and is valid.</summary>
internal static class ComplexFlows
{
    public static object Valid(Guid reusableFlow) => Content(
        Graph(
            [
                Node("start", "start"),
                Node("welcome", "send_message", new
                {
                    messages = new object[] { new { text = "Welcome {{user.name}}!", textByLanguage = new { fr = "Bienvenue {{user.name}} !" } }, new { text = "How can I help?" } },
                    typingDelayMs = 500,
                    media = new[] { new { kind = "image", url = "https://cdn.example.com/logo.png" } },
                }),
                Node("menu", "quick_replies", new
                {
                    prompt = "Sales or support?",
                    options = new[] { new { id = "sales", label = "Sales" }, new { id = "support", label = "Support" } },
                    allowFreeText = true,
                }),
                Node("email", "collect_input", new { prompt = "Your email?", inputType = "email", variable = "contact.email", maxRetries = 2, regex = "^[^@]+@example\\.com$" }),
                Node("lookup", "api_call", new
                {
                    method = "POST", url = "https://crm.example.com/leads?key={{env.CRM_KEY}}", body = "{\"email\":\"{{contact.email}}\"}",
                    headers = new[] { new { name = "Authorization", value = "Bearer {{env.CRM_TOKEN}}" } },
                    responseMappings = new[] { new { variable = "tier", path = "$.data.customer.tier" }, new { variable = "lead_id", path = "$.data.items[0].id" } },
                }, outputVariable: "crm"),
                Node("remember", "set_variable", new { assignments = new[] { new { variable = "visits", value = "1", valueType = "number" } } }),
                Node("vip", "condition", new
                {
                    rules = new[]
                    {
                        new { id = "gold", left = "{{tier}}", @operator = "eq", value = "gold" },
                        new { id = "staff", left = "{{contact.email}}", @operator = "regex", value = "@corp\\.example$" },
                    },
                }),
                Node("agent", "handoff", new { queue = "vip", priority = "high", reason = "Gold customer {{contact.email}}" }),
                Node("answer", "llm_response", new { prompt = new { key = "support.tone", version = "latest" }, temperature = 0.3, tools = Flows.Strings("order_status") }),
                Node("kb", "kb_search", new { topK = 4, minScore = 0.2, knowledgeBaseIds = new[] { Guid.NewGuid() } }),
                Node("card", "rich_content", new
                {
                    contentType = "carousel",
                    content = new { cards = new[] { new { title = "Plan A", buttons = new[] { new { label = "Buy", action = "url", value = "https://example.com/a" } } } } },
                }),
                Node("classify", "intent_classification", new { intents = new[] { new { name = "billing" }, new { name = "bug" } } }),
                Node("route", "intent_router", new { routes = new[] { new { id = "to-billing", intent = "billing" } } }),
                Node("billing", "go_to_flow", new { linkedFlow = "billing" }),
                Node("survey", "go_to_flow", new { flowId = reusableFlow }),
                Node("chunks", "rag_query", new { query = "{{last_user_message}}" }, outputVariable: "chunks"),
                Node("repeat", "loop", new { mode = "count", count = 2 }),
                Node("wait", "delay", new { seconds = 2 }),
                Node("status", "tool_call", new { tool = "order_status", arguments = new[] { new { name = "order", value = "{{order_id}}" } } }),
                Node("draft-idea", "send_message", new { }, enabled: false),
                Node("bye", "end", new { reason = "resolved", message = "Bye!" }),
            ],
            [
                Edge("start", "next", "welcome"), Edge("welcome", "next", "menu"),
                Edge("menu", "sales", "email"), Edge("menu", "support", "classify"), Edge("menu", "default", "answer"),
                Edge("email", "next", "lookup"), Edge("email", "failed", "agent"),
                Edge("lookup", "success", "remember"), Edge("lookup", "error", "agent"),
                Edge("remember", "next", "vip"), Edge("vip", "gold", "agent"), Edge("vip", "staff", "agent"), Edge("vip", "default", "answer"),
                Edge("answer", "next", "kb"), Edge("kb", "answered", "card"), Edge("kb", "no_results", "agent"), Edge("card", "next", "bye"),
                Edge("classify", "next", "route"), Edge("route", "to-billing", "billing"), Edge("route", "fallback", "chunks"),
                Edge("billing", "returned", "survey"), Edge("survey", "returned", "bye"),
                Edge("chunks", "next", "repeat"), Edge("repeat", "body", "wait"), Edge("wait", "next", "repeat"), Edge("repeat", "done", "status"),
                Edge("status", "success", "draft-idea"), Edge("draft-idea", "next", "bye"),
            ]),
        Linked("billing",
            [Node("start", "start"), Node("explain", "send_message", new { messages = new[] { new { text = "Billing help" } } }), Node("back", "end", new { returnToCaller = true })],
            [Edge("start", "next", "explain"), Edge("explain", "next", "back")]));
}
