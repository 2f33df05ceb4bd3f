using System.Diagnostics;
using System.Text;

namespace OmniBots.Platform.Database.PrivateCluster;

/// <summary>Runs a program to completion, optionally as another OS user (through <c>runuser</c>,
/// which only root may use), and reports its output when it fails.</summary>
internal static class OsCommand
{
    public static bool IsRoot => Environment.IsPrivilegedProcess;

    public static async Task<CommandResult> RunAsync(
        string program, IEnumerable<string> arguments, string? asUser, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        if (asUser is null)
        {
            info.FileName = program;
        }
        else
        {
            info.FileName = "runuser";
            info.ArgumentList.Add("-u");
            info.ArgumentList.Add(asUser);
            info.ArgumentList.Add("--");
            info.ArgumentList.Add(program);
        }
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)
            ?? throw new InvalidOperationException($"Could not start {program}.");
        process.StandardInput.Close();
        var output = new StringBuilder();
        var stdout = PumpAsync(process.StandardOutput, output);
        var stderr = PumpAsync(process.StandardError, output);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        await Task.WhenAll(stdout, stderr);
        return new CommandResult(process.ExitCode, output.ToString().Trim());
    }

    public static async Task<string> RunCheckedAsync(
        string program, IEnumerable<string> arguments, string? asUser, CancellationToken cancellationToken)
    {
        var result = await RunAsync(program, arguments, asUser, cancellationToken);
        if (result.ExitCode != 0)
        {
            throw new PrivateClusterException(
                $"{Path.GetFileName(program)} failed with exit code {result.ExitCode}: {result.Output}");
        }
        return result.Output;
    }

    private static async Task PumpAsync(StreamReader reader, StringBuilder sink)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            lock (sink)
            {
                sink.AppendLine(line);
            }
        }
    }
}

internal readonly record struct CommandResult(int ExitCode, string Output);

public sealed class PrivateClusterException(string message) : Exception(message);
