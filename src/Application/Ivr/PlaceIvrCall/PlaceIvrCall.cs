using Mediator;
using SmsCallback.Application.Callbacks.Admission;
using SmsCallback.Application.Common;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Application.Common.Phones;

namespace SmsCallback.Application.Ivr.PlaceIvrCall;

/// <summary>What the customer hears: <c>InsufficientCredit</c> the no-credit prompt, <c>InvalidNumber</c> and <c>Refused</c> the
/// invalid-number prompt.</summary>
public enum IvrCallOutcome { Placed, InvalidNumber, Refused, InsufficientCredit }

/// <summary><paramref name="MaxSeconds"/>: how long the new call may last (placed calls only); <paramref name="Refusal"/>: why it was
/// not placed, when the admission refused it.</summary>
public sealed record IvrCallResult(IvrCallOutcome Outcome, int? MaxSeconds = null, CallbackRefusal? Refusal = null)
{
    /// <summary>The IVR's answer to a refusal: money has its own prompt, every other refusal the invalid-number prompt.</summary>
    public static IvrCallResult Refused(CallbackRefusal refusal) =>
        new(refusal.IsAboutMoney ? IvrCallOutcome.InsufficientCredit : IvrCallOutcome.Refused, Refusal: refusal);
}

/// <summary>The customer dialled a new number at the IVR prompt: admit it like any callback (<see cref="CallbackAdmission"/>) and bridge
/// it onto the live leg A.</summary>
public sealed record PlaceIvrCallCommand(Guid CallbackId, string Typed) : ICommand<IvrCallResult>;

public sealed class PlaceIvrCallHandler(
    ICallbackRepository callbacks, IAccountRepository accounts, CallbackAdmission admission, PhoneNumberNormalizer phones, ISwitch phoneSwitch,
    IUnitOfWork unitOfWork)
    : ICommandHandler<PlaceIvrCallCommand, IvrCallResult>
{
    public async ValueTask<IvrCallResult> Handle(PlaceIvrCallCommand command, CancellationToken ct)
    {
        if (!phones.TryNormalize(command.Typed, out var destination)) return new(IvrCallOutcome.InvalidNumber);
        // the account's credit or the call may change meanwhile: then the number is checked again against fresh rows
        return await OptimisticConcurrency.RetryAsync(async () =>
        {
            var callback = await callbacks.GetAsync(command.CallbackId, ct);
            if (callback is not { IsSourceUp: true }) return new IvrCallResult(IvrCallOutcome.Refused);
            var account = await accounts.GetAsync(callback.AccountId, ct);
            if (account is null) return new IvrCallResult(IvrCallOutcome.Refused);

            var admitted = await admission.AdmitNextLegAsync(account, callback, destination, ct);
            if (admitted.Refusal is { } refusal) return IvrCallResult.Refused(refusal);
            await unitOfWork.SaveChangesAsync(ct);
            await phoneSwitch.BridgeNewLegAsync(callback.Id, destination, TimeSpan.FromSeconds(admitted.MaxSeconds), ct);
            return new IvrCallResult(IvrCallOutcome.Placed, admitted.MaxSeconds);
        });
    }
}
