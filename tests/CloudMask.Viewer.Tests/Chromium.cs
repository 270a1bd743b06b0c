using CloudMask.Raster;
using CloudMask.TestSupport;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;

namespace CloudMask.Viewer.Tests;

/// <summary>
/// Debian's headless Chromium driven by its chromium-driver through Selenium, as a person's browser
/// would show the viewer: fresh profile, 1280 x 800 at scale 1, nothing from the network (every
/// request off this machine goes to <see cref="Trap"/>). Skips the test when Chromium is not
/// installed (scripts/install-deps test installs it).
/// </summary>
public sealed class Chromium : IDisposable
{
    private readonly string _profile = Path.Combine(Path.GetTempPath(), $"cloudmask-chromium-{Guid.NewGuid():N}");
    private readonly ChromeDriver _driver;

    public Chromium()
    {
        var browser = ExternalTool.Require("chromium", "chromium");
        var driver = ExternalTool.Require("chromedriver", "chromium-driver");
        Trap = new OfflineTrap();
        var options = new ChromeOptions { BinaryLocation = browser };
        options.AddArguments("--headless", "--no-sandbox", "--disable-gpu", "--enable-unsafe-swiftshader", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-default-apps", "--disable-extensions", "--window-size=1280,800", "--force-device-scale-factor=1",
            // The browser's own services (sign-in, optimisation hints, ...) call home too; they are not the page's doing.
            "--disable-features=OptimizationHints,OptimizationHintsFetching,OptimizationGuideModelDownloading,OptimizationTargetPrediction,MediaRouter,Translate,AutofillServerCommunication",
            "--disable-client-side-phishing-detection", "--disable-domain-reliability", "--no-pings",
            $"--user-data-dir={_profile}", $"--proxy-server=http://{Trap.Address}");
        // The page's own requests, whatever their address, are read from Chromium's network log.
        options.SetLoggingPreference("performance", LogLevel.All);
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(driver)!, Path.GetFileName(driver));
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        _driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
        _driver.Manage().Timeouts().AsynchronousJavaScript = TimeSpan.FromSeconds(30);
    }

    public OfflineTrap Trap { get; }
    public IWebDriver Driver => _driver;

    /// <summary>Opens <paramref name="url"/> and waits until the viewer has drawn a result completely.</summary>
    public void Open(Uri url)
    {
        _driver.Navigate().GoToUrl(url);
        WaitUntilShown();
    }

    /// <summary>Waits until the page reports a result drawn completely (all tiles loaded).</summary>
    public void WaitUntilShown() =>
        new WebDriverWait(_driver, TimeSpan.FromSeconds(30)).Until(d =>
            ((IJavaScriptExecutor)d).ExecuteScript("return !!(window.cloudmaskViewer && window.cloudmaskViewer.state.shown);") is true);

    public object? Run(string script, params object[] arguments) => _driver.ExecuteScript(script, arguments);

    /// <summary>Waits for the map to finish drawing after a change (style, opacity, swipe).</summary>
    public void WaitForRender() =>
        _driver.ExecuteAsyncScript("const done = arguments[arguments.length - 1]; window.cloudmaskViewer.rendered().then(() => done(true));");

    /// <summary>
    /// Every URL the pages opened since the last call asked for (Chromium's DevTools network log):
    /// the check that the viewer works offline looks at these, not at the browser's own service calls.
    /// </summary>
    public IReadOnlyList<string> PageRequests()
    {
        var urls = new List<string>();
        foreach (var entry in _driver.Manage().Logs.GetLog("performance"))
        {
            using var json = System.Text.Json.JsonDocument.Parse(entry.Message);
            var message = json.RootElement.GetProperty("message");
            if (message.GetProperty("method").GetString() == "Network.requestWillBeSent")
                urls.Add(message.GetProperty("params").GetProperty("request").GetProperty("url").GetString()!);
        }
        return urls;
    }

    /// <summary>Where pixel (x, y) of the shown result lies on the screen (CSS pixels = screenshot pixels at scale 1).</summary>
    public (int X, int Y) ScreenOf(int x, int y)
    {
        var position = (IReadOnlyList<object>)Run("return window.cloudmaskViewer.screenOf(arguments[0], arguments[1]);", x, y)!;
        return ((int)Math.Floor(Convert.ToDouble(position[0])), (int)Math.Floor(Convert.ToDouble(position[1])));
    }

    /// <summary>A screenshot of the page, read back with GDAL.</summary>
    public Screenshot Shoot()
    {
        var path = Path.Combine(_profile, $"shot-{Guid.NewGuid():N}.png");
        ((ITakesScreenshot)_driver).GetScreenshot().SaveAsFile(path);
        return new Screenshot(path);
    }

    public void Dispose()
    {
        try { _driver.Quit(); } catch (WebDriverException) { /* already gone */ }
        _driver.Dispose();
        Trap.Dispose();
        try { Directory.Delete(_profile, recursive: true); } catch (IOException) { /* Chromium may still hold a lock file */ }
    }
}

/// <summary>A screenshot's pixels (RGB).</summary>
public sealed class Screenshot
{
    private readonly byte[][] _bands;

    public Screenshot(string path)
    {
        using var png = RasterDataset.Open(path);
        (Width, Height) = (png.Width, png.Height);
        _bands = [.. Enumerable.Range(1, 3).Select(b => png.Band(b).Read<byte>())];
        File.Delete(path);
    }

    public int Width { get; }
    public int Height { get; }

    public (byte R, byte G, byte B) this[int x, int y] => (_bands[0][y * Width + x], _bands[1][y * Width + x], _bands[2][y * Width + x]);

    /// <summary>True when the colour at (x, y) is within <paramref name="tolerance"/> of <paramref name="expected"/> in every channel.</summary>
    public bool Shows(int x, int y, (byte R, byte G, byte B) expected, int tolerance = 12)
    {
        var (r, g, b) = this[x, y];
        return Math.Abs(r - expected.R) <= tolerance && Math.Abs(g - expected.G) <= tolerance && Math.Abs(b - expected.B) <= tolerance;
    }
}
