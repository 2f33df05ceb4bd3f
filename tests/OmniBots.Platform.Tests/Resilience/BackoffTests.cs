using OmniBots.Platform.Resilience;
using Xunit;

namespace OmniBots.Platform.Tests.Resilience;

public sealed class BackoffTests
{
    private static readonly TimeSpan First = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan Max = TimeSpan.FromSeconds(5);

    [Theory]
    [InlineData(1, 100)]
    [InlineData(2, 200)]
    [InlineData(4, 800)]
    [InlineData(6, 3200)]
    [InlineData(7, 5000)]
    [InlineData(1000, 5000)]
    public void Delay_DoublesUpToTheCap_WithHalfOfItRandom(int failures, double ceilingMs)
    {
        for (var i = 0; i < 200; i++)
        {
            var delay = Backoff.Delay(failures, First, Max).TotalMilliseconds;
            Assert.InRange(delay, ceilingMs / 2, ceilingMs);
        }
    }

    [Fact]
    public void Delay_IsJittered()
    {
        var delays = Enumerable.Range(0, 50).Select(_ => Backoff.Delay(3, First, Max)).Distinct().Count();
        Assert.True(delays > 1, "fifty delays were all equal");
    }

    [Fact]
    public void Delay_BeforeAnyFailure_IsTheFirstDelay()
        => Assert.InRange(Backoff.Delay(0, First, Max).TotalMilliseconds, 50, 100);
}
