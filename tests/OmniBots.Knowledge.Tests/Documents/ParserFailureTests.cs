using System.Text;
using Microsoft.Extensions.DependencyInjection;
using OmniBots.Knowledge.Parsing;
using OmniBots.Testing;
using Xunit;

namespace OmniBots.Knowledge.Tests.Documents;

/// <summary>A host with one more parser (".boom" files) that fails the way a parser bug does.</summary>
public sealed class FailingParserFixture : HostFixture
{
    protected override HostSettings Settings => new()
    {
        Services = services => services.AddSingleton<IDocumentParser, ExplodingParser>(),
    };
}

internal sealed class ExplodingParser : IDocumentParser
{
    public IReadOnlyList<string> Extensions { get; } = [".boom"];
    public IReadOnlyList<string> ContentTypes { get; } = [];

    public bool Sniff(ReadOnlySpan<byte> head) => false;

    public Task<ParsedDocument> ParseAsync(Stream content, string fileName, CancellationToken ct)
        => throw new InvalidOperationException("Sequence contains no elements");
}

public sealed class ParserFailureTests(FailingParserFixture fixture) : IClassFixture<FailingParserFixture>
{
    [Fact]
    public async Task A_parser_exception_gives_the_document_a_permanent_error_naming_the_format_and_the_failure()
    {
        var client = await KnowledgeClient.ForNewTenantAsync(fixture.Host);
        var kb = await client.CreateKnowledgeBaseAsync();

        var id = await client.UploadOneAsync(kb, "odd.boom", Encoding.UTF8.GetBytes("anything"));
        var document = await client.WaitIndexedAsync(kb, id, expected: "error");

        var error = document.GetProperty("error").GetString();
        Assert.StartsWith("The file could not be read as Exploding: InvalidOperationException: Sequence contains no elements", error, StringComparison.Ordinal);
        Assert.DoesNotContain("attempts", error, StringComparison.Ordinal); // not retried as a transient failure
    }
}
