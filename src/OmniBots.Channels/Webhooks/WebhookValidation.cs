using System.Net;
using OmniBots.Conversations.Contracts;
using OmniBots.Platform.Http.Outbound;

namespace OmniBots.Channels.Webhooks;

internal sealed record WebhookRequest(string? Url, string[]? EventTypes, string? Description, bool? Enabled);

/// <summary>Checks a create or update request; every problem at once, keyed by the field's name.</summary>
internal static class WebhookValidation
{
    private const int MaxUrlLength = 2000;
    private const int MaxDescriptionLength = 500;

    /// <param name="partial">An update: absent fields are left as they are.</param>
    public static Dictionary<string, string[]> Check(WebhookRequest request, bool partial, bool allowPrivateNetworks)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.Url is not null || !partial)
        {
            var url = request.Url?.Trim() ?? "";
            if (url.Length is 0 or > MaxUrlLength || !Uri.TryCreate(url, UriKind.Absolute, out var uri))
            {
                errors["url"] = [$"An absolute URL of at most {MaxUrlLength} characters is required."];
            }
            else if (uri.Scheme != Uri.UriSchemeHttps && !(allowPrivateNetworks && uri.Scheme == Uri.UriSchemeHttp))
            {
                errors["url"] = ["The URL must use https."];
            }
            else if (uri.UserInfo.Length > 0 || uri.Fragment.Length > 0)
            {
                errors["url"] = ["The URL may not carry credentials or a fragment: use the signature to trust deliveries."];
            }
            else if (!allowPrivateNetworks && IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && !PrivateNetworks.IsPublic(address))
            {
                // Names are checked when connecting (the answer may change); an address literal can be refused now.
                errors["url"] = ["The URL names a private or loopback address, which webhooks may not reach."];
            }
        }
        if (request.EventTypes is not null || !partial)
        {
            var types = request.EventTypes ?? [];
            var unknown = types.Where(t => !ConversationEvents.All.Contains(t, StringComparer.Ordinal)).ToArray();
            if (types.Length == 0)
            {
                errors["eventTypes"] = [$"List at least one event type: {string.Join(", ", ConversationEvents.All)}."];
            }
            else if (unknown.Length > 0)
            {
                errors["eventTypes"] = [$"Unknown event types: {string.Join(", ", unknown)}. Known: {string.Join(", ", ConversationEvents.All)}."];
            }
        }
        if (request.Description is { Length: > MaxDescriptionLength })
        {
            errors["description"] = [$"At most {MaxDescriptionLength} characters."];
        }
        return errors;
    }

    public static string[]? Normalize(string[]? types) => types?.Distinct(StringComparer.Ordinal).ToArray();
}
