using Microsoft.Extensions.Options;
using OmniBots.Testing;
using Xunit;

namespace OmniBots.Conversations.Tests.Engine;

public sealed class RuntimeSettingsTests
{
    [Fact]
    public async Task Start_WithAnInvalidStepBudget_FailsNamingTheSetting()
    {
        var database = await TestCluster.CreateDatabaseAsync(nameof(Start_WithAnInvalidStepBudget_FailsNamingTheSetting));
        await using var host = new OmniBotsHostFactory(database, new HostSettings
        {
            Extra = new Dictionary<string, string?> { ["Runtime:StepBudget"] = "0" },
        });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(host.StartAsync);

        Assert.Contains("Runtime:StepBudget must be between 1 and 10000", error.Message, StringComparison.Ordinal);
    }
}
