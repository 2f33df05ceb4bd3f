namespace OmniBots.Testing.Identity;

/// <summary>A clock tests move forward by hand; starts at the real time so the database's own clock agrees roughly.</summary>
public sealed class ManualTime : TimeProvider
{
    private long _offsetTicks;

    public override DateTimeOffset GetUtcNow() => DateTimeOffset.UtcNow.AddTicks(Interlocked.Read(ref _offsetTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);
}
