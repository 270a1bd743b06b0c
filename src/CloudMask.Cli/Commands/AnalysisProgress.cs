using Spectre.Console;

namespace CloudMask.Cli.Commands;

/// <summary>
/// Progress for the analysis commands (importance, uncertainty-check, select, active-learning):
/// a Spectre.Console bar on a terminal; without one, a line on stderr when a stage starts.
/// </summary>
internal static class AnalysisProgress
{
    public static T Run<T>(string title, Func<IProgress<double>, T> work)
    {
        if (Console.IsErrorRedirected)
        {
            Console.Error.WriteLine(title + " ...");
            return work(new Progress<double>(_ => { }));
        }
        T result = default!;
        Progress.StderrConsole().Progress().AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask(Markup.Escape(title), maxValue: 1);
                result = work(new SyncProgress<double>(f => task.Value = Math.Min(1, f)));
                task.Value = 1;
            });
        return result;
    }

    /// <summary>Reports on the calling thread, in order (Progress&lt;T&gt; posts to the thread pool).</summary>
    public sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
