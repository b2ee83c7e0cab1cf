using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SmsCallback.Api.IntegrationTests.Infrastructure;

namespace SmsCallback.Web.BrowserTests;

/// <summary>The real service on Kestrel at 127.0.0.1 (a real port, its own SQLite files) and Debian's Chromium, headless, driven by
/// Playwright without any browser download. Chromium missing is a failure, not a skip: <c>./test.sh</c> installs it.</summary>
public sealed class SiteFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    /// <summary>Legs answer after 0.7 s and the call ends 4 s after the destination answers: slow enough to see a callback in progress.</summary>
    public SmsCallbackApp App { get; } = new(settings: new Dictionary<string, string?>
    {
        ["Switch:Simulator:AutoAnswerAfterMs"] = "700",
        ["Switch:Simulator:HangupAfterMs"] = "4000",
    });

    public string BaseUrl { get; private set; } = "";
    public IPlaywright Playwright { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;
    public HttpClient Admin { get; private set; } = null!;

    /// <summary>Where the screenshots of the main pages go (the test output folder).</summary>
    public static string ScreenshotDirectory => Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException($"The browser tests need Debian's Chromium at {ChromiumPath}: apt-get install chromium (./test.sh does).");
        App.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        App.StartServer();
        BaseUrl = App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .Single(a => a.StartsWith("http://127.0.0.1:", StringComparison.Ordinal));
        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Playwright.Chromium.LaunchAsync(new() { ExecutablePath = ChromiumPath, Headless = true });
        Admin = await App.AdminClientAsync();
        await SmsCallbackApp.DisableIvrAsync(Admin); // a callback ends when its destination hangs up
        Directory.CreateDirectory(ScreenshotDirectory);
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        Playwright.Dispose();
        await App.DisposeAsync();
    }

    /// <summary>A fresh browser (its own cookies) with a page that records console errors and runs the checks of <see cref="SitePage"/>.</summary>
    public async Task<SitePage> OpenAsync(int width = 1280, int height = 900)
    {
        var context = await Browser.NewContextAsync(new() { BaseURL = BaseUrl, ViewportSize = new() { Width = width, Height = height }, AcceptDownloads = true });
        return new SitePage(context, await context.NewPageAsync());
    }

    /// <summary>A phone-sized browser.</summary>
    public Task<SitePage> OpenPhoneAsync() => OpenAsync(390, 844);

    public async Task<Guid> CreateCustomerAsync(string login, string password, params string[] phones) =>
        await App.CreateAccountAsync(Admin, login, password, phones);

    /// <summary>The newest SMS sent to <paramref name="to"/> (E.164), once there is one.</summary>
    public async Task<string> LatestSmsToAsync(string to)
    {
        var items = await SmsCallbackApp.EventuallyAsync(() => SmsCallbackApp.GetArrayAsync(Admin, "/api/admin/sms/outbox"),
            list => list.Any(s => s.GetProperty("to").GetString() == to), $"an SMS to {to}");
        return items.First(s => s.GetProperty("to").GetString() == to).GetProperty("text").GetString()!;
    }

    /// <summary>Clicks a download link and returns the downloaded file's lines; its name must start with <paramref name="fileNamePrefix"/>.</summary>
    public static async Task<string[]> DownloadAsync(SitePage browser, ILocator link, string fileNamePrefix)
    {
        var download = await browser.Page.RunAndWaitForDownloadAsync(() => link.ClickAsync());
        Assert.Null(await download.FailureAsync());
        Assert.StartsWith(fileNamePrefix, download.SuggestedFilename, StringComparison.Ordinal);
        Assert.EndsWith(".csv", download.SuggestedFilename, StringComparison.Ordinal);
        return await File.ReadAllLinesAsync((await download.PathAsync())!);
    }
}

[CollectionDefinition(Name)]
public sealed class SiteCollection : ICollectionFixture<SiteFixture>
{
    public const string Name = "site";
}
