using System.Text.RegularExpressions;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace SmsCallback.Web.BrowserTests;

/// <summary>A page in its own browser context. Every page it visits is checked with axe-core (all rules: labels, contrast, landmarks,
/// headings…) and any console error or uncaught script error fails the test (at the next check, and at the end of each test).</summary>
public sealed partial class SitePage(IBrowserContext context, IPage page) : IAsyncDisposable
{
    private readonly List<string> _errors = Subscribe(page);
    private readonly HashSet<int> _tolerated = [];

    public IPage Page { get; } = page;
    public IBrowserContext Context { get; } = context;

    private static List<string> Subscribe(IPage page)
    {
        var errors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") lock (errors) errors.Add($"{page.Url}: {message.Text}"); };
        page.PageError += (_, error) => { lock (errors) errors.Add($"{page.Url}: uncaught {error}"); };
        return errors;
    }

    /// <summary>A response with this status is what the test expects (the browser logs it as a console error).</summary>
    public void Expect(int status) => _tolerated.Add(status);

    public async Task<IResponse?> GotoAsync(string path) => await Page.GotoAsync(path);

    /// <summary>Saves a screenshot named <paramref name="name"/> and runs axe-core on the page as it is now.</summary>
    public async Task CheckAsync(string name)
    {
        AssertNoConsoleErrors();
        await Page.ScreenshotAsync(new() { Path = Path.Combine(SiteFixture.ScreenshotDirectory, name + ".png") });
        var result = await Page.RunAxe();
        var violations = result.Violations.Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(" | ", v.Nodes.Select(n => n.Html))}").ToList();
        Assert.True(violations.Count == 0, $"Accessibility of {name} ({Page.Url}):\n" + string.Join('\n', violations));
    }

    public ILocator Form(string buttonName) =>
        Page.Locator("form").Filter(new() { Has = Page.GetByRole(AriaRole.Button, new() { Name = buttonName, Exact = true }) });

    /// <summary>Fails on any console error so far (called by <see cref="CheckAsync"/> and at the end of each test).</summary>
    public void AssertNoConsoleErrors()
    {
        List<string> errors;
        lock (_errors) errors = [.. _errors.Where(e => !IsTolerated(e))];
        Assert.True(errors.Count == 0, "Console errors:\n" + string.Join('\n', errors));
    }

    public async ValueTask DisposeAsync() => await Context.DisposeAsync();

    private bool IsTolerated(string error) =>
        StatusError().Match(error) is { Success: true } m && _tolerated.Contains(int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));

    [GeneratedRegex(@"Failed to load resource: the server responded with a status of (\d{3})")]
    private static partial Regex StatusError();
}
