using OmniBots.Fakes;
using OmniBots.Gateway.Providers;
using Xunit;
using static OmniBots.Gateway.Tests.OpenAiTestKit;

namespace OmniBots.Gateway.Tests;

/// <summary>How the openai and openai-compatible factories read and check a registry connection.</summary>
public sealed class OpenAiConnectionTests
{
    [Fact]
    public async Task Organization_and_project_settings_become_openai_headers()
    {
        await using var family = await OpenAiFamily.StartAsync(OpenAiFamily.OpenAi);
        var connection = family.Connection() with { Settings = new Dictionary<string, string> { ["organization"] = "org-acme", ["project"] = "proj_support" } };

        await OpenAiFamily.Factory(OpenAiFamily.OpenAi).Create(connection).ChatAsync(Question(), CancellationToken.None);

        var headers = family.Fake.Requests.Single().Headers;
        Assert.Equal("org-acme", headers["OpenAI-Organization"]);
        Assert.Equal("proj_support", headers["OpenAI-Project"]);
    }

    [Fact]
    public async Task A_compatible_server_without_a_key_gets_no_authorization_header()
    {
        await using var family = await OpenAiFamily.StartAsync(OpenAiFamily.Compatible);
        family.Fake.AllowAnonymous = true;
        // Ollama's documented base URL has no trailing slash: http://localhost:11434/v1
        var connection = family.Connection() with { Credentials = new Dictionary<string, string>(), BaseUrl = new Uri(family.Fake.BaseUrl.ToString().TrimEnd('/')) };

        var response = await OpenAiFamily.Factory(OpenAiFamily.Compatible).Create(connection).ChatAsync(Question(), CancellationToken.None);

        Assert.Equal("Hello from the fake.", response.Text);
        var request = family.Fake.Requests.Single();
        Assert.Equal("/v1/chat/completions", request.Path);
        Assert.False(request.Headers.ContainsKey("Authorization"));
        Assert.False(request.Headers.ContainsKey("OpenAI-Organization"));
    }

    [Fact]
    public void Openai_requires_a_key_and_defaults_the_base_url()
    {
        var factory = OpenAiFamily.Factory(OpenAiFamily.OpenAi);

        Assert.Empty(factory.Validate(new ProviderConnection { Provider = "openai", Credentials = new Dictionary<string, string> { ["api_key"] = "sk-x" } }));
        Assert.Equal(["credentials.api_key is required"], factory.Validate(new ProviderConnection { Provider = "openai" }));
        Assert.Equal(
            ["provider must be 'openai' for this adapter, not 'anthropic'", "base_url must be an absolute http or https URL", "timeouts.first_byte must be positive", "credentials.api_key is required"],
            factory.Validate(new ProviderConnection
            {
                Provider = "anthropic",
                BaseUrl = new Uri("ftp://example.com/"),
                Credentials = new Dictionary<string, string> { ["api_key"] = "  " },
                Timeouts = new ProviderTimeouts(TimeSpan.Zero, TimeSpan.FromMinutes(1)),
            }));
        var error = Assert.Throws<ArgumentException>(() => factory.Create(new ProviderConnection { Provider = "openai" }));
        Assert.Contains("credentials.api_key is required", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_compatible_server_requires_a_base_url_but_no_key()
    {
        var factory = OpenAiFamily.Factory(OpenAiFamily.Compatible);

        Assert.Empty(factory.Validate(new ProviderConnection { Provider = "openai-compatible", BaseUrl = new Uri("http://localhost:11434/v1") }));
        Assert.Equal(["base_url is required"], factory.Validate(new ProviderConnection { Provider = "openai-compatible" }));
    }
}
