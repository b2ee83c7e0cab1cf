using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace SmsCallback.Web.BrowserTests;

[Collection(SiteCollection.Name)]
public sealed partial class CustomerPortalTests(SiteFixture site)
{
    [Fact]
    public async Task A_customer_on_a_phone_keeps_the_phonebook_calls_back_from_the_overview_and_exports_the_history()
    {
        await site.CreateCustomerAsync("alice", "alice-pass1", "48600100200");
        await using var browser = await site.OpenPhoneAsync();
        var page = browser.Page;

        // The start page: what the service is, the SMS commands, one sign-in form; a customer lands on the overview.
        await browser.GotoAsync("/");
        await browser.CheckAsync("landing");
        await page.GetByLabel("Login").FillAsync("alice");
        await page.GetByLabel("Password").FillAsync("alice-pass1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/my$"));
        await Expect(page.Locator("#balance")).ToContainTextAsync("0.00 EUR");
        await browser.CheckAsync("overview");

        // A second phone: the code sent to it by SMS registers it.
        await page.GetByRole(AriaRole.Link, new() { Name = "Phones" }).ClickAsync();
        var add = browser.Form("Send the code");
        await add.GetByLabel("Number").FillAsync("48600100201");
        await add.GetByRole(AriaRole.Button).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Waiting for the code" })).ToBeVisibleAsync();
        await browser.CheckAsync("phones-code");
        var code = SixDigits().Match(await site.LatestSmsToAsync("+48600100201")).Value;
        await page.GetByLabel("Code sent to +48600100201").FillAsync(code);
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("+48600100201 is registered.");

        // The phonebook: two entries, the second moved up, shown with the position N<k> calls.
        await page.GetByRole(AriaRole.Link, new() { Name = "Phonebook" }).ClickAsync();
        foreach (var (name, number) in new[] { ("office", "48774417880"), ("home", "48774417881"), ("old", "48774417882") })
        {
            var form = browser.Form("Add");
            await form.GetByLabel("Name").FillAsync(name);
            await form.GetByLabel("Number").FillAsync(number);
            await form.GetByRole(AriaRole.Button).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"{name} is N");
        }
        await page.GetByRole(AriaRole.Button, new() { Name = "Move home up" }).ClickAsync();
        await Expect(page.Locator("tr[data-entry=home] .position")).ToHaveTextAsync("N1");
        await Expect(page.Locator("tr[data-entry=office] .position")).ToHaveTextAsync("N2");
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete old" }).ClickAsync();
        await Expect(page.Locator("tr[data-entry=old]")).ToHaveCountAsync(0);
        await page.Locator("tr[data-entry=office] summary").ClickAsync();
        await page.Locator("tr[data-entry=office]").GetByLabel("Name").FillAsync("work");
        await page.Locator("tr[data-entry=office]").GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.Locator("tr[data-entry=work] .position")).ToHaveTextAsync("N2");
        await browser.CheckAsync("phonebook");

        // "Call me now" to phonebook entry N2: the progress page follows the callback live until it has ended.
        await page.GetByRole(AriaRole.Link, new() { Name = "Overview" }).ClickAsync();
        await page.GetByLabel("or to this phonebook entry").SelectOptionAsync("2");
        await page.GetByRole(AriaRole.Button, new() { Name = "Call me now" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/my/callback/"));
        await Expect(page.GetByText("From +48600100200 to +48774417880")).ToBeVisibleAsync();
        var progress = page.Locator("section.callback");
        await Expect(progress).Not.ToHaveAttributeAsync("data-state", "Completed");
        await browser.CheckAsync("callback-in-progress");
        await Expect(progress).ToHaveAttributeAsync("data-state", "Completed", new() { Timeout = 20_000 });
        await Expect(progress.Locator("li.now")).ToHaveTextAsync("Ended");
        await Expect(progress.Locator("li.done")).ToHaveCountAsync(4);
        await browser.CheckAsync("callback-ended");
        await site.App.WaitUntilQuietAsync();

        // The history filtered to today and the destination's digits, then the same as CSV.
        await page.GetByRole(AriaRole.Link, new() { Name = "Calls" }).ClickAsync();
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        await page.GetByLabel("From (day)").FillAsync(today);
        await page.GetByLabel("To (day)").FillAsync(today);
        await page.GetByLabel("Number or digits").FillAsync("774417880");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await Expect(page.Locator("#total")).ToHaveTextAsync("1 call legs");
        await Expect(page.Locator("table.calls tbody tr")).ToHaveCountAsync(1);
        await browser.CheckAsync("calls");
        var csv = await SiteFixture.DownloadAsync(browser, page.GetByRole(AriaRole.Link, new() { Name = "Download CSV" }), "calls-alice-");
        Assert.Equal(2, csv.Length); // the header and the one leg the filter keeps
        Assert.Contains("+48774417880", csv[1], StringComparison.Ordinal);

        await page.GetByRole(AriaRole.Link, new() { Name = "Ledger" }).ClickAsync();
        await Expect(page.Locator("table.ledger tbody tr")).Not.ToHaveCountAsync(0);
        await browser.CheckAsync("ledger");
        await page.GetByRole(AriaRole.Link, new() { Name = "Settings" }).ClickAsync();
        await browser.CheckAsync("settings");
        browser.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task A_password_change_signs_the_customer_out_and_the_new_password_signs_in()
    {
        await site.CreateCustomerAsync("carol", "carol-pass1");
        await using var browser = await site.OpenPhoneAsync();
        var page = browser.Page;
        await SignInAsync(page, "carol", "carol-pass1");
        await page.GetByRole(AriaRole.Link, new() { Name = "Settings" }).ClickAsync();
        await page.GetByLabel("Current password").FillAsync("carol-pass1");
        await page.GetByLabel("New password").FillAsync("carol-pass2");
        await page.GetByRole(AriaRole.Button, new() { Name = "Change the password" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Your password is changed");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign in" })).ToBeVisibleAsync();
        await SignInAsync(page, "carol", "carol-pass2");
        await Expect(page).ToHaveURLAsync(new Regex("/my$"));
        browser.AssertNoConsoleErrors();
    }

    internal static async Task SignInAsync(IPage page, string login, string password)
    {
        await page.GotoAsync("/");
        await page.GetByLabel("Login").FillAsync(login);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }

    [GeneratedRegex(@"\d{6}")]
    private static partial Regex SixDigits();
}
