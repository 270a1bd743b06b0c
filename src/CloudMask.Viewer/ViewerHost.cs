using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CloudMask.Viewer;

/// <summary>
/// The viewer alone on a small web server (what `cloudmask view` runs, and what tests and the
/// benchmark start): loopback by default, on <c>port</c> (0: any free port), quiet (libraries do not
/// write to the console). Dispose to stop it.
/// </summary>
public sealed class ViewerHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ViewerHost(WebApplication app, Uri url) => (_app, Url) = (app, url);

    /// <summary>Where the page is, e.g. http://127.0.0.1:8765/.</summary>
    public Uri Url { get; }

    /// <summary>Starts serving <paramref name="options"/>'s folder on <paramref name="address"/>:<paramref name="port"/>.</summary>
    /// <exception cref="IOException">the port is taken (the message says which and what to do).</exception>
    public static async Task<ViewerHost> StartAsync(ViewerOptions options, int port = 0, IPAddress? address = null, CancellationToken cancellation = default)
    {
        address ??= IPAddress.Loopback;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(address, port));
        var app = builder.Build();
        if (IPAddress.IsLoopback(address)) app.Use(LoopbackNamesOnly);
        app.MapCloudMaskViewer(options);
        try
        {
            await app.StartAsync(cancellation);
        }
        catch (IOException e) when (e.InnerException is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse } || e.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
        {
            await app.DisposeAsync();
            throw new IOException($"port {port} on {address} is in use: choose another with --port (0 picks a free one)", e);
        }
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new ViewerHost(app, new Uri(bound.Replace("[::]", "localhost", StringComparison.Ordinal).TrimEnd('/') + "/"));
    }

    /// <summary>
    /// A server on loopback answers only requests addressed to a loopback name, so a web page
    /// cannot reach it through a DNS name rebound to 127.0.0.1.
    /// </summary>
    private static Task LoopbackNamesOnly(HttpContext context, RequestDelegate next)
    {
        var host = context.Request.Host.Host;
        if (host == "localhost" || (IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip))) return next(context);
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        return context.Response.WriteAsync("this viewer answers requests to localhost only\n");
    }

    /// <summary>Waits until the host stops (Ctrl-C, or <paramref name="cancellation"/>).</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellation = default) => _app.WaitForShutdownAsync(cancellation);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
