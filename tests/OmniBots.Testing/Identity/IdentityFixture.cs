using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;


namespace OmniBots.Testing.Identity;

/// <summary>A host on a fresh database with a hand-moved clock and captured logs (module logs at Information).</summary>
public class IdentityFixture : HostFixture
{
    public ManualTime Time { get; } = new();
    public CapturedLogs Logs { get; } = new();
    public IdentityTestData Data => new(Host);

    protected virtual IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>();

    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    protected override HostSettings Settings => new()
    {
        Time = Time,
        Extra = new Dictionary<string, string?>(ExtraSettings) { ["Logging:LogLevel:OmniBots"] = "Information" },
        Services = services =>
        {
            services.AddSingleton<ILoggerProvider>(Logs);
            ConfigureServices(services);
        },
    };
}
