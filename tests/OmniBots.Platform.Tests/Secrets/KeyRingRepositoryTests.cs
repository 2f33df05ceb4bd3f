using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OmniBots.Platform.Database;
using OmniBots.Platform.Secrets;
using Xunit;

namespace OmniBots.Platform.Tests.Secrets;

public sealed class KeyRingRepositoryTests(TwoReplicasFixture replicas) : IClassFixture<TwoReplicasFixture>
{
    [Fact]
    public async Task Reads_WaitUntilTheDatabaseIsReady()
    {
        await using var database = new PlatformDatabase();
        var repository = new PostgresXmlRepository(database, TimeProvider.System, NullLogger<PostgresXmlRepository>.Instance);

        var read = Task.Run(repository.GetAllElements);
        await Task.Delay(300);
        Assert.False(read.IsCompleted);

        var db = replicas.Database;
        database.Initialize(new DatabaseConnectionStrings(db.RuntimeConnectionString, db.OwnerConnectionString, db.ElevatedConnectionString), false);

        var elements = await read.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Contains(elements, element => element.Name.LocalName == "key");
    }

    [Fact]
    public async Task Reads_WhenTheDatabaseFailedToStart_ReportThatFailure()
    {
        await using var database = new PlatformDatabase();
        var repository = new PostgresXmlRepository(database, TimeProvider.System, NullLogger<PostgresXmlRepository>.Instance);

        database.Fail(new InvalidOperationException("migrations failed"));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Task.Run(repository.GetAllElements));
        Assert.Equal("migrations failed", error.Message);
    }

    [Theory]
    [InlineData("6")]
    [InlineData("5000")]
    public void KeyLifetime_OutsideWhatDataProtectionAllows_FailsNamingTheSetting(string days)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Secrets:KeyLifetimeDays"] = days }).Build();
        using var services = new ServiceCollection().AddPlatformSecrets(configuration).BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<SecretsOptions>>().Value);

        Assert.Contains("Secrets:KeyLifetimeDays must be between 7 and 3650", error.Message, StringComparison.Ordinal);
    }
}
