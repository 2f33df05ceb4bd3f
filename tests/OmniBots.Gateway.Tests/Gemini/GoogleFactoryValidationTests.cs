using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OmniBots.Fakes;
using OmniBots.Gateway.Providers;
using OmniBots.Gateway.Providers.Gemini;
using Xunit;
using static OmniBots.Gateway.Tests.Gemini.GeminiTestKit;

namespace OmniBots.Gateway.Tests.Gemini;

public sealed class GoogleFactoryValidationTests
{
    private static readonly GeminiAdapterFactory GeminiFactory = new(HttpClients, TimeProvider.System);
    private static readonly VertexAdapterFactory VertexFactory = new(HttpClients, TimeProvider.System);

    private static ProviderConnection Vertex(string? json, string? region = null, Dictionary<string, string>? settings = null) => new()
    {
        Provider = "vertex",
        Region = region,
        Credentials = json is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["service_account_json"] = json },
        Settings = settings ?? [],
    };

    private static async Task<JsonObject> ValidKeyAsync()
    {
        await using var fake = await FakeGeminiServer.StartAsync();
        return JsonNode.Parse(fake.CreateServiceAccount("acme-prod").Json)!.AsObject();
    }

    [Fact]
    public void Gemini_needs_an_api_key_and_a_usable_base_url()
    {
        var problems = GeminiFactory.Validate(new ProviderConnection { Provider = "gemini", BaseUrl = new Uri("ftp://example.com/"), Timeouts = new(TimeSpan.Zero, TimeSpan.FromSeconds(1)) });

        Assert.Equal(
            ["base_url 'ftp://example.com/' must be an absolute http(s) URL", "timeouts.first_byte must be positive", "credentials.api_key is required (a Gemini API key from Google AI Studio)"],
            problems);
        Assert.Throws<ArgumentException>(() => GeminiFactory.Create(new ProviderConnection { Provider = "gemini" }));
        Assert.Empty(GeminiFactory.Validate(new ProviderConnection { Provider = "gemini", Credentials = new Dictionary<string, string> { ["api_key"] = "AIza-x" } }));
    }

    [Fact]
    public void Vertex_names_what_is_wrong_with_the_service_account_json()
    {
        Assert.Equal(["credentials.service_account_json is required (the service account's JSON key file)"], VertexFactory.Validate(Vertex(null)));
        Assert.StartsWith("credentials.service_account_json is not JSON", Assert.Single(VertexFactory.Validate(Vertex("{not json"))), StringComparison.Ordinal);
        Assert.Equal(
            [
                "credentials.service_account_json is not a service-account key: type is 'authorized_user', expected 'service_account'",
                "credentials.service_account_json is not a service-account key: client_email is missing",
                "credentials.service_account_json is not a service-account key: private_key is missing",
                "credentials.service_account_json is not a service-account key: token_uri is missing",
            ],
            VertexFactory.Validate(Vertex("""{"type":"authorized_user","client_id":"x"}""")));
    }

    [Fact]
    public async Task Vertex_rejects_a_key_that_is_not_rsa_pem_a_missing_project_and_a_bad_location()
    {
        var key = await ValidKeyAsync();
        key["private_key"] = "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n";
        Assert.Equal(
            ["credentials.service_account_json is not a service-account key: private_key is not an RSA private key in PEM form"],
            VertexFactory.Validate(Vertex(key.ToJsonString())));

        var noProject = await ValidKeyAsync();
        noProject.Remove("project_id");
        Assert.Equal(
            ["settings.project is required: the service-account key has no project_id", "settings.location 'Europe West' is not a Google Cloud location (such as us-central1, europe-west4 or global)"],
            VertexFactory.Validate(Vertex(noProject.ToJsonString(), region: "Europe West")));
        Assert.Empty(VertexFactory.Validate(Vertex(noProject.ToJsonString(), settings: new() { ["project"] = "acme" })));
    }

    [Fact]
    public void The_gateway_module_registers_both_google_factories()
    {
        using var services = new ServiceCollection().AddGatewayModule(new ConfigurationBuilder().Build()).BuildServiceProvider();

        var providers = services.GetServices<IProviderAdapterFactory>().Select(f => f.Provider).ToList();

        Assert.Contains("gemini", providers);
        Assert.Contains("vertex", providers);
    }
}
