using OmniBots.Fakes;

namespace OmniBots.Testing;

/// <summary>Programs of this repository run as separate OS processes by fault tests.</summary>
public static class TestPrograms
{
    /// <summary>Starts <c>dotnet NAME.dll</c> from the build output of the project folder <paramref name="project"/>
    /// under tests/, built with the same configuration as the calling test.</summary>
    public static ChildProcess Start(string project, IEnumerable<string> arguments)
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory);
        var framework = output.Name;
        var configuration = output.Parent!.Name;
        var tests = output.Parent.Parent!.Parent!.Parent!.FullName;
        var dll = Path.Combine(tests, project, "bin", configuration, framework, project + ".dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"{dll} is not built: reference {project} from the test project.", dll);
        }
        return ChildProcess.Start("dotnet", [dll, .. arguments], new Dictionary<string, string> { ["DOTNET_ENVIRONMENT"] = "Testing" });
    }
}
