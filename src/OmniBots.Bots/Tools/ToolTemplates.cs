using System.Text.Json.Nodes;

namespace OmniBots.Bots.Tools;

/// <summary>A ready-made tool definition; <see cref="Secrets"/> names what the tenant must set before it works.</summary>
internal sealed record ToolTemplate(string Key, string Title, string Summary, IReadOnlyList<string> Secrets, ToolInput Tool);

/// <param name="Code">Overrides the template's code (to add the same template twice).</param>
internal sealed record FromTemplateRequest(string? Code, string? Name);

/// <summary>The templates library (<c>GET /api/v1/tools/templates</c>): starting points the tenant adapts (URLs, secrets).</summary>
internal static class ToolTemplates
{
    public static IReadOnlyList<ToolTemplate> All { get; } =
    [
        new("order_status", "Order status lookup", "Looks an order up in your shop's REST API with a bearer token.", ["ORDERS_API_TOKEN"],
            new ToolInput("order_status", "Order status", "Looks up the status and estimated delivery date of a customer's order by its order number.",
                "commerce", Schema(("order_id", "string", "The order number the customer gave, e.g. 100234.")), new ToolAction("GET",
                    "https://shop.example.com/api/orders/{{param.order_id}}", [new ToolHeader("Accept", "application/json")], null,
                    new ToolAuth("bearer", "ORDERS_API_TOKEN", null, null), 5000,
                    [new ResponseField("status", "$.status"), new ResponseField("estimatedDelivery", "$.delivery.estimatedDate"),
                        new ResponseField("trackingUrl", "$.delivery.trackingUrl")]), true)),
        new("weather", "Weather forecast", "Current weather at a place from Open-Meteo (no key needed).", [],
            new ToolInput("weather", "Weather", "Gives the current temperature and wind speed at a latitude and longitude.", "information",
                Schema(("latitude", "number", "Latitude in degrees."), ("longitude", "number", "Longitude in degrees.")), new ToolAction("GET",
                    "https://api.open-meteo.com/v1/forecast?latitude={{param.latitude}}&longitude={{param.longitude}}&current=temperature_2m,wind_speed_10m",
                    [], null, null, 5000,
                    [new ResponseField("temperatureC", "$.current.temperature_2m"), new ResponseField("windSpeedKmh", "$.current.wind_speed_10m")]), true)),
        new("create_ticket", "Create a ticket via webhook", "Posts a support ticket to a webhook (Zapier, Make, your helpdesk) with a shared key header.",
            ["TICKET_WEBHOOK_URL", "TICKET_WEBHOOK_KEY"],
            new ToolInput("create_ticket", "Create ticket", "Creates a support ticket when the customer's problem needs a human follow-up.", "support",
                Schema(("subject", "string", "A one-line summary of the problem."), ("details", "string", "What the customer reported."),
                    ("email", "string", "The customer's email address.")), new ToolAction("POST", "{{env.TICKET_WEBHOOK_URL}}", [],
                    """{"subject": "{{param.subject}}", "details": "{{param.details}}", "email": "{{param.email}}", "source": "omnibots"}""",
                    new ToolAuth("header", "TICKET_WEBHOOK_KEY", "X-Webhook-Key", null), 10_000, [new ResponseField("ticketId", "$.id")]), true)),
    ];

    public static ToolTemplate? Find(string key) => All.FirstOrDefault(t => t.Key == key);

    private static JsonObject Schema(params (string Name, string Type, string Description)[] properties)
    {
        var props = new JsonObject();
        foreach (var (name, type, description) in properties)
        {
            props[name] = new JsonObject { ["type"] = type, ["description"] = description };
        }
        return new JsonObject
        {
            ["type"] = "object",
            ["properties"] = props,
            ["required"] = new JsonArray([.. properties.Select(p => (JsonNode)JsonValue.Create(p.Name))]),
        };
    }
}
