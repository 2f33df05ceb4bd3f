using System.Net.Http.Headers;
using System.Runtime.ExceptionServices;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OmniBots.Platform.Database;

namespace OmniBots.Testing;

/// <summary>What a test host differs in from the defaults.</summary>
public sealed record HostSettings
{
    public string Roles { get; init; } = "web,worker,scheduler";
    public IReadOnlyDictionary<string, string?> Extra { get; init; } = new Dictionary<string, string?>();
    public TimeProvider? Time { get; init; }
    public Action<IServiceCollection>? Services { get; init; }
}

/// <summary>The real host, in process, on a test database, in the Testing environment.</summary>
public sealed class OmniBotsHostFactory(TestDatabase database, HostSettings? settings = null) : WebApplicationFactory<Program>
{
    private readonly HostSettings _settings = settings ?? new HostSettings();
    private readonly StartupFailures _startupFailures = new();

    public TestDatabase Database { get; } = database;

    /// <summary>Starts the host (migrations, hosted services) and waits until the database is ready.</summary>
    public async Task StartAsync()
    {
        try
        {
            _ = Server;
        }
        catch (ObjectDisposedException) when (_startupFailures.Failure is { } failure)
        {
            ExceptionDispatchInfo.Throw(failure);
        }
        await Services.GetRequiredService<PlatformDatabase>().Ready;
    }

    /// <summary>A client whose requests run in <paramref name="tenantId"/>'s scope, until the identity module issues real credentials.</summary>
    public HttpClient CreateClientForTenant(Guid tenantId)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("X-Test-Tenant", tenantId.ToString());
        return client;
    }

    /// <summary>A client signed in as a super admin through the Testing environment's header scheme.</summary>
    public HttpClient CreateClientForPlatformAdmin()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("X-Test-Platform-Role", "super_admin");
        return client;
    }

    public HttpClient CreateClientWithAccept(string mediaType)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue(mediaType));
        return client;
    }

    // As in Development: a singleton that captures a scoped service (a tenant's IJobQueue, say)
    // fails the host's start instead of leaking one scope's tenant into every request.
    protected override IHost CreateHost(IHostBuilder builder)
    {
        builder.UseDefaultServiceProvider(options =>
        {
            options.ValidateScopes = true;
            options.ValidateOnBuild = true;
        });
        return base.CreateHost(builder);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        var values = new Dictionary<string, string?>(Database.HostSettings)
        {
            ["Hosting:Roles"] = _settings.Roles,
            ["Testing:TrustTenantHeader"] = "true",
            ["Logging:LogLevel:Default"] = "Warning",
            // The console stays quiet whatever a test turns up for its captured logs: CI output stays readable.
            ["Logging:Console:LogLevel:Default"] = "Warning",
            // Every test request comes from the same (absent) address: per-IP limits would make
            // suites fail by their size. Tests of the limits set their own.
            ["Security:RateLimits:SignIn:PermitLimit"] = "100000",
            ["Security:RateLimits:Refresh:PermitLimit"] = "100000",
            ["Security:RateLimits:Credentials:PermitLimit"] = "100000",
            ["Security:RateLimits:Mfa:PermitLimit"] = "100000",
        };
        foreach (var (key, value) in _settings.Extra)
        {
            values[key] = value;
        }
        builder.ConfigureAppConfiguration(config => config.AddInMemoryCollection(values));
        builder.ConfigureLogging(logging => logging.AddProvider(_startupFailures));
        builder.ConfigureServices(services =>
        {
            if (_settings.Time is { } time)
            {
                services.RemoveAll<TimeProvider>();
                services.AddSingleton(time);
            }
            _settings.Services?.Invoke(services);
        });
    }
}
