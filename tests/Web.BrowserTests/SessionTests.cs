using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SmsCallback.Api.IntegrationTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace SmsCallback.Web.BrowserTests;

[Collection(SiteCollection.Name)]
public sealed class SessionTests(SiteFixture site)
{
    [Fact]
    public async Task A_form_posted_without_its_antiforgery_token_is_refused_and_changes_nothing()
    {
        var id = await site.CreateCustomerAsync("erin", "erin-pass1");
        await using var browser = await site.OpenPhoneAsync();
        await CustomerPortalTests.SignInAsync(browser.Page, "erin", "erin-pass1");
        await Expect(browser.Page).ToHaveURLAsync(new Regex("/my$"));

        // The browser's own session cookie, but no token: what a forged cross-site form would send (if SameSite let the cookie through).
        var form = browser.Context.APIRequest.CreateFormData();
        form.Set("Name", "forged");
        form.Set("Number", "48774417880");
        var forged = await browser.Context.APIRequest.PostAsync("/my/phonebook?handler=Add", new() { Form = form, MaxRedirects = 0 });
        Assert.Equal(400, forged.Status);
        var book = await site.Admin.GetFromJsonAsync<JsonElement[]>($"/api/admin/accounts/{id}/phonebook");
        Assert.Empty(book!);

        // The same form from the page itself (with its token) works.
        await browser.Page.GotoAsync("/my/phonebook");
        var add = browser.Form("Add");
        await add.GetByLabel("Name").FillAsync("real");
        await add.GetByLabel("Number").FillAsync("48774417880");
        await add.GetByRole(AriaRole.Button).ClickAsync();
        await Expect(browser.Page.Locator("tr[data-entry=real]")).ToHaveCountAsync(1);
        browser.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task A_customer_opening_the_operator_console_is_refused()
    {
        await site.CreateCustomerAsync("frank", "frank-pass1");
        await using var browser = await site.OpenPhoneAsync();
        await CustomerPortalTests.SignInAsync(browser.Page, "frank", "frank-pass1");
        await Expect(browser.Page).ToHaveURLAsync(new Regex("/my$"));
        browser.Expect(403);
        foreach (var path in new[] { "/admin", "/admin/live", "/admin/lots" })
        {
            var response = await browser.GotoAsync(path);
            Assert.Equal(403, response!.Status);
            await Expect(browser.Page.GetByRole(AriaRole.Heading, new() { Name = "Refused" })).ToBeVisibleAsync();
        }
        await browser.CheckAsync("refused");
        browser.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task Signing_out_ends_the_session()
    {
        await site.CreateCustomerAsync("gina", "gina-pass1");
        await using var browser = await site.OpenPhoneAsync();
        var page = browser.Page;
        await CustomerPortalTests.SignInAsync(page, "gina", "gina-pass1");
        await Expect(page).ToHaveURLAsync(new Regex("/my$"));
        var cookie = (await browser.Context.CookiesAsync()).Single(c => c.Name == "SmsCallback.Site");
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, cookie.SameSite);

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("You are signed out.");
        await page.GotoAsync("/my/phonebook");
        await Expect(page).ToHaveURLAsync(new Regex(@"/\?ReturnUrl=%2Fmy%2Fphonebook$"));
        Assert.DoesNotContain(await browser.Context.CookiesAsync(), c => c.Name == "SmsCallback.Site");
        browser.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task A_blocked_customer_s_session_ends_at_the_next_page_and_the_sign_in_is_refused()
    {
        var id = await site.CreateCustomerAsync("hank", "hank-pass1");
        await using var customer = await site.OpenPhoneAsync();
        await CustomerPortalTests.SignInAsync(customer.Page, "hank", "hank-pass1");
        await Expect(customer.Page).ToHaveURLAsync(new Regex("/my$"));

        // The operator blocks the account from its page.
        await using var operatorBrowser = await site.OpenAsync();
        await CustomerPortalTests.SignInAsync(operatorBrowser.Page, "admin", SmsCallbackApp.AdminPassword);
        await operatorBrowser.Page.GotoAsync($"/admin/account/{id}");
        await operatorBrowser.Page.GetByRole(AriaRole.Button, new() { Name = "Block" }).ClickAsync();
        await Expect(operatorBrowser.Page.Locator("#status")).ToHaveTextAsync("Blocked");

        await customer.Page.GetByRole(AriaRole.Link, new() { Name = "Phonebook" }).ClickAsync();
        await Expect(customer.Page).ToHaveURLAsync(new Regex(@"/\?ReturnUrl=%2Fmy%2Fphonebook$"));
        customer.Expect(401);
        await CustomerPortalTests.SignInAsync(customer.Page, "hank", "hank-pass1");
        await Expect(customer.Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Sign-in failed.");
        await customer.CheckAsync("sign-in-failed");
        customer.AssertNoConsoleErrors();
        operatorBrowser.AssertNoConsoleErrors();
    }
}
