using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace LicenseBot.Tests.Harness;

/// <summary>Starts a built program of the solution (<c>dotnet {dll}</c> from the tests' folder) and waits until it listens.</summary>
internal static partial class ChildProcess
{
    /// <summary>
    /// Starts <paramref name="dll"/> (beside the tests) in <paramref name="workingDirectory"/> with <paramref name="arguments"/>
    /// and the environment <paramref name="environment"/>; every line it writes goes to <paramref name="output"/>. Returns the
    /// process and the address it listens on (its "Now listening on" line); fails with its last lines if it exits first.
    /// </summary>
    public static async Task<(Process Process, Uri Address)> StartAsync(
        string dll, IEnumerable<string> arguments, string workingDirectory, string environment, ConcurrentQueue<string> output)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, dll));
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = environment;
        start.Environment["DOTNET_ENVIRONMENT"] = environment;

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            output.Enqueue(e.Data);
            if (Listening().Match(e.Data) is { Success: true } m) listening.TrySetResult(new Uri(m.Groups[1].Value.TrimEnd('/') + "/"));
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null) output.Enqueue(e.Data);
        };
        process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException(
            $"{dll} exited before listening. It wrote:{Environment.NewLine}{string.Join(Environment.NewLine, output.TakeLast(30))}"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            return (process, await listening.Task.WaitAsync(TimeSpan.FromSeconds(60)));
        }
        catch
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            process.Dispose();
            throw;
        }
    }

    /// <summary>The arguments that make a host log one entry a line, information and up (framework noise left out).</summary>
    public static readonly string[] LogArguments =
    [
        "--Logging:Console:FormatterName=simple", "--Logging:Console:FormatterOptions:SingleLine=true",
        "--Logging:LogLevel:Default=Information", "--Logging:LogLevel:Microsoft.AspNetCore=Warning", "--Logging:LogLevel:System.Net.Http=Warning",
    ];

    /// <summary>Warnings and errors among <paramref name="lines"/> (simple console format).</summary>
    public static IEnumerable<string> Problems(IEnumerable<string> lines) =>
        lines.Where(l => l.StartsWith("warn:", StringComparison.Ordinal) || l.StartsWith("fail:", StringComparison.Ordinal) || l.StartsWith("crit:", StringComparison.Ordinal));

    /// <summary>Loopback ports free right now (for processes that must know each other's address before they start).</summary>
    public static int[] FreePorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0)).ToList();
        try
        {
            foreach (var l in listeners) l.Start();
            return listeners.Select(l => ((System.Net.IPEndPoint)l.LocalEndpoint).Port).ToArray();
        }
        finally
        {
            foreach (var l in listeners) l.Stop();
        }
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex Listening();
}
