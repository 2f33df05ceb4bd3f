using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using OmniBots.Identity.Contracts;

namespace OmniBots.Identity.Testing;

internal sealed record Pong(string Endpoint);

/// <summary>
/// Testing environment only: two endpoints doing the same trivial work, one anonymous and one
/// behind <c>RequirePermission</c>, so tests exercise the mechanism other modules use and the
/// benchmark measures what authorization adds.
/// </summary>
internal static class IdentityTestEndpoints
{
    public static void MapIdentityTestEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/_test/identity").WithTags("Testing").ExcludeFromDescription();
        group.MapGet("/anonymous", Ok<Pong> () => TypedResults.Ok(new Pong("anonymous"))).AllowAnonymous();
        group.MapGet("/bots", Ok<Pong> () => TypedResults.Ok(new Pong("bots.read"))).RequirePermission(Permissions.Bots.Read);
        group.MapPost("/bots", Ok<Pong> () => TypedResults.Ok(new Pong("bots.write"))).RequirePermission(Permissions.Bots.Write);
    }
}
