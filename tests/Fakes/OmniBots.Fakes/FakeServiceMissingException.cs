namespace OmniBots.Fakes;

/// <summary>A fake's program is not installed. Tests let it fail them: a skipped test would hide
/// that a machine cannot check the behaviour at all.</summary>
public sealed class FakeServiceMissingException(string message) : Exception(message);
