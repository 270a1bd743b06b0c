using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace CloudMask.Server.Tests;

/// <summary>A real `cloudmask serve` or `cloudmask worker` process; its stderr lines are kept for the test to read.</summary>
internal sealed class CloudMaskProcess : IDisposable
{
    private static readonly string Dll = Path.Combine(AppContext.BaseDirectory, "cloudmask.dll");
    private readonly Process _process;

    public ConcurrentQueue<string> Lines { get; } = new();

    public CloudMaskProcess(params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Dll);
        foreach (var a in arguments) info.ArgumentList.Add(a);
        _process = Process.Start(info)!;
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Lines.Enqueue(e.Data); };
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) Lines.Enqueue(e.Data); };
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
    }

    public int Id => _process.Id;
    public bool HasExited => _process.HasExited;
    public string Output => string.Join("\n", Lines);

    /// <summary>kill -9: no clean-up, as when a machine dies.</summary>
    public void KillHard()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit(10_000);
    }

    public void Dispose()
    {
        if (!_process.HasExited) KillHard();
        _process.Dispose();
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Waits until <paramref name="done"/> holds, polling; fails with <paramref name="what"/> and the process output after the timeout.</summary>
    public static async Task Until(Func<Task<bool>> done, TimeSpan timeout, string what, Func<string>? context = null)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            try { if (await done()) return; }
            catch (HttpRequestException) { /* not up yet */ }
            await Task.Delay(250);
        }
        Assert.Fail($"{what} within {timeout.TotalSeconds} s\n{context?.Invoke()}");
    }
}
