using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OmniBots.Fakes.Anthropic;
using OmniBots.Gateway.Providers;
using Xunit;
using static OmniBots.Gateway.Tests.Anthropic.AnthropicTestKit;

namespace OmniBots.Gateway.Tests.Anthropic;

public sealed class AnthropicFactoryTests
{
    [Fact]
    public void Validate_names_every_bad_field_at_once()
    {
        var connection = new ProviderConnection
        {
            Provider = "anthropic",
            BaseUrl = new Uri("ftp://files.example.com/v1/"),
            Settings = new Dictionary<string, string> { ["anthropic_version"] = "june-2023" },
            Timeouts = new ProviderTimeouts(TimeSpan.Zero, TimeSpan.FromSeconds(-1)),
        };

        var problems = Factory().Validate(connection);

        Assert.Equal(5, problems.Count);
        Assert.Contains(problems, p => p.StartsWith("credentials.api_key is required", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("settings.anthropic_version must be", StringComparison.Ordinal) && p.Contains("june-2023", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("base_url must be an absolute http(s) URL", StringComparison.Ordinal));
        Assert.Contains("timeouts.first_byte must be positive.", problems);
        Assert.Contains("timeouts.total must be positive.", problems);
    }

    [Fact]
    public void A_blank_key_is_as_missing_as_no_key_and_a_relative_base_url_is_refused()
    {
        var connection = new ProviderConnection
        {
            Provider = "anthropic",
            BaseUrl = new Uri("v1/", UriKind.Relative),
            Credentials = new Dictionary<string, string> { ["api_key"] = "  " },
        };

        var problems = Factory().Validate(connection);

        Assert.Equal(2, problems.Count);
        Assert.Contains(problems, p => p.StartsWith("credentials.api_key", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("base_url", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_valid_connection_has_no_problems_and_its_version_and_base_url_without_slash_are_used()
    {
        await using var fake = await FakeAnthropicServer.StartAsync();
        var connection = Connection(fake) with
        {
            BaseUrl = new Uri(fake.BaseUrl.AbsoluteUri.TrimEnd('/')),
            Settings = new Dictionary<string, string> { ["anthropic_version"] = "2024-01-01" },
        };

        Assert.Empty(Factory().Validate(connection));
        Assert.Equal("anthropic", Factory().Provider);
        await Factory().Create(connection).ChatAsync(Question(), CancellationToken.None);

        Assert.Equal("/v1/messages", fake.Requests.Single().Path);
        Assert.Equal("2024-01-01", fake.Requests.Single().Version);
    }

    [Fact]
    public void The_gateway_module_registers_the_anthropic_factory()
    {
        using var services = new ServiceCollection().AddGatewayModule(new ConfigurationBuilder().Build()).BuildServiceProvider();

        Assert.Contains(services.GetServices<IProviderAdapterFactory>(), f => f.Provider == "anthropic");
    }
}

/// <summary>The fake must refuse what Anthropic refuses, or the adapter tests above would prove nothing.</summary>
public sealed class FakeAnthropicServerTests
{
    [Theory]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"hi"}]}""", "max_tokens")]
    [InlineData("""{"model":"m","max_tokens":5,"messages":[{"role":"system","content":"x"},{"role":"user","content":"hi"}]}""", "Unexpected role")]
    [InlineData("""{"model":"m","max_tokens":5,"messages":[{"role":"user","content":"a"},{"role":"user","content":"b"}]}""", "alternate")]
    [InlineData("""{"model":"m","max_tokens":5,"messages":[{"role":"user","content":"a"},{"role":"assistant","content":[{"type":"tool_use","id":"t1","name":"f","input":{}}]},{"role":"user","content":"b"}]}""", "without `tool_result`")]
    [InlineData("""{"model":"m","max_tokens":5,"tool_choice":{"type":"auto"},"messages":[{"role":"user","content":"a"}]}""", "tool_choice")]
    public async Task Malformed_requests_get_anthropics_400(string body, string expected)
    {
        await using var fake = await FakeAnthropicServer.StartAsync();
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(fake.BaseUrl, "messages")) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("x-api-key", FakeAnthropicServer.ApiKey);
        request.Headers.Add("anthropic-version", "2023-06-01");

        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Contains("invalid_request_error", text, StringComparison.Ordinal);
        Assert.Contains(expected, text, StringComparison.Ordinal);
    }
}
