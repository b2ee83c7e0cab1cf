using Mediator;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Application.Common.Models;
using SmsCallback.Domain.Accounts;

namespace SmsCallback.Application.Accounts.GetAccountSummary;

public sealed record GetAccountSummaryQuery(Guid AccountId) : IQuery<Result<AccountSummaryDto>>;

/// <param name="Free">What a new call may use now (never below zero): the balance and credit limit not held by calls in progress.</param>
/// <param name="HeldByCallsInProgress">The same as <paramref name="Reserved"/>, named for customers: money held until the calls in progress
/// end and are charged (docs/billing.md).</param>
/// <param name="NotifyFailures">Whether a failed callback is explained by SMS (docs/callback-policies.md).</param>
public sealed record AccountSummaryDto(
    Guid Id, string Login, string Status, decimal Balance, string Currency, int RegisteredPhones, Guid? TariffId, decimal CreditLimit,
    ServicesDto Services, int MaxConcurrentCallbacks, Guid? LotId, decimal Reserved, decimal Available, decimal? DailySpendCap,
    IReadOnlyList<string> AllowedPrefixes, decimal Free, decimal HeldByCallsInProgress, string Language, bool NotifyFailures = true);

/// <summary>The services an account may use, as flags a form can show.</summary>
public sealed record ServicesDto(bool SmsCallback, bool WebCallback, bool AniCallback, bool Pc2Phone)
{
    public static ServicesDto From(AccountServices s) => new(s.HasFlag(AccountServices.SmsCallback), s.HasFlag(AccountServices.WebCallback),
        s.HasFlag(AccountServices.AniCallback), s.HasFlag(AccountServices.Pc2Phone));

    public AccountServices ToFlags() =>
        (SmsCallback ? AccountServices.SmsCallback : 0) | (WebCallback ? AccountServices.WebCallback : 0)
        | (AniCallback ? AccountServices.AniCallback : 0) | (Pc2Phone ? AccountServices.Pc2Phone : 0);
}

public sealed class GetAccountSummaryHandler(IAccountRepository accounts, IRegisteredPhoneRepository phones)
    : IQueryHandler<GetAccountSummaryQuery, Result<AccountSummaryDto>>
{
    public async ValueTask<Result<AccountSummaryDto>> Handle(GetAccountSummaryQuery query, CancellationToken ct)
    {
        var a = await accounts.GetAsync(query.AccountId, ct);
        if (a is null) return Error.NotFound("No such account.");
        return new AccountSummaryDto(a.Id, a.Login, a.Status.ToString(), a.Balance, a.Currency, await phones.CountByAccountAsync(a.Id, ct),
            a.TariffId, a.CreditLimit, ServicesDto.From(a.Services), a.MaxConcurrentCallbacks, a.LotId, a.Reserved, a.Available, a.DailySpendCap,
            a.AllowedPrefixes, Math.Max(0m, a.Available), a.Reserved, a.Language, a.NotifyFailures);
    }
}
