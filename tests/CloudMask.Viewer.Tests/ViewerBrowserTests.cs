using CloudMask.Masking.Classes;
using OpenQA.Selenium;
using OpenQA.Selenium.Interactions;
using OpenQA.Selenium.Support.UI;

namespace CloudMask.Viewer.Tests;

/// <summary>The results folder, the viewer serving it (with the SCL folder for the swipe) and one browser, shared by the viewer's tests.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private Chromium? _browser;

    public ViewerFolder Folder { get; private set; } = null!;
    public ViewerHost Host { get; private set; } = null!;

    /// <summary>The browser, started on first use; skips the test when Chromium is not installed.</summary>
    public Chromium Browser => _browser ??= new Chromium();

    public async Task InitializeAsync()
    {
        Folder = new ViewerFolder();
        Host = await ViewerHost.StartAsync(new ViewerOptions(Folder.Results,
            externalMasks: [new ExternalMaskFolder(ExternalMaskScheme.Sen2CorScl, Folder.SclFolder)], prelabelModel: "hollstein"));
    }

    public async Task DisposeAsync()
    {
        _browser?.Dispose();
        await Host.DisposeAsync();
        Folder.Dispose();
    }
}

/// <summary>
/// The viewer in a real headless Chromium: what a person sees on the screen, read back from
/// screenshots. Every test also checks that the page asked nothing of the network.
/// </summary>
[Collection("viewer folder")]
public sealed class ViewerBrowserTests(BrowserFixture fixture)
{
    private static readonly (byte, byte, byte) CloudColour = Rgb(MaskClass.Cloud);
    private static readonly (byte, byte, byte) ClearColour = Rgb(MaskClass.Clear);
    private static readonly (byte, byte, byte) ShadowColour = Rgb(MaskClass.CloudShadow);
    private static readonly (byte, byte, byte) Background = (0x2a, 0x2f, 0x36); // #map in viewer.css

    private ViewerFolder Folder => fixture.Folder;

    [SkippableFact]
    public void Cloud_is_drawn_in_the_cloud_colour_and_clear_is_not()
    {
        var browser = OpenMaskOnly();
        var cloud = browser.ScreenOf(Folder.Inside(MaskClass.Cloud).X, Folder.Inside(MaskClass.Cloud).Y);
        var clear = browser.ScreenOf(Folder.Inside(MaskClass.Clear).X, Folder.Inside(MaskClass.Clear).Y);

        var shot = browser.Shoot();
        AssertColour(shot, cloud, CloudColour, "cloud pixel");
        AssertColour(shot, clear, ClearColour, "clear pixel");
        Assert.False(shot.Shows(clear.X, clear.Y, CloudColour, tolerance: 60));
        AssertOffline(browser);
    }

    [SkippableFact]
    public void A_class_toggled_off_disappears_and_the_others_stay()
    {
        var browser = OpenMaskOnly();
        var cloud = browser.ScreenOf(Folder.Inside(MaskClass.Cloud).X, Folder.Inside(MaskClass.Cloud).Y);
        var clear = browser.ScreenOf(Folder.Inside(MaskClass.Clear).X, Folder.Inside(MaskClass.Clear).Y);

        browser.Driver.FindElement(By.CssSelector("#legend input[data-class='cloud']")).Click();
        browser.WaitForRender();

        var shot = browser.Shoot();
        AssertColour(shot, cloud, Background, "hidden cloud");
        AssertColour(shot, clear, ClearColour, "clear pixel");
        AssertOffline(browser);
    }

    [SkippableFact]
    public void The_swipe_shows_the_second_mask_right_of_the_line()
    {
        var browser = OpenMaskOnly();
        // The SCL mask is all code 3, which Sen2Cor uses for cloud shadow.
        browser.Run("const s = document.getElementById('compare'); s.value = arguments[0]; s.dispatchEvent(new Event('change'));", $"1/{Folder.Stem}_SCL.tif");
        browser.WaitUntilShown();
        var (x, y) = Folder.Inside(MaskClass.Cloud);
        var cloud = browser.ScreenOf(x, y);

        SetSwipe(browser, 100); // all of the map left of the line: our mask
        Assert.True(browser.Shoot().Shows(cloud.X, cloud.Y, CloudColour));
        SetSwipe(browser, 0); // all of it right of the line: the SCL mask
        var shot = browser.Shoot();
        AssertColour(shot, cloud, ShadowColour, "right of the line, the SCL mask");

        // Half way: a pixel left of the line is ours, one right of it is SCL's.
        SetSwipe(browser, 50);
        var map = browser.Driver.FindElement(By.Id("map"));
        var line = map.Location.X + map.Size.Width / 2;
        // Screen x is linear in the image column (north-up, no rotation): two points give the line's column.
        var (x0, x1) = (browser.ScreenOf(0, 0).X, browser.ScreenOf(1000, 0).X);
        var lineColumn = (line - x0) * 1000.0 / (x1 - x0);
        var (lx, ly) = Folder.Inside(MaskClass.Clear, columnWanted: c => c < lineColumn - 20);
        var (rx, ry) = Folder.Inside(MaskClass.Clear, columnWanted: c => c > lineColumn + 20);
        var (left, right) = (browser.ScreenOf(lx, ly), browser.ScreenOf(rx, ry));
        shot = browser.Shoot();
        AssertColour(shot, left, ClearColour, "left of the line");
        AssertColour(shot, right, ShadowColour, "right of the line");
        AssertOffline(browser);
    }

    [SkippableFact]
    public void The_class_under_the_cursor_is_read_from_the_mask()
    {
        var browser = OpenMaskOnly();
        var (x, y) = Folder.Inside(MaskClass.Cloud);
        var cloud = browser.ScreenOf(x, y);
        new Actions(browser.Driver).MoveToLocation(cloud.X, cloud.Y).Perform();
        var readout = new WebDriverWait(browser.Driver, TimeSpan.FromSeconds(10)).Until(d =>
            d.FindElement(By.Id("readout")).Text is { Length: > 0 } text ? text : null);
        Assert.Contains(": cloud (", readout);
        Assert.Contains("cloud 1.00", readout); // the tree's probabilities are one-hot
        AssertOffline(browser);
    }

    [SkippableFact]
    public void A_box_drawn_with_label_this_is_exported_as_a_chip()
    {
        var browser = OpenMaskOnly();
        var (x, y) = Folder.Inside(MaskClass.Cloud);
        var start = browser.ScreenOf(x - 40, y - 40);
        var end = browser.ScreenOf(x + 40, y + 40);
        browser.Driver.FindElement(By.Id("label-box")).Click();
        new Actions(browser.Driver).MoveToLocation(start.X, start.Y).ClickAndHold().MoveToLocation((start.X + end.X) / 2, (start.Y + end.Y) / 2)
            .MoveToLocation(end.X, end.Y).Release().Perform();
        var status = new WebDriverWait(browser.Driver, TimeSpan.FromSeconds(30)).Until(d =>
            d.FindElement(By.Id("label-status")).Text is var text && (text.StartsWith("exported", StringComparison.Ordinal) || text.StartsWith("not exported", StringComparison.Ordinal)) ? text : null);
        Assert.StartsWith("exported 001_", status);
        var chips = Directory.GetFiles(Path.Combine(Folder.Results, "labelling"), "*.prelabel.tif");
        var chip = Assert.Single(chips);
        using var prelabel = Raster.RasterDataset.Open(chip);
        Assert.InRange(prelabel.Width, 70, 90); // the 80 px box, give or take a screen pixel
        AssertOffline(browser);
    }

    [SkippableFact]
    public void A_base_map_is_fetched_only_when_named_and_the_offline_check_sees_it()
    {
        var browser = fixture.Browser;
        browser.PageRequests();
        browser.Open(fixture.Host.Url);
        AssertOffline(browser);

        // The same folder with a base map: its tile requests would leave the machine; the check sees
        // them, and the trap (the browser's only way out) got them instead of the network.
        using var withBasemap = StartBlocking(new ViewerOptions(Folder.Results, basemap: "http://tiles.example.invalid/{z}/{x}/{y}.png"));
        browser.Open(withBasemap.Host.Url);
        Assert.Throws<Xunit.Sdk.TrueException>(() => AssertOffline(browser));
        Assert.Contains(browser.Trap.Requests, r => r.Contains("tiles.example.invalid", StringComparison.Ordinal));
        browser.Driver.Navigate().GoToUrl("about:blank");
    }

    [SkippableFact]
    public void An_evaluated_chip_shows_its_errors_in_red_in_pixel_coordinates()
    {
        // A chip without georeferencing: label cloud on the left half, clear on the right; the prediction all clear.
        using var folder = new TestSupport.TempFolder("viewer-chips");
        var label = folder.File("chip1.label.tif");
        var labels = Enumerable.Range(0, 64 * 64).Select(i => (byte)(i % 64 < 32 ? MaskClass.Cloud : MaskClass.Clear)).ToArray();
        using (var r = new Raster.InMemoryRaster(64, 64, 1, Raster.RasterDataType.Byte)) { r.Write<byte>(1, labels); r.SaveAs(label, Raster.RasterFormat.GeoTiff); }
        var report = folder.File("report");
        new Masking.Evaluation.ReportChips(report, overwrite: false)
            .Write("model-x", new Masking.Evaluation.ChipPair("chip1", label, label), labels, Enumerable.Repeat((byte)MaskClass.Clear, 64 * 64).ToArray());
        File.WriteAllText(Path.Combine(report, "report.json"), "[]");
        using var chips = StartBlocking(new ViewerOptions(folder.Path));

        var browser = OpenMaskOnly(chips.Host.Url);
        browser.Driver.FindElement(By.Id("show-errors")).Click();
        browser.WaitForRender();
        var (wrong, right) = (browser.ScreenOf(12, 32), browser.ScreenOf(52, 32));
        var shot = browser.Shoot();
        AssertColour(shot, wrong, (230, 20, 20), "missed cloud");
        AssertColour(shot, right, ClearColour, "right prediction");
        AssertOffline(browser);
    }

    /// <summary>The mask alone at full opacity over the plain background, so colours on screen are the class colours.</summary>
    private Chromium OpenMaskOnly(Uri? url = null)
    {
        var browser = fixture.Browser;
        browser.PageRequests(); // start the record afresh
        browser.Open(url ?? new Uri(fixture.Host.Url, $"?result={Uri.EscapeDataString(Folder.MaskId)}"));
        if (browser.Driver.FindElement(By.Id("show-rgb")) is { Displayed: true, Selected: true } rgb) rgb.Click();
        browser.Run("const o = document.getElementById('opacity'); o.value = 100; o.dispatchEvent(new Event('input'));");
        browser.WaitForRender();
        return browser;
    }

    private static void AssertColour(Screenshot shot, (int X, int Y) at, (byte, byte, byte) colour, string what) =>
        Assert.True(shot.Shows(at.X, at.Y, colour), $"{what} at {at} shows {shot[at.X, at.Y]}, not {colour}");

    private static void SetSwipe(Chromium browser, int percent)
    {
        browser.Run("const s = document.getElementById('swipe'); s.value = arguments[0]; s.dispatchEvent(new Event('input'));", percent);
        browser.WaitForRender();
    }

    /// <summary>Every network request the page made went to this machine (data:, blob: and the browser's own chrome: pages are not network).</summary>
    private static void AssertOffline(Chromium browser)
    {
        var requests = browser.PageRequests();
        Assert.Contains(requests, url => url.StartsWith(ViewerServer, StringComparison.Ordinal)); // the log did record the page
        var away = requests.Where(url => Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" or "ws" or "wss" or "ftp"
            && !uri.IsLoopback).ToList();
        Assert.True(away.Count == 0, "the page sent requests off this machine: " + string.Join("; ", away));
    }

    private const string ViewerServer = "http://127.0.0.1:";

    private static (byte, byte, byte) Rgb(MaskClass c) => MaskClasses.Colour(c) is var (r, g, b, _) ? (r, g, b) : default;

    private static HostHandle StartBlocking(ViewerOptions options) => new(ViewerHost.StartAsync(options).GetAwaiter().GetResult());

    private sealed class HostHandle(ViewerHost host) : IDisposable
    {
        public ViewerHost Host => host;
        public void Dispose() => host.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }
}
