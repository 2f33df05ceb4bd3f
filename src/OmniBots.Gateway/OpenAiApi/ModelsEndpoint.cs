using System.Text.Json;
using Microsoft.AspNetCore.Http;
using OmniBots.Gateway.Contracts;

namespace OmniBots.Gateway.OpenAiApi;

/// <summary><c>GET /v1/models</c> and <c>/v1/models/{id}</c>: the models the tenant may call, narrowed to those the key allows.</summary>
internal static class ModelsEndpoint
{
    public static async Task<IResult> ListAsync(HttpContext context, ILlmGateway gateway)
    {
        var key = VirtualKeyFilter.KeyOf(context);
        var models = (await gateway.ListModelsAsync(null, context.RequestAborted)).Where(m => key.Allows(m.Code)).ToList();
        context.Response.ContentType = "application/json";
        using (var json = new Utf8JsonWriter(context.Response.BodyWriter))
        {
            json.WriteStartObject();
            json.WriteString("object", "list");
            json.WriteStartArray("data");
            foreach (var model in models)
            {
                Write(json, model);
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        await context.Response.BodyWriter.FlushAsync(context.RequestAborted);
        return Results.Empty;
    }

    public static async Task<IResult> GetAsync(string id, HttpContext context, ILlmGateway gateway)
    {
        var key = VirtualKeyFilter.KeyOf(context);
        var model = (await gateway.ListModelsAsync(null, context.RequestAborted)).FirstOrDefault(m => m.Code == id && key.Allows(m.Code));
        if (model is null)
        {
            await OpenAiErrors.WriteAsync(context, 404, $"The model '{id}' does not exist or this key may not use it.", "invalid_request_error", "model", "model_not_found", null);
            return Results.Empty;
        }
        context.Response.ContentType = "application/json";
        using (var json = new Utf8JsonWriter(context.Response.BodyWriter))
        {
            Write(json, model);
        }
        await context.Response.BodyWriter.FlushAsync(context.RequestAborted);
        return Results.Empty;
    }

    private static void Write(Utf8JsonWriter json, GatewayModel model)
    {
        json.WriteStartObject();
        json.WriteString("id", model.Code);
        json.WriteString("object", "model");
        json.WriteNumber("created", 0);
        json.WriteString("owned_by", "omnibots");
        json.WriteEndObject();
    }
}
