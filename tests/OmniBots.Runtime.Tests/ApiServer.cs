using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OmniBots.Runtime.Tests;

/// <summary>A real Kestrel server on 127.0.0.1 for the API Call node: echoes requests, fails, stalls and answers big.</summary>
public sealed class ApiServer : IAsyncLifetime
{
    private WebApplication? _app;

    public string BaseUrl { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.MapPost("/orders/{id}", async (string id, HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            var body = await reader.ReadToEndAsync();
            return Results.Json(new
            {
                data = new { id, items = new[] { new { sku = "a", qty = 1 }, new { sku = "b", qty = 2 } } },
                echo = new { auth = request.Headers.Authorization.ToString(), contentType = request.ContentType, body },
            });
        });
        _app.MapGet("/fail", () => Results.Problem("boom", statusCode: 503));
        _app.MapGet("/text", () => Results.Text("not json"));
        _app.MapGet("/slow", async (CancellationToken ct) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(5), ct);
            return Results.Ok();
        });
        _app.MapGet("/big", () => Results.Text(new string('x', 64 * 1024)));
        await _app.StartAsync();
        BaseUrl = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
