using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OmniBots.Identity.Contracts;

namespace OmniBots.Identity.Tests.Security;

/// <summary>
/// A host whose requests may say which client address they come from (<c>X-Test-Client-Ip</c>, set as
/// the connection's remote address: the test server has none), with the sample GeoLite2-style CSV
/// pair imported at start.
/// </summary>
public class SecurityFixture : IdentityFixture
{
    public const string ClientIpHeader = "X-Test-Client-Ip";

    public static string GeoIpFolder => Path.Combine(AppContext.BaseDirectory, "Security", "GeoIp");

    protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["Security:GeoIp:CsvFolder"] = GeoIpFolder,
    };

    protected override void ConfigureServices(IServiceCollection services)
        => services.AddSingleton<IStartupFilter, ClientIpFilter>();

    public async Task SetAllowlistAsync(TestTenant tenant, params string[] ranges)
    {
        await Host.Database.ExecuteAsync(
            "UPDATE tenancy.tenants SET settings = jsonb_set(settings, '{ipAllowlist}', to_jsonb(@ranges::text[])) WHERE id = @id",
            ("ranges", ranges), ("id", tenant.Id));
        await Host.Services.GetRequiredService<IAccessChanges>().TenantChangedAsync(tenant.Id, null, CancellationToken.None);
    }

    /// <summary>A documentation-range address no other test uses, so IP blocks of one test do not touch another.</summary>
    public static string UniqueIp() => $"198.51.{Random.Shared.Next(0, 100)}.{Random.Shared.Next(1, 255)}";

    private sealed class ClientIpFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((http, nextMiddleware) =>
            {
                if (IPAddress.TryParse(http.Request.Headers[ClientIpHeader].ToString(), out var ip))
                {
                    http.Connection.RemoteIpAddress = ip;
                }
                return nextMiddleware(http);
            });
            next(app);
        };
    }
}
