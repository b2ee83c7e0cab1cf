using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SmsCallback.Api.IntegrationTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace SmsCallback.Web.BrowserTests;

[Collection(SiteCollection.Name)]
public sealed class OperatorConsoleTests(SiteFixture site)
{
    [Fact]
    public async Task An_operator_sets_up_a_customer_and_a_200_account_lot_whose_credentials_sign_in()
    {
        await using var browser = await site.OpenAsync();
        var page = browser.Page;
        await CustomerPortalTests.SignInAsync(page, "admin", SmsCallbackApp.AdminPassword);
        await Expect(page).ToHaveURLAsync(new Regex("/admin$"));
        await browser.CheckAsync("admin-accounts");

        // A new account, topped up, with its phone registered at once; then found again by its phone.
        var create = browser.Form("Create");
        await create.GetByLabel("Login").FillAsync("bob");
        await create.GetByLabel("Password").FillAsync("bob-pass12");
        await create.GetByRole(AriaRole.Button).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Account bob" })).ToBeVisibleAsync();
        var topUp = browser.Form("Top up");
        await topUp.GetByLabel("Amount").FillAsync("25");
        await topUp.GetByLabel("Note").FillAsync("first top-up");
        await topUp.GetByRole(AriaRole.Button, new() { Name = "Top up" }).ClickAsync();
        await Expect(page.Locator("#balance")).ToHaveTextAsync("25.00 EUR");
        var register = browser.Form("Register the phone");
        await register.GetByLabel("Number").FillAsync("48600300400");
        await register.GetByRole(AriaRole.Button).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("+48600300400 is registered.");
        await browser.CheckAsync("admin-account");
        await page.GetByRole(AriaRole.Link, new() { Name = "Accounts", Exact = true }).ClickAsync();
        await page.GetByLabel("Login or phone").FillAsync("600300400");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await Expect(page.Locator("table.accounts tbody tr")).ToHaveCountAsync(1);
        await Expect(page.Locator("table.accounts tbody")).ToContainTextAsync("bob");

        // A lot of 200 accounts: its progress follows on the page without reloading until it completes; the export has every credential.
        await page.GetByRole(AriaRole.Link, new() { Name = "Lots" }).ClickAsync();
        await page.GetByLabel("Number of accounts").FillAsync("200");
        await page.GetByLabel("Login prefix").FillAsync("pre");
        await page.GetByLabel("Login length (digits after the prefix)").FillAsync("6");
        await page.GetByLabel("Initial balance").FillAsync("5");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create the lot" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/admin/lot/"));
        var lotUrl = page.Url;
        await Expect(page.Locator("section.lot")).ToHaveAttributeAsync("data-state", "Completed", new() { Timeout = 60_000 });
        Assert.Equal(lotUrl, page.Url); // the same page, refreshed in place
        await Expect(page.Locator("progress")).ToHaveAttributeAsync("value", "100");
        await browser.CheckAsync("admin-lot");
        var lines = await SiteFixture.DownloadAsync(browser, page.GetByRole(AriaRole.Link, new() { Name = "Download the export (logins and passwords)" }), "lot-");
        Assert.Equal(201, lines.Length);
        var credential = lines[1].Split(',');
        Assert.StartsWith("pre", credential[0], StringComparison.Ordinal);

        // The other pages of the console, each checked.
        await page.GetByRole(AriaRole.Link, new() { Name = "Lots" }).ClickAsync();
        await browser.CheckAsync("admin-lots");
        await page.GetByRole(AriaRole.Link, new() { Name = "Tariffs" }).ClickAsync();
        await browser.CheckAsync("admin-tariffs");
        await page.Locator("table a").First.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Tariff");
        await browser.CheckAsync("admin-tariff");
        await page.GetByRole(AriaRole.Link, new() { Name = "Numbers" }).ClickAsync();
        await browser.CheckAsync("admin-numbers");
        await page.GetByRole(AriaRole.Link, new() { Name = "Settings" }).ClickAsync();
        await browser.CheckAsync("admin-settings");

        // Signing out, then in with one of the lot's credentials: a customer, on the customer's overview with the lot's balance.
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await CustomerPortalTests.SignInAsync(page, credential[0], credential[1]);
        await Expect(page).ToHaveURLAsync(new Regex("/my$"));
        await Expect(page.Locator("#balance")).ToHaveTextAsync("5.00 EUR");
        browser.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task The_live_view_shows_a_callback_in_progress_without_reloading()
    {
        await site.CreateCustomerAsync("dave", "dave-pass1", "48600500600");
        await using var browser = await site.OpenAsync();
        var page = browser.Page;
        await CustomerPortalTests.SignInAsync(page, "admin", SmsCallbackApp.AdminPassword);
        await page.GetByRole(AriaRole.Link, new() { Name = "Live" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Callbacks in progress (0)" })).ToBeVisibleAsync();
        await browser.CheckAsync("admin-live-idle");

        // A callback asked for by SMS appears with its legs, then leaves the list when it is over; the SMS lists show the request.
        (await site.App.PostSmsAsync("live-1", "48600500600", "D.48774417890")).EnsureSuccessStatusCode();
        var row = page.Locator("table.active-callbacks tbody tr");
        await Expect(row).ToHaveCountAsync(1, new() { Timeout = 10_000 });
        await Expect(row).ToContainTextAsync("+48600500600");
        await page.GetByLabel("Filter the SMS by number or text").FillAsync("48600500600");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await Expect(page.Locator("#inbox + .scroll tbody tr")).ToHaveCountAsync(1);
        await Expect(row).ToHaveCountAsync(1);
        await browser.CheckAsync("admin-live");
        await Expect(row).ToHaveCountAsync(0, new() { Timeout = 20_000 });
        await site.App.WaitUntilQuietAsync();
        browser.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task An_operator_keeps_a_tariff_and_sees_the_bad_lines_of_an_import()
    {
        await using var browser = await site.OpenAsync();
        var page = browser.Page;
        await CustomerPortalTests.SignInAsync(page, "admin", SmsCallbackApp.AdminPassword);
        await page.GetByRole(AriaRole.Link, new() { Name = "Tariffs" }).ClickAsync();
        var create = browser.Form("Create");
        await create.GetByLabel("Name").FillAsync("Mobile");
        await create.GetByLabel("Currency").FillAsync("EUR");
        await create.GetByRole(AriaRole.Button).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Tariff Mobile" })).ToBeVisibleAsync();

        var rate = browser.Form("Save");
        await rate.GetByLabel("Prefix", new() { Exact = true }).FillAsync("4860");
        await rate.GetByLabel("Per minute").FillAsync("0.12");
        await rate.GetByRole(AriaRole.Button).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Cell, new() { Name = "4860", Exact = true })).ToBeVisibleAsync();

        // A CSV with one good and one bad line: the bad line is named and nothing is stored.
        await page.GetByLabel("File", new() { Exact = true }).SetInputFilesAsync(new FilePayload
        {
            Name = "rates.csv",
            MimeType = "text/csv",
            Buffer = System.Text.Encoding.UTF8.GetBytes("prefix,description,pricePerMinute,connectionFee,minimumSeconds,incrementSeconds\n4870,ok,0.10,0,0,1\n48xx,bad,abc,0,0,1\n"),
        });
        await page.GetByRole(AriaRole.Button, new() { Name = "Import" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("The CSV has errors; nothing was stored.");
        await Expect(page.Locator("ul.error")).ToContainTextAsync("Line 3");
        await Expect(page.GetByRole(AriaRole.Cell, new() { Name = "4870", Exact = true })).ToHaveCountAsync(0);
        await browser.CheckAsync("admin-tariff-import-errors");
        browser.AssertNoConsoleErrors();
    }
}
