using Mediator;
using SmsCallback.Application.Callbacks.Admission;
using SmsCallback.Application.Common.Behaviours;
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

/// <summary>The customer dialled a new number at the IVR prompt (the consumer of <see cref="Domain.Callbacks.NextLegRequested"/>): admit it like
/// any callback (<see cref="CallbackAdmission"/>), and once the reservation is saved bridge it onto the live leg A and tell the IVR.</summary>
public sealed record PlaceIvrCallCommand(Guid CallbackId, string Typed) : ICommand<IvrCallResult>, IRetryOnConflict;

public sealed class PlaceIvrCallHandler(
    ICallbackRepository callbacks, IAccountRepository accounts, CallbackAdmission admission, PhoneNumberNormalizer phones, ISwitch phoneSwitch,
    IvrEngine.IvrEngine ivr, IUnitOfWork unitOfWork)
    : ICommandHandler<PlaceIvrCallCommand, IvrCallResult>
{
    public async ValueTask<IvrCallResult> Handle(PlaceIvrCallCommand command, CancellationToken ct)
    {
        var result = phones.TryNormalize(command.Typed, out var destination)
            ? await AdmitAsync(command.CallbackId, destination, ct)
            : new IvrCallResult(IvrCallOutcome.InvalidNumber);
        unitOfWork.OnCommitted(async token =>
        {
            if (result.Outcome == IvrCallOutcome.Placed)
                await phoneSwitch.BridgeNewLegAsync(command.CallbackId, destination, TimeSpan.FromSeconds(result.MaxSeconds!.Value), token);
            await ivr.OnNumberPlacedAsync(command.CallbackId, result, token);
        });
        return result;
    }

    private async Task<IvrCallResult> AdmitAsync(Guid callbackId, string destination, CancellationToken ct)
    {
        var callback = await callbacks.GetAsync(callbackId, ct);
        if (callback is not { IsSourceUp: true }) return new IvrCallResult(IvrCallOutcome.Refused);
        var account = await accounts.GetAsync(callback.AccountId, ct);
        if (account is null) return new IvrCallResult(IvrCallOutcome.Refused);

        var admitted = await admission.AdmitNextLegAsync(account, callback, destination, ct);
        return admitted.Refusal is { } refusal ? IvrCallResult.Refused(refusal) : new IvrCallResult(IvrCallOutcome.Placed, admitted.MaxSeconds);
    }
}
