using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace OmniBots.Platform.Http.OpenApi;

/// <summary>
/// Documents the error contract once for every operation: a <c>ProblemDetails</c> schema
/// (RFC 7807 plus <c>traceId</c> and <c>requestId</c>), <c>application/problem+json</c> on each
/// declared 4xx/5xx response that names no body, and <c>4XX</c>/<c>5XX</c> responses for the rest.
/// </summary>
internal sealed class ProblemDetailsDocumentTransformer : IOpenApiDocumentTransformer
{
    internal const string SchemaName = "ProblemDetails";
    internal const string MediaType = "application/problem+json";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        document.Components.Schemas[SchemaName] = Schema();

        foreach (var path in document.Paths.Values)
        {
            foreach (var operation in path.Operations?.Values ?? Enumerable.Empty<OpenApiOperation>())
            {
                operation.Responses ??= new OpenApiResponses();
                foreach (var (status, response) in operation.Responses)
                {
                    if (status.StartsWith('4') || status.StartsWith('5'))
                    {
                        AddProblemBody(response, document);
                    }
                }
                operation.Responses.TryAdd("4XX", ErrorResponse("The request was refused; the body says why.", document));
                operation.Responses.TryAdd("5XX", ErrorResponse("The server failed; the body carries the requestId to quote.", document));
            }
        }
        return Task.CompletedTask;
    }

    private static OpenApiResponse ErrorResponse(string description, OpenApiDocument document)
    {
        var response = new OpenApiResponse { Description = description };
        AddProblemBody(response, document);
        return response;
    }

    /// <summary>Leaves a response that already names a body alone (a validation problem keeps its own schema).</summary>
    private static void AddProblemBody(IOpenApiResponse response, OpenApiDocument document)
    {
        if (response is OpenApiResponse { Content: null or { Count: 0 } } editable)
        {
            editable.Content = new Dictionary<string, OpenApiMediaType>
            {
                [MediaType] = new() { Schema = new OpenApiSchemaReference(SchemaName, document) },
            };
        }
    }

    private static OpenApiSchema Schema() => new()
    {
        Type = JsonSchemaType.Object,
        Description = "An error, as RFC 7807 problem details. Further members may appear (errors, maxRequestBodyBytes, …).",
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["type"] = Text("A URI reference identifying the problem type.", nullable: true),
            ["title"] = Text("A short summary of the problem type.", nullable: true),
            ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer | JsonSchemaType.Null, Format = "int32", Description = "The HTTP status code." },
            ["detail"] = Text("What went wrong with this request.", nullable: true),
            ["instance"] = Text("The request path.", nullable: true),
            ["traceId"] = Text("W3C trace id of the request.", nullable: false),
            ["requestId"] = Text("The request id, also in the X-Request-Id response header and in the logs.", nullable: false),
        },
        AdditionalPropertiesAllowed = true,
        Examples = [JsonNode.Parse("""
            {"type":"https://tools.ietf.org/html/rfc9110#section-15.5.5","title":"Not Found","status":404,
             "detail":"No endpoint answers this path.","instance":"/api/v1/bots/42",
             "traceId":"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01","requestId":"0198c3b2f1e47c2a9d4e5f60718293a4"}
            """)!],
    };

    private static OpenApiSchema Text(string description, bool nullable) => new()
    {
        Type = nullable ? JsonSchemaType.String | JsonSchemaType.Null : JsonSchemaType.String,
        Description = description,
    };
}
