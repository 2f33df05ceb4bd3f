using Microsoft.Extensions.Options;
using OmniBots.Testing;
using Xunit;

namespace OmniBots.Platform.Tests.Configuration;

public sealed class StartupValidationTests
{
    [Fact]
    public async Task UnknownRole_StopsStartUp_NamingTheSetting()
    {
        var error = await StartWithAsync(new() { ["Hosting:Roles"] = "web,cook" });
        Assert.Contains("Hosting:Roles has an unknown role 'cook'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConnectionStringWithoutOwnerAndElevated_StopsStartUp_NamingBothSettings()
    {
        var error = await StartWithAsync(new()
        {
            ["Database:OwnerConnectionString"] = "",
            ["Database:ElevatedConnectionString"] = "",
        });
        Assert.Contains("Database:OwnerConnectionString is required", error.Message, StringComparison.Ordinal);
        Assert.Contains("Database:ElevatedConnectionString is required", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RuntimeRoleThatBypassesRowSecurity_StopsStartUp()
    {
        var database = await TestCluster.CreateDatabaseAsync(nameof(RuntimeRoleThatBypassesRowSecurity_StopsStartUp));
        await using var host = new OmniBotsHostFactory(database, new HostSettings
        {
            Roles = "web",
            Extra = new Dictionary<string, string?> { ["Database:ConnectionString"] = database.ElevatedConnectionString },
        });
        var error = await Assert.ThrowsAsync<InvalidOperationException>(host.StartAsync);
        Assert.Contains("has BYPASSRLS", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RuntimeRoleThatBelongsToTheOwnerRole_StopsStartUp()
    {
        var database = await TestCluster.CreateDatabaseAsync(nameof(RuntimeRoleThatBelongsToTheOwnerRole_StopsStartUp));
        var role = "member_" + Guid.NewGuid().ToString("N")[..8];
        // A common shortcut: GRANT owner TO app. The app could then SET ROLE to the owner and disable RLS.
        await database.ExecuteAsync($"CREATE ROLE {role} LOGIN; GRANT omnibots_owner TO {role};");
        await using var host = new OmniBotsHostFactory(database, new HostSettings
        {
            Roles = "web",
            Extra = new Dictionary<string, string?>
            {
                ["Database:ConnectionString"] = database.Cluster.ConnectionString(role, database.Name),
            },
        });
        var error = await Assert.ThrowsAsync<InvalidOperationException>(host.StartAsync);
        Assert.Contains("through a role it belongs to", error.Message, StringComparison.Ordinal);
    }

    private static async Task<Exception> StartWithAsync(Dictionary<string, string?> settings)
    {
        var database = await TestCluster.CreateDatabaseAsync("validation");
        await using var host = new OmniBotsHostFactory(database, new HostSettings { Roles = "web", Extra = settings });
        return await Assert.ThrowsAsync<OptionsValidationException>(host.StartAsync);
    }
}
