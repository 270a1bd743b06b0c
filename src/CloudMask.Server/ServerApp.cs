using CloudMask.Viewer;
using System.Net;
using System.Text.Json;
using Hangfire;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CloudMask.Server;

/// <summary>
/// How `serve` and `worker` are composed: one extension method per concern, so another library
/// (a map viewer) maps its endpoints beside these with one more line.
/// </summary>
public static class ServerApp
{
    /// <summary>The Hangfire queue mask jobs go to.</summary>
    public const string Queue = "masks";

    /// <summary>Where the map viewer of the results is served (reading it needs no token; "label this" does).</summary>
    public const string ViewerPath = "/viewer";

    /// <summary>The `serve` application: API, STAC, dashboard, and (unless JobsAtOnce is 0) workers in the same process.</summary>
    public static WebApplication Build(ServerOptions options, Action<ILoggingBuilder>? logging = null)
    {
        if (options.Problem() is { } problem) throw new ArgumentException(problem);
        JobStorageSetup.CheckReachable(options);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        logging?.Invoke(builder.Logging);
        builder.WebHost.ConfigureKestrel(k =>
        {
            if (options.Listen == "localhost") k.ListenLocalhost(options.Port);
            else k.Listen(IPAddress.Parse(options.Listen), options.Port);
        });
        builder.Services.AddCloudMaskJobs(options);
        builder.Services.AddCloudMaskApi(options);
        if (options.JobsAtOnce > 0) builder.Services.AddCloudMaskWorkers(options);

        var app = builder.Build();
        app.UseCloudMaskToken();
        app.MapCloudMaskJobsApi();
        app.MapCloudMaskStac();
        app.MapCloudMaskDashboard();
        app.MapCloudMaskResultsViewer(options);
        if (!JobStorageSetup.UsesPostgres(options) && options.JobsAtOnce > 0) app.RequeueJobsOfDeadProcess();
        return app;
    }

    /// <summary>The `worker` host: Hangfire workers only, no HTTP.</summary>
    public static IHost BuildWorker(ServerOptions options, Action<ILoggingBuilder>? logging = null)
    {
        if (options.Database is null) throw new ArgumentException("worker: give --db postgres://user:password@host:port/database (the server's)");
        if (options.JobsAtOnce < 1) throw new ArgumentException($"--jobs {options.JobsAtOnce}: a worker runs 1 or more jobs at once");
        if (options.Threads is < 1) throw new ArgumentException($"--threads {options.Threads}: give 1 or more");
        JobStorageSetup.CheckReachable(options);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        logging?.Invoke(builder.Logging);
        builder.Services.AddCloudMaskJobs(options);
        builder.Services.AddCloudMaskWorkers(options);
        return builder.Build();
    }

    /// <summary>Hangfire with the chosen storage, and the job records kept beside it.</summary>
    public static IServiceCollection AddCloudMaskJobs(this IServiceCollection services, ServerOptions options)
    {
        services.AddSingleton(options);
        services.AddHangfire(config => config
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseCloudMaskStorage(options));
        services.AddSingleton<JobStore>();
        return services;
    }

    /// <summary>The Hangfire server that runs mask jobs in this process: JobsAtOnce workers, each job on Threads CPU threads.</summary>
    public static IServiceCollection AddCloudMaskWorkers(this IServiceCollection services, ServerOptions options)
    {
        var name = $"{Dns.GetHostName()}:{Environment.ProcessId}";
        services.AddSingleton(new WorkerSettings(name, options.Threads, options.JobsAtOnce));
        services.AddSingleton<ModelPool>();
        services.AddTransient<MaskJobRunner>();
        services.AddHangfireServer(server =>
        {
            server.ServerName = name;
            server.WorkerCount = options.JobsAtOnce;
            server.Queues = [Queue];
            server.CancellationCheckInterval = TimeSpan.FromSeconds(2);
            server.ShutdownTimeout = TimeSpan.FromSeconds(30);
        });
        return services;
    }

    /// <summary>What the HTTP API needs: the access policy, the token rule, JSON in snake_case like every CloudMask file.</summary>
    public static IServiceCollection AddCloudMaskApi(this IServiceCollection services, ServerOptions options)
    {
        services.AddSingleton(new AccessPolicy(options.Allow));
        services.AddSingleton(new TokenCheck(options.Token));
        services.AddProblemDetails();
        services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            json.SerializerOptions.PropertyNameCaseInsensitive = true;
        });
        return services;
    }

    /// <summary>Refuses requests without the token (when one is set) with 401 and a one-line reason, before any endpoint runs.</summary>
    public static WebApplication UseCloudMaskToken(this WebApplication app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = e => e is BadHttpRequestException b ? b.StatusCode : StatusCodes.Status500InternalServerError,
        });
        app.UseStatusCodePages();
        var check = app.Services.GetRequiredService<TokenCheck>();
        app.Use(async (context, next) =>
        {
            if (check.Check(context.Request) is { } refused)
            {
                await Results.Problem(detail: refused, statusCode: StatusCodes.Status401Unauthorized, title: "token required").ExecuteAsync(context);
                return;
            }
            await next(context);
        });
        return app;
    }

    /// <summary>The map viewer (CloudMask.Viewer) over the results folder under /viewer; "label this" exports chips into DATA/labelling.</summary>
    public static WebApplication MapCloudMaskResultsViewer(this WebApplication app, ServerOptions options)
    {
        Directory.CreateDirectory(options.Results);
        app.MapCloudMaskViewer(new ViewerOptions(options.Results, labelFolder: Path.Combine(options.DataFolder, "labelling")), ViewerPath);
        return app;
    }

    /// <summary>Hangfire's dashboard under /jobs/dashboard, behind the same token rule, without the storage's connection string.</summary>
    public static WebApplication MapCloudMaskDashboard(this WebApplication app)
    {
        app.MapHangfireDashboard("/jobs/dashboard", new DashboardOptions
        {
            Authorization = [new TokenCheck.Dashboard(app.Services.GetRequiredService<TokenCheck>())],
            DisplayStorageConnectionString = false,
            DashboardTitle = "CloudMask jobs",
        });
        return app;
    }

    /// <summary>
    /// SQLite serves one process, so at start any job still marked Processing belonged to this
    /// server's previous run, which died: queue it again now instead of after the long invisibility timeout.
    /// </summary>
    public static WebApplication RequeueJobsOfDeadProcess(this WebApplication app)
    {
        var storage = app.Services.GetRequiredService<JobStorage>();
        var client = app.Services.GetRequiredService<IBackgroundJobClient>();
        var monitor = storage.GetMonitoringApi();
        var ids = new List<string>();
        for (var from = 0; ; from += 500)
        {
            var page = monitor.ProcessingJobs(from, 500);
            ids.AddRange(page.Select(p => p.Key));
            if (page.Count < 500) break;
        }
        foreach (var id in ids) client.ChangeState(id, new Hangfire.States.EnqueuedState(Queue));
        return app;
    }
}
