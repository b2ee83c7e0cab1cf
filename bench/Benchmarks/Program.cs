using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

namespace SmsCallback.Benchmarks;

/// <summary><c>dotnet run -c Release --project bench/Benchmarks -- --filter '*Parser*'</c>; reports go to bench/results/ unless
/// <c>--artifacts</c> says otherwise.</summary>
public static class Program
{
    public static void Main(string[] args)
    {
        var config = DefaultConfig.Instance;
        if (!args.Contains("--artifacts") && RepositoryRoot() is { } root)
            config = config.WithArtifactsPath(Path.Combine(root, "bench", "results"));
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
    }

    private static string? RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "SmsCallback.sln"))) return dir.FullName;
        return null;
    }
}
