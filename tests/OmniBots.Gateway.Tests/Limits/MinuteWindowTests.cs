using OmniBots.Gateway.Limits;
using Xunit;

namespace OmniBots.Gateway.Tests.Limits;

public sealed class MinuteWindowTests
{
    private static readonly DateTimeOffset MinuteStart = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Takes_up_to_the_limit_then_says_when_to_retry()
    {
        var window = new MinuteWindow();

        Assert.True(window.TryTake(MinuteStart.AddSeconds(10), 2, 1, out _));
        Assert.True(window.TryTake(MinuteStart.AddSeconds(11), 2, 1, out _));
        Assert.False(window.TryTake(MinuteStart.AddSeconds(12), 2, 1, out var retry));
        Assert.Equal(TimeSpan.FromSeconds(48), retry);
    }

    [Fact]
    public void The_previous_minute_weighs_in_proportion_to_its_overlap()
    {
        var window = new MinuteWindow();
        Assert.True(window.TryTake(MinuteStart.AddSeconds(59), 10, 10, out _));

        // 15 s into the next minute, 75 % of the previous minute still counts: 7.5 of 10 used.
        Assert.True(window.TryTake(MinuteStart.AddSeconds(75), 10, 2, out _));
        Assert.False(window.TryTake(MinuteStart.AddSeconds(75), 10, 1, out _));
        // Two minutes later nothing counts any more.
        Assert.True(window.TryTake(MinuteStart.AddSeconds(185), 10, 10, out _));
    }

    [Fact]
    public void Corrections_replace_the_estimate()
    {
        var window = new MinuteWindow();
        Assert.True(window.TryTake(MinuteStart, 100, 90, out _));
        Assert.False(window.TryTake(MinuteStart, 100, 20, out _));

        window.Add(MinuteStart, -80);

        Assert.True(window.TryTake(MinuteStart, 100, 20, out _));
    }

    [Fact]
    public void A_single_call_larger_than_the_limit_passes_only_when_nothing_else_counts()
    {
        var window = new MinuteWindow();

        Assert.True(window.TryTake(MinuteStart, 100, 500, out _));
        Assert.False(window.TryTake(MinuteStart.AddSeconds(1), 100, 500, out _));
    }
}
