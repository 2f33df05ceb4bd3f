using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OmniBots.Identity.Contracts;
using Xunit;
using static OmniBots.Testing.Identity.Api;

namespace OmniBots.Identity.Tests.SignIn;

/// <summary>The seam for account and IP rules: guards see every attempt and can refuse before the password is checked.</summary>
public sealed class SignInGuardTests(SignInGuardTests.Fixture fixture) : IClassFixture<SignInGuardTests.Fixture>
{
    public sealed class Fixture : IdentityFixture
    {
        public ConcurrentQueue<(SignInAttempt Attempt, SignInOutcome Outcome)> Seen { get; } = new();

        protected override void ConfigureServices(IServiceCollection services)
            => services.AddScoped<ISignInGuard>(_ => new LockoutGuard(Seen));
    }

    private sealed class LockoutGuard(ConcurrentQueue<(SignInAttempt, SignInOutcome)> seen) : ISignInGuard
    {
        public ValueTask<SignInRefusal?> CheckAsync(SignInAttempt attempt, CancellationToken ct)
            => ValueTask.FromResult(attempt.Email.StartsWith("locked", StringComparison.OrdinalIgnoreCase)
                ? new SignInRefusal(429, "Too many attempts", "Try again later.", TimeSpan.FromMinutes(15))
                : null);

        public ValueTask RecordAsync(SignInAttempt attempt, SignInOutcome outcome, CancellationToken ct)
        {
            seen.Enqueue((attempt, outcome));
            return ValueTask.CompletedTask;
        }
    }

    [Fact]
    public async Task AGuard_CanRefuseBeforeThePasswordIsChecked_AndSeesEveryOutcome()
    {
        var tenant = await fixture.Data.CreateTenantAsync();
        var locked = await fixture.Data.CreateUserAsync(tenant, email: $"locked-{Guid.NewGuid():N}@example.com");
        var user = await fixture.Data.CreateUserAsync(tenant);
        var client = fixture.Host.CreateClient();

        var refused = await SignInAsync(client, locked);
        await ProblemAsync(refused, (HttpStatusCode)429);
        Assert.Equal("900", refused.Headers.GetValues("Retry-After").Single());
        await SignInAsync(client, tenant.Slug, user.Email, "wrong password here", "token");
        await SignInAsync(client, user, "token");

        Assert.Contains(fixture.Seen, s => s.Attempt.UserId == locked.Id && s.Outcome == SignInOutcome.Refused);
        Assert.Contains(fixture.Seen, s => s.Attempt.UserId == user.Id && s.Outcome == SignInOutcome.WrongCredentials && s.Attempt.TenantId == tenant.Id);
        Assert.Contains(fixture.Seen, s => s.Attempt.UserId == user.Id && s.Outcome == SignInOutcome.Succeeded);
    }
}
