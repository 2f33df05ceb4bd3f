using Xunit;

namespace OmniBots.Identity.Tests.Security;

/// <summary>One host (and database) for the security tests: each starting a host would cost more than the tests.</summary>
[CollectionDefinition(Name)]
public sealed class SecurityCollection : ICollectionFixture<SecurityFixture>
{
    public const string Name = "security";
}
