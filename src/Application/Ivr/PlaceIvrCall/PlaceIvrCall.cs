using Mediator;
using SmsCallback.Application.Callbacks;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Application.Common.Phones;

namespace SmsCallback.Application.Ivr.PlaceIvrCall;

public enum IvrCallOutcome { Placed, InvalidNumber, Refused, InsufficientCredit }

/// <summary>The customer dialled a new number at the IVR prompt: check it like any callback and bridge it onto the live leg A.</summary>
/// <summary><paramref name="MaxSeconds"/>: how long the new call may last (placed calls only).</summary>
public sealed record IvrCallResult(IvrCallOutcome Outcome, int? MaxSeconds = null);

public sealed record PlaceIvrCallCommand(Guid CallbackId, string Typed) : ICommand<IvrCallResult>;

public sealed class PlaceIvrCallHandler(
    ICallbackRepository callbacks, IAccountRepository accounts, CallbackRateLimiter rateLimiter, Billing.CreditControl credit,
    PhoneNumberNormalizer phones, ISwitch phoneSwitch, IUnitOfWork unitOfWork)
    : ICommandHandler<PlaceIvrCallCommand, IvrCallResult>
{
    public async ValueTask<IvrCallResult> Handle(PlaceIvrCallCommand command, CancellationToken ct)
    {
        if (!phones.TryNormalize(command.Typed, out var destination)) return new(IvrCallOutcome.InvalidNumber);
        for (var attempt = 1; ; attempt++)
        {
            var callback = await callbacks.GetAsync(command.CallbackId, ct);
            if (callback is not { IsSourceUp: true }) return new(IvrCallOutcome.Refused);
            var account = await accounts.GetAsync(callback.AccountId, ct);
            if (account is not { IsActive: true } || !await rateLimiter.AllowsAsync(account.Id, null, ct)) return new(IvrCallOutcome.Refused);

            var admission = await credit.AdmitNextLegAsync(account, callback, destination, ct);
            if (admission.Refusal is { } refusal)
                return new(refusal is Billing.CallRefusal.InsufficientCredit or Billing.CallRefusal.DailyCapReached
                    ? IvrCallOutcome.InsufficientCredit : IvrCallOutcome.Refused);
            try
            {
                await unitOfWork.SaveChangesAsync(ct);
            }
            catch (ConcurrencyConflictException) when (attempt < 10)
            {
                continue; // the account's credit or the call changed meanwhile: check again
            }
            await phoneSwitch.BridgeNewLegAsync(callback.Id, destination, TimeSpan.FromSeconds(admission.MaxSeconds), ct);
            return new(IvrCallOutcome.Placed, admission.MaxSeconds);
        }
    }
}
