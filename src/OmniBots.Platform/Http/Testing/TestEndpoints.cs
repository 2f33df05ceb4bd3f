using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using OmniBots.Platform.Http.Limits;

namespace OmniBots.Platform.Http.Testing;

/// <summary>
/// Endpoints that exist only in the Testing environment, so tests can drive the error, size-limit
/// and metrics paths through real routing and binding without depending on any module's API.
/// </summary>
internal static class TestEndpoints
{
    public const string Prefix = "/_test";
    public const long EchoLimit = 1024 * 1024;
    public const long UploadLimit = 16 * 1024 * 1024;

    public static IEndpointRouteBuilder MapTestEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup(Prefix).WithTags("Testing");

        group.MapPost("/echo", (EchoRequest request) => TypedResults.Ok(request))
            .WithMaxRequestBodySize(EchoLimit);

        // Reads its body itself, as an endpoint with a custom binding would.
        group.MapPost("/parse", async Task<IResult> (HttpRequest request, CancellationToken ct)
            => TypedResults.Ok(await request.ReadFromJsonAsync<EchoRequest>(ct)));

        // Fails on bad JSON of its own (as from a corrupt stored document): the server's fault.
        group.MapPost("/corrupt-data", IResult (EchoRequest request)
            => TypedResults.Ok(JsonSerializer.Deserialize<EchoRequest>("{\"text\":" + request.Text)!));

        // Both count the raw body: one under the host-wide limit, one that raises it.
        group.MapPost("/bytes", CountBodyAsync);
        group.MapPost("/upload", CountBodyAsync).WithMaxRequestBodySize(UploadLimit);

        group.MapGet("/throw", IResult () => throw new InvalidOperationException("Secret connection string Password=hunter2 leaked"));

        return endpoints;
    }

    private static async Task<Ok<UploadResult>> CountBodyAsync(HttpRequest request, CancellationToken ct)
    {
        var buffer = new byte[81920];
        long total = 0;
        int read;
        while ((read = await request.Body.ReadAsync(buffer, ct)) > 0)
        {
            total += read;
        }
        return TypedResults.Ok(new UploadResult(total));
    }

    internal sealed record EchoRequest(string Text, int Count);

    internal sealed record UploadResult(long Bytes);
}
