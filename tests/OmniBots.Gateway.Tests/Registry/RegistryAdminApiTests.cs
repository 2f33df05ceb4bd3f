using System.Net;
using Npgsql;
using OmniBots.Fakes;
using OmniBots.Gateway.Contracts;
using OmniBots.Testing.Identity;
using Xunit;

namespace OmniBots.Gateway.Tests.Registry;

public sealed class RegistryAdminApiTests(GatewayRegistryFixture fixture) : IClassFixture<GatewayRegistryFixture>
{
    private const string Secret = "sk-very-secret-value-123";

    [Fact]
    public async Task Credentials_are_never_returned_and_are_stored_encrypted()
    {
        var model = GatewayRegistryFixture.NewModel();
        await fixture.CreateModelAsync(model);
        using var client = fixture.Platform;

        var response = await client.PostAsJsonAsync("/api/v1/admin/gateway/endpoints", new
        {
            name = "secret-" + model,
            provider = "openai",
            baseUrl = "http://127.0.0.1:9/v1/",
            credentials = new Dictionary<string, string> { ["api_key"] = Secret },
            models = new[] { new { model } },
        });
        var text = await response.Content.ReadAsStringAsync();
        var created = await Api.JsonAsync(response, HttpStatusCode.Created);
        var id = created.GetProperty("id").GetGuid();
        var listed = await (await client.GetAsync(new Uri("/api/v1/admin/gateway/endpoints", UriKind.Relative))).Content.ReadAsStringAsync();
        var stored = await fixture.Database.ScalarAsync<string>("SELECT credentials FROM gateway.platform_endpoints WHERE id = @id", ("id", id));

        Assert.DoesNotContain(Secret, text, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, listed, StringComparison.Ordinal);
        Assert.True(created.GetProperty("hasCredentials").GetBoolean());
        Assert.Equal("api_key", Assert.Single(created.GetProperty("credentialNames").EnumerateArray()).GetString());
        Assert.Equal(model, created.GetProperty("models")[0].GetProperty("upstreamName").GetString());
        Assert.False(string.IsNullOrEmpty(stored));
        Assert.DoesNotContain(Secret, stored, StringComparison.Ordinal);
        Assert.DoesNotContain("api_key", stored, StringComparison.Ordinal);

        // A replace without credentials keeps them.
        var replaced = await Api.JsonAsync(await client.PutAsJsonAsync($"/api/v1/admin/gateway/endpoints/{id}",
            new { name = "secret-" + model, provider = "openai", baseUrl = "http://127.0.0.1:9/v1/", enabled = false }), HttpStatusCode.OK);
        Assert.True(replaced.GetProperty("hasCredentials").GetBoolean());
        Assert.Equal(2, replaced.GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task Validation_problems_name_every_bad_field_at_once()
    {
        using var client = fixture.Platform;

        var problem = await Api.ProblemAsync(await client.PostAsJsonAsync("/api/v1/admin/gateway/endpoints", new
        {
            name = "",
            provider = "openai",
            baseUrl = "ftp://nowhere",
            firstByteTimeoutSeconds = -1,
            totalTimeoutSeconds = 0,
            models = new[] { new { model = "not-registered" } },
        }), HttpStatusCode.BadRequest);
        var unknownProvider = await Api.ProblemAsync(await client.PostAsJsonAsync("/api/v1/admin/gateway/endpoints",
            new { name = "x", provider = "nonsense" }), HttpStatusCode.BadRequest);
        var missingKey = await Api.ProblemAsync(await client.PostAsJsonAsync("/api/v1/admin/gateway/endpoints",
            new { name = "no-key", provider = "openai", baseUrl = "http://127.0.0.1:9/v1/" }), HttpStatusCode.BadRequest);

        Assert.Equal(["baseUrl", "credentials.api_key", "firstByteTimeoutSeconds", "models[0].model", "name", "totalTimeoutSeconds"], Api.ErrorFields(problem).Order());
        Assert.Contains("nonsense", unknownProvider.GetProperty("errors").GetProperty("provider")[0].GetString(), StringComparison.Ordinal);
        // The adapter factory's own check, under the field it names.
        Assert.Equal("credentials.api_key is required", missingKey.GetProperty("errors").GetProperty("credentials.api_key")[0].GetString());
    }

    [Fact]
    public async Task Overlapping_price_periods_are_refused_by_the_api_and_by_the_database()
    {
        var model = GatewayRegistryFixture.NewModel();
        await fixture.CreateModelAsync(model);
        using var client = fixture.Platform;
        var path = $"/api/v1/admin/gateway/models/{model}/prices";
        await Api.JsonAsync(await client.PostAsJsonAsync(path, new { validFrom = "2026-01-01", validTo = "2026-06-30", inputPerMillion = 1, outputPerMillion = 2 }), HttpStatusCode.Created);

        var problem = await Api.ProblemAsync(await client.PostAsJsonAsync(path, new { validFrom = "2026-06-30", inputPerMillion = 1, outputPerMillion = 2 }), HttpStatusCode.BadRequest);
        var adjacent = await client.PostAsJsonAsync(path, new { validFrom = "2026-07-01", inputPerMillion = 3, outputPerMillion = 4 });
        var direct = await Assert.ThrowsAsync<PostgresException>(() => fixture.Database.ExecuteAsync(
            "INSERT INTO gateway.model_prices (model_code, valid_from, valid_to, input_per_million, output_per_million) VALUES (@m, '2025-12-01', '2026-01-01', 1, 1)", ("m", model)));

        Assert.Contains("2026-01-01 to 2026-06-30", problem.GetProperty("errors").GetProperty("validFrom")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, adjacent.StatusCode);
        Assert.Equal(PostgresErrorCodes.ExclusionViolation, direct.SqlState);
    }

    [Fact]
    public async Task A_tenant_cannot_see_or_route_to_another_tenants_endpoint()
    {
        await using var fake = await FakeOpenAiServer.StartAsync();
        var model = GatewayRegistryFixture.NewModel();
        await fixture.CreateModelAsync(model);
        var (first, firstAdmin) = await fixture.Data.CreateTenantWithUserAsync();
        var (_, secondAdmin) = await fixture.Data.CreateTenantWithUserAsync();
        using var client = fixture.Host.CreateClient();
        var firstToken = (await Api.SignInForTokensAsync(client, firstAdmin)).AccessToken;
        var secondToken = (await Api.SignInForTokensAsync(client, secondAdmin)).AccessToken;
        var created = await Api.JsonAsync(await Api.SendWithBearerAsync(client, HttpMethod.Post, "/api/v1/gateway/endpoints", firstToken, new
        {
            name = "first-only",
            provider = "openai",
            baseUrl = fake.BaseUrl.ToString(),
            credentials = new Dictionary<string, string> { ["api_key"] = FakeOpenAiServer.ApiKey },
            models = new[] { new { model } },
        }), HttpStatusCode.Created);
        var id = created.GetProperty("id").GetGuid();

        var get = await Api.SendWithBearerAsync(client, HttpMethod.Get, $"/api/v1/gateway/endpoints/{id}", secondToken);
        var list = await Api.JsonAsync(await Api.SendWithBearerAsync(client, HttpMethod.Get, "/api/v1/gateway/endpoints", secondToken), HttpStatusCode.OK);
        var delete = await Api.SendWithBearerAsync(client, HttpMethod.Delete, $"/api/v1/gateway/endpoints/{id}", secondToken);
        var route = await Api.ProblemAsync(await Api.SendWithBearerAsync(client, HttpMethod.Put, $"/api/v1/gateway/routes/{model}", secondToken,
            new { endpoints = new[] { id } }), HttpStatusCode.BadRequest);
        await using var asSecond = await fixture.Database.OpenAsTenantAsync(secondAdmin.Tenant.Id);
        await using var count = new NpgsqlCommand("SELECT count(*) FROM gateway.endpoints", asSecond);

        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Equal(0, list.GetArrayLength());
        Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);
        Assert.Equal(["endpoints[0]"], Api.ErrorFields(route));
        Assert.Equal(0L, await count.ExecuteScalarAsync());
        Assert.Equal(1L, await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM gateway.endpoints WHERE tenant_id = @t", ("t", first.Id)));
        // The database refuses it too: a step naming another tenant's endpoint breaks the composite key.
        await Assert.ThrowsAsync<PostgresException>(() => fixture.Database.ExecuteAsync(
            "INSERT INTO gateway.route_steps (tenant_id, model_code, position, endpoint_id) VALUES (@t, @m, 0, @e)",
            ("t", secondAdmin.Tenant.Id), ("m", model), ("e", id)));
    }

    [Fact]
    public async Task Tenant_models_defaults_and_platform_access()
    {
        var (tenant, admin) = await fixture.Data.CreateTenantWithUserAsync();
        using var client = fixture.Host.CreateClient();
        var token = (await Api.SignInForTokensAsync(client, admin)).AccessToken;

        var models = await Api.JsonAsync(await Api.SendWithBearerAsync(client, HttpMethod.Get, "/api/v1/gateway/models?type=embeddings", token), HttpStatusCode.OK);
        var forbidden = await Api.SendWithBearerAsync(client, HttpMethod.Get, "/api/v1/admin/gateway/models", token);
        var badDefault = await Api.ProblemAsync(await Api.SendWithBearerAsync(client, HttpMethod.Put, "/api/v1/gateway/defaults", token,
            new { chat = BuiltInModels.OfflineEmbeddings }), HttpStatusCode.BadRequest);
        await Api.JsonAsync(await Api.SendWithBearerAsync(client, HttpMethod.Put, "/api/v1/gateway/defaults", token,
            new { chat = BuiltInModels.OfflineChat, embeddings = BuiltInModels.OfflineEmbeddings }), HttpStatusCode.OK);
        var defaults = await Api.JsonAsync(await Api.SendWithBearerAsync(client, HttpMethod.Get, "/api/v1/gateway/defaults", token), HttpStatusCode.OK);
        var platformEndpoints = await Api.JsonAsync(await Api.SendWithBearerAsync(client, HttpMethod.Get, "/api/v1/gateway/platform-endpoints", token), HttpStatusCode.OK);
        using var platform = fixture.Platform;
        var deleteBuiltIn = await platform.DeleteAsync(new Uri("/api/v1/admin/gateway/endpoints/00000000-0000-0000-0000-00000000000f", UriKind.Relative));

        Assert.Equal(BuiltInModels.OfflineEmbeddings, Assert.Single(models.EnumerateArray()).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(["chat"], Api.ErrorFields(badDefault));
        Assert.Equal(BuiltInModels.OfflineChat, defaults.GetProperty("chat").GetString());
        Assert.Equal(HttpStatusCode.Conflict, deleteBuiltIn.StatusCode);
        Assert.Contains(platformEndpoints.EnumerateArray(), e => e.GetProperty("name").GetString() == "offline");
        Assert.DoesNotContain("credential", platformEndpoints.GetRawText(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(1L, await fixture.Database.ScalarAsync<long>(
            "SELECT count(*) FROM platform.audit_log WHERE action = 'gateway.defaults.set' AND tenant_id = @t", ("t", tenant.Id)));
    }
}
