using Microsoft.AspNetCore.Http;

namespace OmniBots.Identity.Authentication;

/// <summary>Why a presented credential was not accepted, kept for the request so the 401 problem can say it.</summary>
internal static class AuthFailure
{
    private const string ItemKey = "OmniBots.Identity.AuthFailure";

    public static void Record(HttpContext context, string reason) => context.Items[ItemKey] = reason;

    public static string? Read(HttpContext context) => context.Items.TryGetValue(ItemKey, out var reason) ? reason as string : null;
}
