namespace OmniBots.Gateway.Metering;

/// <summary>
/// One scope's spend this month: what the database said at the last read plus what this replica added since.
/// A re-read replaces both: calls of this replica not yet written by the usage writer (about one second's
/// worth) are missing until the next re-read — an undercount bounded by one flush interval.
/// </summary>
internal sealed class MonthSpend(decimal stored, DateTimeOffset loadedAt)
{
    private readonly Lock _lock = new();
    private decimal _stored = stored;
    private decimal _local;
    private int _refreshing;
    private int _softRaised;

    public DateTimeOffset LoadedAt { get; private set; } = loadedAt;

    public decimal Total
    {
        get
        {
            lock (_lock)
            {
                return _stored + _local;
            }
        }
    }

    public void Add(decimal cost)
    {
        lock (_lock)
        {
            _local += cost;
        }
    }

    public bool TryStartRefresh() => Interlocked.CompareExchange(ref _refreshing, 1, 0) == 0;

    public void Reset(decimal stored, DateTimeOffset at)
    {
        lock (_lock)
        {
            _stored = stored;
            _local = 0;
            LoadedAt = at;
        }
        Volatile.Write(ref _refreshing, 0);
    }

    public void RefreshFailed() => Volatile.Write(ref _refreshing, 0);

    /// <summary>True the first time on this replica; the database decides across replicas.</summary>
    public bool TryMarkSoftRaised() => Interlocked.Exchange(ref _softRaised, 1) == 0;
}
