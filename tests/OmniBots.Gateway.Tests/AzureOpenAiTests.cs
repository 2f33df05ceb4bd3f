using OmniBots.Fakes;
using OmniBots.Gateway.Contracts;
using OmniBots.Gateway.Providers;
using OmniBots.Gateway.Providers.AzureOpenAi;
using Xunit;
using static OmniBots.Gateway.Tests.OpenAiTestKit;

namespace OmniBots.Gateway.Tests;

/// <summary>What Azure OpenAI does differently from OpenAI; the shared behaviour is in the OpenAi*Tests theories.</summary>
public sealed class AzureOpenAiTests
{
    [Fact]
    public async Task The_model_is_the_deployment_and_every_call_carries_the_default_api_version()
    {
        await using var family = await OpenAiFamily.StartAsync(OpenAiFamily.Azure);

        var chat = await family.Provider().ChatAsync(Question() with { Model = "support-gpt4o" }, CancellationToken.None);
        await family.Provider().EmbedAsync(new EmbeddingRequest("support-embeddings", ["a"]), CancellationToken.None);

        Assert.Equal("support-gpt4o", chat.Model);
        var requests = family.Fake.Requests.ToList();
        Assert.Equal(["/openai/deployments/support-gpt4o/chat/completions", "/openai/deployments/support-embeddings/embeddings"], requests.Select(r => r.Path));
        Assert.All(requests, r => Assert.Equal("?api-version=" + AzureOpenAiAdapterFactory.DefaultApiVersion, r.Query));
        Assert.All(requests, r => Assert.Equal("", r.Authorization));
    }

    [Fact]
    public async Task The_api_version_setting_overrides_the_default()
    {
        await using var family = await OpenAiFamily.StartAsync(OpenAiFamily.Azure);
        var connection = family.Connection() with { Settings = new Dictionary<string, string> { ["api_version"] = "2025-04-01-preview" } };

        await OpenAiFamily.Factory(OpenAiFamily.Azure).Create(connection).ChatAsync(Question(), CancellationToken.None);

        Assert.Equal("?api-version=2025-04-01-preview", family.Fake.Requests.Single().Query);
    }

    [Fact]
    public async Task A_filtered_answer_finishes_with_content_filter()
    {
        await using var family = await OpenAiFamily.StartAsync(OpenAiFamily.Azure);
        family.Fake.Enqueue(new FakeOpenAiReply { Text = null, FinishReason = "content_filter" });

        var response = await family.Provider().ChatAsync(Question(), CancellationToken.None);

        Assert.Equal(FinishReason.ContentFilter, response.FinishReason);
        Assert.Null(response.Text);
    }

    [Fact]
    public async Task A_stream_with_filter_annotations_yields_only_content_and_ends_in_content_filter()
    {
        await using var family = await OpenAiFamily.StartAsync(OpenAiFamily.Azure);
        family.Fake.Enqueue(FakeOpenAiReply.WithText("Partial answer") with { FinishReason = "content_filter" });

        var deltas = await CollectAsync(family.Provider().StreamChatAsync(Question(), CancellationToken.None));

        // The prompt-filter chunk (empty choices) and per-choice filter results produce no deltas of their own.
        Assert.All(deltas, d => Assert.True(d.Text is not null || d.FinishReason is not null || d.Usage is not null));
        Assert.Equal("Partial answer", string.Concat(deltas.Select(d => d.Text)));
        Assert.Equal(FinishReason.ContentFilter, deltas.Single(d => d.FinishReason is not null).FinishReason);
        Assert.Equal(new Usage(11, 7), deltas[^1].Usage);
    }

    [Fact]
    public async Task A_refused_prompt_is_a_bad_request_naming_azures_code()
    {
        await using var family = await OpenAiFamily.StartAsync(OpenAiFamily.Azure);
        family.Fake.Enqueue(new FakeOpenAiReply { Status = 400, AzureErrorCode = "content_filter", ErrorMessage = "The response was filtered due to the prompt triggering Azure OpenAI's content management policy." });

        var error = await Assert.ThrowsAsync<LlmProviderException>(() => family.Provider().ChatAsync(Question(), CancellationToken.None));

        Assert.Equal(LlmErrorKind.BadRequest, error.Kind);
        Assert.StartsWith("Azure OpenAI answered 400 (content_filter): The response was filtered", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_resource_endpoint_may_be_given_without_a_trailing_slash()
    {
        await using var family = await OpenAiFamily.StartAsync(OpenAiFamily.Azure);
        var connection = family.Connection() with { BaseUrl = new Uri(family.Fake.RootUrl.ToString().TrimEnd('/')) };

        await OpenAiFamily.Factory(OpenAiFamily.Azure).Create(connection).ChatAsync(Question(), CancellationToken.None);

        Assert.Equal("/openai/deployments/gpt-4o-mini/chat/completions", family.Fake.Requests.Single().Path);
    }

    [Fact]
    public void Validation_names_every_missing_or_conflicting_field()
    {
        var factory = OpenAiFamily.Factory(OpenAiFamily.Azure);
        ProviderConnection Azure(Dictionary<string, string> credentials, Uri? baseUrl = null) =>
            new() { Provider = "azure-openai", BaseUrl = baseUrl ?? new Uri("https://contoso.openai.azure.com/"), Credentials = credentials };

        Assert.Empty(factory.Validate(Azure(new() { ["api_key"] = "k" })));
        Assert.Empty(factory.Validate(Azure(new() { ["tenant_id"] = "t", ["client_id"] = "c", ["client_secret"] = "s" })));
        Assert.Equal(
            ["base_url is required", "credentials: api_key is required, or Entra ID credentials tenant_id, client_id and client_secret"],
            factory.Validate(Azure([]) with { BaseUrl = null }));
        Assert.Equal(
            ["credentials.tenant_id is required for Entra ID authentication", "credentials.client_secret is required for Entra ID authentication"],
            factory.Validate(Azure(new() { ["client_id"] = "c" })));
        Assert.Contains("not both", Assert.Single(factory.Validate(Azure(new() { ["api_key"] = "k", ["client_secret"] = "s" }))), StringComparison.Ordinal);
        var settings = Azure(new() { ["api_key"] = "k" }) with { Settings = new Dictionary<string, string> { ["api_version"] = " ", ["authority_host"] = "login" } };
        Assert.Equal(
            ["settings.api_version must not be blank (leave it out for the default)", "settings.authority_host must be an absolute http or https URL"],
            factory.Validate(settings));
        Assert.Throws<ArgumentException>(() => factory.Create(Azure([])));
    }
}
