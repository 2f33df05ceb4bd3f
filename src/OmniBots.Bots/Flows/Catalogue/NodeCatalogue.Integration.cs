using static OmniBots.Bots.Flows.Catalogue.S;

namespace OmniBots.Bots.Flows.Catalogue;

internal static partial class NodeCatalogue
{
    private static IEnumerable<NodeTypeSpec> Integration()
    {
        yield return new(ApiCall, "integration", "API Call", "Calls an HTTP API and maps the JSON response into variables.", false, "success", false,
            [
                Enum("method", true, "HTTP method.", ["GET", "POST", "PUT", "PATCH", "DELETE"]),
                Tpl("url", true, "The URL (templates allowed, e.g. https://api.example.com/orders/{{order_id}}).", 2000),
                Objs("headers", false, "Request headers.", 0, 20, Str("name", true, "Header name.", 100), Tpl("value", true, "Header value.", 2000)),
                Tpl("body", false, "The request body (JSON text after rendering).", 20_000),
                Int("timeoutMs", false, "The whole call's timeout.", 100, 30_000, 5000),
                Objs("responseMappings", false, "Values copied from the JSON response.", 0, 30,
                    Var("variable", true, "The variable set."),
                    new SettingSpec("path", SettingKinds.JsonPath, true, "A JSONPath into the response body, e.g. $.data.items[0].id.") { MaxLength = 300 }),
            ],
            [
                Out("success", true, "Followed on a 2xx answer, after the mappings (the status and body are in outputVariable, default api_response)."),
                Out("error", false, "Followed on a non-2xx answer, a timeout, a refused address (SSRF) or an unparseable body; details in error.message." + CompletesWhenUnconnected),
            ], null, ["Outbound calls follow the tenant's network policy (private and loopback addresses refused unless allowed)."]);

        yield return new(ToolCall, "integration", "Tool Call", "Runs one of the tenant's tools with arguments.", false, "success", false,
            [
                Str("tool", true, "The tool's code.", 100),
                Objs("arguments", false, "Arguments, checked against the tool's parameter schema at run time.", 0, 30,
                    Str("name", true, "Parameter name.", 100), Tpl("value", true, "The value (a template).", 4000)),
                Int("timeoutMs", false, "Timeout of the call.", 100, 60_000, 10_000),
            ],
            [
                Out("success", true, "Followed with the tool's result in outputVariable (default tool_result)."),
                Out("error", false, "Followed when the tool fails or times out; details in error.message." + CompletesWhenUnconnected),
            ], null, ["The tool is looked up in the tenant's tools (docs/tools.md) when the flow runs; the validator does not check that it exists."]);

        yield return new(Handoff, "integration", "Handoff", "Asks for a human agent: records the request and emits an event.", false, "returned", true,
            [
                Str("queue", false, "The queue or skill the conversation goes to; empty uses the tenant's default.", 100),
                Tpl("reason", false, "Why (shown to the agent).", 1000),
                Enum("priority", false, "Queue priority.", ["low", "normal", "high", "urgent"], "normal"),
                Bool("includeSummary", "Attach an AI summary of the conversation for the agent.", true),
                Tpl("message", false, "Sent to the user while waiting.", 1000, "Connecting you to an agent..."),
            ],
            [
                Out("returned", false, "Followed when the agent hands the conversation back to the bot." + CompletesWhenUnconnected),
                Out("unavailable", false, "Followed when no agent or desk can take it (closed, no capacity)." + CompletesWhenUnconnected),
            ], null, ["While handed off the bot does not answer; the flow waits here."]);
    }
}
