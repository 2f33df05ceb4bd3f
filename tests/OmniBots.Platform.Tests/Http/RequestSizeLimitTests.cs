using OmniBots.Testing;
using Xunit;

namespace OmniBots.Platform.Tests.Http;

/// <summary>The size limit contract on the in-memory test server: the platform's middleware enforces the limits.</summary>
public sealed class RequestSizeLimitTests(HostFixture fixture) : RequestSizeLimitContractTests(fixture.Host), IClassFixture<HostFixture>;
