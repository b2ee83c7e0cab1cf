using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using SmsCallback.Api.Web;
using SmsCallback.Application.Common.Models;

namespace SmsCallback.Api.Pages;

/// <summary>What every page of the site shares. Pages hold no business rules: each sends the same command or query as the REST endpoint
/// for the same thing, shows its answer, and shows a refusal or a validation failure next to the form that caused it.</summary>
public abstract class SitePage(ISender sender) : PageModel
{
    protected ISender Sender { get; } = sender;

    /// <summary>The signed-in account (the cookie's subject).</summary>
    protected Guid AccountId => Guid.Parse(User.FindFirst("sub")!.Value);

    protected IStringLocalizer<SiteText> Text => HttpContext.RequestServices.GetRequiredService<IStringLocalizer<SiteText>>();

    /// <summary>Reads what the page shows (after GET, and again when a form comes back with errors).</summary>
    protected virtual Task LoadAsync(CancellationToken ct) => Task.CompletedTask;

    public virtual async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        return NotFoundWhenMissing ? NotFound() : Page();
    }

    /// <summary>Set by <see cref="LoadAsync"/> when the thing the URL names does not exist.</summary>
    protected bool NotFoundWhenMissing { get; set; }

    /// <summary>Sends a use case; on success answers <paramref name="onSuccess"/>, else shows the error on the page again.</summary>
    protected Task<IActionResult> Run<T>(Func<ValueTask<Result<T>>> send, Func<T, IActionResult> onSuccess, CancellationToken ct) =>
        RunAsync(send, value => Task.FromResult(onSuccess(value)), ct);

    protected async Task<IActionResult> RunAsync<T>(Func<ValueTask<Result<T>>> send, Func<T, Task<IActionResult>> onSuccess, CancellationToken ct)
    {
        try
        {
            var result = await send();
            if (result.IsSuccess) return await onSuccess(result.Value!);
            ModelState.AddModelError(FieldOf(result.Error!.Field), result.Error.Message);
        }
        catch (ValidationException e)
        {
            foreach (var failure in e.Errors) ModelState.AddModelError(FieldOf(failure.PropertyName), failure.ErrorMessage);
        }
        await LoadAsync(ct);
        return Page();
    }

    /// <summary>The same for a use case whose only refusal is a validation failure.</summary>
    protected Task<IActionResult> RunPlain<T>(Func<ValueTask<T>> send, Func<T, IActionResult> onSuccess, CancellationToken ct) =>
        Run(async () => Result<T>.Ok(await send()), onSuccess, ct);

    /// <summary>After a change: back to the page (GET), with a line saying what happened.</summary>
    protected IActionResult Done(string notice, string? page = null, object? routeValues = null)
    {
        TempData["Notice"] = notice;
        return page is null ? RedirectToPage(routeValues) : RedirectToPage(page, routeValues);
    }

    /// <summary>Errors are shown in the form's summary (fields of a command are not the page's properties).</summary>
    private static string FieldOf(string? _) => "";
}

/// <summary>The sign-in form's values when it is shown again.</summary>
public sealed record SignInForm(string Login, string? ReturnUrl);
