using System.Globalization;
using System.Text.Json.Nodes;

namespace OmniBots.Bots.Tools;

/// <summary>
/// Built-in tools every tenant has: read-only (listed with <c>system: true</c>, not editable or deletable), run in
/// process without any HTTP call. Their codes are reserved.
/// </summary>
internal static class SystemTools
{
    public const string CurrentTime = "current_time";
    public static readonly string[] Codes = [CurrentTime];

    public static IReadOnlyList<ToolView> All { get; } =
    [
        new(CurrentTime, "Current time", "The current date and time, in UTC or in the given IANA time zone (e.g. Europe/Paris).", "utility",
            new JsonObject
            {
                ["type"] = "object",
                ["properties"] = new JsonObject
                {
                    ["timezone"] = new JsonObject { ["type"] = "string", ["description"] = "An IANA time zone id; UTC when omitted." },
                },
            },
            null, Enabled: true, System: true, null, null),
    ];

    public static ToolView? Find(string code) => All.FirstOrDefault(t => t.Code == code);

    /// <summary>Runs a system tool with validated arguments: the result, or an error.</summary>
    public static (JsonNode? Result, string? Error) Run(string code, JsonObject arguments, TimeProvider time)
    {
        if (code != CurrentTime)
        {
            return (null, $"Unknown system tool '{code}'.");
        }
        var zoneId = arguments["timezone"]?.GetValue<string>() is { Length: > 0 } z ? z : "UTC";
        TimeZoneInfo zone;
        try
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return (null, $"timezone: '{zoneId}' is not a known time zone.");
        }
        var now = time.GetUtcNow();
        var local = TimeZoneInfo.ConvertTime(now, zone);
        return (new JsonObject
        {
            ["iso"] = local.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
            ["date"] = local.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["time"] = local.ToString("HH:mm", CultureInfo.InvariantCulture),
            ["dayOfWeek"] = local.DayOfWeek.ToString(),
            ["timezone"] = zoneId,
            ["unixSeconds"] = now.ToUnixTimeSeconds(),
        }, null);
    }
}
