using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using OmniBots.Platform.Database;
using OmniBots.Platform.Hosting;

namespace OmniBots.Host;

/// <summary>Says, once the host is up, what it started and where: the first thing an operator reads.</summary>
internal static class StartupBanner
{
    public static void LogWhenStarted(WebApplication app, ProcessRoles roles)
    {
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var database = app.Services.GetRequiredService<PlatformDatabase>();
            var addresses = app.Services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            app.Logger.LogInformation(
                "OmniBots started: roles {Roles}; database {Database}; listening on {Addresses}; API docs at /docs, health at /health/ready",
                string.Join(", ", new[] { ProcessRoles.Web, ProcessRoles.Worker, ProcessRoles.Scheduler }
                    .Where(role => roles.HasFlag(role)).Select(role => role.ToString().ToLowerInvariant())),
                database.IsPrivateCluster ? "private PostgreSQL cluster (embedded default)" : "configured PostgreSQL server",
                string.Join(", ", addresses));
        });
    }
}
